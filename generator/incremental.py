"""What a preview renders again after an edit: only the outputs whose inputs changed.

Every edit of a preview (``rubric-guide serve``, ``mkdocs serve``) loads and checks the whole
guide again, so its problems are always complete; validation reads, validates and checks
again only the files that changed, and the files whose checks read something of the guide
that changed (:mod:`.validate`). Most of a guide's time goes into the outputs of its items:
each rubric's page, sheet page, sheet document and exports. Each of them depends on

- the item itself, as validated (a rubric's file);
- the items it refers to, as its kind's :class:`~generator.checks.Refers` checks in the
  registry (:mod:`.kinds`) declare them: a rubric's scale, principles and sources, so that
  editing a scale renders again every rubric on it, and no other;
- the sources it cites (``[@id]``), as the bibliography formats them, so that a source's
  edit renders again the pages citing it;
- what every page shares (:func:`shared_inputs`): the settings and district.yml as the
  build read them, the interface's messages, the templates, the sheets' stylesheet.

:class:`Reuse` keeps each output under a fingerprint of those inputs, from one build of a
preview to the next; an output whose fingerprint is unchanged is taken as it was. The pages
that list every rubric (the rubric index, the home page's list, the principles page) are
joined from one part per rubric (:meth:`~generator.render.Renderer.part`), each kept the same
way under its rubric's fingerprint; the sources page is kept while the references and the
places citing them are equal to the last build's. The rest of those pages, the other
indexes, the reference and the hand-written pages are rendered every time: they are a handful
of pages whatever the guide's size. What is rendered is then written only where its bytes
changed (:func:`~generator.owned.sync`), so an engine's own cache redoes only those pages.

At 1,000 rubrics, restaging after an edit of one rubric (``rubric-guide serve --engine
zensical``) takes about 0.27 s of CPU time in the preview's process, 0.4 times the 0.65 s it
took before the parts and the validation's caches (measured side by side on a busy machine).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .checks import Refers, parse, walk
from .citations import cited
from .guide import Entry, Guide
from .kinds import by_name

T = TypeVar("T")

Reused = Callable[..., list[Any]]
"""A preview renderer's :meth:`~generator.render.Renderer.reused`: ``reused(what, items,
make, *more)`` is ``make(items)``, with outputs of unchanged items taken from earlier builds."""


def fingerprint(*parts: Any) -> str:
    """A digest of ``parts`` as JSON (models as their data, anything else as its ``repr``)."""
    return _digest(json.dumps(parts, default=_plain, sort_keys=True, ensure_ascii=False))


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Entry):
        return [value.kind.name, value.id, value.value, value.refs]
    return repr(value)


def shared_inputs(folders: Iterable[Path | None], settings: Iterable[Any]) -> str:
    """The fingerprint of what every generated page shares: the files in ``folders`` (the
    templates, the project's overrides, the sheets' assets) and ``settings`` (the renderer's:
    messages, branding, sheet settings, addresses)."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update(fingerprint(*settings).encode())
    return digest.hexdigest()


@dataclass
class Inputs:
    """The inputs of each item's outputs in one loaded guide (see the module's docstring)."""

    guide: Guide
    shared: str
    """:func:`shared_inputs` of the build."""
    cited: Callable[[str], Any]
    """How the pages show the source with an id: its formatted reference."""
    reuse: Reuse | None = None
    """Where the digest of each item's own data is kept from one build to the next, while
    validation gives the item the same model (its file unchanged)."""

    _known: dict[tuple[str, str], str] = field(default_factory=dict)
    _named: dict[tuple[str, str], str] = field(default_factory=dict)
    _refs: dict[tuple[str, int], tuple[Any, str]] = field(default_factory=dict)

    def of(self, item: Entry[Any]) -> str:
        """The fingerprint of everything ``item``'s outputs are made from."""
        key = (item.kind.name, item.id)
        if key not in self._known:
            own, named = self._data(item)
            parts = [self.shared, item.kind.name, item.id, own,
                     *(self.named(kind, ident) for kind, ident in named),
                     *(self._ref(name, value) for name, value in sorted(item.refs.items()))]
            self._known[key] = _digest("\0".join(parts))
        return self._known[key]

    def _data(self, item: Entry[Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The digest of ``item``'s own data, and what it names (:func:`names`)."""
        def made() -> tuple[str, tuple[tuple[str, str], ...]]:
            own = item.value.model_dump_json()
            return _digest(own), names(item.kind.name, own)

        if self.reuse is None:
            return made()
        return self.reuse.derived(f"data/{item.kind.name}/{item.id}", item.value, made)

    def _ref(self, name: str, value: Any) -> str:
        """The fingerprint of the item ``value`` that an item keeps under ``name`` (see
        :attr:`~generator.guide.Entry.refs`): the same for the many items that keep it."""
        key = (name, id(value))
        if key not in self._refs:  # the value is kept with it, so its id stays its own
            self._refs[key] = (value, fingerprint(name, value))
        return self._refs[key][1]

    def named(self, kind: str, ident: str) -> str:
        """The fingerprint of the item ``ident`` of the kind held as ``kind`` (the whole file
        for a single file of items), or, for ``ident`` of ``@`` + an id, of the source cited,
        as the pages show it."""
        key = (kind, ident)
        if key not in self._named:
            if ident.startswith("@"):
                cited = ident[1:]
                value = self.cited(cited) if cited in self.guide.sources else None
            else:
                held = getattr(self.guide, kind, None)
                value = held.get(ident) if isinstance(held, dict) else held
                if kind == "sources" and ident in self.guide.sources:
                    value = [value, self.cited(ident)]
            self._named[key] = fingerprint(kind, ident, value)
        return self._named[key]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=1 << 14)
def names(kind_name: str, data: str) -> tuple[tuple[str, str], ...]:
    """What an item of the kind called ``kind_name`` with the JSON ``data`` names: ``(kind,
    id)`` for each id its kind's checks declare a reference of
    (:class:`~generator.checks.Refers`), and ``("sources", "@" + id)`` for each source its
    texts cite."""
    kind = by_name(kind_name)
    assert kind is not None
    tree = json.loads(data)
    found = [(check.to, ident) for check in kind.checks if isinstance(check, Refers)
             for _, ident in walk(tree, parse(check.at)) if isinstance(ident, str)]
    found += [("sources", "@" + ident) for _, ident in cited(tree)]
    return tuple(dict.fromkeys(found))


@dataclass
class _Kept(Generic[T]):
    inputs: Any
    """What it was made from: a fingerprint, or data compared as it is (see
    :meth:`Reuse.part`)."""
    value: T


@dataclass
class Reuse:
    """Outputs of one preview's builds, kept for the next: each under the fingerprint of its
    inputs (:class:`Inputs`). One instance lives as long as the preview."""

    _kept: dict[str, _Kept[Any]] = field(default_factory=dict)
    _made: dict[str, _Kept[Any]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0

    def begin(self) -> None:
        """Start a build: what it does not ask for is dropped at :meth:`end`."""
        self._made, self.rendered, self.reused = {}, 0, 0

    def end(self) -> None:
        """End a build: keep what it made or reused, for the next."""
        if self._made:
            self._kept = self._made
        self._made = {}

    def get(self, key: str, inputs: str) -> Any | None:
        """The output ``key`` if an earlier build made it from the same ``inputs``."""
        kept = self._kept.get(key)
        if kept is None or kept.inputs != inputs:
            return None
        self._made[key] = kept
        self.reused += 1
        return kept.value

    def keep(self, key: str, inputs: str, value: Any) -> None:
        """Keep ``value``, the output ``key`` made from ``inputs``, for the next build."""
        self._made[key] = _Kept(inputs, value)
        self.rendered += 1

    def part(self, key: str, inputs: Any, make: Callable[[], T]) -> T:
        """The part ``key`` of a page that lists many items (one item's card on an index), or
        a page made from plain data (the sources page), made from ``inputs``: a fingerprint,
        or the data itself, which is compared with the last build's (and kept meanwhile, so
        it must not be changed afterwards). Kept as :meth:`keep` keeps an item's outputs, but
        not counted among them."""
        kept = self._kept.get(key)
        if kept is None or kept.inputs != inputs:
            kept = _Kept(inputs, make())
        self._made[key] = kept
        value: T = kept.value
        return value

    def derived(self, key: str, model: Any, make: Callable[[], T]) -> T:
        """``make()``, which reads ``model`` alone (an item's data), as an earlier build made
        it for ``key`` from the very same object: validation gives a file the same model while
        the file is unchanged, and models are never changed once made."""
        def held() -> tuple[Any, T]:
            # The model is kept with what was made of it, so no other object takes its id.
            return model, make()

        return self.part(key, str(id(model)), held)[1]

    def each(self, items: list[T], key: Callable[[T], str], inputs: Callable[[T], str],
             make: Callable[[list[T]], list[Any]]) -> list[Any]:
        """The output of each of ``items``, in order: kept ones as they are, the others made
        by ``make`` (all at once, so it may share the work out) and kept."""
        found: dict[int, Any] = {}
        missing: list[tuple[int, str, str]] = []
        for index, item in enumerate(items):
            name, digest = key(item), inputs(item)
            value = self.get(name, digest)
            if value is None:
                missing.append((index, name, digest))
            else:
                found[index] = value
        made = make([items[index] for index, _, _ in missing]) if missing else []
        for (index, name, digest), value in zip(missing, made, strict=True):
            self.keep(name, digest, value)
            found[index] = value
        return [found[index] for index in range(len(items))]
