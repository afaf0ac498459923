"""The embedded broker: kombu's filesystem transport, with whole messages and a put-back one marked as redelivered.

kombu writes a message straight into the file a consumer looks for, so a worker could
open it before the write finished, read nothing, and stop with an unrecoverable
``JSONDecodeError``; ``make run`` then took the site down with it (seen twice in an
afternoon's browser walk). A message is written under a name no consumer matches and
renamed into place, whole, in one step.

kombu's virtual transports flag a message they put back (a pool child died under
an ``acks_late`` task, a worker shut down holding it) at the top of the stored
payload, where Celery never looks: Celery reads ``delivery_info["redelivered"]``,
which the Redis transport sets. Without the mark, the take whose pool child was
killed was not known as a redelivery, so ``tutor.jobs.run_job`` waited out the
30 s heartbeat silence before taking the claim over (the embedded fault test
then missed its 60 s under load).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

# Appended to a message's file name while it is written: "<n>_<uuid>.<queue>.msg.part" is no queue's message.
PARTIAL_SUFFIX = ".part"


class Channel(filesystem.Channel):
    # kombu's stubs give filesystem.Channel._put another signature than its base's; this one is filesystem's.
    def _put(self, queue: str, payload: dict[str, Any], **kwargs: Any) -> None:  # type: ignore[override]
        """Put ``payload`` on ``queue``: written to a partial file, then renamed to its message name (atomic)."""
        # The name kombu gives it (its consumers read messages in the order of these names).
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + PARTIAL_SUFFIX
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _restore(self, message: Any) -> None:
        # delivery_info is the dict stored in the message's properties, so the mark travels with it.
        message.delivery_info["redelivered"] = True
        super()._restore(message)


class Transport(filesystem.Transport):
    Channel = Channel
