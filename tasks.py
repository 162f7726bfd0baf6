"""Tasks for editors and developers: `invoke --list` shows them all."""

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "plugins"))

from archive_build.runner import main_build  # noqa: E402
from archive_build.scaffold import TEMPLATES, ScaffoldError, scaffold  # noqa: E402

SETTINGS = HERE / "pelicanconf.py"
PUBLISH_SETTINGS = HERE / "publishconf.py"
OUTPUT = HERE / "output"
CACHE = HERE / ".cache"
PORT = int(os.environ.get("PORT", "8000"))


def _build(settings, strict=False, output=None, content=None, verbose=False):
    code = main_build(settings, output=output or OUTPUT, strict=strict, content=content, verbose=verbose)
    if code:
        sys.exit(code)


@task
def clean(c):
    """Remove the built site and the content cache."""
    for folder in (OUTPUT, CACHE):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"strict": "Treat reference and annotation warnings as errors.", "verbose": "Show Pelican's progress."})
def build(c, strict=False, verbose=False):
    """Build the site from content/ into output/."""
    _build(SETTINGS, strict=strict, verbose=verbose)


@task(pre=[clean])
def rebuild(c, strict=False):
    """Clean, then build."""
    _build(SETTINGS, strict=strict)


@task(help={"strict": "Treat warnings as errors (as the publishing workflow does)."})
def preview(c, strict=False):
    """Build with the publishing settings (publishconf.py) into output/, no server."""
    _build(PUBLISH_SETTINGS, strict=strict)


@task
def serve(c, port=PORT):
    """Serve output/ at http://localhost:8000."""
    from archive_build.serve import serve_folder  # noqa: PLC0415

    serve_folder(OUTPUT, port)


@task(help={"content": "Another content folder (the benchmark uses one).", "output": "Another output folder."})
def livereload(c, port=PORT, content=None, output=None):
    """Build, serve, and rebuild and reload the browser on every save."""
    from archive_build.live import run_livereload  # noqa: PLC0415

    cache = Path(output).parent / ".cache" if output else CACHE
    run_livereload(HERE, SETTINGS, Path(output or OUTPUT), port, content=content and Path(content), cache=cache)


@task
def check(c):
    """Build with --strict, list problems and suggestions, run the quality gates on output/."""
    from archive_build.check import main_check  # noqa: PLC0415

    sys.exit(main_check(SETTINGS, OUTPUT))


@task(
    help={
        "quick": "A small archive (300 documents) for a first look.",
        "documents": "Synthetic documents (default 5000).",
        "actors": "Synthetic actors, each with aliases (default 500).",
        "demands": "Synthetic demands (default 100).",
        "topics": "Synthetic topics (default 20).",
        "runs": "Builds of each kind; medians are reported (default 3).",
        "serial_runs": "Builds of this archive in one process (ARCHIVE_WORKERS=1), for information (default 1).",
        "save": "Keep the figures in bench/results/ and docs/PERFORMANCE.md.",
    }
)
def bench(
    c, quick=False, documents=None, actors=None, demands=None, topics=None, runs=None, serial_runs=None, save=True
):
    """Benchmark: build a synthetic archive with this project and with stock Pelican, check the budgets."""
    arguments = ["--quick"] if quick else []
    for name, value in (("documents", documents), ("actors", actors), ("demands", demands), ("topics", topics)):
        if value is not None:
            arguments.append(f"--{name}={value}")
    if runs is not None:
        arguments.append(f"--runs={runs}")
    if serial_runs is not None:
        arguments.append(f"--serial-runs={serial_runs}")
    if not save:
        arguments.append("--no-save")
    code = subprocess.call([sys.executable, "-m", "bench", *arguments], cwd=HERE)
    if code:
        sys.exit(code)


@task(help={"kind": "summary, article, actor, demand or topic", "title": "The title, in quotes"})
def new(c, kind, title):
    """Scaffold a new content file: invoke new summary "Title"."""
    try:
        path = scaffold(HERE / "content", kind, title, datetime.date.today())
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"Created {path.relative_to(HERE)}")


new.__doc__ += f" Kinds: {', '.join(sorted(TEMPLATES))}."


@task(
    help={
        "path": "A saved web page (.html) or a plain-text copy (.txt) of the source",
        "content": "Another content folder (default: content/).",
    }
)
def import_source(c, path, content=None):
    """Write a draft summary in content/summaries/ from a saved page or text: invoke import-source PATH."""
    from archive_import import ImportStopped  # noqa: PLC0415
    from archive_import import import_source as write_import  # noqa: PLC0415

    folder = Path(content) if content else HERE / "content"
    try:
        path = write_import(Path(path), folder, datetime.date.today())
    except ImportStopped as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    shown = path.relative_to(HERE) if path.is_relative_to(HERE) else path
    print(f"Created {shown} with Status: draft; finish it as docs/EDITING.md describes.")
