"""A per-document time budget that can interrupt the work it bounds.

:func:`deadline` arms a real-time interval timer (``SIGALRM``) whose handler raises
:class:`DocumentTimeout` in the code running at that moment. Python code is interrupted
at its next bytecode, and so are regular expressions: CPython's ``re`` engine checks for
signals while it matches, so a pattern that backtracks for minutes stops too. What is
not interrupted is a single call into C code that never checks for signals; the stages
that make such calls are bounded by size instead (``Settings.max_chars``, ``max_lines``).

The timer works in the main thread of a process with ``signal.setitimer`` (Unix). In
any other thread the budget is still enforced, between stages: :meth:`Budget.check`
raises once the document's time is spent, so a slow document is rejected before its
next stage, and the batch goes on either way.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class DocumentTimeout(BaseException):
    """A document used up its time budget. A ``BaseException``, like
    ``KeyboardInterrupt``, so that no ``except Exception`` in the interrupted code
    swallows it."""

    def __init__(self, seconds: float, stage: str = "") -> None:
        self.seconds = seconds
        self.stage = stage
        super().__init__(reason(seconds, stage))


def reason(seconds: float, stage: str = "") -> str:
    """The rejection reason of a document over its budget."""
    where = f" (in {stage})" if stage else ""
    return f"took longer than {seconds:g} s{where}"


def _can_interrupt() -> bool:
    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


class Budget:
    """The time one document may still spend, across the stages it goes through."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds and seconds > 0 else None
        self.spent = 0.0

    @property
    def remaining(self) -> float | None:
        return None if self.seconds is None else self.seconds - self.spent

    def check(self, stage: str = "") -> None:
        """Raise :class:`DocumentTimeout` when the budget is spent."""
        if self.seconds is not None and self.spent >= self.seconds:
            raise DocumentTimeout(self.seconds, stage)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Run one stage of the document's work within what is left of its budget:
        interrupted when the budget runs out (main thread), checked after it anyway."""
        self.check(name)
        started = time.perf_counter()
        remaining = self.remaining
        armed = remaining is not None and _can_interrupt()
        previous = None
        if armed:
            seconds = self.seconds or 0.0

            def on_alarm(signum: int, frame: object) -> None:
                raise DocumentTimeout(seconds, name)

            previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, max(remaining or 0.0, 0.001))
        try:
            yield
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)
            self.spent += time.perf_counter() - started
        self.check(name)
