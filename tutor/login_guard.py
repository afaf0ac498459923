"""Slowing down password guessing without letting a guesser lock the victim out.

Failures are counted per (username, client address) pair: after a few free
tries each further failure from that pair doubles the wait before the next
try from that pair (1 s, 2 s, 4 s ... up to 15 minutes). The same person at
another address (at home, on a phone) is not affected, so ten wrong passwords
for "bob" typed elsewhere never stop bob. A generous cap per address (a school
behind one address has hundreds of pupils) stops one machine from walking
through many usernames. A successful login clears its pair.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

#: Failures per (username, address) before any wait.
FREE_FAILURES = 3
MAX_WAIT_SECONDS = 15 * 60
#: The window for the per-address cap (settings.LOGIN_ADDRESS_MAX_FAILURES failures).
ADDRESS_WINDOW_SECONDS = 15 * 60
#: How long a pair's count is remembered after its last failure.
PAIR_MEMORY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class LoginRefusal:
    """A try refused before the password is checked: how long to wait, and the sentence to show."""

    wait_seconds: int

    @property
    def message(self) -> str:
        return f"Too many failed attempts from here. Try again in {self.wait_seconds} s, or reset your password."


def _pair_key(username: str, address: str) -> str:
    # Hashed: usernames are free text, cache keys are not.
    digest = hashlib.sha256(f"{username.strip().lower()}\0{address}".encode()).hexdigest()[:32]
    return f"login-failures:pair:{digest}"


def _address_key(address: str) -> str:
    return f"login-failures:addr:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def pair_wait_seconds(failures: int) -> int:
    """Seconds to wait after ``failures`` failures of one pair: 0 for the free ones, then 1, 2, 4 ... capped."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES)))


def login_refusal(*, username: str, address: str, now: float | None = None) -> LoginRefusal | None:
    """Why a try must wait (before checking the password), or None when it may go ahead."""
    now = time.time() if now is None else now
    failures, last = cache.get(_pair_key(username, address)) or (0, 0.0)
    wait = pair_wait_seconds(failures) - (now - last)
    address_state = cache.get(_address_key(address)) or (0, now)
    if address_state[0] >= settings.LOGIN_ADDRESS_MAX_FAILURES:
        wait = max(wait, ADDRESS_WINDOW_SECONDS - (now - address_state[1]))
    return LoginRefusal(max(1, int(wait + 0.999))) if wait > 0 else None


def login_failed(*, username: str, address: str, now: float | None = None) -> None:
    """Count a wrong password for the pair and for the address."""
    now = time.time() if now is None else now
    pair = _pair_key(username, address)
    failures, _last = cache.get(pair) or (0, 0.0)
    cache.set(pair, (failures + 1, now), PAIR_MEMORY_SECONDS)
    key = _address_key(address)
    count, started = cache.get(key) or (0, now)
    if now - started > ADDRESS_WINDOW_SECONDS:
        count, started = 0, now
    cache.set(key, (count + 1, started), ADDRESS_WINDOW_SECONDS)


def login_succeeded(*, username: str, address: str) -> None:
    cache.delete(_pair_key(username, address))
