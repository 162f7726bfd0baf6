"""`invoke livereload`: rebuild on every save and reload the browser."""

from __future__ import annotations

from pathlib import Path

from archive_model.problems import ContentError

from .runner import build_site, setup_logging


def rebuild(settings_file: Path, output: Path) -> None:
    try:
        result = build_site(
            settings_file,
            output=output,
            overrides={"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True},
        )
    except ContentError as error:
        for line in getattr(error, "all_lines", error.lines()):
            print(line)
        print(error)
        return
    for line in result.warnings():
        print(line)


def run_livereload(root: Path, settings_file: Path, output: Path, port: int) -> None:
    from livereload import Server  # noqa: PLC0415

    setup_logging()
    rebuild(settings_file, output)
    server = Server()
    for folder in ("content", "themes", "plugins"):
        server.watch(str(root / folder), lambda: rebuild(settings_file, output))
    server.watch(str(settings_file), lambda: rebuild(settings_file, output))
    server.serve(root=str(output), port=port, host="127.0.0.1")
