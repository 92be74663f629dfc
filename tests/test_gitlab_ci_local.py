"""The GitLab template run by a real runner: gitlab-ci-local (npm) in shell mode runs
the merge-request and default-branch pipelines of .gitlab-ci.yml in a copy of this
repository (the sample site), deploying to a real sshd on loopback, and the merge-request
pipeline of a site made by `situs-baru`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT, runtime_only
from ssh_helper import SSHServer
from test_situs_baru import git, kit, new_site  # noqa: F401 - kit is a fixture

pytestmark = pytest.mark.slow

# The newest release that runs on Debian 12's Node.js 20 (later ones need Node 22).
GITLAB_CI_LOCAL = "gitlab-ci-local@4.72.0"
TOOL_DIR = ROOT / ".cache" / "gitlab-ci-local"


@pytest.fixture(scope="module")
def gitlab_ci_local() -> str:
    binary = TOOL_DIR / "node_modules" / ".bin" / "gitlab-ci-local"
    if not binary.exists():
        if not shutil.which("npm"):
            pytest.fail("npm not installed: apt-get install npm")
        subprocess.run(["npm", "install", "--prefix", str(TOOL_DIR), "--no-audit", "--no-fund", "--loglevel=error",
                        GITLAB_CI_LOCAL], check=True, timeout=600)
    return str(binary)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """This working tree's files (tracked and new, not ignored) as a site's repository
    on its default branch, using this checkout's .venv."""
    dest = tmp_path_factory.mktemp("gitlab") / "situs"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    git = ["git", "-c", "user.name=Diskominfo", "-c", "user.email=diskominfo@contoh.go.id"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "situs"],
                 ["remote", "add", "origin", "https://gitlab.contoh.go.id/diskominfo/situs.git"]):
        subprocess.run([*git, *args], cwd=dest, check=True)
    return dest


def pipeline(tool, repo, *variables, job=None, listing=False) -> subprocess.CompletedProcess:
    """The pipeline (or one ``job`` of it, a manual one too; or with ``listing`` the jobs it
    would run, without running them)."""
    argv = [tool, "--force-shell-executor", "--color=false", "--variable", "CI_DEFAULT_BRANCH=main"]
    if job:
        argv += [job, "--manual", job]
    if listing:
        argv += ["--list"]
    for v in variables:
        argv += ["--variable", v]
    return subprocess.run(argv, cwd=repo, capture_output=True, encoding="utf-8", errors="replace", timeout=1200,
                          stdin=subprocess.DEVNULL,
                          # The jobs' tasks see the runtime lock's modules alone, as on a runner.
                          env={**os.environ, "PYTHONPATH": runtime_only(), "GCL_IGNORE_PREDEFINED_VARS": "CI_DEFAULT_BRANCH"})


def jobs(proc) -> dict[str, str]:
    return {line.split()[-1]: line.split()[0] for line in proc.stdout.splitlines()
            if line.strip().startswith(("PASS", "FAIL"))}


def test_merge_request_pipeline(gitlab_ci_local, repo):
    proc = pipeline(gitlab_ci_local, repo, "CI_PIPELINE_SOURCE=merge_request_event")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert jobs(proc) == {"periksa": "PASS"}
    for step in ("./run.sh check --format gitlab", "./run.sh build", "./run.sh tautan"):
        assert step in proc.stdout
    assert "passed" not in proc.stdout  # the kit's test suite did not run (no tests/situs/ here)
    # The sample's content has no error; its warnings (minor) are the exemption it keeps past
    # its Berlaku-Hingga on purpose and the berkala cells that have aged since it was
    # written, each on its file and line.
    report = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert report and {e["severity"] for e in report} == {"minor"}, report
    expired = [e for e in report if "kedaluwarsa" in e["description"]]
    assert [e["location"]["path"] for e in expired] == ["content/dip/dpupr/hps-paket-konstruksi-2026.md"]
    assert all("kedaluwarsa" in e["description"] or "perlu diperbarui" in e["description"] for e in report), report
    assert all(e["location"]["lines"]["begin"] > 1 for e in report)

    # An author's mistake fails the pipeline and lands in the code quality report on its line.
    news = sorted((repo / "content" / "berita").rglob("*.md"))[0]
    original = news.read_text(encoding="utf-8")
    lines = original.splitlines()
    n = next(i for i, line in enumerate(lines) if line.lower().startswith("date:"))
    lines[n] = "Date: kemarin sore"
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        proc = pipeline(gitlab_ci_local, repo, "CI_PIPELINE_SOURCE=merge_request_event")
    finally:
        news.write_text(original, encoding="utf-8")
    assert proc.returncode != 0 and jobs(proc) == {"periksa": "FAIL"}
    report = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    rel = news.relative_to(repo).as_posix()
    assert {"path": rel, "lines": {"begin": n + 1}} in [e["location"] for e in report if e["severity"] == "major"]


def test_default_branch_pipeline_deploys_over_ssh(gitlab_ci_local, repo, tmp_path):
    sshd = SSHServer(tmp_path / "ssh").start()
    try:
        target = tmp_path / "srv" / "situs"
        known = (sshd.base / "known_hosts").read_text().splitlines()[0]
        # Pasted into GitLab's form without its last newline, as the form keeps it.
        pasted = tmp_path / "kunci-tempel"
        pasted.write_text((sshd.base / "user_key").read_text().rstrip("\n"))
        proc = pipeline(gitlab_ci_local, repo, f"DEPLOY_TARGET=ssh://{sshd.user}@127.0.0.1:{sshd.port}{target}",
                        f"DEPLOY_SSH_KEY={pasted}", f"DEPLOY_KNOWN_HOSTS={known}")
    finally:
        sshd.stop()
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert jobs(proc) == {"publish": "PASS", "deploy": "PASS"}
    assert "log tidak terbaca" not in proc.stdout  # the read counts' connection took the key too
    live = target / "current" / "index.html"
    assert live.read_bytes() == (repo / "output" / "index.html").read_bytes()
    assert "https://sukamajukab.go.id/" in live.read_text(encoding="utf-8")  # the production build
    assert (target / "current" / "index.html.gz").exists()
    # The rollback job, by hand: it reaches the server with the same key (one release:
    # nothing before it, said in Indonesian); a frozen deploy publishes nothing.
    sshd = SSHServer(tmp_path / "ssh2").start()
    try:
        known = (sshd.base / "known_hosts").read_text().splitlines()[0]
        key = tmp_path / "kunci2"
        key.write_text((sshd.base / "user_key").read_text())
        target_vars = (f"DEPLOY_TARGET=ssh://{sshd.user}@127.0.0.1:{sshd.port}{target}", f"DEPLOY_SSH_KEY={key}",
                       f"DEPLOY_KNOWN_HOSTS={known}")
        rollback = pipeline(gitlab_ci_local, repo, *target_vars, job="rollback")
        frozen = pipeline(gitlab_ci_local, repo, *target_vars, "DEPLOY_BEKU=True", listing=True)
    finally:
        sshd.stop()
    assert "tidak ada rilis sebelumnya yang bisa dikembalikan" in rollback.stdout, rollback.stdout[-3000:]
    assert (target / "current" / "index.html").read_bytes() == (repo / "output" / "index.html").read_bytes()
    listed = {line.split()[0] for line in frozen.stdout.splitlines()[1:] if line.strip()}
    assert "publish" in listed and "deploy" not in listed, frozen.stdout


def test_a_new_site_s_merge_request_pipeline_runs_its_own_tests(gitlab_ci_local, kit, tmp_path):
    """The template as a region's repository gets it from `situs-baru`: its run.sh clones
    the kit at the version kit.txt names, the site's own tests (tests/situs/) run in its
    folder, and the problems land in its code quality report named from its folder."""
    site = new_site(kit, tmp_path / "situs-tirtajaya", repo="")
    own = site / "tests/situs/test_situs.py"
    own.parent.mkdir(parents=True)
    own.write_text("from pathlib import Path\n\n\ndef test_home_names_the_region():\n"
                   "    assert 'Kota Tirtajaya' in Path('output/index.html').read_text(encoding='utf-8')\n", encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "situs"],
                 ["remote", "add", "origin", "https://gitlab.contoh.go.id/pemkot-tirtajaya/situs.git"]):
        git(site, *args)
    proc = subprocess.run(
        [gitlab_ci_local, "--force-shell-executor", "--color=false", "--variable", "CI_DEFAULT_BRANCH=main",
         "--variable", "CI_PIPELINE_SOURCE=merge_request_event"],
        cwd=site, capture_output=True, encoding="utf-8", errors="replace", timeout=1200, stdin=subprocess.DEVNULL,
        env={**os.environ, "SITUS_DAERAH_VENV": str(ROOT / ".venv"), "GCL_IGNORE_PREDEFINED_VARS": "CI_DEFAULT_BRANCH"})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert jobs(proc) == {"periksa": "PASS"}
    head = subprocess.run(["git", "-C", str(site / "kit"), "rev-parse", "HEAD"], capture_output=True, text=True)
    tag = subprocess.run(["git", "-C", str(kit), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert head.stdout == tag.stdout and head.returncode == 0  # the kit cloned at kit.txt's version
    assert "1 passed" in proc.stdout, proc.stdout[-4000:]  # tests/situs/, in the site's folder
    assert "Kota Tirtajaya" in (site / "output/index.html").read_text(encoding="utf-8")
    report = json.loads((site / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert report and {e["severity"] for e in report} == {"minor"}  # a new site's drafts: warnings only
    # On the site's files: its content, and its settings for the menu entries its drafts hide.
    assert all(e["location"]["path"].startswith("content/") or e["location"]["path"] == "pelicanconf.py" for e in report)
    assert any(e["location"]["path"] == "pelicanconf.py" and "masih draf" in e["description"] for e in report), report
