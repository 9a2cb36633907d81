"""What an editor shows: the YAML language server that VS Code's YAML extension runs, reading
each file's schema line and the committed schemas, driven over its own protocol.

The server is the npm package pinned in tests/editor/package.json, which the test run installs
itself (see tests/npm.py); without it the tests fail with the reason.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import schema

from . import npm
from .helpers import ROOT, Project, data_files

SERVER = ROOT / "tests/editor/node_modules/yaml-language-server/bin/yaml-language-server"
SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True,
                     "schemaStore": {"enable": False}, "schemas": {}}}
TIMEOUT = 30.0


class LanguageServer:
    """A minimal client of the Language Server Protocol over the server's stdin and stdout."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.opened = 0
        self.uri = ""
        """The address of the document opened last."""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            # Headers end at an empty line; at the end of the stream there is no length.
            while line := stream.readline().strip():
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length == 0:
                return
            body = stream.read(length)
            if len(body) < length:  # the server ended in the middle of a message
                return
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        request_id = self.next_id
        self.send({"id": request_id, "method": method, "params": params})
        return self.wait_for(lambda m: m.get("id") == request_id and "method" not in m)["result"]

    def wait_for(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The next message ``wanted`` accepts, answering the server's own requests meanwhile."""
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if "method" in message and "id" in message:
                self.send({"id": message["id"], "result": self._answer(message)})
            elif wanted(message):
                return message

    @staticmethod
    def _answer(request: dict[str, Any]) -> Any:
        if request["method"] == "workspace/configuration":
            return [SETTINGS.get(item.get("section", ""))
                    for item in request["params"]["items"]]
        return None

    def open(self, path: Path, text: str, *, keep_open: bool = False) -> list[dict[str, Any]]:
        """Open ``text`` as a file beside ``path``; the problems the editor marks in it.

        Each document gets a name of its own (the schema line is relative to the folder, not
        the name), so a late message about an earlier document is never taken for this one.
        """
        self.opened += 1
        uri = self.uri = path.with_name(f"{path.stem}.{self.opened}{path.suffix}").as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        published = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"] == uri)
        if not keep_open:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return list(published["params"]["diagnostics"])

    def hover(self, line: int, character: int) -> str:
        """What hovering the document opened last shows at ``line`` and ``character`` (from 0)."""
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": self.uri}, "position": {"line": line, "character": character}})
        return str(result["contents"]["value"])

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def require_server() -> None:
    if shutil.which("node") and SERVER.exists():
        return
    if not shutil.which("node"):
        pytest.fail(f"Node.js was not found: {npm.NODE_HINT}")
    pytest.fail(npm.problem(npm.HERE / "editor") or f"the YAML language server is not at {SERVER}")


@pytest.fixture(scope="module")
def editor() -> Iterator[LanguageServer]:
    require_server()
    server = LanguageServer(["node", str(SERVER), "--stdio"])
    try:
        server.request("initialize", {
            "processId": os.getpid(), "rootUri": ROOT.as_uri(),
            "workspaceFolders": [{"uri": ROOT.as_uri(), "name": ROOT.name}],
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"hover": {"contentFormat": ["markdown"]}}},
        })
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
        yield server
    finally:
        server.close()


def marks(diagnostics: list[dict[str, Any]]) -> list[str]:
    """The editor's marks as ``line: message``, lines counted from 1 as an editor shows them."""
    found = sorted((d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics)
    return [f"{line}: {message}" for line, message in found]


def repo_file(path: str) -> tuple[Path, str]:
    return ROOT / path, (ROOT / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [
    p.relative_to(ROOT).as_posix() for p in data_files(Project.at(ROOT)) if p.suffix == ".yml"])
def test_the_editor_finds_each_files_schema_and_marks_nothing_in_the_guide(editor, path):
    file, text = repo_file(path)
    assert marks(editor.open(file, text, keep_open=True)) == []
    # Hovering the first key tells which schema the editor read, so the line above resolved.
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines) if not t.startswith("#"))
    column = next(i for i, c in enumerate(lines[line]) if c.isalpha())
    kind = Project.at(ROOT).kind_of(file)
    assert kind is not None
    source = f"[{kind.schema_file}]({(schema.SCHEMAS_DIR / kind.schema_file).as_uri()})"
    assert source in editor.hover(line, column)
    editor.notify("textDocument/didClose", {"textDocument": {"uri": editor.uri}})


def line_of(text: str, start: str) -> int:
    """The number of the first line of ``text`` that starts with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


@pytest.mark.parametrize(("edits", "expected"), [
    # Marks are (line that starts with, message): the files' comments may grow.
    ({"    title: Clarity of Roles": "    titel: Clarity of Roles"},
     [("  - id: roles-and-responsibilities", 'Missing property "title".'),
      ("    titel: Clarity of Roles", "Property titel is not allowed.")]),
    ({"evidence_column: true": "evidence_column: sometimes",
      "  - id: roles-and-responsibilities": "  - id: Roles"},
     [("evidence_column: sometimes", 'Incorrect type. Expected "boolean".'),
      ("  - id: Roles", 'String does not match the pattern of "^[a-z0-9]+(?:-[a-z0-9]+)*$".')]),
], ids=["mistyped key", "wrong values"])
def test_the_editor_marks_mistakes_in_a_rubric_on_their_line(editor, edits, expected):
    path, text = repo_file("rubrics/collaboration-structures.yml")
    for old, new in edits.items():
        text = text.replace(old, new, 1)
    assert marks(editor.open(path, text)) == [
        f"{line_of(text, start)}: {message}" for start, message in expected]


def test_the_editor_marks_a_key_that_is_no_csl_variable(editor):
    path, text = repo_file("content/sources.yml")
    text = text.replace("  type: report\n", "  type: report\n  pubisher: ERIC\n", 1)
    found = marks(editor.open(path, text))
    line = line_of(text, "  pubisher: ERIC")
    assert len(found) == 1 and found[0].startswith(f"{line}: Value is not accepted. Valid values:")


def test_hovering_a_key_shows_its_docstring(editor):
    path, text = repo_file("rubrics/collaboration-structures.yml")
    editor.open(path, text, keep_open=True)
    line = text.splitlines().index("scale: four-level")
    shown = editor.hover(line, 1)
    assert shown.startswith("#### Scale\n\nThe id of a scale in ")
    assert "rubrics sharing a scale share its labels." in shown
    assert "four-level" in shown  # the model's example
    assert "rubric.schema.json" in shown
    editor.notify("textDocument/didClose", {"textDocument": {"uri": editor.uri}})
