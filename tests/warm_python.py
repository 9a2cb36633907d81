"""Commands run as ``python -m MODULE ARGS`` or ``python -c CODE ARGS`` would run them, each in a
process of its own, forked from one Python that has imported the generator and MkDocs already.

A fresh ``python`` spends most of a refused build importing them; a forked copy of a Python that
imported them and ran nothing else starts where the fresh one would be after its imports. The
command then runs from its entry point in that process, with its own folder, environment,
output files and exit code, and exits as the interpreter would (``atexit`` handlers, an
uncaught exception's traceback on stderr, exit code 1). Settings Python reads only when it
starts (``PYTHONPATH`` and the other ``PYTHON*`` variables) cannot differ from this process's:
a command that sets them needs a fresh ``python`` (:func:`subprocess.run`).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

LAUNCHER = """\
import faulthandler, importlib.metadata, json, os, resource, runpy, sys
import click, mkdocs.commands.build, mkdocs.config, mkdocs.utils, generator.cli
import generator.plugin, material.plugins.search.plugin, mkdocs.contrib.search
import pygments.formatters, pygments.lexers
importlib.metadata.entry_points(group="mkdocs.plugins")  # the packages' folders, read once

requests, replies = os.fdopen(os.dup(0), "r"), os.fdopen(os.dup(1), "w")
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 0)
os.dup2(null, 1)

if os.path.isfile("warm-up/mkdocs.yml"):  # a guide to build once here (see WarmPython)
    import logging
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from generator.compiled import keep_compiled_in
    logging.disable(logging.CRITICAL)
    config = load_config("warm-up/mkdocs.yml", site_dir=os.path.abspath("warm-up/site"))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    build(config)
    config.plugins.on_shutdown()
    logging.disable(logging.NOTSET)
    keep_compiled_in(None)


def command(request):
    requests.close()
    replies.close()
    os.chdir(request["cwd"])
    for name, limit in request["limits"].items():
        resource.setrlimit(getattr(resource, name), (limit, limit))
    os.environ.clear()
    os.environ.update(request["env"])
    for fd, name in ((1, "stdout"), (2, "stderr")):
        file = os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(file, fd)
        os.close(file)
    # A command still running then writes where each of its threads is, and ends.
    faulthandler.dump_traceback_later(request["timeout"], exit=True, file=sys.stderr)
    option, target, *args = request["args"]
    if option == "-m":
        sys.argv = [target, *args]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        sys.argv = ["-c", *args]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    sys.exit(0)


for line in requests:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        command(json.loads(line))
    replies.write(f"{os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])}\\n")
    replies.flush()
"""

STARTUP = ("PYTHON",)
"""Environment variables Python reads only when it starts: those of the prefix."""


class WarmPython:
    """A forking Python started with this process's environment and ``env`` (where
    ``PYTHONPATH`` may name another copy of the generator); :meth:`run` runs one command.

    Given ``warm_up`` (a guide's files, ``{relative path: text}``), it first builds that guide
    once, so that each command starts with the generator's and the theme's templates compiled
    in memory, as a second build in one process does (see generator/compiled.py): compiling
    them is a third of a second of every build of a new project."""

    def __init__(self, folder: Path, env: Mapping[str, str] | None = None,
                 warm_up: Mapping[str, str] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in (warm_up or {}).items():
            (folder / "warm-up" / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / "warm-up" / name).write_text(text, encoding="utf-8")
        self.folder = folder
        self.env = {**os.environ, **(env or {})}
        self.numbers = itertools.count()
        self.log = (folder / "launcher.log").open("w", encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.log, text=True,
                                        env=self.env, cwd=folder)  # imports nothing from "."

    def run(self, *args: str, cwd: Path, env: Mapping[str, str | None] | None = None,
            limits: dict[str, int] | None = None, timeout: int = 240
            ) -> subprocess.CompletedProcess[str]:
        """``python ARGS`` (``-m MODULE …`` or ``-c CODE …``) in ``cwd``, with the forking
        Python's environment and ``env`` (a name given None left out), as :func:`subprocess.run`
        with ``capture_output`` and ``text`` gives it. ``limits`` are the process's resource
        limits, by their names in :mod:`resource` (``{"RLIMIT_AS": bytes}``), set before the
        command starts. A command still running after ``timeout`` seconds (less than a test's
        time limit) writes where each of its threads is to its stderr and ends with exit
        code 1, so that the test that waits for it fails with what it was doing."""
        if args[0] not in ("-m", "-c"):
            raise ValueError(f"python {args[0]}: only -m MODULE and -c CODE are run here")
        environment = {name: value for name, value in {**self.env, **(env or {})}.items()
                       if value is not None}
        startup = {key for key in {*environment, *self.env} if key.startswith(STARTUP)
                   and environment.get(key) != self.env.get(key)}
        if startup:
            raise ValueError(f"{', '.join(sorted(startup))}: read when Python starts; run "
                             "this command in a fresh python")
        number = next(self.numbers)
        stdout, stderr = self.folder / f"{number}.out", self.folder / f"{number}.err"
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps({
            "args": list(args), "cwd": str(cwd), "env": environment, "limits": limits or {},
            "timeout": timeout,
            "stdout": str(stdout), "stderr": str(stderr)}) + "\n")
        self.process.stdin.flush()
        reply = self.process.stdout.readline()
        if not reply:
            raise RuntimeError("the forking Python stopped: "
                               + (self.folder / "launcher.log").read_text(encoding="utf-8"))
        return subprocess.CompletedProcess(
            ["python", *args], int(reply), stdout.read_text(encoding="utf-8"),
            stderr.read_text(encoding="utf-8"))

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.log.close()
