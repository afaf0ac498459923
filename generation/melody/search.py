"""Exact search over the constraint automaton: which pitch sequences meet every per-window quota.

A drill is a path through ``notes x pitches``. Per-note masks (range, key,
tonic start and end, chord tones) and per-step masks (largest leap, allowed
intervals) are plain; the quotas ("each target note and interval at least
``quota`` times in every window of bars") are not, so the search runs over
states ``(pitch, counts)`` where ``counts`` holds, per target, how often it
has been met in the current window (capped at ``quota``). A window may only
be left with every count full.

:meth:`QuotaAutomaton.feasible` is a backward pass: ``F[i][s, u]`` is True
when note ``i`` may be pitch ``u`` with counts ``s`` and the rest of the
drill can still be completed. Sampling forward inside ``F`` never dead-ends,
and an empty ``F[0]`` proves that no pitch sequence over this rhythm meets
the masks and quotas. Cost: one ``(S x n) @ (n x n)`` product per note and
distinct hit pattern, ``S = (quota + 1) ** targets`` states (1 without
targets), ``n`` pitches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np


@dataclass
class QuotaAutomaton:
    """Counts of target hits per window.

    ``note_hits``: one ``(n,)`` bool mask per target note (pitch ``v`` meets it).
    ``pair_hits``: one ``(n, n)`` bool mask per target interval (move ``u -> v`` meets it).
    ``window_of``: the quota window of each note, shape ``(notes,)``.
    """

    note_hits: list[np.ndarray]
    pair_hits: list[np.ndarray]
    quota: int
    window_of: np.ndarray
    n: int
    _next: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.targets = len(self.note_hits) + len(self.pair_hits)
        self.radix = self.quota + 1
        self.states = self.radix ** self.targets
        self.full = self.states - 1
        # Hit pattern (a bitmask over targets) of each note and each move.
        note_bits = np.zeros(self.n, dtype=np.int64)
        for k, mask in enumerate(self.note_hits):
            note_bits |= mask.astype(np.int64) << k
        pair_bits = np.broadcast_to(note_bits[None, :], (self.n, self.n)).copy()
        for k, mask in enumerate(self.pair_hits):
            pair_bits |= mask.astype(np.int64) << (len(self.note_hits) + k)
        self.note_bits = note_bits  # first note of a window: intervals from the last window do not count
        self.pair_bits = pair_bits
        # next state for (state, pattern): each hit target's count goes up by one, capped at the quota.
        patterns = 1 << self.targets
        table = np.zeros((self.states, patterns), dtype=np.int64)
        for s, counts in enumerate(product(range(self.radix), repeat=self.targets)):
            digits = list(reversed(counts))  # digit k is target k
            for h in range(patterns):
                new = [min(self.quota, d + ((h >> k) & 1)) for k, d in enumerate(digits)]
                table[s, h] = sum(d * self.radix**k for k, d in enumerate(new))
        self._next = table

    def step(self, state: int, prev: int | None, new_window: bool) -> np.ndarray:
        """Next state for every pitch ``v`` after ``prev`` (shape ``(n,)``)."""
        if prev is None or new_window:
            return self._next[0, self.note_bits]
        return self._next[state, self.pair_bits[prev]]

    def feasible(self, allowed: np.ndarray, trans: list[np.ndarray]) -> list[np.ndarray]:
        """Backward pass; ``F[i]`` has shape ``(states, n)``. ``allowed``: ``(notes, n)``; ``trans[i]``: ``(n, n)``."""
        notes = len(allowed)
        out: list[np.ndarray] = [np.zeros((self.states, self.n), dtype=bool) for _ in range(notes)]
        last = np.zeros((self.states, self.n), dtype=bool)
        last[self.full] = allowed[-1]
        out[-1] = last
        for i in range(notes - 2, -1, -1):
            nxt = out[i + 1].astype(np.uint8)
            cur = np.zeros((self.states, self.n), dtype=bool)
            if self.window_of[i] != self.window_of[i + 1]:
                # Leave the window only with every count full; the next window starts from zero.
                targets = self._next[0, self.note_bits]  # (n,) state of v as a window's first note
                ok_v = nxt[targets, np.arange(self.n)].astype(bool)
                cur[self.full] = allowed[i] & (trans[i] & ok_v[None, :]).any(axis=1)
            else:
                for h in np.unique(self.pair_bits):
                    moves = (trans[i] & (self.pair_bits == h)).astype(np.uint8)  # (n_u, n_v)
                    if not moves.any():
                        continue
                    reach = (nxt[self._next[:, h]] @ moves.T) > 0  # (states, n_u)
                    cur |= reach
                cur &= allowed[i][None, :]
            out[i] = cur
        return out

    def start_ok(self, f0: np.ndarray) -> np.ndarray:
        """Pitches the first note may take (shape ``(n,)``)."""
        return f0[self._next[0, self.note_bits], np.arange(self.n)]
