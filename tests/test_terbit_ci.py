"""The CI templates for a site's repository call ./run.sh tasks that exist, build on a
schedule, cache cache/, and deploy through each platform's standard mechanism."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

GITHUB = ROOT / ".github" / "workflows" / "situs.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


class GitLabLoader(yaml.SafeLoader):
    pass


GitLabLoader.add_constructor("!reference", lambda loader, node: loader.construct_sequence(node))


@pytest.fixture(scope="module")
def github():
    return yaml.safe_load(GITHUB.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gitlab():
    return yaml.load(GITLAB.read_text(encoding="utf-8"), Loader=GitLabLoader)


def task_names() -> set[str]:
    import tasks

    return {name for name, obj in vars(tasks).items() if type(obj).__name__ == "Task"}


def commands(text: str) -> list[str]:
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return re.findall(r"\./run\.sh (\w+)", code)


@pytest.mark.parametrize("path", [GITHUB, GITLAB])
def test_every_step_is_an_existing_task(path):
    used = commands(path.read_text(encoding="utf-8"))
    assert {"check", "test", "build", "publish"} <= set(used)
    assert set(used) <= task_names(), set(used) - task_names()


def test_github_workflow(github):
    on = github.get("on", github.get(True))  # YAML 1.1 reads `on` as true
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", on["schedule"][0]["cron"])
    jobs = github["jobs"]
    uses = {s.get("uses", "").split("@")[0] for job in jobs.values() for s in job.get("steps", [])}
    assert {"actions/cache", "actions/upload-artifact", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    caches = [s["with"]["path"] for job in jobs.values() for s in job.get("steps", []) if s.get("uses", "").startswith("actions/cache")]
    assert caches and all(p.rstrip("/") == "cache" for p in caches)
    assert "pull_request" in jobs["test"]["if"] and "pull_request" in jobs["preview"]["if"]
    assert jobs["pages"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_gitlab_pipeline(gitlab):
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "--output public" in " ".join(gitlab["pages"]["script"])
    assert "cache/" in gitlab["cache"]["paths"]
    sources = yaml.dump(gitlab["workflow"]["rules"])
    assert "schedule" in sources and "merge_request_event" in sources
    assert gitlab["preview"]["artifacts"]["paths"] == ["output/"]
    assert gitlab["deploy"]["needs"] == ["publish"]


def test_project_ci_still_runs_the_test_command():
    assert "bash run.sh test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
