"""Time the full default build against LibreOffice converting the same DOCX files to PDF.

Run from the repository root, with the project installed:

    python benchmarks/bench_build.py [--runs 3]

(a) is the full default `cse-lessonpack build` (every key stage in both formats with its letter
home on its own, the guides, the posters, the download page, every file read back and checked), in
a fresh output folder, as a user runs it (a new process each time); (a') is the five packs (and
their letters) alone, the like-for-like comparison.
(b) is LibreOffice headless turning the five DOCX packs into PDF, the route a user would otherwise
take: timed both as one `soffice` call for all five files and as one call per file. Each figure
is the median of the runs. The reading-grade cache is pointed at an empty folder for the first run
only, so the cold figure is reported too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    tool = shutil.which("cse-lessonpack")
    if tool is None:
        print("cse-lessonpack is not installed in this environment", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}

    build_times, pack_times = [], []
    for run in range(args.runs):
        out = work / f"out-{run}"
        build_times.append(_timed([tool, "build", "--out", str(out)], env))
        packs = work / f"packs-{run}"
        only = ["--no-guides", "--no-posters", "--no-site"]
        pack_times.append(_timed([tool, "build", "--out", str(packs), *only], env))
    cold, warm = build_times[0], statistics.median(build_times[1:] or build_times)
    packs_only = statistics.median(pack_times)
    # The five packs, not the letters home beside them (each pack holds its letter too).
    docx_files = sorted(str(p) for p in (work / "out-0").glob("ks*/know-about-cse-ks?.docx"))
    cpus = os.cpu_count()
    print(f"machine: {cpus} CPUs, Python {sys.version.split()[0]}")
    print(
        "(a) cse-lessonpack build, the full default build (5 packs and their 5 letters home × "
        "DOCX+PDF, 2 guides × DOCX+PDF, 8 posters + previews, download page, every file "
        "verified): "
        f"{warm:.2f} s "
        f"(median of {len(build_times) - 1 or 1}; first run with an empty reading-grade cache: "
        f"{cold:.2f} s)"
    )
    print(
        "(a') the five packs and their letters only (--no-guides --no-posters --no-site): "
        f"{packs_only:.2f} s"
    )

    if soffice is None:
        print("(b) LibreOffice not found (install libreoffice-writer-nogui); no comparison made")
        return 0
    batch_times, single_times = [], []
    for run in range(args.runs):
        target = work / f"lo-batch-{run}"
        batch_times.append(
            _timed(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(target), *docx_files]
            )
        )
        target = work / f"lo-single-{run}"
        start = time.perf_counter()
        for docx in docx_files:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(target), docx],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        single_times.append(time.perf_counter() - start)
    batch, single = statistics.median(batch_times), statistics.median(single_times)
    print(
        f"(b) LibreOffice, one call for all {len(docx_files)} DOCX packs: {batch:.2f} s; "
        f"one call per file: {single:.2f} s"
    )
    print(
        f"ratio (b)/(a): {batch / warm:.2f}× against the single call, "
        f"{single / warm:.2f}× against one call per file"
    )
    print(
        f"ratio (b)/(a'): {batch / packs_only:.2f}× against the single call, "
        f"{single / packs_only:.2f}× against one call per file"
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
