"""Join codes and the slow-down for wrong guesses.

A code is 8 characters drawn by `secrets` from a 31-character alphabet without look-alikes (no 0, O,
1, I or L): 31**8 ≈ 8.5e11 codes, about 39.6 bits. A lesson has four
valid codes, so one guess hits with chance 4 / 8.5e11. With the slow-down below (5 free wrong guesses
per address, then a wait doubling from 1 s up to 5 minutes) one address gets about 12 guesses an hour
once slowed: guessing a code in a lesson is out of reach even for a whole class of addresses.
Codes are compared in constant time and case-insensitively (a student may type them in lower case).
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
LENGTH = 8
FACILITATOR = "facilitator"
FREE_GUESSES = 5  # wrong guesses an address may make before it has to wait
FIRST_DELAY = 1.0  # seconds after the first wrong guess past the free ones; doubles each time
MAX_DELAY = 300.0
FORGET_AFTER = 3600.0  # an address with no wrong guess for an hour starts afresh


class CodeError(ValueError):
    """A codes document that is not the shape `Codes.to_json` writes, or a code that is not well formed."""


def new_code() -> str:
    """A fresh code of LENGTH characters from ALPHABET, drawn by `secrets`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str:
    """A typed code as stored: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in str(text).upper() if ch not in " -")


class Codes:
    """One code per faction and one for the facilitator, all different."""

    def __init__(self, by_role: dict[str, str]):
        for role, code in by_role.items():
            if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
                raise CodeError(f"code for {role!r} must be {LENGTH} characters from {ALPHABET}, not {code!r}")
        if len(set(by_role.values())) != len(by_role):
            raise CodeError("every role needs its own code")
        self.by_role = dict(by_role)

    @classmethod
    def new(cls, factions: list[str]) -> "Codes":
        """Fresh codes for these factions and the facilitator."""
        roles = [*factions, FACILITATOR]
        while True:
            codes = {role: new_code() for role in roles}
            if len(set(codes.values())) == len(codes):
                return cls(codes)

    @classmethod
    def from_json(cls, doc: object, factions: list[str]) -> "Codes":
        """The codes `to_json` wrote for these factions; raises CodeError naming what is wrong."""
        if not isinstance(doc, dict):
            raise CodeError(f"codes are a JSON object, not {type(doc).__name__}")
        want = {*factions, FACILITATOR}
        if set(doc) != want:
            raise CodeError(f"codes must name exactly {', '.join(sorted(want))}, not {', '.join(sorted(doc))}")
        return cls({str(k): str(v) for k, v in doc.items()})

    def to_json(self) -> dict[str, str]:
        return dict(self.by_role)

    def role_of(self, typed: str) -> str | None:
        """The role (a faction or FACILITATOR) whose code this is, or None; compares every code in constant time."""
        code = normalise(typed).encode()
        found = None
        for role, value in self.by_role.items():
            if hmac.compare_digest(code, value.encode()):
                found = role
        return found

    def write(self, path: Path) -> None:
        """The codes as JSON `{"us": ..., "facilitator": ...}` (readable by the owner only where the OS allows)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        try:
            path.chmod(0o600)
        except OSError:
            pass


class Throttle:
    """Wrong guesses per address: after FREE_GUESSES, each further try must wait a doubling delay."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._wrong: dict[str, tuple[int, float]] = {}  # address -> (wrong guesses, time of the last)

    def _delay(self, count: int) -> float:
        if count < FREE_GUESSES:
            return 0.0
        return min(MAX_DELAY, FIRST_DELAY * 2 ** (count - FREE_GUESSES))

    def wait(self, address: str) -> float:
        """Seconds this address must still wait before its next guess is looked at (0: go ahead)."""
        with self._lock:
            count, last = self._wrong.get(address, (0, 0.0))
            now = self._clock()
            if count and now - last > FORGET_AFTER:
                del self._wrong[address]
                return 0.0
            return max(0.0, last + self._delay(count) - now)

    def wrong(self, address: str) -> None:
        """Count a wrong guess from this address."""
        with self._lock:
            count, _ = self._wrong.get(address, (0, 0.0))
            self._wrong[address] = (count + 1, self._clock())

    def right(self, address: str) -> None:
        """A right code clears the address's wrong guesses."""
        with self._lock:
            self._wrong.pop(address, None)
