"""The benchmark's report: budgets checked, a table printed, figures kept.

Each run is kept as `bench/results/documents-N.json`; the marked section of
docs/PERFORMANCE.md is rewritten from every kept result, so the 1,000 and
5,000 document runs stand side by side and give the growth figure.
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
START = "<!-- bench:start (written by invoke bench; edit the prose around it) -->"
END = "<!-- bench:end -->"
GROWTH_SIZES = (1000, 5000)

# name: (budget, what is measured)
BUDGETS = {
    "build_vs_stock": (1.3, "full build without the search index / stock Pelican build"),
    "search_vs_stock": (0.5, "search indexing / stock Pelican build"),
    "memory_vs_stock": (4.0, "peak memory, largest process / stock Pelican's"),
    "python_memory_vs_stock": (4.0, "peak memory, Python process alone / stock Pelican's"),
    "preview_vs_build": (0.25, "save to page rewritten (livereload) / cold build"),
    "first_view_kb": (60.0, "article page first view (HTML, CSS, JS), KB"),
    "growth_5000_vs_1000": (5.5, "build time at 5,000 documents / at 1,000"),
}


def build_without_search(summary: dict, stock: dict) -> float:
    """A build's time less its search indexing, against stock Pelican's build."""
    return (summary["seconds"] - summary.get("search_index_seconds", 0.0)) / stock["seconds"]


def ratios(report: dict) -> dict[str, float]:
    stock, project = report["stock"], report["project"]
    search = project.get("search_index_seconds", 0.0)
    figures = {
        "build_vs_stock": build_without_search(project, stock),
        "search_vs_stock": search / stock["seconds"],
        "memory_vs_stock": project["peak_rss_mb"] / stock["peak_rss_mb"],
        "python_memory_vs_stock": project["python_rss_mb"] / stock["peak_rss_mb"],
    }
    if "edit_preview" in report:
        figures["preview_vs_build"] = report["edit_preview"]["seconds"] / project["seconds"]
    if "first_view" in report:
        figures["first_view_kb"] = report["first_view"]["total_bytes"] / 1024
    return {name: round(value, 3) for name, value in figures.items()}


def serial_ratio(report: dict) -> float | None:
    """The project built in one process against stock Pelican: for information."""
    serial = report.get("project_serial")
    return round(build_without_search(serial, report["stock"]), 3) if serial else None


def growth(results: dict[int, dict]) -> float | None:
    small, large = (results.get(size) for size in GROWTH_SIZES)
    if not small or not large:
        return None
    return round(large["project"]["seconds"] / small["project"]["seconds"], 3)


def verdict(name: str, value: float) -> str:
    return "within budget" if value <= BUDGETS[name][0] else "OVER BUDGET"


def build_rows(report: dict) -> list[tuple[str, str, str, str]]:
    stock, project = report["stock"], report["project"]
    serial = report.get("project_serial")

    def row(measure: str, show) -> tuple[str, str, str, str]:
        return (measure, show(stock), show(project), show(serial) if serial else "")

    rows = [
        row("wall time, median (s)", lambda s: f"{s['seconds']:.2f}"),
        row("peak memory, largest process (MB)", lambda s: f"{s['peak_rss_mb']:.0f}"),
        row("peak memory, Python process (MB)", lambda s: f"{s['python_rss_mb']:.0f}"),
        row("peak memory, largest process it started (MB)", lambda s: f"{s['helper_rss_mb']:.0f}"),
        row("output (MB, files)", _size),
    ]
    for step in ("mentions", "search_index"):
        key = f"{step}_seconds"
        if key in project:
            rows.append(row(f"step {step} (s)", lambda s, key=key: f"{s[key]:.2f}" if key in s else ""))
    if "edit_preview" in report:
        preview = report["edit_preview"]
        rows.append(("save to page rewritten, median (s)", "", f"{preview['seconds']:.2f}", ""))
    return rows


def _size(summary: dict) -> str:
    return f"{summary['output_mb']:.1f}, {summary['output_files']}"


def budget_rows(report: dict, growth_value: float | None = None) -> list[tuple[str, str, str, str]]:
    figures = ratios(report)
    if growth_value is not None:
        figures["growth_5000_vs_1000"] = growth_value
    rows = [
        (BUDGETS[name][1], f"{value:.2f}", f"at most {BUDGETS[name][0]:g}", verdict(name, value))
        for name, value in figures.items()
    ]
    one_process = serial_ratio(report)
    if one_process is not None:
        rows.insert(1, (SERIAL_MEASURE, f"{one_process:.2f}", "", "for information"))
    return rows


def title(report: dict) -> str:
    shape = report["shape"]
    return (
        f"{shape['documents']:,} documents, {shape['actors']:,} actors, {shape['demands']:,} demands, "
        f"{shape['topics']:,} topics (seed {shape['seed']}; {report['content']['words']:,} words in "
        f"{report['content']['files']:,} files; medians of {report['project']['runs']} builds each)"
    )


def markdown_table(header: tuple[str, ...], rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def plain_table(header: tuple[str, ...], rows) -> str:
    table = [header, *rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table
    )


BUILD_HEADER = ("measure", "stock Pelican", "this archive", "this archive, one process")
SERIAL_MEASURE = "full build without the search index, in one process (ARCHIVE_WORKERS = 1) / stock Pelican build"
BUDGET_HEADER = ("budget", "measured", "budget", "verdict")


def _build_table(report: dict) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The build figures; the one-process column only when it was measured."""
    columns = 4 if report.get("project_serial") else 3
    return BUILD_HEADER[:columns], [row[:columns] for row in build_rows(report)]


def print_report(report: dict, growth_value: float | None = None) -> None:
    print(title(report))
    print()
    print(plain_table(*_build_table(report)))
    print()
    print(plain_table(BUDGET_HEADER, budget_rows(report, growth_value)))


def save_result(report: dict, folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"documents-{report['shape']['documents']}.json"
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load_results(folder: Path = RESULTS) -> dict[int, dict]:
    results = {}
    for path in sorted(folder.glob("documents-*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        results[report["shape"]["documents"]] = report
    return results


def machine_line(report: dict) -> str:
    machine = report["machine"]
    return (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB memory, "
        f"{machine['system']}, Python {machine['python']}, Pelican {machine['pelican']}"
    )


def markdown_section(results: dict[int, dict]) -> str:
    parts = []
    growth_value = growth(results)
    for documents in sorted(results):
        report = results[documents]
        with_growth = growth_value if documents == max(GROWTH_SIZES) else None
        parts += [
            f"### {title(report)}",
            f"Machine: {machine_line(report)}.",
            markdown_table(*_build_table(report)),
            markdown_table(BUDGET_HEADER, budget_rows(report, with_growth)),
        ]
    return "\n\n".join(parts)


def rewrite_marked_section(document: Path, section: str) -> None:
    """Replace what lies between the markers; everything around them is kept."""
    text = document.read_text(encoding="utf-8") if document.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text = f"{text.rstrip()}\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    document.write_text(f"{before}{START}\n{section}\n{END}{after}", encoding="utf-8")
