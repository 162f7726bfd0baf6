"""`python3 -m bench` (what `invoke bench` runs): generate, build, measure, report."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from .harness import BenchmarkError, run_benchmark
from .report import growth, load_results, markdown_section, print_report, rewrite_marked_section, save_result
from .synthetic import Shape

DOCS = Path(__file__).resolve().parent.parent / "docs" / "PERFORMANCE.md"
QUICK = {"documents": 300, "actors": 60, "demands": 20, "topics": 8, "runs": 3, "edits": 2, "serial_runs": 1}
FULL = {"documents": 5000, "actors": 500, "demands": 100, "topics": 20, "runs": 3, "edits": 3, "serial_runs": 1}


def parse_arguments(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small archive (300 documents) for a first look")
    for name in ("documents", "actors", "demands", "topics", "runs", "edits"):
        parser.add_argument(f"--{name}", type=int, default=None, help=f"default {FULL[name]}")
    parser.add_argument(
        "--serial-runs",
        type=int,
        default=None,
        help="builds of this archive in one process (ARCHIVE_WORKERS=1), for information; default 1, 0 for none",
    )
    parser.add_argument("--seed", type=int, default=Shape.seed)
    parser.add_argument("--work", type=Path, help="keep the content and outputs in this folder")
    parser.add_argument("--no-save", action="store_true", help="print only; keep docs/PERFORMANCE.md as it is")
    arguments = parser.parse_args(argv)
    preset = QUICK if arguments.quick else FULL
    for name, default in preset.items():
        if getattr(arguments, name) is None:
            setattr(arguments, name, default)
    return arguments


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    shape = Shape(arguments.documents, arguments.actors, arguments.demands, arguments.topics, arguments.seed)
    work = arguments.work or Path(tempfile.mkdtemp(prefix="archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = run_benchmark(shape, work, arguments.runs, arguments.edits, arguments.serial_runs)
    except BenchmarkError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        if arguments.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results = {**load_results(), shape.documents: report}
    print_report(report, growth(results) if shape.documents == max(results) else None)
    if not arguments.no_save:
        save_result(report)
        rewrite_marked_section(DOCS, markdown_section(load_results()))
        print(f"\nWrote bench/results/documents-{shape.documents}.json and docs/PERFORMANCE.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
