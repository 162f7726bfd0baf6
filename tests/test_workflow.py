"""The GitHub Pages workflow: what it runs, with which rights, and actionlint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from archive_quality.workflow_lint import lint_workflows

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml"
OFFICIAL_ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_actionlint_finds_nothing_in_any_workflow(run_gate):
    workflows = sorted(WORKFLOW.parent.glob("*.y*ml"))
    assert WORKFLOW in workflows
    assert run_gate(lint_workflows, workflows) == []


def test_actionlint_catches_a_broken_workflow(tmp_path, run_gate):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ steps.nothing.outputs.url }}\n",
        encoding="utf-8",
    )
    problems = run_gate(lint_workflows, [broken])
    assert any(":6:" in line and "nothing" in line for line in problems), problems


def test_runs_on_push_to_main_and_by_hand(workflow):
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_least_permissions_and_one_deployment_at_a_time(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False


def test_uses_the_official_actions_pinned_to_a_major_version(workflow):
    used = {step["uses"] for step in steps(workflow) if "uses" in step}
    assert {action.split("@")[0] for action in used} == OFFICIAL_ACTIONS
    for action in used:
        assert re.fullmatch(r"actions/[a-z-]+@(v\d+|[0-9a-f]{40})", action), action
    setup_python = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup_python["with"]["cache"] == "pip"


def test_builds_strictly_with_the_address_configure_pages_reports(workflow):
    build = next(s for s in steps(workflow) if "invoke preview" in s.get("run", ""))
    assert "--strict" in build["run"]
    assert build["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    configure = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/configure-pages"))
    assert configure["id"] == "pages"
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output"


def test_deploys_after_the_build_to_the_pages_environment(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
