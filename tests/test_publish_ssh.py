"""Deploys through a real OpenSSH server and real rsync on loopback, with broken links.

Each test deploys the way a user does (`invoke deploy` in a fresh process, settings in
DEPLOY_* environment variables) to a target that sshd serves from a temporary folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, Site, runtime_only
from ssh_helper import SSHServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    server = SSHServer(tmp_path_factory.mktemp("sshd") / "ssh").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Two builds of a small site: v2 changes one page; both carry the same large
    document (as a published PDF would be), so an upload is worth cutting half-way."""
    base = tmp_path_factory.mktemp("situs")
    site = Site(base)
    document = os.urandom(600_000)
    outs = []
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        for n, title in ((1, "Profil PPID Lama"), (2, "Profil PPID Baru")):
            site.write("halaman/profil-ppid.md", f"Title: {title}\nSlug: profil-ppid\n\nPPID Utama.\n")
            site.output = base / f"v{n}"
            assert site.build(SITEURL="https://sukamajukab.go.id") == 0  # addresses as published
            (site.output / "dokumen").mkdir(exist_ok=True)
            (site.output / "dokumen" / "laporan-besar.pdf").write_bytes(document)
            outs.append(site.output)
    finally:
        mp.undo()
    return outs


def invoke(*args, env=None, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True, encoding="utf-8", errors="replace",
        env={**os.environ, "PYTHONPATH": runtime_only(), "DEPLOY_CHECK_URL": "" if "SITEURL" in (env or {}) else "-", **(env or {})},
        timeout=timeout, stdin=subprocess.DEVNULL,
    )


def ok(proc):
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def sent(proc) -> int:
    m = re.search(r"Terkirim (\d+) bita", proc.stdout)
    assert m, proc.stdout
    return int(m[1])


def live(target: Path) -> str:
    return os.readlink(target / "current").removeprefix("releases/")


def assert_intact(target: Path, release: str, built: Path):
    """The live site is that release, complete; nothing half-uploaded is left."""
    assert live(target) == release
    assert digest(target / "current") == digest(built)
    assert not [p.name for p in (target / "releases").iterdir() if p.name.startswith(".")]


def test_deploy_rollback_prune_through_real_ssh(sshd, builds, tmp_path):
    v1, v2 = builds
    target = tmp_path / "srv" / "situs"
    # The port in the target (ssh://user@host:port/…) …
    url_env = {"DEPLOY_SSH": sshd.ssh, "DEPLOY_TARGET": f"ssh://{sshd.user}@127.0.0.1:{sshd.port}{target}"}
    # … or from the user's ssh config (Host alias with Port).
    alias_env = {"DEPLOY_SSH": sshd.ssh, "DEPLOY_TARGET": f"{sshd.alias}:{target}", "DEPLOY_KEEP": "2"}

    first = ok(invoke("deploy", "--output", str(v1), env=url_env))
    release_1 = live(target)
    assert digest(target / "current") == digest(v1)
    total = sum(p.stat().st_size for p in v1.rglob("*") if p.is_file())
    assert sent(first) >= total * 0.9

    second = ok(invoke("deploy", "--output", str(v2), env=alias_env))
    release_2 = live(target)
    assert release_2 > release_1 and digest(target / "current") == digest(v2)
    # Only what changed travelled: unchanged files are hard links into the previous
    # release (--link-dest), and the bytes sent are a small part of the first upload.
    assert sent(second) < sent(first) / 5, (sent(first), sent(second))
    document = "dokumen/laporan-besar.pdf"
    r1, r2 = target / "releases" / release_1, target / "releases" / release_2
    assert (r1 / document).stat().st_ino == (r2 / document).stat().st_ino
    page = "profil-ppid/index.html"
    assert (r1 / page).stat().st_ino != (r2 / page).stat().st_ino

    listing = [line.split("  commit")[0] for line in ok(invoke("releases", env=url_env)).stdout.splitlines()]
    assert listing == [f"  {release_1}", f"* {release_2}"]

    # The same site again (the daily rebuild of unchanged content): no third release, so a
    # rollback still goes to the site before.
    same = ok(invoke("deploy", "--output", str(v2), env=alias_env))
    assert f"Tidak ada yang berubah sejak rilis {release_2}" in same.stdout, same.stdout
    assert live(target) == release_2 and sorted(p.name for p in (target / "releases").iterdir()) == [release_1, release_2]

    ok(invoke("rollback", env=alias_env))
    assert live(target) == release_1 and digest(target / "current") == digest(v1)

    # Pruning: DEPLOY_KEEP=2 keeps two releases, dropping first the one the rollback left.
    ok(invoke("deploy", "--output", str(v2), env=alias_env))
    release_3 = live(target)
    assert sorted(p.name for p in (target / "releases").iterdir()) == [release_1, release_3]
    listing = [line.split("  commit")[0] for line in ok(invoke("releases", env=alias_env)).stdout.splitlines()]
    assert listing == [f"  {release_1}", f"* {release_3}"]


def deployed_v1(sshd, v1, target, **env):
    env = {"DEPLOY_SSH": sshd.ssh, "DEPLOY_TARGET": f"{sshd.alias}:{target}", **env}
    ok(invoke("deploy", "--output", str(v1), env=env))
    return env, live(target)


def assert_failed(proc, *words):
    assert proc.returncode != 0, proc.stdout
    for word in words:
        assert word in proc.stderr, proc.stderr


def large_upload(v2: Path, tmp_path: Path, size: int = 2_000_000) -> Path:
    """v2 with another large document: an upload long enough to be cut, stalled or refused."""
    big = tmp_path / "v2-besar"
    shutil.copytree(v2, big)
    (big / "dokumen" / "unggahan-besar.bin").write_bytes(os.urandom(size))
    return big


def test_connection_cut_mid_upload(sshd, builds, tmp_path):
    v1, v2 = builds
    target = tmp_path / "srv"
    env, release_1 = deployed_v1(sshd, v1, target)
    big = large_upload(v2, tmp_path)  # cut after 150 kB
    cut = sshd.relay_ssh("putus", "cut", 150_000)
    proc = invoke("deploy", "--output", str(big), env={**env, "DEPLOY_SSH": cut})
    assert_failed(proc, "terputus", f"tetap rilis {release_1}", "jalankan deploy lagi")
    assert_intact(target, release_1, v1)
    assert [p.name for p in (target / "releases").iterdir()] == [release_1]
    ok(invoke("deploy", "--output", str(big), env=env))
    assert digest(target / "current") == digest(big)


def test_stalled_connection_is_given_up(sshd, builds, tmp_path):
    v1, v2 = builds
    target = tmp_path / "srv"
    env, release_1 = deployed_v1(sshd, v1, target)
    big = large_upload(v2, tmp_path)
    stall = sshd.relay_ssh("macet", "stall", 150_000)
    limits = {"DEPLOY_KEEPALIVE": "1", "DEPLOY_KEEPALIVE_COUNT": "2", "DEPLOY_TIMEOUT": "3"}
    # Without the limits this would hang for as long as it is left; the test's own
    # timeout (90 s) would fail it.
    proc = invoke("deploy", "--output", str(big), env={**env, **limits, "DEPLOY_SSH": stall}, timeout=90)
    assert_failed(proc, "macet", f"tetap rilis {release_1}", "DEPLOY_TIMEOUT")
    assert_intact(target, release_1, v1)
    ok(invoke("deploy", "--output", str(big), env=env))
    assert digest(target / "current") == digest(big)


def test_default_stall_limits_give_up_within_two_minutes():
    from publish import deploy

    options = deploy.Options.from_env({})
    assert 0 < options.gives_up_after <= 120
    argv = deploy.Target.parse("ssh://deploy@web1:2222/srv/situs", options=options).ssh_argv()
    assert argv[:3] == ["ssh", "-p", "2222"]
    assert f"ServerAliveInterval={options.keepalive}" in argv and f"ServerAliveCountMax={options.keepalive_count}" in argv
    with pytest.raises(deploy.DeployError, match="DEPLOY_TIMEOUT"):
        deploy.Options.from_env({"DEPLOY_TIMEOUT": "satu menit"})


class RefusedWrites:
    """The target's disk refuses writes: full (a small tmpfs, as root) or read-only
    (permissions, as any other user)."""

    def __init__(self, target: Path):
        self.target = target
        self.mounted = False

    def prepare(self, size: int):
        self.target.mkdir(parents=True)
        if os.geteuid() == 0:
            subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(self.target)], check=True)
            self.mounted = True

    def refuse(self):
        if self.mounted:
            filler = self.target / "pengisi"
            # Unbuffered: a buffered file would try the failed write again when closed.
            with open(filler, "wb", buffering=0) as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                except OSError:
                    pass
            # Room for the lock and a few small files, not for the upload.
            os.truncate(filler, max(filler.stat().st_size - 200_000, 0))
        else:
            (self.target / "releases").chmod(0o555)

    def read_only(self):
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(self.target)], check=True)
        else:
            self.target.chmod(0o555)

    def writable(self):
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,rw", str(self.target)], check=True)
        else:
            self.target.chmod(0o755)

    def allow(self):
        if self.mounted:
            (self.target / "pengisi").unlink()
        else:
            (self.target / "releases").chmod(0o755)

    def close(self):
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.target)], check=False)


def test_target_disk_refusing_writes(sshd, builds, tmp_path):
    v1, v2 = builds
    total = sum(p.stat().st_size for p in v1.rglob("*") if p.is_file())
    target = tmp_path / "srv"
    disk = RefusedWrites(target)
    disk.prepare(total * 4 + 4_000_000)
    try:
        env, release_1 = deployed_v1(sshd, v1, target)
        big = large_upload(v2, tmp_path, 1_000_000)
        disk.refuse()
        proc = invoke("deploy", "--output", str(big), env=env)
        assert_failed(proc, "Server menolak menulis", f"tetap rilis {release_1}", "lalu jalankan deploy lagi")
        assert_intact(target, release_1, v1)
        disk.allow()
        ok(invoke("deploy", "--output", str(big), env=env))
        assert digest(target / "current") == digest(big)
    finally:
        disk.close()


def test_a_target_that_cannot_be_written_is_said_before_anything_moves(sshd, builds, tmp_path):
    """A read-only file system (or a folder the deploy user does not own) failed at the
    lock with the shell's English words and no advice."""
    v1, v2 = builds
    target = tmp_path / "srv"
    disk = RefusedWrites(target)
    disk.prepare(50_000_000)
    try:
        env, release_1 = deployed_v1(sshd, v1, target)
        disk.read_only()
        proc = invoke("deploy", "--output", str(v2), env=env)
        assert_failed(proc, "Server menolak menulis", "Situs yang tayang tidak diubah", "chown")
        disk.writable()
        assert_intact(target, release_1, v1)
    finally:
        disk.close()


def start_slow_deploy(sshd, built, env, session=False, gate: Path | None = None) -> subprocess.Popen:
    """A deploy whose upload crawls; ``session``: in a process group of its own, as a
    terminal's foreground job (a Ctrl-C reaches every process of it); ``gate``: instead,
    its upload stops after its first 300 000 bytes for as long as that file exists."""
    slow = sshd.relay_ssh("tahan", "hold", 300_000, gate) if gate else sshd.relay_ssh("lambat", "slow", 400_000)
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", "deploy", "--output", str(built)], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, encoding="utf-8", env={**os.environ, "DEPLOY_CHECK_URL": "-", **env, "DEPLOY_SSH": slow},
        stdin=subprocess.DEVNULL, start_new_session=session,
    )


def descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            kids = (task / "children").read_text().split() if (task / "children").exists() else []
            for k in map(int, kids):
                if k not in found:
                    found.add(k)
                    todo.append(k)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


def test_ctrl_c_during_an_upload_says_so_and_leaves_the_live_site(sshd, builds, tmp_path):
    """Ctrl-C was told as a lost connection ("periksa jaringan")."""
    import signal

    target, env, release_1, big, proc = upload_under_way(sshd, builds, tmp_path, 1_500_000, session=True)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0 and "Unggahan dihentikan (Ctrl-C" in err, out + err
    assert "Traceback" not in err and "jaringan" not in err
    assert_intact(target, release_1, builds[0])


def test_a_deploy_killed_outright_takes_its_upload_with_it(sshd, builds, tmp_path):
    """kill -9 of the deploy freed its lock at once while its rsync went on writing: a
    second deploy then ran beside it."""
    import signal

    target, env, _, big, proc = upload_under_way(sshd, builds, tmp_path, 4_000_000)
    children = descendants(proc.pid)
    rsync = [p for p in children if Path(f"/proc/{p}/comm").read_text().strip() == "rsync"]
    assert rsync, children
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    # Left alone, rsync would write on until its file is done (4 MB at 400 kB/s).
    for _ in range(30):
        if not any(alive(p) for p in rsync):
            break
        time.sleep(0.1)
    assert not any(alive(p) for p in rsync)
    ok(invoke("deploy", "--output", str(big), env=env))  # the next one cleans the half upload
    assert digest(target / "current") == digest(big)
    assert not [p.name for p in (target / "releases").iterdir() if p.name.startswith(".unggah")]


def upload_under_way(sshd, builds, tmp_path, size: int, session=False, gate: Path | None = None):
    """v1 deployed, then a slow deploy of v2 with a ``size``-byte document, uploading now:
    (target, env, v1's release, the folder uploaded, its process)."""
    v1, v2 = builds
    target = tmp_path / "srv"
    env, release_1 = deployed_v1(sshd, v1, target)
    big = large_upload(v2, tmp_path, size)
    proc = start_slow_deploy(sshd, big, env, session, gate)
    wait_for_upload(target, proc)
    return target, env, release_1, big, proc


def wait_for_upload(target: Path, proc: subprocess.Popen):
    for _ in range(600):
        if list((target / "releases").glob(".unggah-*")):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the first deploy never started uploading")


def test_two_deploys_at_once(sshd, builds, tmp_path):
    v1 = builds[0]
    # A second deploy that will not wait stops with a clear message and changes nothing.
    # (The first one's upload is held until both were tried, however slow the machine.)
    gate = tmp_path / "tahan-unggahan"
    gate.touch()
    target, env, release_1, big, first = upload_under_way(sshd, builds, tmp_path, 1_500_000, gate=gate)
    proc = invoke("deploy", "--output", str(v1), env={**env, "DEPLOY_LOCK_WAIT": "0"})
    assert_failed(proc, "Deploy atau rollback lain sedang berjalan", "DEPLOY_LOCK_WAIT", "Situs yang tayang tidak diubah",
                  "jalankan deploy lagi")
    proc = invoke("rollback", env={**env, "DEPLOY_LOCK_WAIT": "0"})
    assert_failed(proc, "Deploy atau rollback lain sedang berjalan", "jalankan rollback lagi")
    assert first.poll() is None  # still uploading: both were tried while it ran
    gate.unlink()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, out + err
    release_2 = live(target)
    assert release_2 != release_1 and digest(target / "current") == digest(big)
    assert sorted(p.name for p in (target / "releases").iterdir()) == [release_1, release_2]

    # One that waits goes after the first has switched: both releases complete, in order.
    (big / "dokumen" / "unggahan-besar.bin").write_bytes(os.urandom(1_500_000))
    first = start_slow_deploy(sshd, big, env)
    wait_for_upload(target, first)
    second = ok(invoke("deploy", "--output", str(v1), env={**env, "DEPLOY_LOCK_WAIT": "120"}))
    assert "menunggu" in second.stdout
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, out + err
    names = sorted(p.name for p in (target / "releases").iterdir())
    assert len(names) == 4 and live(target) == names[-1]
    assert digest(target / "releases" / names[-2]) == digest(big)
    assert digest(target / "current") == digest(v1)


def test_live_check_after_the_switch_rolls_back_by_itself(sshd, builds, tmp_path):
    """nginx on loopback serves the target's `current`: a deploy checks pages through
    it. A server that serves something else (here: a stale copy) or nothing at all
    makes the deploy switch back by itself."""
    from nginx_helper import Nginx, free_port, nginx_binary

    if not nginx_binary():
        pytest.fail("nginx not installed: run ./run.sh test, which installs Debian's nginx")
    v1, v2 = builds
    target = tmp_path / "srv"
    target.mkdir()
    stale = tmp_path / "salinan-lama"
    shutil.copytree(v1, stale)
    live_server = Nginx(target / "current", tmp_path / "nginx-live").start()
    stale_server = Nginx(stale, tmp_path / "nginx-lama").start()
    try:
        env = {"DEPLOY_SSH": sshd.ssh, "DEPLOY_TARGET": f"{sshd.alias}:{target}"}
        first = ok(invoke("deploy", "--output", str(v1), env={**env, "DEPLOY_CHECK_URL": live_server.url}))
        assert "halaman sama dengan yang diunggah" in first.stdout
        release_1 = live(target)

        proc = invoke("deploy", "--output", str(v2), env={**env, "DEPLOY_CHECK_URL": stale_server.url})
        assert_failed(proc, "profil-ppid/", "tidak sama dengan yang diunggah", f"current → releases/{release_1}",
                      "Dikembalikan otomatis")
        assert_intact(target, release_1, v1)
        assert [p.name for p in (target / "releases").iterdir()] == [release_1]

        closed = f"http://127.0.0.1:{free_port()}"
        proc = invoke("deploy", "--output", str(v2), env={**env, "SITEURL": closed})
        assert_failed(proc, closed, "Dikembalikan otomatis")
        assert_intact(target, release_1, v1)

        ok(invoke("deploy", "--output", str(v2), env={**env, "SITEURL": live_server.url}))
        assert digest(target / "current") == digest(v2)
    finally:
        live_server.stop()
        stale_server.stop()
