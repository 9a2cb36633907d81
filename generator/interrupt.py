"""Stopping a build by a signal: the build unwinds as on Ctrl+C, so the staging folder is
removed, forked copies and Zensical are stopped, and the published site stays as it was.

SIGTERM (a service manager, ``kill``), SIGHUP (a closed terminal) and SIGINT (Ctrl+C) are
handled alike while :class:`StopSignals` is started, whether they reach the whole process
group or the build's main process alone. The few steps that must not be cut in half (putting
the new site in place, undoing what a stopped build left) run with :func:`signals_held`: a
signal that arrives meanwhile is handled right after them.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from .errors import log

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, *(
    (signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))
"""The signals that ask a build to stop."""

Handler = Callable[[int, FrameType | None], Any] | int | None


class Stopped(KeyboardInterrupt):
    """The build was asked to stop by a signal. A kind of KeyboardInterrupt, so that every
    step that cleans up after Ctrl+C cleans up after it too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class StopSignals:
    """While started, the stop signals raise :class:`Stopped` in the build."""

    def __init__(self) -> None:
        self._previous: dict[int, Handler] = {}
        self._unraisable: Callable[[Any], Any] | None = None
        self.received: int | None = None
        """The signal that stopped the build, if one did."""

    def start(self) -> None:
        """Handle the stop signals (from the main thread only, where Python runs handlers)."""
        if self._previous or not _in_main_thread():
            return
        for signum in STOP_SIGNALS:
            previous = signal.signal(signum, self._stop)
            self._previous[signum] = previous
        self._unraisable, sys.unraisablehook = sys.unraisablehook, self._dropped

    def _dropped(self, unraisable: Any) -> None:
        """Python's report of an exception it could not raise: a :class:`Stopped` raised in a
        finalizer is not printed (:meth:`check` raises it again), anything else is."""
        if isinstance(unraisable.exc_value, Stopped):
            return
        assert self._unraisable is not None
        self._unraisable(unraisable)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        raise Stopped(signum)

    def check(self) -> None:
        """Raise :class:`Stopped` for a stop signal whose exception went nowhere: Python runs a
        handler wherever the main thread is, and an exception raised inside a finalizer (a
        pipe's ``__del__``, say) is printed and dropped. Called before anything is published,
        so that such a signal still leaves the site as it was."""
        if self.received is not None:
            raise Stopped(self.received)

    def finish(self, outcome: str | None) -> None:
        """Hand the signals back. If one stopped the build, log it with its ``outcome`` (what
        became of the site) and end the process with the status a shell gives a command that
        signal stopped, 128 + the signal's number (130 for Ctrl+C, 143 for SIGTERM). A preview,
        which publishes nothing (no ``outcome``), ends as on Ctrl+C whichever signal stopped
        it, so that the server cleans up after itself as it does then."""
        for signum, previous in self._previous.items():
            if previous is not None:
                signal.signal(signum, previous)
        self._previous.clear()
        if self._unraisable is not None:
            sys.unraisablehook, self._unraisable = self._unraisable, None
        received, self.received = self.received, None
        if received is None:
            return
        name = signal.Signals(received).name
        if outcome is None:
            if received != signal.SIGINT:  # Ctrl+C needs no word: MkDocs says it shuts down
                log.info("Stopped by %s", name)
            return
        log.error("Stopped by %s; %s", name, outcome)
        raise SystemExit(128 + received)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Run a step that must not be cut in half: a stop signal that arrives meanwhile is
    delivered once the step is done."""
    if not _in_main_thread():
        yield
        return
    arrived: list[int] = []
    previous: dict[int, Handler] = {}
    for signum in STOP_SIGNALS:
        current = signal.getsignal(signum)
        if current is not None:  # a handler set outside Python cannot be put back
            previous[signum] = signal.signal(signum, lambda n, _frame: arrived.append(n))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if arrived:
            signal.raise_signal(arrived[0])
