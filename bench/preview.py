"""Edit-preview as an editor sees it: `invoke livereload` runs on the synthetic
archive; the harness saves one document and times how long until the served
page holds the edit (livereload's 0.8 s polling included)."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .harness import ROOT, BenchmarkError

STARTUP_TIMEOUT = 3600.0
EDIT_TIMEOUT = 600.0
FULL_BUILD = "Built the site"  # what livereload prints after building everything


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str, log: Path, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise BenchmarkError(f"Timed out waiting for {what}; livereload said:\n{log.read_text()}")
        time.sleep(interval)


def page_holds(page: Path, marker: str):
    def check() -> bool:
        try:
            return marker in page.read_text(encoding="utf-8")
        except OSError:
            return False

    return check


def edited_documents(content: Path, count: int) -> list[Path]:
    documents = sorted((content / "summaries").glob("*.md")) + sorted((content / "articles").glob("*.md"))
    return documents[:count]


def save_with_marker(document: Path, marker: str) -> str:
    """Add a first paragraph holding the marker; returns the text as it was."""
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("\n\n", f"\n\n{marker}\n\n", 1), encoding="utf-8")
    return text


def measure_edit_preview(content: Path, work: Path, edits: int = 3) -> dict:
    """Start livereload on `content`, save `edits` documents one after another,
    time each save until its page is rewritten; the median and every value."""
    output = work / "output-live"
    log = work / "livereload.log"
    port = free_port()
    command = [sys.executable, "-m", "invoke", "livereload", f"--port={port}"]
    command += [f"--content={content}", f"--output={output}"]
    with log.open("w", encoding="utf-8") as stream:
        server = subprocess.Popen(command, cwd=ROOT, stdout=stream, stderr=subprocess.STDOUT)
        try:
            seconds = _time_edits(content, output, log, edits, port)
        finally:
            server.terminate()
            server.wait(timeout=30)
    if not seconds:
        raise BenchmarkError(f"Every save met a full build of livereload; its log:\n{log.read_text()}")
    return {
        "edits": len(seconds),
        "seconds": round(statistics.median(seconds), 3),
        "all_seconds": [round(value, 3) for value in seconds],
    }


def serving(port: int):
    def check() -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    return check


def _time_edits(content: Path, output: Path, log: Path, edits: int, port: int) -> list[float]:
    """Each save timed until its page holds the edit. A save during which
    livereload built the whole site (someone changed a template or a plugin of
    the working tree meanwhile) measures that build, not the preview: it is
    done again with the next document."""
    wait_for(serving(port), STARTUP_TIMEOUT, "livereload to serve the first build", log, 0.2)
    seconds = []
    for number, document in enumerate(edited_documents(content, edits * 3), start=1):
        if len(seconds) == edits:
            break
        marker = f"Edit marker {number} for the benchmark."
        page = output / document.parent.name / document.stem / "index.html"
        before = len(log.read_text())
        start = time.perf_counter()
        original = save_with_marker(document, marker)
        wait_for(page_holds(page, marker), EDIT_TIMEOUT, f"the edit of {document.name}", log)
        elapsed = time.perf_counter() - start
        if FULL_BUILD not in log.read_text()[before:]:
            seconds.append(elapsed)
        document.write_text(original, encoding="utf-8")
        wait_for(lambda page=page, marker=marker: not page_holds(page, marker)(), EDIT_TIMEOUT, "the undo", log)
    return seconds
