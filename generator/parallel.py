"""Work handed to a forked copy of the build, on machines with more than one CPU.

A guide's rubrics are independent of one another, so while the build renders some of them a
copy of the process can render others, and the exports and PDFs too. The copy is made with
``fork``, so it starts with the guide already loaded and validated; only its results travel
back, pickled through a pipe.

Where forking is not safe or not worth it, the work is done in this process when its result is
asked for: on systems other than Linux, with one CPU, while other threads run (as they do when
``mkdocs serve`` rebuilds) and when the copy fails for any reason, so that errors are raised and
reported exactly as without a copy.

A copy never outlives the build: it asks Linux to end it when its parent ends, however the
parent ends (SIGKILL or the out-of-memory killer included), and it ends when its answer finds
the pipe closed. It leaves stop signals to the build, which stops it.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from .interrupt import STOP_SIGNALS

T = TypeVar("T")


FORK_MIN_RUBRICS = 200
"""Rubrics from which a forked copy renders half of them and the exports, and another indexes
the pages for search (see :mod:`.parallel`, :mod:`.search`); with fewer, the copies save a few
tenths of a second and cost more CPU time than that. Missing PDFs are shared at any size."""


def can_fork() -> bool:
    """Whether a forked copy can take work here: Linux, several CPUs, no other threads."""
    return (sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1)


class Job(Generic[T]):
    """``work()`` run in a forked copy of this process when ``fork`` is true and
    :func:`can_fork`, otherwise here by :meth:`result`.

    Use it as a context manager, so that a copy whose result is never asked for (because the
    build failed meanwhile) is stopped.
    """

    def __init__(self, work: Callable[[], T], *, fork: bool) -> None:
        self._work = work
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receiver: Connection | None = None
        if fork and can_fork():
            # What is still buffered would otherwise be written a second time by the copy.
            sys.stdout.flush()
            sys.stderr.flush()
            _prctl()
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(work, sender, os.getpid()),
                                            daemon=True)
            try:
                with _stop_signals_held():
                    try:
                        self._process.start()
                    finally:
                        # Closed and let go of while no stop signal can come: a signal handled
                        # in its finalizer (__del__) would be dropped, and the build go on.
                        sender.close()
                        del sender
            except BaseException:  # a stop signal that arrived meanwhile, raised on release
                self._stop()
                raise

    @property
    def forked(self) -> bool:
        """Whether the work runs in a copy of the process."""
        return self._process is not None

    def result(self) -> T:
        """The work's result, waiting for the copy; if the copy failed, the work is done again
        here, which raises its error."""
        if self._process is None or self._receiver is None:
            return self._work()
        try:
            done, value = self._receiver.recv()
        except (EOFError, OSError):  # the copy died without answering
            done, value = False, None
        self._stop(wait=True)
        return value if done else self._work()

    def close(self) -> None:
        """Stop the copy, if it is still working; its result is no longer wanted."""
        self._stop()

    def _stop(self, wait: bool = False) -> None:
        """Close the pipe and end the copy: let it exit after answering, or stop it."""
        if self._receiver is not None:
            self._receiver.close()
        if self._process is not None:
            if not wait:
                self._process.terminate()
            self._process.join()
        self._process = self._receiver = None

    def __enter__(self) -> Job[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Hold stop signals back while the process forks: one arriving in the middle would be
    raised in a callback of the fork (the logging module's), where Python ignores it, and the
    build would go on. Released afterwards, it stops the build as anywhere else."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


_PR_SET_PDEATHSIG = 1


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """Linux's ``prctl``, looked up once, in the parent: a forked child of a process with
    threads must not load libraries."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return function


def end_with_parent(parent: int) -> None:
    """Have this process (a copy of ``parent``, or a program it runs) killed when ``parent``
    ends, on Linux; if it has already ended, end now."""
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def bound_to_this_process() -> Callable[[], None]:
    """What a program this process starts runs first (``preexec_fn``): it ends with us."""
    _prctl()
    parent = os.getpid()
    return lambda: end_with_parent(parent)


def _run(work: Callable[[], Any], sender: Connection, parent: int) -> None:
    """In the copy: do the work and send back ``(True, result)``, or ``(False, None)``."""
    end_with_parent(parent)
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)  # the build stops its copies itself
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        answer: tuple[bool, Any] = (True, work())
    except BaseException:  # the parent does the work again and reports the error
        answer = (False, None)
    try:
        try:
            sender.send(answer)
        except OSError:
            return  # the build no longer waits for the answer
        except Exception:  # a result that cannot be pickled: the parent does the work again
            sender.send((False, None))
    except OSError:
        return
    finally:
        sender.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector. Loading and rendering make many objects that live until
    the build ends, and every full collection would walk all of them again: a sixth of the
    time of a large guide. Cycles made meanwhile are collected once it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
