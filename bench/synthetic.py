"""A copy of the project with N rubrics, for the benchmarks.

The copy holds the guide's own `content/`, `overrides/`, `mkdocs.yml` and seed rubrics, plus
synthetic rubrics up to N in all. Synthetic rubrics look like the seed ones: the `seven-level`
scale, five criteria, descriptors of the seed descriptors' lengths made from their words, the
seed's principles and sources, and a one-sentence summary with a citation.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from generator.staged import stage
from generator.zensical_site import ZENSICAL

ROOT = Path(__file__).resolve().parents[1]
SEED_RUBRIC = ROOT / "rubrics" / "district-collective-accountability.yml"
SCALE = "seven-level"
CRITERIA = 5

OURS = "bench-ours.yml"
"""Config of the guide built with the rubric-guide plugin, PDFs off."""
WITH_PDFS = "bench-pdf.yml"
"""The same with PDFs on, cached in `.cache/bench-pdf`."""
BASELINE = "baseline/mkdocs.yml"
"""Config of the guide's staged site source: the same pages as plain Markdown, with every
setting resolved, which MkDocs builds without the plugin."""
ZENSICAL_ALONE = "zensical-alone/mkdocs.yml"
"""Config of the staged site source that `rubric-guide build --engine zensical` has Zensical
build: the same pages, with the settings our Zensical path adds (Material's look)."""


@dataclass(frozen=True)
class Guide:
    """A generated copy of the project."""

    root: Path
    rubric_ids: list[str]

    def config(self, name: str) -> Path:
        return self.root / name


def make_guide(root: Path, n: int) -> Guide:
    """Copy the project into ``root`` (which must not exist) with ``n`` rubrics in all."""
    root.mkdir(parents=True)
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    rubrics = root / "rubrics"
    rubrics.mkdir()
    seeds = sorted((ROOT / "rubrics").glob("*.yml"))[:n]
    for seed in seeds:
        shutil.copy2(seed, rubrics / seed.name)
    ids = [seed.stem for seed in seeds]
    # Synthetic rubrics cite three of the guide's sources, as the seed rubrics once did, so
    # the workload (citations, the sources page's lists) stays what the results measured.
    sources = [s["id"] for s in yaml.safe_load(
        (ROOT / "content" / "sources.yml").read_text(encoding="utf-8"))][:3]
    words = _Words(yaml.safe_load(SEED_RUBRIC.read_text(encoding="utf-8")), sources)
    for index in range(1, n - len(seeds) + 1):
        rubric_id = f"synthetic-rubric-{index:04d}"
        text = yaml.safe_dump(words.rubric(random.Random(index)), sort_keys=False,
                              allow_unicode=True, width=100)
        (rubrics / f"{rubric_id}.yml").write_text(text, encoding="utf-8")
        ids.append(rubric_id)
    _write_configs(root)
    return Guide(root, ids)


class _Words:
    """Makes rubric text from the words and sentence lengths of a seed rubric."""

    def __init__(self, seed: dict[str, Any], sources: list[str]) -> None:
        self.seed = seed
        self.sources = sources
        descriptors = [text for c in seed["criteria"] for text in c["levels"].values()]
        self.lengths = [len(text.split()) for text in descriptors]
        self.vocabulary = sorted({w.strip(".,()").lower() for t in descriptors for w in t.split()})
        self.title_words = sorted({w for c in seed["criteria"] for w in c["title"].split()
                                   if w[0].isupper()})

    def sentence(self, rng: random.Random, length: int | None = None) -> str:
        words = rng.choices(self.vocabulary, k=length or rng.choice(self.lengths))
        return " ".join(words).capitalize() + "."

    def rubric(self, rng: random.Random) -> dict[str, Any]:
        seed = self.seed
        levels = [lv for c in seed["criteria"][:1] for lv in c["levels"]]
        source = rng.choice(self.sources)
        return {
            "title": " ".join(rng.sample(self.title_words, 3)),
            "summary": f"{self.sentence(rng, 18)[:-1]} [@{source}].",
            "scale": SCALE,
            "evidence_column": True,
            "sources": self.sources,
            "criteria": [
                {
                    "id": criterion["id"],
                    "title": criterion["title"],
                    "principles": criterion["principles"],
                    "levels": {level: self.sentence(rng) for level in levels},
                }
                for criterion in seed["criteria"][:CRITERIA]
            ],
        }


def _write_configs(root: Path) -> None:
    """Configs that inherit mkdocs.yml and change only the plugins (and, for the baseline,
    the docs folder and the generator's stylesheets and script, added as plain files)."""
    with open(root / "mkdocs.yml", "rb") as file:
        base = yaml.load(file, Loader=get_yaml_loader())
    plugins = base.get("plugins") or []

    def with_plugin(options: dict[str, Any] | None) -> list[Any]:
        result = [p for p in plugins if _plugin_name(p) != "rubric-guide"]
        if options is not None:
            current = next((p for p in plugins if _plugin_name(p) == "rubric-guide"), None)
            merged = dict(current["rubric-guide"] or {}) if isinstance(current, dict) else {}
            result.append({"rubric-guide": {**merged, **options}})
        return result

    _write_yaml(root / OURS, {"INHERIT": "mkdocs.yml", "plugins": with_plugin({"pdf": False})})
    _write_yaml(root / WITH_PDFS, {
        "INHERIT": "mkdocs.yml",
        "plugins": with_plugin({"pdf": True, "cache_dir": ".cache/bench-pdf"}),
    })


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def write_baseline_docs(guide: Guide) -> None:
    """The guide's staged site source (see generator/staged.py), for the baseline."""
    stage(guide.config(OURS), guide.root / Path(BASELINE).parent)


def write_zensical_docs(guide: Guide) -> None:
    """The guide's staged site source as our Zensical path stages it, for Zensical alone."""
    stage(guide.config(OURS), guide.root / Path(ZENSICAL_ALONE).parent,
          engine=ZENSICAL)


def staged_config(engine: str) -> str:
    """The config of the staged site source that ``engine`` alone builds."""
    return ZENSICAL_ALONE if engine == "zensical" else BASELINE
