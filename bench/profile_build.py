"""Where the time of a large build goes: cProfile of `mkdocs build`, or of the generator alone.

    python bench/profile_build.py [--size 1000] [--prepare-only | --restage] [--pdf] [--top 30]
                                  [--save FILE]

Builds a temporary copy of the project with N rubrics (see synthetic.py, PDFs off) in this
process under cProfile and prints the functions with the most cumulative and own time.
With --prepare-only it profiles `GuideBuild.prepare()` alone: loading, validating and rendering.
With --restage, what `rubric-guide serve --engine zensical` does after one rubric's descriptor
is edited: staging the guide again, taking what the edit left unchanged from earlier stagings;
it first prints the CPU seconds of five such restages.
With --pdf, PDFs are on and the build profiled is a rebuild, with every PDF already cached.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from synthetic import OURS, WITH_PDFS, Guide, make_guide

from generator.build import GuideBuild
from generator.incremental import Reuse
from generator.staged import stage
from generator.zensical_site import ZENSICAL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="number of rubrics (default 1000)")
    parser.add_argument("--prepare-only", action="store_true",
                        help="profile GuideBuild.prepare() instead of the whole build")
    parser.add_argument("--restage", action="store_true",
                        help="profile a Zensical preview's restaging after a one-rubric edit")
    parser.add_argument("--pdf", action="store_true",
                        help="PDFs on; profile a rebuild with a warm PDF cache")
    parser.add_argument("--top", type=int, default=30, help="rows per listing (default 30)")
    parser.add_argument("--save", type=Path, help="also save the raw profile (for snakeviz etc.)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="rubric-guide-profile-"))
    try:
        guide = make_guide(tmp / "guide", args.size)
        config_file = guide.config(WITH_PDFS if args.pdf else OURS)
        if args.pdf:
            GuideBuild.from_mkdocs_yml(config_file).prepare()  # fill the PDF cache
        profiler = cProfile.Profile()
        if args.restage:
            profiler.runcall(restaged(guide, config_file, tmp / "staged"))
        elif args.prepare_only:
            guide_build = GuideBuild.from_mkdocs_yml(config_file)
            profiler.runcall(guide_build.prepare)
        else:
            config = load_config(str(config_file), site_dir=str(tmp / "site"))
            profiler.runcall(build, config)
        if args.save:
            profiler.dump_stats(args.save)
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.strip_dirs().sort_stats(order).print_stats(args.top)
            print(out.getvalue())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def restaged(guide: Guide, config_file: Path, folder: Path) -> Callable[[], object]:
    """A Zensical preview's restaging after an edit of a rubric in the middle of ``guide``,
    ready to run, once five others have been timed (the preview staged the guide before)."""
    # The preview's watcher runs in threads, so that it never forks a copy: nor does this.
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    reuse, previewed = Reuse(), dict[str, bool]()

    def restage() -> object:
        staged = stage(config_file, folder, preview_of=previewed,
                       engine=ZENSICAL, reuse=reuse)
        previewed.update(staged.build.known_pages())
        return staged

    rubric = guide.root / "rubrics" / f"{guide.rubric_ids[len(guide.rubric_ids) // 2]}.yml"
    original = rubric.read_text(encoding="utf-8")
    descriptor = next(iter(yaml.safe_load(original)["criteria"][0]["levels"].values()))
    anchor = " ".join(descriptor.split()[:3])

    def edited(times: int) -> Callable[[], object]:
        rubric.write_text(original.replace(anchor, f"{anchor} Edited{times}", 1),
                          encoding="utf-8")
        return restage

    restage()
    seconds = []
    for times in range(5):
        edit = edited(times)
        start = time.process_time()
        edit()
        seconds.append(time.process_time() - start)
    print("CPU s of each restage:", " ".join(f"{s:.3f}" for s in seconds),
          f"(median {statistics.median(seconds):.3f})")
    return edited(5)


if __name__ == "__main__":
    main()
