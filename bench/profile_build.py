"""Where the time of a large build goes: cProfile of `mkdocs build`, or of the generator alone.

    python bench/profile_build.py [--size 1000] [--prepare-only] [--pdf] [--top 30] [--save FILE]

Builds a temporary copy of the project with N rubrics (see synthetic.py, PDFs off) in this
process under cProfile and prints the functions with the most cumulative and own time.
With --prepare-only it profiles `GuideBuild.prepare()` alone: loading, validating and rendering.
With --pdf, PDFs are on and the build profiled is a rebuild, with every PDF already cached.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from synthetic import OURS, WITH_PDFS, make_guide

from generator.build import GuideBuild


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="number of rubrics (default 1000)")
    parser.add_argument("--prepare-only", action="store_true",
                        help="profile GuideBuild.prepare() instead of the whole build")
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
        if args.prepare_only:
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


if __name__ == "__main__":
    main()
