"""The CI templates for a site's repository call ./run.sh tasks that exist, build on a
schedule, cache cache/, and deploy through each platform's standard mechanism; they
pass the linters a maintainer would run (actionlint, zizmor, GitLab's CI schema)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
    assert {"check", "tautan", "test", "build", "publish", "deploy"} <= set(used)
    assert set(used) <= task_names(), set(used) - task_names()


def steps(job) -> list[dict]:
    return job.get("steps", [])


def github_if(expression: str, context: dict) -> bool:
    """A job's `if:` as GitHub evaluates it."""
    return bool(github_value(expression, context))


def github_value(expression: str, context: dict):
    """An expression as GitHub evaluates it, for the few forms the workflow uses: ==, !=,
    &&, || (which give an operand, as in Python), parentheses, 'strings', format('…{0}', x)
    and context values (a value the event does not carry is empty)."""
    tokens = re.findall(r"'[^']*'|&&|\|\||==|!=|[()]|,|format|[\w.-]+", expression)
    out = []
    for t in tokens:
        if t == "&&":
            out.append(" and ")
        elif t == "||":
            out.append(" or ")
        elif t == "format":
            out.append("str.format")
        elif t in ("==", "!=", "(", ")", ","):
            out.append(f" {t} ")
        elif t.startswith("'"):
            out.append(repr(t[1:-1]))
        else:
            out.append(repr(context.get(t, "")))
    return eval("".join(out))  # noqa: S307 - our own expression, made of the tokens above


def with_server(job: dict, context: dict) -> dict:
    """``context`` with the job's ``env.DEPLOY_SERVER`` as GitHub sets it ("true" or "false",
    from the secret DEPLOY_TARGET or the variable)."""
    expression = re.fullmatch(r"\$\{\{(.*)\}\}", job["env"]["DEPLOY_SERVER"])[1]
    return {**context, "env.DEPLOY_SERVER": "true" if github_value(expression, context) else "false"}


def test_github_workflow(github):
    on = github.get("on", github.get(True))  # YAML 1.1 reads `on` as true
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", on["schedule"][0]["cron"])
    jobs = github["jobs"]
    uses = {s.get("uses", "").split("@")[0] for job in jobs.values() for s in steps(job)}
    assert {"actions/cache", "actions/upload-artifact", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    caches = [s["with"]["path"] for job in jobs.values() for s in steps(job) if s.get("uses", "").startswith("actions/cache")]
    # The build's caches and pip's downloads (a new runner installs the locked packages from there).
    assert len(caches) == 2 and all(p.split() == ["cache/", "~/.cache/pip"] for p in caches), caches
    # The last cache of the same packages, else any: a site's read counts older than the
    # server's logs live only in cache/statistik.json, and a kit upgrade (a site's key is
    # its kit.txt) or a new lock changes the first key.
    restores = [s["with"]["restore-keys"].split() for job in jobs.values() for s in steps(job)
                if s.get("uses", "").startswith("actions/cache")]
    assert restores == [["situs-cache-${{", "hashFiles('requirements.lock')", "}}-", "situs-cache-"]] * 2, restores
    from content import situs

    site = situs.ci_files(ROOT, "github")[".github/workflows/situs.yml"]
    assert site.count("restore-keys: |\n            situs-cache-${{ hashFiles('kit.txt') }}-\n            situs-cache-\n") == 2
    assert jobs["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert github["permissions"] == {}
    # A pull request: annotated check, build, link check, the site's own tests; not the
    # kit's whole (browser) suite.
    pr = [job for job in jobs.values() if "pull_request" in job["if"] and "!=" not in job["if"]]
    assert len(pr) == 1
    runs = " ; ".join(s.get("run", "") for s in steps(pr[0]))
    assert "./run.sh check --format github" in runs and "./run.sh build" in runs and "./run.sh tautan" in runs
    assert "./run.sh test --args tests/situs" in runs
    assert not re.search(r"\./run\.sh test\s*($|;)", runs)
    # Production from the default branch only (a run by hand on another branch publishes
    # nothing), and the daily rebuild, whose event carries no repository, publishes.
    main = {"github.ref": "refs/heads/main", "github.event.repository.default_branch": "main"}
    runs_on = {
        "push": (main, True), "workflow_dispatch": (main, True),
        "schedule": ({"github.ref": "refs/heads/main"}, True),
        "pull_request": ({"github.ref": "refs/pull/7/merge", "github.event.repository.default_branch": "main"}, False),
    }
    for event, (context, publishes) in runs_on.items():
        assert github_if(jobs["publish"]["if"], {"github.event_name": event, **context}) is publishes, event
    # The daily run asks the links to other sites last (the publishing done), and goes on
    # whatever they answer; cache/ keeps the outcome for the next build's Monev self-check.
    check = [s for s in steps(jobs["publish"]) if "./run.sh tautan-luar" in s.get("run", "")]
    assert len(check) == 1 and steps(jobs["publish"])[-1] is check[0] and check[0]["continue-on-error"] is True
    assert [e for e in runs_on if github_if(check[0]["if"], {"github.event_name": e})] == ["schedule"]
    other = {"github.event_name": "workflow_dispatch", "github.ref": "refs/heads/coba",
             "github.event.repository.default_branch": "main"}
    assert github_if(jobs["publish"]["if"], other) is False
    # Run by hand with tindakan: kembalikan, the rollback job runs, not the publish job; on
    # another branch neither does.
    back = {"github.event_name": "workflow_dispatch", "inputs.tindakan": "kembalikan", "vars.DEPLOY_TARGET": "a@b:/srv", **main}
    assert github_if(jobs["publish"]["if"], back) is False and github_if(jobs["kembalikan"]["if"], back) is True
    assert github_if(jobs["kembalikan"]["if"], {**back, "inputs.tindakan": "terbitkan"}) is False
    assert github_if(jobs["kembalikan"]["if"], {**back, "github.ref": "refs/heads/coba"}) is False
    assert github_if(jobs["kembalikan"]["if"], {**back, "event_name": "push", "github.event_name": "push"}) is False
    assert "./run.sh rollback" in steps(jobs["kembalikan"])[-1]["run"] and jobs["kembalikan"]["environment"] == "produksi"
    # A rollback waiting for its turn is not cancelled by a push (a group keeps one run
    # pending): it has a group of its own; every other run of the default branch shares one.
    group = re.fullmatch(r"situs-\$\{\{(.*)\}\}", github["concurrency"]["group"])[1]
    groups = {name: github_value(group, {**main, **context}) for name, context in {
        "push": {"github.event_name": "push"}, "schedule": {"github.event_name": "schedule"},
        "terbitkan": {"github.event_name": "workflow_dispatch", "inputs.tindakan": "terbitkan"},
        "kembalikan": back}.items()}
    assert len(set(groups.values()) - {groups["kembalikan"]}) == 1 and groups["push"] != groups["kembalikan"], groups
    assert github_value(group, {"github.event_name": "pull_request", "github.ref": "refs/pull/7/merge"}) == "refs/pull/7/merge"
    # With GitHub Pages alone there is no release to go back to: the run fails saying what to do instead.
    pages_only = {**back, "vars.DEPLOY_TARGET": "", "vars.DEPLOY_PAGES": "true"}
    assert github_if(jobs["kembalikan"]["if"], pages_only) is True
    said = [s for s in steps(jobs["kembalikan"]) if "if" in s and github_if(s["if"], with_server(jobs["kembalikan"], pages_only))]
    assert len(said) == 1 and "::error::" in said[0]["run"] and "revert commit" in said[0]["run"]
    assert said[0]["run"].rstrip().endswith("exit 1")
    for server in (back, {**back, "vars.DEPLOY_TARGET": "", "secrets.DEPLOY_TARGET": "a@b:/srv"}):  # with a server: no error
        assert not [s for s in steps(jobs["kembalikan"]) if "if" in s and github_if(s["if"], with_server(jobs["kembalikan"], server))]
    # Deploys frozen by a variable: the site is built, not uploaded, and the log says so.
    frozen = next(s for s in steps(jobs["publish"]) if "./run.sh deploy" in s.get("run", ""))
    assert github_if(frozen["if"], with_server(jobs["publish"], {"vars.DEPLOY_TARGET": "a@b:/srv", "vars.DEPLOY_BEKU": "true"})) is False
    assert github_if(frozen["if"], with_server(jobs["publish"], {"vars.DEPLOY_TARGET": "a@b:/srv"})) is True
    # The server's address as a secret (GitHub masks it in the log anyone reads in a public
    # repository): the steps run as with the variable, and the secret wins when both are set.
    secret = {"secrets.DEPLOY_TARGET": "a@b:/srv"}
    assert github_if(frozen["if"], with_server(jobs["publish"], secret)) is True
    assert github_if(frozen["if"], with_server(jobs["publish"], {})) is False
    for job in ("publish", "kembalikan"):
        for step in steps(jobs[job]):
            if "DEPLOY_TARGET" in step.get("env", {}):
                given = re.fullmatch(r"\$\{\{(.*)\}\}", step["env"]["DEPLOY_TARGET"])[1]
                assert github_value(given, {**secret, "vars.DEPLOY_TARGET": "lama@c:/srv"}) == "a@b:/srv"
                assert github_value(given, {"vars.DEPLOY_TARGET": "lama@c:/srv"}) == "lama@c:/srv"
    assert "vars.DEPLOY_TARGET" not in " ".join(s.get("if", "") for job in jobs.values() for s in steps(job))
    assert jobs["pages"]["needs"] == "publish"
    # The deploy secrets live in an environment limited to main (README, Publishing): a job
    # that names no environment gets none of its secrets, and the deploy key is empty.
    assert jobs["publish"]["environment"] == "produksi"
    assert "environment \"produksi\"" in GITHUB.read_text(encoding="utf-8")
    publish = steps(jobs["publish"])
    deploy_step = next(s for s in publish if "./run.sh deploy" in s.get("run", ""))
    # Every documented DEPLOY_* variable reaches the deploy (an empty one means the default).
    assert {"DEPLOY_TARGET", "DEPLOY_KEEP", "DEPLOY_CHECK_URL", "DEPLOY_TIMEOUT", "DEPLOY_LOCK_WAIT",
            "DEPLOY_KEEPALIVE", "DEPLOY_KEEPALIVE_COUNT"} <= set(deploy_step["env"])
    # A site with neither a server nor Pages says so instead of passing green in silence.
    warning = next(s for s in publish if "tidak diterbitkan ke mana pun" in s.get("run", ""))
    assert github_if(warning["if"], with_server(jobs["publish"], {})) is True
    assert github_if(warning["if"], with_server(jobs["publish"], secret)) is False
    assert github_if(warning["if"], with_server(jobs["publish"], {"vars.DEPLOY_PAGES": "true"})) is False


def test_github_actions_pinned_to_commits_with_version(github):
    text = GITHUB.read_text(encoding="utf-8")
    pins = re.findall(r"uses: ([\w.-]+/[\w.-]+)@(\S+)(.*)", text)
    assert len(pins) >= 8
    for action, ref, comment in pins:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), (action, ref)
        assert re.search(r"#\s*v\d+(\.\d+)*", comment), (action, "no version comment")
    for job in github["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


def gitlab_script(gitlab, job) -> list[str]:
    """A job's script with its ``!reference [job, key]`` lines put in, as GitLab does."""
    out = []
    for line in gitlab[job]["script"]:
        out += gitlab[line[0]][line[1]] if isinstance(line, list) else [line]
    return out


def test_gitlab_pipeline(gitlab):
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "--output public" in " ".join(gitlab_script(gitlab, "pages"))
    # The daily (scheduled) pipeline asks the links to other sites after the publish build,
    # of the folder that build wrote, and goes on whatever they answer.
    for job, folder in (("publish", "output"), ("pages", "public")):
        script = gitlab_script(gitlab, job)
        at = next(i for i, line in enumerate(script) if "./run.sh tautan-luar" in line)
        assert at > next(i for i, line in enumerate(script) if "./run.sh publish" in line)
        assert '"$CI_PIPELINE_SOURCE" = schedule' in script[at] and "|| echo" in script[at]
        assert f"KELUARAN={folder}" in " ".join(script) or folder == "output"
    assert "cache/" in gitlab["cache"]["paths"]
    # A merge request's job cannot write the cache (pickles the build loads) a deploy reads.
    assert "$CI_COMMIT_REF_PROTECTED" in gitlab["cache"]["key"]
    sources = yaml.dump(gitlab["workflow"]["rules"])
    assert "schedule" in sources and "merge_request_event" in sources
    mr = gitlab["periksa"]
    assert mr["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    script = " ; ".join(mr["script"])
    assert "./run.sh check --format gitlab" in script and "./run.sh tautan" in script
    assert not re.search(r"\./run\.sh test\s*($|;)", script)
    assert mr["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    # Without DEPLOY_TARGET (and without Pages, which replaces this job) nothing is deployed: said.
    assert "tidak diterbitkan ke mana pun" in " ".join(gitlab_script(gitlab, "publish"))
    assert mr["artifacts"]["when"] == "always" and mr["artifacts"]["paths"] == ["output/"]
    assert gitlab["deploy"]["needs"] == ["publish"]
    # Production from the default branch only, whatever started the pipeline (schedule, by hand).
    assert gitlab[".production"]["rules"][-1] == {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}
    assert all([".production", "rules"] in gitlab[job]["rules"] for job in ("publish", "deploy", "pages"))


FAKE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAARAHASIA\n-----END OPENSSH PRIVATE KEY-----"


@pytest.mark.parametrize("job, index", [("publish", 0), ("deploy", 1)])
def test_gitlab_never_prints_a_key_given_as_text(gitlab, tmp_path, job, index):
    """DEPLOY_SSH_KEY must be a File variable (its value a path): given as text, the jobs
    say so and stop using it, and the key never reaches the log (`install` would have
    printed it in its error). Run as GitLab runs a script line: bash -eo pipefail."""
    lines = gitlab[job]["script" if job == "publish" else "before_script"]
    snippet = lines[index]
    assert "DEPLOY_SSH_KEY" in snippet and "./run.sh" not in snippet.split("\n")[0]
    env = {"PATH": "/usr/bin:/bin", "DEPLOY_TARGET": "situs@contoh.go.id:/srv/situs", "DEPLOY_SSH_KEY": FAKE_KEY,
           "HOME": str(tmp_path)}
    proc = subprocess.run(["bash", "-eo", "pipefail", "-c", snippet], cwd=tmp_path, env=env,
                          capture_output=True, encoding="utf-8", timeout=60)
    out = proc.stdout + proc.stderr
    assert "harus variabel bertipe File" in out, out
    assert "b3BlbnNzaC1rZXkt" not in out and "PRIVATE KEY" not in out
    assert (proc.returncode != 0) is (job == "deploy")  # read counts are optional, a deploy is not


def tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    assert path.exists(), f"{name} missing from the test requirements (requirements.lock)"
    return str(path)


def lint(*argv) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, encoding="utf-8", errors="replace", timeout=300)


def test_actionlint():
    proc = lint(tool("actionlint"), "-no-color", str(GITHUB.relative_to(ROOT)))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor():
    proc = lint(tool("zizmor"), "--offline", "--no-progress", str(GITHUB.relative_to(ROOT)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings" in proc.stdout + proc.stderr


def test_gitlab_ci_schema():
    proc = lint(tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci",
                str(GITLAB.relative_to(ROOT)))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_project_ci_still_runs_the_test_command():
    assert "bash run.sh test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_github_steps_give_the_deploy_key_to_their_commands_only_as_a_file(github, tmp_path):
    """Each step that holds the deploy key, run as the runner runs it (bash) with a
    ``./run.sh`` that notes its environment and the key's file: the key is in a file only
    that user can read while the step's command runs, neither it nor the known hosts reach
    that command's environment, and the files are gone when the step ends (the next step
    builds the site, which runs a site's own plugin code)."""
    key = "-----BEGIN OPENSSH PRIVATE KEY-----\nkunci-rahasia-uji\n-----END OPENSSH PRIVATE KEY-----"
    keyed = [s for job in github["jobs"].values() for s in steps(job) if "SSH_KEY" in s.get("env", {})]
    assert len(keyed) == 3
    for i, step in enumerate(keyed):
        work = tmp_path / str(i)
        (work / "tmp").mkdir(parents=True)
        (work / "run.sh").write_text('#!/bin/sh\nenv > "$RUNNER_TEMP/env-$1"\n'
                                     'stat -c %a "$RUNNER_TEMP/deploy_key" > "$RUNNER_TEMP/mode-$1"\n'
                                     'cp "$RUNNER_TEMP/deploy_key" "$RUNNER_TEMP/key-$1"\n', encoding="utf-8")
        (work / "run.sh").chmod(0o755)
        env = {"PATH": "/usr/bin:/bin", "RUNNER_TEMP": str(work / "tmp"), "SSH_KEY": key, "KNOWN_HOSTS": "host ssh-ed25519 AAAA",
               "DEPLOY_TARGET": "web@server:/srv/situs"}
        subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, env=env, check=True, capture_output=True)
        seen = list((work / "tmp").glob("env-*"))
        assert seen, step["run"]
        for f in seen:
            text = f.read_text(encoding="utf-8")
            assert "kunci-rahasia-uji" not in text and "AAAA" not in text, f.name
        command = seen[0].name.removeprefix("env-")
        assert "kunci-rahasia-uji" in (work / "tmp" / f"key-{command}").read_text(encoding="utf-8")
        assert (work / "tmp" / f"mode-{command}").read_text().strip() == "600"
        assert not (work / "tmp" / "deploy_key").exists() and not (work / "tmp" / "known_hosts").exists()
        # The server's host is masked in the log whatever form the address takes (the deploy
        # and ssh write it in their own), before the command runs; a local folder has none.
        for target, host in (("web@web1.sukamajukab.go.id:/srv/situs", "web1.sukamajukab.go.id"),
                             ("ssh://web@10.0.0.5:2222/srv/situs/", "10.0.0.5"), ("web1.sukamajukab.go.id:/srv", "web1.sukamajukab.go.id"),
                             ("/srv/situs", None)):
            said = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, env={**env, "DEPLOY_TARGET": target},
                                  check=True, capture_output=True, text=True).stdout
            assert said.splitlines()[:1] == ([f"::add-mask::{host}"] if host else []), (target, said)
