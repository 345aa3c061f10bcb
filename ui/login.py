"""The chat's login, with repeated wrong passwords slowed down and then locked out.

Gradio's ``auth`` accepts a function ``(user, password) -> bool`` and awaits it when it is a
coroutine function; :meth:`LoginGuard.check` is one. Every wrong attempt is answered only after
``delay`` seconds (an ``asyncio.sleep``: other requests are served meanwhile), and after ``free``
wrong attempts in a row the login is locked for ``lock`` seconds, doubling with each further wrong
attempt up to ``max_lock``: while locked every attempt, the right password included, is refused
with HTTP 429. A right password resets the count.

Gradio hands the function no request, so the count is the server's, not an address's: someone
guessing locks the rightful user out for a while too. That is the price of a login that cannot be
guessed at speed on a chat meant for one analyst or a small team.
"""

from __future__ import annotations

import asyncio
import hmac
import math
import time
from collections.abc import Callable

from fastapi import HTTPException

FREE = 5  # wrong attempts in a row before the login locks
LOCK_SECONDS = 30.0  # the first lock; it doubles with each further wrong attempt
MAX_LOCK_SECONDS = 900.0
DELAY_SECONDS = 1.0  # every wrong attempt is answered after this pause


class LoginGuard:
    """``auth=LoginGuard(user, password).check`` for :meth:`gradio.Blocks.launch`."""

    def __init__(
        self,
        user: str,
        password: str,
        *,
        free: int = FREE,
        lock: float = LOCK_SECONDS,
        max_lock: float = MAX_LOCK_SECONDS,
        delay: float = DELAY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._user, self._password = user.encode(), password.encode()
        self.free, self.lock, self.max_lock, self.delay = free, lock, max_lock, delay
        self.clock = clock
        self.failures = 0  # wrong attempts since the last right one
        self.locked_until = 0.0

    async def check(self, username: str, password: str) -> bool:
        """True for the right user and password; False after a pause; HTTP 429 while locked."""
        now = self.clock()
        if now < self.locked_until:  # checked and counted before any await: parallel guesses queue up here
            wait = math.ceil(self.locked_until - now)
            raise HTTPException(
                status_code=429,
                detail=f"too many wrong passwords: login is locked, try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )
        right_user = hmac.compare_digest(username.encode(), self._user)
        right = hmac.compare_digest(password.encode(), self._password) and right_user
        if right:
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.free:
            self.locked_until = now + min(self.max_lock, self.lock * 2 ** (self.failures - self.free))
        if self.delay:
            await asyncio.sleep(self.delay)
        return False


__all__ = ["LoginGuard"]
