"""The embedded broker: kombu's filesystem transport, with a put-back message marked as redelivered.

kombu's virtual transports flag a message they put back (a pool child died under
an ``acks_late`` task, a worker shut down holding it) at the top of the stored
payload, where Celery never looks: Celery reads ``delivery_info["redelivered"]``,
which the Redis transport sets. Without the mark, the take whose pool child was
killed was not known as a redelivery, so ``tutor.jobs.run_job`` waited out the
30 s heartbeat silence before taking the claim over (the embedded fault test
then missed its 60 s under load).
"""

from __future__ import annotations

from typing import Any

from kombu.transport import filesystem


class Channel(filesystem.Channel):
    def _restore(self, message: Any) -> None:
        # delivery_info is the dict stored in the message's properties, so the mark travels with it.
        message.delivery_info["redelivered"] = True
        super()._restore(message)


class Transport(filesystem.Transport):
    Channel = Channel
