"""Time batch runs of 25, 50 and 100 generated schools, all five stages in both formats.

Run from the repository root, with the project installed (Linux: memory is read from /proc):

    python benchmarks/bench_batch.py [--sizes 25 50 100] [--jobs 0]

For each size it writes a spreadsheet of made-up schools (each with a DSL, a local contact, all
five key stages; every third school in Lato, every fifth has its own colours, every seventh
large print), runs `cse-lessonpack batch` (with each school's download page, the default) in a
fresh output folder as a user would, and prints the wall time, schools
per second and peak memory: the largest total proportional set size (PSS) of the command and all
its worker processes together, sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cse_lessonpack.batch import COLUMNS  # the spreadsheet's columns, as the tool reads them

COLOURS = ["#0B6E4F", "#1D3557", "#7B2CBF", "#9D0208", "#005F73"]


def write_sheet(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for n in range(1, count + 1):
            own_colours = n % 5 == 0
            writer.writerow(
                [
                    f"Benchmark School {n:03d}",
                    "",
                    f"Ms A Teacher {n}",
                    "Designated Safeguarding Lead",
                    "the Pastoral Office",
                    f"01782 {100000 + n}",
                    f"dsl{n}@school{n}.example",
                    "Stoke-on-Trent Children's Advice and Support",
                    "01782 235100",
                    "Mon–Fri 8:30am–5pm",
                    COLOURS[n % len(COLOURS)] if own_colours else "",
                    "",
                    "lato" if n % 3 == 0 else "",
                    "yes" if n % 7 == 0 else "no",
                    "ks1 ks2 ks3 ks4 ks5",
                    "",
                ]
            )


def _tree_memory(root: int) -> int:
    """Memory (bytes) of a process and all its descendants, as proportional set size: pages that
    forked workers share with their parent are counted once, not once per process."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            total += next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_memory(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    sampler.join()
    return time.perf_counter() - start, peak, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    tool = shutil.which("cse-lessonpack")
    if tool is None:
        print("cse-lessonpack is not installed in this environment", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    print(f"machine: {os.cpu_count()} CPUs; jobs: {args.jobs or os.cpu_count()}")
    print(f"{'schools':>8} {'wall s':>8} {'schools/s':>10} {'s/school':>9} {'peak MB':>8}")
    for size in args.sizes:
        sheet = work / f"schools-{size}.csv"
        write_sheet(sheet, size)
        out = work / f"out-{size}"
        command = [tool, "batch", str(sheet), "--out", str(out), "--jobs", str(args.jobs)]
        seconds, peak, code = run(command, env)
        if code != 0:
            print(f"batch of {size} failed with exit code {code}", file=sys.stderr)
            return 1
        rate, each, megabytes = size / seconds, seconds / size, peak / 2**20
        print(f"{size:>8} {seconds:>8.1f} {rate:>10.2f} {each:>9.2f} {megabytes:>8.0f}")
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
