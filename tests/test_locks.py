"""Three hashed lock files, in sync: the runtime set (serve, build), the test set (test) and
the deploy set (deploy, rollback, releases in a job of their own)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s\\]+)", re.M)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {re.sub(r"[-_.]+", "-", name.split("[")[0]).lower(): version for name, version in PIN.findall(text)}


def requirements(name: str) -> set[str]:
    names = set()
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.sub(r"[-_.]+", "-", re.split(r"[\[=<>~ ]", line)[0]).lower())
    return names


def test_locks_agree_on_shared_pins_and_test_lock_is_a_superset():
    runtime, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert runtime and test
    assert {k: v for k, v in test.items() if k in runtime} == runtime
    assert requirements("requirements.in") <= set(runtime)
    assert requirements("requirements-test.in") <= set(test)
    deploy = pins("requirements-deploy.lock")
    assert deploy and {k: v for k, v in runtime.items() if k in deploy} == deploy
    assert requirements("requirements-deploy.in") == set(deploy)  # the task runner alone, nothing it pulls in


def test_every_pin_has_hashes():
    for lock in ("requirements.lock", "requirements-test.lock", "requirements-deploy.lock"):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text(encoding="utf-8"))
        for block in blocks:
            if PIN.match(block):
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]}"


def test_runtime_lock_has_no_test_tools():
    runtime = pins("requirements.lock")
    assert not {"pytest", "playwright", "hypothesis", "axe-playwright-python"} & set(runtime)


def fake_bin(folder: Path, name: str, script: str):
    path = folder / name
    path.write_text("#!/usr/bin/env bash\n" + script)
    path.chmod(0o755)


def test_system_deps_waits_for_a_busy_package_manager(tmp_path):
    """apt-get fails twice on the dpkg lock (an unattended upgrade), then works."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    count = tmp_path / "count"
    fake_bin(bin_, "dpkg-query", "exit 1\n")  # every package missing
    fake_bin(bin_, "sudo", 'exec "$@"\n')
    fake_bin(bin_, "apt-get", f"""
n=$(cat {count} 2>/dev/null || echo 0); echo $((n+1)) > {count}
if [ "$n" -lt 2 ]; then echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)" >&2; exit 100; fi
echo "$@" >> {tmp_path}/calls
""")
    env = {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}", "APT_LOCK_PAUSE": "0.1"}
    result = subprocess.run(["bash", str(ROOT / "scripts/system-deps.sh")], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "sedang dipakai proses lain" in result.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert any("update" in c for c in calls) and any("install" in c and "chromium" in c for c in calls)


def test_system_deps_gives_up_with_a_clear_message(tmp_path):
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    fake_bin(bin_, "dpkg-query", "exit 1\n")
    fake_bin(bin_, "sudo", 'exec "$@"\n')
    fake_bin(bin_, "apt-get", 'echo "E: Could not get lock /var/lib/apt/lists/lock" >&2; exit 100\n')
    env = {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}", "APT_LOCK_PAUSE": "0.2", "APT_LOCK_WAIT": "1"}
    result = subprocess.run(["bash", str(ROOT / "scripts/system-deps.sh")], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "masih dipakai proses lain" in result.stderr and "APT_LOCK_WAIT" in result.stderr


def test_notice_names_every_package_the_build_installs_and_what_is_published():
    """A legal office adopting the kit reads NOTICE: every package of the runtime lock is
    named with its licence family, and the two published with each site (Pagefind, Decap
    CMS) with where their licence texts are published."""
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    named = {re.sub(r"[-_.]+", "-", w).lower() for w in re.findall(r"[A-Za-z][\w.-]+", notice)}
    assert set(pins("requirements.lock")) - named == set()
    assert "pagefind/LICENSE.txt" in notice and "decap-cms.js.LICENSE.txt" in notice
