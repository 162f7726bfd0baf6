"""The benchmark: this archive against stock Pelican on the same synthetic Markdown.

`run_benchmark(Shape(...), work=..., runs=3)` writes a synthetic archive into
`work`, builds it in alternation with stock Pelican and with the project, each
build in a fresh process (wall time, and peak resident memory from
`os.wait4`), then measures edit-preview: `invoke livereload` running on the
same content, the time from saving one document to its page being rewritten.
It returns a report (a dict) that `report.py` prints and writes to
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .page_weight import first_view
from .synthetic import Shape, write_archive

ROOT = Path(__file__).resolve().parent.parent
BUILD_ONCE = Path(__file__).resolve().parent / "build_once.py"
FLAVOURS = ("stock", "project")
TIMED_STEPS = ("search_index", "mentions")


class BenchmarkError(Exception):
    """A build of the synthetic archive failed; the message holds its output."""


@dataclass
class BuildRun:
    flavour: str
    seconds: float
    peak_rss_mb: float  # the largest process of the build: Python, or a tool it ran
    python_rss_mb: float
    helper_rss_mb: float  # the largest process the build started (a page writer or Pagefind)
    timings: dict = field(default_factory=dict)


def run_build(flavour: str, content: Path, output: Path) -> BuildRun:
    """One build in a fresh Python process, into an empty output folder."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, str(BUILD_ONCE), flavour, str(content), str(output)]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        printed, complaints = stdout.read(), stderr.read()
    if process.returncode != 0:
        raise BenchmarkError(f"The {flavour} build failed:\n{printed}\n{complaints}")
    figures = json.loads(printed.strip().splitlines()[-1])
    peak_rss_mb = usage.ru_maxrss / 1024  # ru_maxrss is in kilobytes on Linux
    return BuildRun(
        flavour, seconds, peak_rss_mb, figures["python_rss_mb"], figures["helper_rss_mb"], figures["timings"]
    )


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of every file under folder."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else 0.0


def measure_builds(content: Path, work: Path, runs: int) -> dict[str, list[BuildRun]]:
    """Alternate stock and project builds, `runs` of each."""
    results: dict[str, list[BuildRun]] = {flavour: [] for flavour in FLAVOURS}
    for _ in range(runs):
        for flavour in FLAVOURS:
            results[flavour].append(run_build(flavour, content, work / f"output-{flavour}"))
    return results


def summarise_builds(runs: list[BuildRun], output: Path) -> dict:
    size, files = folder_size(output)
    summary = {
        "runs": len(runs),
        "seconds": round(median(run.seconds for run in runs), 3),
        "peak_rss_mb": round(median(run.peak_rss_mb for run in runs), 1),
        "python_rss_mb": round(median(run.python_rss_mb for run in runs), 1),
        "helper_rss_mb": round(median(run.helper_rss_mb for run in runs), 1),
        "output_mb": round(size / 1e6, 2),
        "output_files": files,
    }
    for step in TIMED_STEPS:
        values = [run.timings[step] for run in runs if step in run.timings]
        if values:
            summary[f"{step}_seconds"] = round(median(values), 3)
    return summary


def machine() -> dict:
    from importlib.metadata import version  # noqa: PLC0415

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(_memory_kb() / 1024 / 1024, 1),
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "system": f"{platform.system()} {platform.release()}",
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_kb() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_benchmark(shape: Shape, work: Path, runs: int = 3, edits: int = 3, serial_runs: int = 1) -> dict:
    """Generate, build both ways `runs` times, the project in one process
    `serial_runs` times, measure edit-preview; the report."""
    from .preview import measure_edit_preview  # noqa: PLC0415

    work = Path(work)
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    files = write_archive(content, shape)
    words = sum(len(text.split()) for text in files.values())
    builds = measure_builds(content, work, runs)
    report = {
        "shape": asdict(shape),
        "content": {"files": len(files), "words": words},
        "machine": machine(),
        "stock": summarise_builds(builds["stock"], work / "output-stock"),
        "project": summarise_builds(builds["project"], work / "output-project"),
    }
    if serial_runs:
        serial = [run_build("project-serial", content, work / "output-serial") for _ in range(serial_runs)]
        report["project_serial"] = summarise_builds(serial, work / "output-serial")
    report["first_view"] = first_view_figures(work / "output-project")
    if edits:
        report["edit_preview"] = measure_edit_preview(content, work, edits)
    return report


def first_view_figures(site: Path) -> dict:
    """The first view of the first summary page (or explainer) the project built."""
    pages = sorted(site.glob("summaries/*/index.html")) or sorted(site.glob("articles/*/index.html"))
    view = first_view(site, pages[0])
    return {
        "page": str(pages[0].relative_to(site)),
        "html_bytes": view.html_bytes,
        "total_bytes": view.total_bytes,
        "blocking_scripts": view.blocking_scripts,
    }
