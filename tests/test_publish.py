"""Publishing: reproducible output, fingerprinted assets, precompressed copies, releases."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import brotli
import pytest

from conftest import EPOCH, ROOT, runtime_only

PUBLISHCONF = ROOT / "publishconf.py"
TEXT = {".html", ".css", ".js", ".xml", ".json", ".csv", ".txt", ".svg", ".ics", ".webmanifest", ".yml"}


def invoke(*args, env=None, check=True) -> subprocess.CompletedProcess:
    """Run a task as a user would (`invoke <task> …`), in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True, encoding="utf-8", errors="replace",
        env={**os.environ, "PYTHONPATH": runtime_only(), **(env or {})},
    )
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def empty_search_cache():
    """Empty the project's search cache the way a build would: under its lock, held
    exclusive, so that a build of the sample in another test process is not left reading
    shards deleted under it (it holds the lock shared while it uses them)."""
    from common.files import CacheLock
    from search.shards import LOCK

    cache = ROOT / "cache" / "cari"
    cache.mkdir(parents=True, exist_ok=True)
    with CacheLock(cache / LOCK, exclusive=True):
        for entry in cache.iterdir():
            if entry.name == LOCK:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """The sample site published twice: other folder names, other hash seeds, same epoch."""
    base = tmp_path_factory.mktemp("terbit")
    outs = []
    for n, seed in ((1, "1"), (2, "4242")):
        out = base / f"keluaran-{n}" / "output"
        empty_search_cache()  # each build indexes search from scratch
        invoke("publish", "--output", str(out), env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed})
        outs.append(out)
    return outs[0], outs[1]


@pytest.mark.slow
def test_two_publish_builds_are_byte_identical(published):
    a, b = tree(published[0]), tree(published[1])
    assert len(a) > 100
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == []


@pytest.mark.slow
def test_precompressed_copies_beside_text_files(published):
    out = published[0]
    files = [p for p in out.rglob("*") if p.is_file()]
    texts = [p for p in files if p.suffix in TEXT]
    assert {".html", ".css", ".xml"} <= {p.suffix for p in texts}
    kept = 0
    for p in texts:
        original = p.read_bytes()
        gz, br = Path(f"{p}.gz"), Path(f"{p}.br")
        if gz.exists():
            packed = gz.read_bytes()
            assert gzip.decompress(packed) == original, gz
            assert packed[4:8] == b"\0\0\0\0", f"{gz}: gzip header carries a time"
            assert not packed[3] & 0x08, f"{gz}: gzip header carries a file name"
            assert len(packed) < len(original)
            kept += 1
        if br.exists():
            assert brotli.decompress(br.read_bytes()) == original, br
            assert br.stat().st_size < len(original)
    # The editor's configuration too (190 KB of YAML, sent to every OPD editor's browser).
    assert Path(f"{out}/admin/config.yml.gz").is_file() and Path(f"{out}/admin/config.yml.br").is_file()
    # Every page of some size gets its copies; the home page certainly.
    assert Path(f"{out}/index.html.gz").exists() and Path(f"{out}/index.html.br").exists()
    big_pages = [p for p in texts if p.suffix == ".html" and p.stat().st_size > 4096]
    assert big_pages and all(Path(f"{p}.gz").exists() and Path(f"{p}.br").exists() for p in big_pages)
    assert kept > len(texts) / 2
    # Images and documents are not compressed again.
    assert not [p for p in files if p.suffix in {".gz", ".br"} and Path(str(p)[:-3]).suffix in {".jpg", ".png", ".pdf"}]


@pytest.mark.slow
def test_fingerprinted_stylesheet(published):
    out = published[0]
    html = (out / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<link rel="stylesheet" href="https://[^"]+/theme/css/(situs\.([0-9a-f]{8})\.css)"', html)
    assert m, "the stylesheet link is not fingerprinted"
    source = (ROOT / "theme" / "static" / "css" / "situs.css").read_bytes()
    assert m[2] == hashlib.sha256(source).hexdigest()[:8]
    assert (out / "theme" / "css" / m[1]).read_bytes() == source
    # Every page's own stylesheets and scripts too (the search page's were not: an hour's
    # cache could pair new HTML with an old script after a deploy).
    plain = {(str(p.relative_to(out)), ref) for p in out.rglob("*.html")
             for ref in re.findall(r'(?:href|src)="[^"]*/(theme/[^"]+\.(?:css|js))"', p.read_text(encoding="utf-8"))
             if not re.search(r"\.[0-9a-f]{8}\.(?:css|js)$", ref)}
    assert not plain, sorted(plain)[:5]


def test_dev_build_is_not_precompressed_and_fingerprint_can_be_off(site):
    assert site.build() == 0
    assert not list(site.output.rglob("*.gz")) and not list(site.output.rglob("*.br"))
    assert re.search(r'href="/theme/css/situs\.[0-9a-f]{8}\.css"', site.read("index.html"))
    assert site.build(ASSET_FINGERPRINT=False) == 0
    assert 'href="/theme/css/situs.css"' in site.read("index.html")


def test_publish_after_a_build_into_the_same_output_is_a_production_build(site):
    """`build` then `publish` into one folder (a laptop, a CI job): the second is not
    skipped as "unchanged", whatever the incremental build remembers."""
    from content import build

    assert site.build() == 0
    assert "https://sukamajukab.go.id/" not in site.read("index.html")
    assert build.build(PUBLISHCONF, site.output, **site.settings()) == 0  # publishconf's own SITEURL
    assert "https://sukamajukab.go.id/" in site.read("index.html")


def test_precompress_setting_turns_compression_on(site):
    assert site.build(PRECOMPRESS=True) == 0
    assert gzip.decompress((site.output / "index.html.gz").read_bytes()) == (site.output / "index.html").read_bytes()


def test_empty_feed_is_dated_by_source_date_epoch(site):
    """A feed without dated items would carry the build time; it carries the epoch."""
    import datetime as dt

    import publish.reproducible
    from feedgenerator import Atom1Feed, Rss201rev2Feed

    publish.reproducible.install({})
    expected = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.timezone.utc)
    for cls in (Atom1Feed, Rss201rev2Feed):
        feed = cls(title="Siaran Pers", link="https://contoh.go.id/", description="")
        assert feed.latest_post_date() == expected


# --- deploy -------------------------------------------------------------------------


def build_variant(site, out: Path, title: str) -> Path:
    site.write("halaman/profil-ppid.md", f"Title: {title}\nSlug: profil-ppid\n\nPPID Utama.\n")
    site.output = out
    assert site.build(SITEURL="https://sukamajukab.go.id") == 0  # addresses as published
    return out


def home_page(text: str) -> str:
    """A published home page's few bytes: its absolute canonical address, then ``text``."""
    return f'<link rel="canonical" href="https://sukamajukab.go.id/"><p>{text}</p>'


def current_release(target: Path) -> str:
    return os.readlink(target / "current")


def test_deploy_switches_atomically_and_rollback_restores(site, tmp_path):
    first = build_variant(site, tmp_path / "v1", "Profil PPID Lama")
    second = build_variant(site, tmp_path / "v2", "Profil PPID Baru")
    target = tmp_path / "srv" / "sukamaju"
    old_page, new_page = (first / "profil-ppid/index.html").read_bytes(), (second / "profil-ppid/index.html").read_bytes()
    assert old_page != new_page
    os.utime(second / "404.html", (0, 0))  # same bytes, another build time

    invoke("deploy", "--output", str(first), "--target", str(target))
    assert (target / "current" / "profil-ppid/index.html").read_bytes() == old_page
    release_1 = current_release(target)

    # A reader keeps resolving current/… during the second deploy: it never fails and
    # always sees a whole page, the old or the new.
    seen, errors, stop = set(), [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.add((target / "current" / "profil-ppid/index.html").read_bytes())
            except OSError as exc:
                errors.append(exc)

    t = threading.Thread(target=reader)
    t.start()
    try:
        invoke("deploy", "--output", str(second), "--target", str(target))
    finally:
        stop.set()
        t.join()
    assert errors == []
    assert seen == {old_page, new_page}
    release_2 = current_release(target)
    assert release_2 != release_1 and release_2.startswith("releases/")
    assert not (target / ".current.tmp").exists()
    # Files with unchanged bytes are hard links to the previous release (--link-dest),
    # though each build wrote them at its own time; changed files are not.
    assert (first / "404.html").read_bytes() == (second / "404.html").read_bytes()
    assert (target / release_1 / "404.html").stat().st_ino == (target / release_2 / "404.html").stat().st_ino
    page = "profil-ppid/index.html"
    assert (target / release_1 / page).stat().st_ino != (target / release_2 / page).stat().st_ino

    rolled = invoke("rollback", "--target", str(target))
    # What comes next is said: the daily build would publish the same branch again.
    assert "Deploy berikutnya (mis. build harian CI) menerbitkan lagi isi cabang utama" in rolled.stdout, rolled.stdout
    assert "DEPLOY_BEKU=true" in rolled.stdout
    assert current_release(target) == release_1
    assert (target / "current" / "profil-ppid/index.html").read_bytes() == old_page
    # Nothing before the oldest release: a clear refusal, `current` untouched.
    proc = invoke("rollback", "--target", str(target), check=False)
    assert proc.returncode == 1 and "tidak ada rilis sebelumnya" in proc.stderr
    assert current_release(target) == release_1


def test_deploy_rollback_and_releases_take_target_and_keep_from_the_site_s_publishconf(tmp_path):
    """A site's folder (``SITUS``, as its run.sh sets it) whose publishconf.py names the
    target and how many releases to keep, on top of its pelicanconf.py: the tasks take
    both from there, with no option or variable given."""
    site, target = tmp_path / "situs", tmp_path / "srv" / "situs"
    site.mkdir()
    (site / "pelicanconf.py").write_text('SITENAME = "Kabupaten Uji"\nDEPLOY_KEEP = 5\n', encoding="utf-8")
    (site / "publishconf.py").write_text(
        "import sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).resolve().parent))\n"
        f"from pelicanconf import *\n\nDEPLOY_TARGET = {str(target)!r}\nDEPLOY_KEEP = 2\n", encoding="utf-8")
    # Nothing from the environment: the settings files alone (no SITEURL: no live check).
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_") and k != "SITEURL"},
           "SITUS": str(site), "PYTHONPATH": runtime_only()}

    def task(*args):
        proc = subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True,
                              encoding="utf-8", errors="replace", env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    for n in (1, 2, 3):
        out = tmp_path / f"v{n}"
        out.mkdir()
        (out / "index.html").write_text(home_page(f"versi {n}"), encoding="utf-8")
        task("deploy", "--output", str(out))
    assert (target / "current" / "index.html").read_text(encoding="utf-8") == home_page("versi 3")
    assert len(list((target / "releases").iterdir())) == 2  # publishconf.py's DEPLOY_KEEP, not pelicanconf.py's
    assert [line[:2] for line in task("releases").stdout.splitlines()] == ["  ", "* "]
    task("rollback")
    assert (target / "current" / "index.html").read_text(encoding="utf-8") == home_page("versi 2")


def test_a_malformed_check_address_is_refused_before_anything_moves(tmp_path):
    """A DEPLOY_CHECK_URL that is no http(s) address used to be found after the switch: the
    release live, unchecked, the old ones never pruned. Now nothing is uploaded."""
    from publish import deploy

    out, target = tmp_path / "out", tmp_path / "srv"
    out.mkdir()
    (out / "index.html").write_text(home_page("baru"), encoding="utf-8")
    options = deploy.Options.from_env({"DEPLOY_CHECK_URL": "sukamajukab.go.id"})
    with pytest.raises(deploy.DeployError, match="harus alamat http"):
        deploy.deploy(out, str(target), options=options, log=lambda *_: None)
    assert not (target / "current").exists() and not list(target.glob("releases/*"))


@pytest.mark.parametrize("address", ["https://penguji:Sandi123@staging.sukamajukab.go.id/",
                                     "https://penguji:Sandi123@staging.sukamajukab.go.id:8443/"])
def test_a_check_address_holding_a_password_is_refused_without_showing_it(tmp_path, address):
    """A staging site behind a password, written into its address: the check cannot use it
    (urllib takes none from an address: without a port it raised past the check, after the
    switch, printing the password; with one, every message named it). Refused before
    anything moves, and the message does not show it."""
    from publish import deploy

    out, target = tmp_path / "out", tmp_path / "srv"
    out.mkdir()
    (out / "index.html").write_text(home_page("baru"), encoding="utf-8")
    said = []
    with pytest.raises(deploy.DeployError, match="memuat nama pengguna atau sandi sebelum @") as refused:
        deploy.deploy(out, str(target), options=deploy.Options.from_env({"DEPLOY_CHECK_URL": address}), log=said.append)
    assert "Sandi123" not in str(refused.value) + " ".join(said)
    assert not (target / "current").exists() and not list(target.glob("releases/*"))


def test_a_deploy_without_a_check_address_says_it_checked_nothing(tmp_path):
    """Without DEPLOY_CHECK_URL and SITEURL the release goes live unchecked: the log says
    so and how to turn the check on; DEPLOY_CHECK_URL=- turns it off without a word."""
    from publish import deploy

    out, target = tmp_path / "out", tmp_path / "srv"
    out.mkdir()
    (out / "index.html").write_text(home_page("baru"), encoding="utf-8")
    said = []
    deploy.deploy(out, str(target), options=deploy.Options.from_env({}), log=said.append)
    assert any("Pemeriksaan halaman setelah deploy dilewati" in line and "DEPLOY_CHECK_URL=-" in line for line in said), said
    said.clear()
    deploy.deploy(out, str(target), options=deploy.Options.from_env({"DEPLOY_CHECK_URL": "-"}), log=said.append)
    assert said and not any("Pemeriksaan" in line for line in said), said


def test_an_empty_siteurl_variable_is_no_address(monkeypatch):
    """A CI variable left unset arrives as an empty SITEURL (GitHub's `vars.X || …`): the
    production build keeps publishconf.py's address instead of building without one."""
    import runpy

    monkeypatch.setenv("SITEURL", "")
    assert runpy.run_path(str(PUBLISHCONF))["SITEURL"] == "https://sukamajukab.go.id"


def test_switch_is_a_rename_never_a_gap(tmp_path):
    """Many switches between two releases under a reader: a switch done as unlink +
    symlink would let the reader find no `current`; a rename never does."""
    from publish import deploy

    target = deploy.Target.parse(str(tmp_path / "srv"))
    for name in ("a", "b"):
        (tmp_path / "srv" / "releases" / name).mkdir(parents=True)
        (tmp_path / "srv" / "releases" / name / "index.html").write_text(name)
    target.sh(deploy.SWITCH, target.path, "a")
    errors, reads, stop = [], [0], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                (tmp_path / "srv" / "current" / "index.html").read_text()
                reads[0] += 1
            except OSError as exc:
                errors.append(exc)

    t = threading.Thread(target=reader)
    t.start()
    try:
        for i in range(150):
            target.sh(deploy.SWITCH, target.path, "ab"[i % 2])
    finally:
        stop.set()
        t.join()
    assert reads[0] > 0 and errors == []


def test_old_releases_are_pruned(site, tmp_path):
    from publish import deploy

    out = build_variant(site, tmp_path / "out", "Profil PPID")
    target = tmp_path / "srv"
    names = []
    for n in range(4):
        (out / "versi.txt").write_text(f"{n}\n", encoding="utf-8")  # each deploy a different site
        names.append(deploy.deploy(out, str(target), keep=2, log=lambda *a: None))
    current, releases, _ = deploy.releases(str(target))
    assert releases == names[-2:] and current == names[-1]
    assert sorted(p.name for p in (target / "releases").iterdir()) == names[-2:]


def test_a_deploy_of_the_live_site_unchanged_makes_no_release(tmp_path):
    """The daily rebuild of an unchanged site: the same files and bytes as the live release
    (built again, at another time) make no new release, so the kept releases stay
    different sites and a rollback goes to the one before; a page removed, nothing else
    changed, is a new release."""
    from publish import deploy

    target, said = tmp_path / "srv", []
    a = tmp_path / "a"
    (a / "profil").mkdir(parents=True)
    (a / "index.html").write_text(home_page("A"), encoding="utf-8")
    (a / "profil" / "index.html").write_text("<p>Profil</p>", encoding="utf-8")
    first = deploy.deploy(a, str(target), log=lambda *a: None)
    again = tmp_path / "a-lagi"
    shutil.copytree(a, again)  # built again: the same bytes, files of another time
    assert deploy.deploy(again, str(target), log=said.append) == first
    assert any(f"Tidak ada yang berubah sejak rilis {first}" in line for line in said), said
    assert deploy.releases(str(target))[:2] == (first, [first])
    assert sorted(p.name for p in (target / "releases").iterdir()) == [first]
    (again / "profil" / "index.html").unlink()
    second = deploy.deploy(again, str(target), log=lambda *a: None)
    assert second != first and deploy.releases(str(target))[:2] == (second, [first, second])
    assert not (target / "current" / "profil" / "index.html").exists()
    assert deploy.rollback(str(target), log=lambda *a: None) == first
    assert (target / "current" / "profil" / "index.html").is_file()


def test_half_upload_left_by_a_lost_connection_is_never_a_release(site, tmp_path):
    """An upload whose cleanup could not reach the server stays as releases/.unggah-*:
    not listed, not a rollback target, deleted by the next deploy."""
    from publish import deploy

    out = build_variant(site, tmp_path / "out", "Profil PPID")
    target = tmp_path / "srv"
    first = deploy.deploy(out, str(target), log=lambda *a: None)
    half = target / "releases" / ".unggah-20991231-000000"
    half.mkdir()
    (half / "index.html").write_text("setengah")
    assert deploy.releases(str(target)) == (first, [first], set())
    with pytest.raises(deploy.DeployError, match="tidak ada rilis sebelumnya"):
        deploy.rollback(str(target), log=lambda *a: None)
    (out / "versi.txt").write_text("2\n", encoding="utf-8")  # a different site: a release
    second = deploy.deploy(out, str(target), log=lambda *a: None)
    assert not half.exists()
    assert deploy.releases(str(target)) == (second, [first, second], set())


def test_deploy_refuses_an_unbuilt_folder(tmp_path):
    proc = invoke("deploy", "--output", str(tmp_path / "kosong"), "--target", str(tmp_path / "srv"), check=False)
    assert proc.returncode == 1 and "./run.sh publish" in proc.stderr
    assert not (tmp_path / "srv" / "current").exists()


def test_remote_target_parsing():
    from publish import deploy

    t = deploy.Target.parse("deploy@situs.sukamajukab.go.id:/srv/sukamaju/")
    assert (t.host, t.path) == ("deploy@situs.sukamajukab.go.id", "/srv/sukamaju")
    assert deploy.Target.parse("/srv/sukamaju").host is None
    with pytest.raises(deploy.DeployError, match="absolut"):
        deploy.Target.parse("deploy@host:srv/sukamaju")
    with pytest.raises(deploy.DeployError, match="DEPLOY_TARGET kosong"):
        deploy.Target.parse("")
    # A port other than 22, written as users write it.
    t = deploy.Target.parse("ssh://deploy@situs.sukamajukab.go.id:2222/srv/sukamaju/")
    assert (t.host, t.port, t.path) == ("deploy@situs.sukamajukab.go.id", 2222, "/srv/sukamaju")
    assert str(t) == "ssh://deploy@situs.sukamajukab.go.id:2222/srv/sukamaju"
    assert deploy.Target.parse("ssh://web1/srv/situs").port is None
    for wrong in ("ssh://deploy@web1:22x/srv", "ssh://deploy@web1:2222", "ssh:///srv/situs"):
        with pytest.raises(deploy.DeployError, match="ssh://user@host:port"):
            deploy.Target.parse(wrong)
    # A host or user that ssh would read as an option (-oProxyCommand runs a command here).
    for wrong in ("-oProxyCommand=sh -c id>&2:/srv/situs", "ssh://-oProxyCommand=x@web1/srv/situs"):
        with pytest.raises(deploy.DeployError, match="tidak boleh diawali tanda minus"):
            deploy.Target.parse(wrong)


def test_release_names_sort_in_deploy_order():
    import datetime as dt

    from publish import deploy

    now = dt.datetime(2026, 11, 22, 5, 0, 0, tzinfo=dt.timezone.utc)
    names = []
    for _ in range(12):  # many deploys within one second
        names.append(deploy.new_release_name(names, now))
    # Older releases of that second already pruned: the next still sorts last.
    names.append(deploy.new_release_name(names[-2:], now))
    names.append(deploy.new_release_name(names, now + dt.timedelta(seconds=1)))
    assert names == sorted(names) and len(set(names)) == len(names)
    assert names[0] == "20261122-050000"
    with pytest.raises(deploy.DeployError, match="jam"):
        deploy.new_release_name(names, now - dt.timedelta(days=1))


def test_a_preview_build_is_not_deployed(site, tmp_path):
    """`./run.sh build` then `deploy` published relative addresses, no feeds, no sitemap
    and an editor pointing at the operator's machine, and reported success."""
    from publish import deploy

    site.output = tmp_path / "pratinjau"
    assert site.build() == 0
    target = tmp_path / "srv"
    with pytest.raises(deploy.DeployError, match=r"dibangun untuk pratinjau .*Jalankan `./run.sh publish`"):
        deploy.deploy(site.output, str(target), log=lambda *a: None)
    assert not target.exists()


@pytest.mark.parametrize("spec", ["deploy@web1/srv/situs", "srv/situs", "./keluaran"])
def test_a_target_that_is_neither_a_server_nor_an_absolute_folder_is_refused(spec, tmp_path, monkeypatch):
    """A colon left out made a folder of that name here, and the deploy 'succeeded'."""
    from publish import deploy

    monkeypatch.chdir(tmp_path)
    with pytest.raises(deploy.DeployError, match="bukan alamat server"):
        deploy.Target.parse(spec)
    assert list(tmp_path.iterdir()) == []


def test_listing_or_rolling_back_a_mistyped_target_makes_nothing(tmp_path):
    from publish import deploy

    typo = tmp_path / "srv" / "sitsu"
    assert deploy.releases(str(typo)) == ("", [], set())
    with pytest.raises(deploy.DeployError, match="belum ada rilis yang aktif"):
        deploy.rollback(str(typo), log=lambda *a: None)
    assert not typo.exists()


def test_rollback_never_returns_to_a_release_it_left(tmp_path):
    """Deploy A, B; roll back to A; deploy C: a rollback goes back to A (B was rolled away
    from), and pruning drops B before A."""
    from publish import deploy

    target, names = tmp_path / "srv", {}
    for label in ("A", "B", "C"):
        out = tmp_path / label
        out.mkdir()
        (out / "index.html").write_text(home_page(label), encoding="utf-8")
        names[label] = deploy.deploy(out, str(target), keep=2, log=lambda *a: None)
        if label == "B":
            assert deploy.rollback(str(target), log=lambda *a: None) == names["A"]
    live, kept, rejected = deploy.releases(str(target))
    assert live == names["C"] and kept == [names["A"], names["C"]] and rejected == set()
    assert deploy.rollback(str(target), log=lambda *a: None) == names["A"]
    assert (target / "current" / "index.html").read_text(encoding="utf-8") == home_page("A")
    assert deploy.releases(str(target))[2] == {names["C"]}
    listing = invoke("releases", "--target", str(target)).stdout
    assert f"* {names['A']}" in listing and f"{names['C']}  " in listing and "(ditolak" in listing
    with pytest.raises(deploy.DeployError, match="tidak ada rilis sebelumnya"):
        deploy.rollback(str(target), log=lambda *a: None)


def test_a_release_that_failed_its_check_and_could_not_be_switched_back_is_said_to_be_live(tmp_path, monkeypatch):
    """The switch back after a failed check failed too (the connection dropped): the
    message spoke of a connection only, while the rejected release stayed live."""
    from publish import deploy

    target = tmp_path / "srv"
    for label in ("A", "B"):
        out = tmp_path / label
        out.mkdir()
        (out / "index.html").write_text(home_page(label), encoding="utf-8")
    first = deploy.deploy(tmp_path / "A", str(target), log=lambda *a: None)
    real_sh = deploy.Target.sh

    def sh(self, script, *args):
        if script is deploy.SWITCH and args[1:2] == (first,):
            raise deploy.DeployError("Tidak bisa terhubung ke server lewat SSH")
        return real_sh(self, script, *args)

    monkeypatch.setattr(deploy.Target, "sh", sh)
    options = deploy.Options.from_env({"DEPLOY_CHECK_URL": "http://127.0.0.1:9/"})
    with pytest.raises(deploy.DeployError) as raised:
        deploy.deploy(tmp_path / "B", str(target), options=options, log=lambda *a: None)
    assert "SEDANG TAYANG" in str(raised.value) and "./run.sh rollback" in str(raised.value)
    assert (target / "current" / "index.html").read_text(encoding="utf-8") == home_page("B")


def test_a_keep_count_that_is_no_number_is_said_in_indonesian(tmp_path):
    proc = invoke("rollback", "--target", str(tmp_path / "srv"), env={"DEPLOY_KEEP": "lima"}, check=False)
    assert proc.returncode == 1 and "DEPLOY_KEEP='lima': harus bilangan bulat, mis. DEPLOY_KEEP=5." in proc.stderr
    assert "Traceback" not in proc.stderr


def test_releases_say_what_they_were_built_from(tmp_path):
    """An operator choosing a release to go back to saw timestamps alone."""
    out, target = tmp_path / "out", tmp_path / "srv"
    out.mkdir()
    (out / "index.html").write_text(home_page("baru"), encoding="utf-8")
    ci = {"CI_COMMIT_SHORT_SHA": "a1b2c3d4", "CI_PIPELINE_URL": "https://gitlab.contoh.go.id/situs/-/pipelines/77"}
    invoke("deploy", "--output", str(out), "--target", str(target), env={**ci, "DEPLOY_CHECK_URL": "-"})
    gh = {"CI_COMMIT_SHORT_SHA": "", "CI_PIPELINE_URL": "", "GITHUB_SHA": "0f9e8d7c6b5a49382716", "GITHUB_RUN_ID": "9",
          "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "diskominfo/situs", "DEPLOY_CHECK_URL": "-"}
    (out / "index.html").write_text(home_page("lebih baru"), encoding="utf-8")
    invoke("deploy", "--output", str(out), "--target", str(target), env=gh)
    lines = invoke("releases", "--target", str(target)).stdout.splitlines()
    assert lines[0].startswith("  ") and lines[0].endswith("  commit a1b2c3d4 https://gitlab.contoh.go.id/situs/-/pipelines/77")
    assert lines[1].startswith("* ") and lines[1].endswith("  commit 0f9e8d7c https://github.com/diskominfo/situs/actions/runs/9")
    # Pruned with its release.
    from publish import deploy

    (out / "index.html").write_text(home_page("terbaru"), encoding="utf-8")
    deploy.deploy(out, str(target), keep=1, log=lambda *a: None)
    assert len(list((target / ".catatan").glob("*.asal"))) == 1


def test_a_release_deployed_from_a_checkout_with_uncommitted_edits_says_so(tmp_path):
    """Deployed by hand from a checkout whose files were edited after its last commit, a
    release is not that commit: `releases` says so, so an operator looking for the
    release to go back to does not trust a commit the live site does not match."""
    from publish import deploy

    repo = tmp_path / "situs"
    (repo / "content").mkdir(parents=True)
    (repo / "content" / "tentang.md").write_text("Title: Tentang\n\nPortal.\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Operator", "-c", "user.email=op@contoh.go.id",
                                                 "commit", "-q", "-m", "awal"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    short = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    clean = {"SITUS": str(repo)}
    assert deploy.origin(clean) == f"commit {short}"
    (repo / "content" / "tentang.md").write_text("Title: Tentang\n\nPortal resmi.\n", encoding="utf-8")
    assert deploy.origin(clean) == f"commit {short} + perubahan yang belum di-commit"


def test_a_site_put_on_the_server_by_hand_is_found_before_the_upload(tmp_path):
    """`current` as a real folder (a site copied there before the kit) was found by the
    switch, after the whole upload, with mv's English message and a release never live."""
    from publish import deploy

    target, out = tmp_path / "srv", tmp_path / "out"
    (target / "current").mkdir(parents=True)
    (target / "current" / "index.html").write_text("situs lama")
    out.mkdir()
    (out / "index.html").write_text(home_page("baru"), encoding="utf-8")
    with pytest.raises(deploy.DeployError, match=r"current di .* adalah folder atau berkas biasa.*Belum ada yang diunggah"):
        deploy.deploy(out, str(target), log=lambda *a: None)
    assert (target / "current" / "index.html").read_text() == "situs lama"
    assert not list((target / "releases").iterdir())


@pytest.mark.parametrize("home, publishes", [
    ('<link rel="canonical" href="https://sukamajukab.go.id/">', True),
    ("<LINK HREF='https://sukamajukab.go.id/' REL='canonical'>", True),
    ('<link data-x="1" rel=canonical href=https://sukamajukab.go.id/>', True),
    ('<!-- <link rel="canonical" href="https://sukamajukab.go.id/"> -->', False),
    ('<link rel="canonical" href="/">', False),
    ('<link rel="stylesheet" href="https://sukamajukab.go.id/a.css">', False),
])
def test_a_published_home_page_is_told_by_its_canonical_link_however_written(home, publishes):
    """A site's own template may write the link its own way; a comment is no link."""
    from publish import deploy

    assert deploy.published(f"<html><head>{home}</head></html>") is publishes


def test_notes_that_cannot_be_written_neither_stop_a_deploy_nor_half_do_a_rollback(tmp_path):
    """`.catatan` unwritable (here a file in its place): a deploy goes on, saying the origin
    was not noted; a rollback stops before it moves anything (it switched, then said it
    failed, and a second try went back further)."""
    from publish import deploy

    target, said = tmp_path / "srv", []
    for label in ("A", "B"):
        out = tmp_path / label
        out.mkdir()
        (out / "index.html").write_text(home_page(label), encoding="utf-8")
    deploy.deploy(tmp_path / "A", str(target), log=lambda *a: None)
    shutil.rmtree(target / ".catatan")
    (target / ".catatan").write_text("bukan folder")
    second = deploy.deploy(tmp_path / "B", str(target), log=said.append)
    assert any("asal rilis tidak dapat dicatat" in line for line in said), said
    assert os.readlink(target / "current") == f"releases/{second}"
    with pytest.raises(deploy.DeployError):
        deploy.rollback(str(target), log=lambda *a: None)
    assert os.readlink(target / "current") == f"releases/{second}"


def test_a_folder_put_in_releases_by_hand_is_no_release(tmp_path):
    """A backup folder in releases/ stopped every deploy ("lebih lama dari lama-backup:
    periksa jam mesin ini") and was counted as a release."""
    from publish import deploy

    out, target = tmp_path / "out", tmp_path / "srv"
    out.mkdir()
    (out / "index.html").write_text(home_page("baru"), encoding="utf-8")
    first = deploy.deploy(out, str(target), log=lambda *a: None)
    (target / "releases" / "lama-backup").mkdir()
    (out / "index.html").write_text(home_page("lebih baru"), encoding="utf-8")
    second = deploy.deploy(out, str(target), keep=1, log=lambda *a: None)
    assert deploy.releases(str(target))[:2] == (second, [second])
    assert (target / "releases" / "lama-backup").is_dir() and not (target / "releases" / first).exists()


def test_releases_print_no_terminal_escapes_from_a_note(tmp_path):
    out, target = tmp_path / "out", tmp_path / "srv"
    out.mkdir()
    (out / "index.html").write_text(home_page("baru"), encoding="utf-8")
    invoke("deploy", "--output", str(out), "--target", str(target), env={"DEPLOY_CHECK_URL": "-"})
    note = next((target / ".catatan").glob("*.asal"))
    note.write_text("commit abc\x1b[31m merah\x1b]0;JUDUL\x07\r\n")
    listing = invoke("releases", "--target", str(target)).stdout
    assert "\x1b" not in listing and "\x07" not in listing and "commit abc[31m merah]0;JUDUL" in listing

