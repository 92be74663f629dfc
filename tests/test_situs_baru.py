"""A region adopts the kit: `situs-baru` writes a site folder that builds, passes check with
warnings only, serves with no broken link, and takes a newer kit the documented way."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import EPOCH, ROOT, copy_project, runtime_only
from nginx_helper import free_port
from test_tasks import fetch

from content import situs

def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=Kit", "-c", "user.email=kit@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def kit(tmp_path):
    """The kit as its git remote: this working tree committed and tagged as release 1.0.0
    (its VERSION written so whatever the tree's own: the upgrade test releases 1.1.0 and
    1.2.0 after it)."""
    src = tmp_path / "kit-remote"
    copy_project(src)
    (src / "VERSION").write_text("1.0.0\n")
    git(src, "init", "-q", "-b", "main")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "kit")
    git(src, "tag", f"v{situs.kit_version(src)}")
    return src


def run(site: Path, *args, timeout=900, runtime=True):
    """``./run.sh args`` in the site; ``runtime``: seeing the runtime lock's modules only
    (every task but ``test``)."""
    env = {**os.environ, "SITUS_DAERAH_VENV": str(ROOT / ".venv"), "SOURCE_DATE_EPOCH": EPOCH,
           "PYTHONPATH": runtime_only() if runtime else ""}
    env.pop("SITUS", None)
    return subprocess.run(["bash", str(site / "run.sh"), *args], cwd=site, env=env, capture_output=True,
                          text=True, timeout=timeout)


def new_site(kit: Path, folder: Path, repo: str = "pemkot-tirtajaya/situs", **editor) -> Path:
    region = situs.Region("Tirtajaya", "kota", "tirtajayakota.go.id", "kominfo", "Dinas Komunikasi dan Informatika",
                          "Diskominfo", telepon="(0251) 555000", alamat="Jl. Merdeka No. 1, Tirtajaya 16111", repo=repo,
                          **editor)
    return situs.create(folder, region, forge="gitlab", kit=kit)


OWN = ("content", "templates", "pelicanconf.py", "publishconf.py")  # what a region writes itself


def digest(folder: Path) -> dict[str, str]:
    """sha256 of each file of the region's own (not the output, nor an old one a build's
    detached process is deleting meanwhile)."""
    found = [p for name in OWN for p in ([folder / name] if (folder / name).is_file() else sorted((folder / name).rglob("*")))]
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in found if p.is_file()}


def crawl(base: str) -> tuple[set[str], list[tuple[str, str, int]]]:
    """Every page reachable from the home page over HTTP; links into the site that fail."""
    seen, broken, todo = set(), [], [base + "/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        status, text = fetch(url)
        if status != 200:
            broken.append(("?", url, status))
            continue
        if not urlsplit(url).path.endswith(("/", ".html")):
            continue
        for link in re.findall(r'(?:href|src)="([^"#?]+)', text):
            target = urljoin(url, link)
            if target.startswith(base) and target not in seen:
                if target.rsplit("/", 1)[-1].count(".") and not target.endswith(".html"):
                    status, _ = fetch(target)
                    seen.add(target)
                    if status != 200:
                        broken.append((url, target, status))
                else:
                    todo.append(target)
    return seen, broken


def test_new_site_builds_checks_and_serves_with_no_broken_link(kit, tmp_path):
    site = new_site(kit, tmp_path / "situs-tirtajaya", gitlab_url="https://gitlab.tirtajayakota.go.id", app_id="a1b2c3")
    for rel in ("kit.txt", "run.sh", "pelicanconf.py", "publishconf.py", "README.md", ".gitlab-ci.yml",
                "content/opd.toml", "content/halaman/maklumat-pelayanan.md", "templates/README.md"):
        assert (site / rel).is_file(), rel
    assert "versi = v" in (site / "kit.txt").read_text()
    readme = (site / "README.md").read_text()
    assert "Memperbarui kit" in readme and "Kota Tirtajaya" in readme
    assert "./run.sh check" in (site / ".gitlab-ci.yml").read_text()
    # Its registry names every column an OPD may have, the PPID Pelaksana's contacts included.
    assert "ppid, ppid_telepon, ppid_email" in (site / "content/opd.toml").read_text()
    # No sample content: only the site's own pages, and none published yet.
    texts = "".join(p.read_text() for p in (site / "content").rglob("*.md"))
    assert "Sukamaju" not in texts and "Status: draft" in texts
    # Its server block and its editor are the region's: its domain, its repository.
    nginx = (site / "deploy/nginx.conf").read_text()
    assert "server_name tirtajayakota.go.id" in nginx and "root /srv/situs/current;" in nginx
    assert "connect-src 'self' blob: https://gitlab.tirtajayakota.go.id;" in nginx  # the editor reaches its GitLab
    settings = (site / "pelicanconf.py").read_text() + (site / "publishconf.py").read_text()
    assert "sukamaju" not in (nginx + settings).lower()
    assert "'repo': 'pemkot-tirtajaya/situs'" in settings and "REDAKSI_LOCAL_BACKEND = False" in settings
    # security.txt names the region's CSIRT, never the kit's sample one: empty until filled in.
    assert "\nSECURITY_CONTACT = ()\n" in settings
    # The PPID pages it drafts are the service pages they look like once published (the PPID
    # menu, the service standards and the Monev self-check find them by `Layanan`).
    halaman = site / "content/halaman"
    assert "\nLayanan: maklumat\n" in (halaman / "maklumat-pelayanan.md").read_text()
    assert "\nLayanan: profil-ppid\n" in (halaman / "profil-ppid.md").read_text()
    assert "\nLayanan: sop-permohonan\n" in (halaman / "tata-cara-permohonan-informasi.md").read_text()
    assert "\nLayanan: sop-keberatan\n" in (halaman / "tata-cara-keberatan.md").read_text()
    faq = next(p.read_text() for p in halaman.glob("*.md") if "Slug: tanya-jawab-ppid" in p.read_text())
    assert "\nTanya-Jawab: ya\n" in faq and "\n## [ISI: " in faq

    checked = run(site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PERINGATAN" in checked.stdout and "[ISI:" in checked.stdout
    assert "Konten sah" in checked.stdout
    assert "REDAKSI_BACKEND" not in checked.stdout and "deploy/nginx.conf" not in checked.stdout
    # The site's files are named as its repository names them (the kit's tasks run in kit/).
    assert "PERINGATAN content/halaman/maklumat-pelayanan.md: " in checked.stdout
    assert str(site) not in checked.stdout
    helped = run(site, "help")  # the site's run.sh: the kit's tasks and its own upgrade command
    assert helped.returncode == 0 and "./run.sh perbarui-kit vX.Y.Z" in helped.stdout, helped.stdout + helped.stderr
    # Not the tasks that measure or write the kit itself (its benchmarks, its author guide).
    assert "  build " in helped.stdout and "bench" not in helped.stdout and "  docs " not in helped.stdout
    assert "situs-baru" not in helped.stdout  # made from a copy of the kit, not from a site
    again = run(site, "situs-baru", "--nama", "Lain")
    assert again.returncode == 2 and "jalankan dari salinan kit" in again.stderr, again.stderr
    upgrade = run(site, "perbarui-kit")  # without a version: a newer release, never an example older than the site's
    assert upgrade.returncode == 2 and "tag rilis yang lebih baru dari" in upgrade.stderr and "v1.1.0" not in upgrade.stderr
    refused = run(site, "docs")
    assert refused.returncode == 2 and 'Tugas "docs" untuk pengembangan kit itu sendiri' in refused.stderr, refused.stderr
    assert not subprocess.run(["git", "status", "--porcelain"], cwd=site / "kit", capture_output=True, text=True).stdout
    created = run(site, "new", "berita", "--opd", "kominfo", "--judul", "Rapat Koordinasi Kota")
    assert created.returncode == 0, created.stdout + created.stderr
    rel = created.stdout.split("Berkas baru: ")[1].splitlines()[0]
    assert rel.startswith("content/berita/kominfo/") and (site / rel).is_file(), created.stdout
    assert "./run.sh check" in created.stdout
    # A header key's problem names its line (the file is read from the site's folder).
    news = site / rel
    lines = news.read_text(encoding="utf-8").splitlines()
    opd_line = next(n for n, line in enumerate(lines, 1) if line.startswith("OPD:"))
    news.write_text(news.read_text(encoding="utf-8").replace("OPD: kominfo", "OPD: dinas-tidak-ada"), encoding="utf-8")
    # CI annotations on those files, and GitLab's report where the site's .gitlab-ci.yml takes it.
    github = run(site, "check", "--format", "github")
    assert f"{rel}: OPD: " in github.stdout and f"(baris {opd_line})" in github.stdout, github.stdout
    assert f"::error file={rel},line={opd_line},title=OPD::" in github.stdout, github.stdout
    assert "::warning file=content/halaman/maklumat-pelayanan.md," in github.stdout
    gitlab = run(site, "check", "--format", "gitlab")
    assert gitlab.returncode == 1, gitlab.stdout + gitlab.stderr
    assert "codequality: gl-code-quality-report.json" in (site / ".gitlab-ci.yml").read_text()
    report = json.loads((site / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert not (site / "kit" / "gl-code-quality-report.json").exists()
    assert {e["location"]["path"] for e in report if e["severity"] == "major"} == {rel}
    assert all(e["location"]["path"].startswith("content/") or e["location"]["path"] == "pelicanconf.py"
               for e in report)  # a missing register file too
    # The PPID pages still drafts: their menu entries are hidden, said by check as by the build.
    assert any(e["location"]["path"] == "pelicanconf.py" and "menuju halaman yang masih draf" in e["description"]
               and e["severity"] == "minor" for e in report), report
    (site / rel).unlink()
    (site / "gl-code-quality-report.json").unlink()

    port = free_port()
    env = {**os.environ, "SITUS_DAERAH_VENV": str(ROOT / ".venv"), "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": runtime_only()}
    proc = subprocess.Popen(["bash", str(site / "run.sh"), "serve", "--port", str(port)], cwd=site, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while fetch(base + "/")[0] != 200:
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "serve did not answer"
            time.sleep(0.5)
        status, home = fetch(base + "/")
        assert "Portal Resmi Pemerintah Kota Tirtajaya" in home and "Sukamaju" not in home
        # The search page's example queries are the site's, not the sample's OPD or a Perbup of a kota.
        status, search = fetch(base + "/cari/")
        examples = re.search(r'id="cari-contoh"[^>]*>(.*?)</p>', search, re.S).group(1)
        assert status == 200 and "dinkes" not in examples and "perbup" not in examples and "pengadaan" in examples, examples
        status, editor = fetch(base + "/admin/config.yml")
        assert status == 200 and "name: gitlab" in editor and "repo: pemkot-tirtajaya/situs" in editor, editor[:400]
        for line in ("auth_type: pkce", "app_id: a1b2c3", "base_url: https://gitlab.tirtajayakota.go.id",
                     "api_root: https://gitlab.tirtajayakota.go.id/api/v4"):  # its own GitLab's sign-in
            assert line in editor, editor[:600]
        assert "sukamaju" not in editor.lower()
        # The editor's files are kept in the site's cache/, which its CI keeps (kit/ is cloned anew).
        assert (site / "cache/redaksi").is_dir() and not (site / "kit/cache/redaksi").exists()
        pages, broken = crawl(base)
        assert not broken, broken
        assert len(pages) > 10
        # A typo in the site's own template: the error page names it as the site's
        # repository does (not the kit's folder, not an absolute path); once removed, the
        # site comes back.
        kit_index = (site / "kit/theme/templates/index.html").read_text(encoding="utf-8")
        (site / "templates/index.html").write_text(
            kit_index.replace("{% block content %}", "{% block content %}{{ tidak_ada() }}", 1), encoding="utf-8")
        shown = wait_for(lambda: body(base + "/"), lambda text: "Pratinjau:" in text)
        assert "templates/index.html, baris " in shown and "&#39;tidak_ada&#39; tidak dikenal" in shown, shown[:1500]
        assert str(site) not in shown and "kit/" not in shown.split('id="galat">')[1].split("</pre>")[0]
        (site / "templates/index.html").unlink()
        wait_for(lambda: body(base + "/"), lambda text: "Portal Resmi Pemerintah Kota Tirtajaya" in text)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    # The CSP lines of its nginx.conf are the site's settings' (the GitLab editor's
    # included); the task writes the site's file, never the kit's checkout.
    csp = run(site, "nginx-csp")
    assert csp.returncode == 0 and csp.stdout.strip() == "deploy/nginx.conf sudah sesuai.", csp.stdout + csp.stderr
    (site / "deploy/nginx.conf").unlink()  # a site made before situs-baru wrote one
    csp = run(site, "nginx-csp")
    assert csp.returncode == 0 and "deploy/nginx.conf dibuat" in csp.stdout, csp.stdout + csp.stderr
    assert (site / "deploy/nginx.conf").read_text() == nginx
    kit_changes = subprocess.run(["git", "status", "--porcelain"], cwd=site / "kit", capture_output=True, text=True)
    assert kit_changes.stdout == "", kit_changes.stdout

    # Settings that change the policy: `check` (and CI) warns on the file's line until the
    # task writes it again.
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as fh:
        fh.write('EMBED_ALLOWED_HOSTS = ("www.youtube-nocookie.com",)\n')
    line = next(n for n, text in enumerate(nginx.splitlines(), 1) if "add_header Content-Security-Policy" in text)
    warned = run(site, "check", "--format", "github")
    assert warned.returncode == 0, warned.stdout + warned.stderr
    assert f"::warning file=deploy/nginx.conf,line={line},title=Content-Security-Policy::" in warned.stdout, warned.stdout
    assert "jalankan ./run.sh nginx-csp" in warned.stdout
    csp = run(site, "nginx-csp")
    assert csp.stdout.strip() == "deploy/nginx.conf diperbarui.", csp.stdout + csp.stderr
    assert "frame-src https://www.youtube-nocookie.com;" in (site / "deploy/nginx.conf").read_text()
    assert "deploy/nginx.conf" not in run(site, "check").stdout
    # A file edited by hand until its policy line is gone: the task says so, in Indonesian.
    conf = site / "deploy/nginx.conf"
    conf.write_text("".join(x for x in conf.read_text().splitlines(True) if "add_header Content-Security-Policy" not in x))
    broken = run(site, "nginx-csp")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr, broken.stdout + broken.stderr
    assert "deploy/nginx.conf: harus ada tepat satu baris `add_header Content-Security-Policy" in broken.stderr


def body(url: str) -> str:
    """The page's text, the preview's error page (status 500) included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(get, done, seconds=120):
    deadline = time.monotonic() + seconds
    while True:
        value = get()
        if done(value):
            return value
        assert time.monotonic() < deadline, value[:1500]
        time.sleep(0.5)


def test_site_takes_a_newer_kit_keeping_content_settings_and_templates(kit, tmp_path):
    site = new_site(kit, tmp_path / "situs", repo="")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "situs")
    assert run(site, "build").returncode == 0
    assert not (site / "output/admin").exists()  # no repository named: no editor saving elsewhere
    # A relative --output is the site's folder (GitLab Pages: `publish --output public`), not kit/'s.
    built = run(site, "build", "--output", "public")
    assert built.returncode == 0, built.stderr
    assert (site / "public/index.html").is_file() and not (site / "kit/public").exists()
    # Read counts from a local access log land in the site's cache, named from its folder.
    log = tmp_path / "access.log"
    log.write_text('127.0.0.1 - - [04/Dec/2026:10:00:00 +0700] "GET /tentang/ HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n')
    counted = run(site, "statistik", "--log", str(log))
    assert counted.returncode == 0, counted.stdout + counted.stderr
    assert "1 kunjungan halaman" in counted.stdout and "disimpan di cache/statistik.json" in counted.stdout, counted.stdout
    assert (site / "cache/statistik.json").is_file() and not (site / "kit/cache/statistik.json").exists()
    # The site's own tests, as its CI runs them: in its folder, the kit's packages importable.
    own_tests = site / "tests/situs/test_situs.py"
    own_tests.parent.mkdir(parents=True)
    own_tests.write_text(
        "from pathlib import Path\n\nfrom content import situs\n\n\n"
        "def test_home_names_the_region():\n"
        "    assert 'Kota Tirtajaya' in Path('output/index.html').read_text(encoding='utf-8')\n"
        "    assert 'gitlab' in situs.FORGES\n", encoding="utf-8")
    tested = run(site, "test", "--args", "tests/situs", "--workers", "1", runtime=False)
    assert tested.returncode == 0 and "1 passed" in tested.stdout, tested.stdout[-3000:] + tested.stderr[-3000:]
    own_tests.write_text(own_tests.read_text().replace("Kota Tirtajaya", "Kota Lain"), encoding="utf-8")
    tested = run(site, "test", "--args", "tests/situs", "--workers", "1", runtime=False)
    assert tested.returncode != 0 and "test_home_names_the_region" in tested.stdout, tested.stdout[-3000:]
    shutil.rmtree(site / "tests")
    # The region writes a page and overrides a template.
    tentang = site / "content/halaman/tentang.md"
    tentang.write_text("Title: Tentang Portal\nSlug: tentang\n\nPortal ini dikelola Diskominfo Kota Tirtajaya.\n")
    page = (site / "kit/theme/templates/page.html").read_text()
    assert "{% block content %}" in page
    copied_from = re.search(r"versi = (\S+)", (site / "kit.txt").read_text()).group(1)
    (site / "templates/page.html").write_text(f"{{# kit {copied_from} #}}\n" + (
        page.replace("{% block content %}", '{% block content %}<p class="catatan-situs">Templat Kota Tirtajaya</p>', 1)))
    built = run(site, "build")
    assert built.returncode == 0, built.stderr
    html = (site / "output/tentang/index.html").read_text()
    assert "Templat Kota Tirtajaya" in html and "dikelola Diskominfo" in html
    assert 'href="/tentang/"' in (site / "output/index.html").read_text()  # the footer link appears once published

    # A newer kit: a visible change in a template the site did not override.
    base = kit / "theme/templates/base.html"
    base.write_text(base.read_text().replace('<meta charset="utf-8">', '<meta charset="utf-8">\n<meta name="kit" content="1.1.0">', 1))
    kit_page = kit / "theme/templates/page.html"  # and one the site overrides
    kit_page.write_text(kit_page.read_text() + "{# 1.1.0 #}\n")
    kit_ci = kit / ".gitlab-ci.yml"  # and the CI template the site's .gitlab-ci.yml was copied from
    kit_ci.write_text(kit_ci.read_text() + "# 1.1.0\n")
    (kit / "VERSION").write_text("1.1.0\n")
    conf = kit / "pelicanconf.py"  # and a footer link, inherited, to a page the site does not have yet
    text = conf.read_text()
    assert "MENU_KAKI = (" in text
    conf.write_text(text.replace("MENU_KAKI = (", 'MENU_KAKI = (\n    ("Kebijakan privasi", "kebijakan-privasi/"),', 1))
    git(kit, "commit", "-qam", "kit 1.1.0")
    git(kit, "tag", "v1.1.0")
    own = digest(site)
    assert "content/halaman/tentang.md" in own and "templates/page.html" in own and "pelicanconf.py" in own

    kit_txt_before = (site / "kit.txt").read_text()
    # A template edited inside kit/ (instead of a copy in templates/): used here, never by CI.
    # Said at each build; an upgrade over it is refused before anything changes.
    in_kit = site / "kit/theme/templates/base.html"
    in_kit.write_text(in_kit.read_text() + "{# diubah di kit #}\n")
    said = run(site, "build")
    assert said.returncode == 0, said.stderr
    assert "Perhatian: kit/ berisi perubahan setempat (theme/templates/base.html): CI tidak memakainya" in said.stderr
    refused = run(site, "perbarui-kit", "v1.1.0")
    assert refused.returncode == 1 and "Gagal: kit/ berisi perubahan setempat" in refused.stderr, refused.stderr
    assert "git -C kit checkout -- ." in refused.stderr and "error:" not in refused.stderr
    assert (site / "kit.txt").read_text() == kit_txt_before
    git(site / "kit", "checkout", "--", ".")
    # A release is named by its tag: a branch (kit/'s copy is as old as its clone) or the
    # number without its "v" is refused, with the tag to write.
    for wrong, hint in (("main", "main adalah cabang (branch) kit, bukan rilis"), ("1.1.0", "tulis tag rilisnya, mis. v1.1.0"),
                        ("v9.9.9", "Versi kit v9.9.9 tidak ada di")):
        refused = run(site, "perbarui-kit", wrong)
        assert refused.returncode == 1 and hint in refused.stderr and "tulis tag rilisnya" in refused.stderr, refused.stderr
        assert "Rilis terbaru: v1.1.0" in refused.stderr, refused.stderr
        assert refused.stderr.count("Rilis terbaru") == 1 and refused.stderr.count("v1.1.0 ") <= 1, refused.stderr  # said once
    assert (site / "kit.txt").read_text() == kit_txt_before
    upgraded = run(site, "perbarui-kit", "v1.1.0")
    # The check after the upgrade names the inherited menu item's missing page and the file to write.
    assert upgraded.returncode == 1, upgraded.stdout + upgraded.stderr
    out = upgraded.stdout + upgraded.stderr
    assert "MENU_KAKI: 'kebijakan-privasi/' menuju halaman yang tidak ada di situs; buat content/halaman/kebijakan-privasi.md" in out
    assert "pelicanconf.py kit (pengaturan yang diwarisi situs ini: menu, nilai bawaan) berubah di versi v1.1.0" in out
    (site / "content/halaman/kebijakan-privasi.md").write_text(
        "Title: Kebijakan Privasi\nSlug: kebijakan-privasi\n\nData pengunjung tidak dikumpulkan.\n")
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The copied template names the version it came from: every check says the kit's changed since.
    assert (f"templates/page.html: templat kit page.html berubah sejak {copied_from}, versi salinan ini; bandingkan "
            f"dengan: git -C kit diff {copied_from} HEAD -- theme/templates/page.html") in checked.stdout, checked.stdout
    # The templates it overrides that the kit changed are named, with how to compare them.
    assert "templates/page.html: templat kit page.html berubah di versi v1.1.0" in upgraded.stderr, upgraded.stderr
    old = re.search(r"versi = (\S+)", kit_txt_before).group(1)
    compare = f"git -C kit diff {old} v1.1.0 -- theme/templates/page.html"
    assert compare in upgraded.stderr
    shown = subprocess.run(compare.split(), cwd=site, capture_output=True, text=True)  # after the upgrade too
    assert "{# 1.1.0 #}" in shown.stdout, shown.stdout + shown.stderr
    assert "templates/base.html" not in upgraded.stderr  # changed, but not overridden here
    ci_compare = f"git -C kit diff {old} v1.1.0 -- .gitlab-ci.yml"
    assert f".gitlab-ci.yml: templat CI kit berubah di versi v1.1.0; bandingkan dengan: {ci_compare}" in upgraded.stderr
    assert ".github/workflows/situs.yml" not in upgraded.stderr  # the other forge's: not this site's
    assert "versi = v1.1.0" in (site / "kit.txt").read_text()
    built = run(site, "build")
    assert built.returncode == 0, built.stderr
    assert {k: v for k, v in digest(site).items() if k in own} == own  # content, settings, templates untouched
    assert '<meta name="kit" content="1.1.0">' in (site / "output/index.html").read_text()
    html = (site / "output/tentang/index.html").read_text()
    assert "Templat Kota Tirtajaya" in html and "dikelola Diskominfo" in html and 'name="kit"' in html
    assert (site / "kit/VERSION").read_text().strip() == "1.1.0"
    # What the tasks wrote (output, caches, the kit, test caches, the code quality report)
    # never shows as a new file in the site's repository.
    run(site, "check", "--format", "gitlab")
    untracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=site,
                               capture_output=True, text=True, check=True).stdout
    assert [line for line in untracked.splitlines() if line.startswith("??")] == [
        "?? content/halaman/kebijakan-privasi.md", "?? templates/page.html"], untracked

    # Back to the older kit (a rollback after an upgrade that broke something): allowed, said.
    back = run(site, "perbarui-kit", old)
    assert back.returncode == 0, back.stdout + back.stderr
    assert f"Perhatian: kit {old} lebih lama dari kit yang dipakai sekarang (v1.1.0)" in back.stderr, back.stderr
    assert f"versi = {old}" in (site / "kit.txt").read_text()
    assert "lebih lama" not in run(site, "perbarui-kit", "v1.1.0").stderr  # forward again: no warning
    helped = run(site, "perbarui-kit", "--help")
    assert helped.returncode == 0 and "./run.sh perbarui-kit vX.Y.Z" in helped.stderr, helped.stderr

    # The kit moves (a mirror inside the government network): kit.txt's url is followed.
    mirror = tmp_path / "kit-mirror"
    subprocess.run(["git", "clone", "-q", str(kit), str(mirror)], check=True)
    (mirror / "VERSION").write_text("1.2.0\n")
    git(mirror, "commit", "-qam", "kit 1.2.0")
    git(mirror, "tag", "v1.2.0")
    # (kit.txt saved on Windows: its CRLF line ends are no part of the address or the version)
    (site / "kit.txt").write_bytes((site / "kit.txt").read_text().replace(f"url = {kit}", f"url = {mirror}")
                                   .replace("\n", "\r\n").encode())
    moved = run(site, "perbarui-kit", "v1.2.0")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert f"kit.txt: kit diambil dari {mirror} mulai sekarang." in moved.stderr
    assert "dan commit kit.txt (CI memakai versi yang tertulis di kit.txt yang di-commit)" in moved.stderr
    origin = subprocess.run(["git", "-C", str(site / "kit"), "remote", "get-url", "origin"], capture_output=True, text=True)
    assert origin.stdout == f"{mirror}\n", repr(origin.stdout)  # no \r in the address
    assert (site / "kit/VERSION").read_text().strip() == "1.2.0"

    # A site made before situs-baru set the editor's repository (or SECURITY_CONTACT,
    # SOCIAL: kit 1.0.0) takes the sample's from the kit: published, the editor would save
    # into Sukamaju's repository and security.txt send citizens' reports to its CSIRT.
    # The upgraded site keeps building (the 1.x promise); none of those values is
    # published, and check names each with what to write.
    conf = site / "pelicanconf.py"
    conf.write_text("".join(line for line in conf.read_text().splitlines(True)
                            if not line.startswith(("REDAKSI_", "SECURITY_CONTACT", "SOCIAL"))))
    warned = run(site, "check")
    assert warned.returncode == 0, warned.stdout + warned.stderr
    said = warned.stdout
    assert ("PERINGATAN pelicanconf.py: REDAKSI_BACKEND: tidak diisi situs ini, sehingga terisi nilai contoh kit (Sukamaju); "
            "nilai itu tidak diterbitkan (editor web admin/ tidak diterbitkan)") in said, said
    assert "PERINGATAN pelicanconf.py: SECURITY_CONTACT: tidak diisi situs ini" in said, said
    assert 'SECURITY_CONTACT = ("mailto:csirt@tirtajayakota.go.id",)' in said, said
    assert "PERINGATAN pelicanconf.py: SOCIAL: tidak diisi situs ini" in said, said
    built = run(site, "publish")
    assert built.returncode == 0, built.stdout + built.stderr
    out = site / "output"
    assert not (out / ".well-known/security.txt").is_file() and not (out / "admin").exists()
    assert "sukamaju" not in "".join(p.read_text(errors="replace").lower() for p in out.rglob("*.html")), "a sample value published"


def test_the_ppid_s_address_left_as_a_placeholder_is_said_by_check_and_never_published(kit, tmp_path):
    """situs-baru without --alamat writes SITE_ADDRESS = "[ISI: alamat kantor PPID Utama]":
    published, every page's footer and the JSON-LD showed it. `check` says which line to
    fill in; `publish` (the site with its address, what is deployed) refuses it."""
    region = situs.Region("Tirtajaya", "kota", "tirtajayakota.go.id", "kominfo", "Dinas Komunikasi dan Informatika",
                          "Diskominfo", telepon="(0251) 555000", repo="pemkot-tirtajaya/situs")
    site = situs.create(tmp_path / "situs", region, forge="gitlab", kit=kit)
    line = next(n for n, text in enumerate((site / "pelicanconf.py").read_text().splitlines(), 1)
                if text.startswith("SITE_ADDRESS ="))
    said = ('pelicanconf.py: SITE_ADDRESS: masih berisi petunjuk "[ISI: alamat kantor PPID Utama]"; tulis alamat kantor '
            f'PPID Utama di pelicanconf.py situs ini (tampil di halaman situs; ')
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"PERINGATAN {said}build dengan alamat situs (publish) menolaknya) (baris {line})" in checked.stdout, checked.stdout
    refused = run(site, "publish")
    assert refused.returncode != 0
    assert f"{said}situs tidak diterbitkan sebelum diisi) (baris {line})" in refused.stdout + refused.stderr, refused.stdout
    assert not (site / "output" / "index.html").exists()
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text().replace("[ISI: alamat kantor PPID Utama]", "Jl. Merdeka No. 1, Tirtajaya 16111"))
    built = run(site, "publish")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Jl. Merdeka No. 1, Tirtajaya 16111" in (site / "output" / "index.html").read_text()


def test_a_site_made_by_an_older_kit_is_told_to_refresh_its_run_sh_and_gitignore(kit, tmp_path):
    """A site's run.sh is written once by situs-baru: an upgrade's new checks in it (local
    changes in kit/, release tags) never reached sites made before. `check` says which of
    the kit's files are an older kit's; `perbarui-situs` writes them as this kit does."""
    site = new_site(kit, tmp_path / "situs")
    run_sh, ignore = site / "run.sh", site / ".gitignore"
    current = run_sh.read_text()
    old = current.replace(current[current.index("# Changes made inside kit/"):current.index('if [ "${1:-}" = perbarui-kit ]; then')], "")
    run_sh.write_text(old)
    ignore.write_text("kit/\noutput/\n")
    guide = site / "docs/panduan-penulis.md"  # the author guide, where authors read it (kit/ is not in the repository)
    assert guide.read_text() == (kit / "docs/panduan-penulis.md").read_text()
    guide.unlink()
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for name in ("run.sh", ".gitignore", "docs/panduan-penulis.md"):
        assert f"PERINGATAN {name}: berkas milik kit ini tidak sama dengan yang ditulis kit yang dipakai situs ini" in checked.stdout, checked.stdout
    assert "./run.sh perbarui-situs" in checked.stdout
    refreshed = run(site, "perbarui-situs")
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    assert run_sh.read_text() == current and os.access(run_sh, os.X_OK)
    assert guide.read_text() == (kit / "docs/panduan-penulis.md").read_text()
    lines = ignore.read_text().splitlines()
    assert lines[:2] == ["kit/", "output/"] and "cache/" in lines and len(lines) == len(set(lines))
    again = run(site, "check")
    assert "berkas milik kit ini" not in again.stdout, again.stdout
    assert "sudah seperti kit ini menulisnya" in run(site, "perbarui-situs").stdout


@pytest.mark.parametrize("remote, cloned_from", [
    ("git@github.com:diskominfo-contoh/situs-daerah.git", "https://github.com/diskominfo-contoh/situs-daerah.git"),
    ("ssh://git@gitlab.contoh.go.id:2222/kominfo/kit.git", "https://gitlab.contoh.go.id/kominfo/kit.git"),
    ("https://gitlab.contoh.go.id/kominfo/kit.git", "https://gitlab.contoh.go.id/kominfo/kit.git"),
    ("https://oauth2:glpat-Rahasia123@gitlab.contoh.go.id/kominfo/kit.git", "https://gitlab.contoh.go.id/kominfo/kit.git"),
    ("https://x-access-token:ghs_Rahasia123@github.com/kominfo/kit.git", "https://github.com/kominfo/kit.git"),
])
def test_a_kit_cloned_over_ssh_is_named_by_its_https_address(kit, tmp_path, remote, cloned_from):
    """A site's CI clones the kit anonymously: kit.txt never names an SSH remote, nor the
    token a clone over HTTPS carried (the new site's files are committed, often public)."""
    git(kit, "remote", "add", "origin", remote)
    site = new_site(kit, tmp_path / "situs")
    assert f"url = {cloned_from}\n" in (site / "kit.txt").read_text()
    assert situs.kit_txt(site)["url"] == cloned_from and situs.remote_url(cloned_from)
    holding = [p for p in site.rglob("*") if p.is_file() and "kit" != p.relative_to(site).parts[0]
               and b"Rahasia123" in p.read_bytes()]
    assert holding == []


def test_a_token_in_kit_txt_is_named_by_check_and_never_shown(kit, tmp_path):
    """A site an older situs-baru made from a clone over HTTPS with a token carries it in
    kit.txt: check says so, and no message of run.sh or the kit shows the token (CI logs
    are often public)."""
    site = new_site(kit, tmp_path / "situs")
    assert run(site, "check").returncode == 0  # kit/ cloned from kit.txt's folder
    token = "https://oauth2:glpat-Rahasia123@gitlab.contoh.go.id/kominfo/kit.git"
    for name in ("kit.txt", "README.md"):  # as that situs-baru wrote them
        (site / name).write_text((site / name).read_text().replace(str(kit), token))
    checked = run(site, "check")
    said = checked.stdout + checked.stderr
    assert "kit.txt: kit diambil dari https://gitlab.contoh.go.id/kominfo/kit.git mulai sekarang" in said, said
    assert "PERINGATAN kit.txt: url: alamat kit memuat nama pengguna dan token" in said and "(baris 2)" in said, said
    assert "PERINGATAN README.md: alamat kit memuat nama pengguna dan token" in said and "(baris 3)" in said, said
    assert "Rahasia123" not in said


def test_a_kit_in_a_local_folder_is_no_address_for_ci(kit, tmp_path):
    """A kit cloned from a folder (or unpacked from an archive) gives kit.txt that folder,
    which a CI runner cannot clone: `situs-baru` says so (``remote_url``)."""
    site = new_site(kit, tmp_path / "situs")
    assert situs.kit_txt(site)["url"] == str(kit)
    assert not situs.remote_url(str(kit)) and not situs.remote_url("../kit")


def test_a_kit_commit_not_pushed_to_its_origin_is_said(kit, tmp_path):
    """A kit patched in its clone and not pushed: the new site would pin a commit its first
    ./run.sh and its CI cannot fetch from kit.txt's address (``unpushed``)."""
    clone = tmp_path / "kit-clone"
    subprocess.run(["git", "clone", "-q", str(kit), str(clone)], check=True)
    url, ref = situs.kit_source(clone)
    assert (url, ref) == (str(kit), "v1.0.0") and not situs.unpushed(clone, ref)  # the release, as cloned
    (clone / "CATATAN.md").write_text("tambalan setempat\n")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "tambal")
    url, ref = situs.kit_source(clone)
    assert len(ref) == 40 and situs.unpushed(clone, ref)
    git(clone, "push", "-q", "origin", "HEAD:refs/heads/tambalan")  # pushed: known to origin
    assert not situs.unpushed(clone, ref)
    assert not situs.unpushed(kit, situs.kit_source(kit)[1])  # a kit without origin: nothing to compare


@pytest.mark.parametrize("forge, editor, message", [
    ("gitlab", {"gitlab_url": "http://gitlab.contoh.go.id"}, "--gitlab-url \"http://gitlab.contoh.go.id\" bukan alamat GitLab"),
    ("gitlab", {"app_id": "a b"}, "--app-id \"a b\" bukan ID aplikasi GitLab"),
    ("github", {"app_id": "a1"}, "--gitlab-url dan --app-id hanya untuk --forge gitlab"),
    ("github", {"repo": "tanpa-pemilik"}, "--repo \"tanpa-pemilik\" bukan nama repositori"),
    ("github", {"oauth_url": "http://auth.contoh.go.id"}, "--oauth-url \"http://auth.contoh.go.id\" bukan alamat layanan OAuth"),
    ("gitlab", {"oauth_url": "https://auth.contoh.go.id"}, "--oauth-url hanya untuk --forge github"),
])
def test_situs_baru_refuses_editor_settings_that_cannot_work(tmp_path, forge, editor, message):
    region = situs.Region("Tirtajaya", "kota", "tirtajayakota.go.id", "kominfo", "Dinas Komunikasi dan Informatika",
                          "Diskominfo", **editor)
    with pytest.raises(situs.SitusError, match=re.escape(message)):
        situs.create(tmp_path / "situs", region, forge=forge, kit=ROOT)
    assert not (tmp_path / "situs").exists()


@pytest.mark.parametrize("nama, extra, message", [
    ("Kota Tirtajaya", {}, '--nama "Kota Tirtajaya": tulis nama daerahnya saja, tanpa "Kota" (jenisnya dari --jenis), mis. --nama "Tirtajaya"'),
    ("Kab. Tirtajaya", {}, 'tanpa "Kab." (jenisnya dari --jenis)'),
    ("Tirtajaya", {"email": "ppid@tirtajaya"}, '--email "ppid@tirtajaya" bukan alamat surel lengkap, mis. ppid@tirtajayakota.go.id'),
    # The domain as the settings check reads SITE_DOMAIN (in lower case here: it is written into nginx.conf too).
    ("Tirtajaya", {"domain": "https://tirtajayakota.go.id"}, '--domain "https://tirtajayakota.go.id" bukan nama domain'),
    ("Tirtajaya", {"domain": "tirtajaya-.go.id"}, '--domain "tirtajaya-.go.id" bukan nama domain'),
    ("Tirtajaya", {"domain": "TirtajayaKota.go.id"}, '--domain "TirtajayaKota.go.id" bukan nama domain'),
])
def test_situs_baru_refuses_a_name_with_its_kind_and_an_incomplete_email(tmp_path, nama, extra, message):
    """"Kota Tirtajaya" with --jenis kota made "Pemerintah Kota Kota Tirtajaya" on every page; an
    e-mail without its domain made a site whose first `check` failed."""
    extra = {"domain": "tirtajayakota.go.id", **extra}
    domain = extra.pop("domain")
    region = situs.Region(nama, "kota", domain, "kominfo", "Dinas Komunikasi dan Informatika",
                          "Diskominfo", **extra)
    with pytest.raises(situs.SitusError, match=re.escape(message)):
        situs.create(tmp_path / "situs", region, forge="gitlab", kit=ROOT)
    assert not (tmp_path / "situs").exists()


def test_situs_baru_takes_a_freshly_cloned_empty_repository_and_refuses_a_file(kit, tmp_path):
    cloned = tmp_path / "situs"
    git_dir = cloned / ".git"
    git_dir.mkdir(parents=True)
    assert (new_site(kit, cloned) / "kit.txt").is_file() and git_dir.is_dir()
    file = tmp_path / "halaman.html"
    file.write_text("<p>bukan folder</p>")
    with pytest.raises(situs.SitusError, match=re.escape(f"--folder {file} adalah berkas, bukan folder")):
        new_site(kit, file)


def test_a_github_site_s_editor_signs_in_through_the_oauth_helper_given(tmp_path):
    """GitHub's login needs an OAuth helper that keeps the OAuth App's secret: the editor
    of a site made with --oauth-url opens it (Decap's ``base_url`` and ``auth_endpoint``)."""
    region = situs.Region("Tirtajaya", "kota", "tirtajayakota.go.id", "kominfo", "Dinas Komunikasi dan Informatika",
                          "Diskominfo", repo="pemkot-tirtajaya/situs", oauth_url="https://auth.tirtajayakota.go.id/")
    site = situs.create(tmp_path / "situs", region, forge="github", kit=ROOT)
    (site / "kit").symlink_to(ROOT)  # what run.sh clones
    # The editor's configuration from the site's production settings, in a fresh process as
    # a build reads them (this one may hold the kit's own `pelicanconf` module).
    code = ("import json, runpy, sys; from editor import konfigurasi; c = konfigurasi.config(runpy.run_path(sys.argv[1]), {}); "
            "print(json.dumps([c['backend'], 'local_backend' in c]))")
    done = subprocess.run([sys.executable, "-c", code, str(site / "publishconf.py")], cwd=site, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert done.returncode == 0, done.stderr
    backend, local = json.loads(done.stdout)
    backend.pop("commit_messages")
    assert backend == {"name": "github", "repo": "pemkot-tirtajaya/situs", "branch": "main",
                       "base_url": "https://auth.tirtajayakota.go.id", "auth_endpoint": "auth"}
    assert not local
    assert "--oauth-url" in (site / "README.md").read_text()


def test_a_region_outside_wib_gets_its_own_clock_and_daily_build_hour(tmp_path):
    """A kota in Bali (WITA): its dates, "today" and the daily build at its own midnight,
    not Jakarta's (an announcement expired an hour late, the daily build ran at 01.05)."""
    region = situs.Region("Tirtajaya", "kota", "tirtajayakota.go.id", "kominfo", "Dinas Komunikasi dan Informatika",
                          "Diskominfo", zona="WITA")
    made = situs.create(tmp_path / "situs", region, forge="github", kit=ROOT)
    assert 'TIMEZONE = \'Asia/Makassar\'' in (made / "pelicanconf.py").read_text()
    readme = (made / "README.md").read_text()
    assert "setiap hari pukul 00.05 WITA" in readme
    assert 'cron: "5 16 * * *"  # 16:05 UTC = 00:05 WITA' in (made / ".github/workflows/situs.yml").read_text()
    gitlab = situs.create(tmp_path / "situs-gl", situs.Region(
        "Tirtajaya", "kota", "tirtajayakota.go.id", "kominfo", "Dinas Komunikasi dan Informatika", "Diskominfo",
        zona="WIT"), forge="gitlab", kit=ROOT)
    assert "zona Asia/Jayapura" in (gitlab / "README.md").read_text()
    # Each README asks for its own forge's set-up only.
    assert "Pipeline\nschedules" in (gitlab / "README.md").read_text() and "Pipeline" not in readme
    assert "environment `produksi`" in readme and "GitHub" not in (gitlab / "README.md").read_text().split("## CI")[1]
    schedule = (gitlab / ".gitlab-ci.yml").read_text()  # the pipeline schedule to set: the region's midnight
    assert '"5 0 * * *",\n#   Asia/Jayapura)' in schedule and "Asia/Jakarta" not in schedule
    with pytest.raises(situs.SitusError, match=re.escape('--zona "WITAA" tidak dikenal; pilihan: WIB, WITA, WIT')):
        situs.create(tmp_path / "salah", situs.Region("Tirtajaya", "kota", "tirtajayakota.go.id", "kominfo",
                                                     "Dinas Komunikasi dan Informatika", "Diskominfo", zona="WITAA"),
                     forge="gitlab", kit=ROOT)


def test_every_setting_a_new_site_writes_is_one_the_kit_reads(tmp_path):
    """A setting situs-baru writes that nothing reads (``KEPALA_DAERAH``: the kit reads
    ``REGULASI_KEPALA_DAERAH``) is one a Diskominfo edits and sees nothing change."""
    from pelican.settings import DEFAULT_CONFIG

    region = situs.Region("Jawa Sukamaju", "provinsi", "jawasukamajuprov.go.id", "diskominfo",
                          "Dinas Komunikasi dan Informatika", "Diskominfo")
    made = situs.create(tmp_path / "situs", region, forge="github", kit=ROOT)
    kit_text = "\n".join(p.read_text(encoding="utf-8") for p in [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "theme").rglob("*.html"),
                                                                ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
                         if p.name != "situs.py")
    for conf in ("pelicanconf.py", "publishconf.py"):
        own = (made / conf).read_text(encoding="utf-8").split("globals().update", 1)[-1]
        for name in sorted(set(re.findall(r"^([A-Z][A-Z0-9_]+) *=", own, flags=re.M))):
            assert name in DEFAULT_CONFIG or re.search(rf"\b{name}\b", kit_text), f"{conf}: {name} is read by nothing"
    assert "REGULASI_KEPALA_DAERAH = 'Gubernur'" in (made / "pelicanconf.py").read_text()


def test_a_copied_template_without_its_kit_version_is_named_by_check(kit, tmp_path):
    """A copy of a kit template hides every later change of the kit's: check asks for the
    version it was copied from (the first line), the way it can tell when to compare."""
    site = new_site(kit, tmp_path / "situs")
    (site / "templates/entry.html").write_text((kit / "theme/templates/entry.html").read_text())
    (site / "templates/milik-situs.html").write_text("<p>templat milik situs</p>\n")  # not a kit template: nothing said
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "templates/entry.html: salinan templat kit entry.html tanpa versi asalnya" in checked.stdout, checked.stdout
    assert "milik-situs.html" not in checked.stdout
    # Copied before an upgrade: the version to write is the one it was copied from (the
    # one kit.txt names now would hide the change in between).
    entry = kit / "theme/templates/entry.html"
    entry.write_text(entry.read_text().replace("</article>", "<p>Baru di kit 1.1.0.</p>\n</article>", 1))
    (kit / "VERSION").write_text("1.1.0\n")
    git(kit, "commit", "-qam", "kit 1.1.0")
    git(kit, "tag", "v1.1.0")
    assert run(site, "perbarui-kit", "v1.1.0").returncode == 0
    checked = run(site, "check").stdout
    assert "tulis baris pertama {# kit v1.0.0 #} (salinan ini sama dengan templat kit v1.0.0)" in checked, checked
    copy = site / "templates/entry.html"
    copy.write_text(copy.read_text().replace("</article>", "<p>Milik situs.</p>\n</article>", 1))
    checked = run(site, "check").stdout
    assert "{# kit v1.0.0 #} (salinan ini paling mirip dengan templat kit v1.0.0" in checked, checked
    copy.write_text("{# kit v1.0.0 #}\n" + copy.read_text())
    assert "templat kit entry.html berubah sejak v1.0.0" in run(site, "check").stdout
    # A kit pinned at a commit (no release yet): a copy of its template is that commit's.
    entry.write_text(entry.read_text().replace("</article>", "<p>Sesudah 1.1.0.</p>\n</article>", 1))
    git(kit, "commit", "-qam", "kit sesudah 1.1.0")
    commit = subprocess.run(["git", "-C", str(kit), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert run(site, "perbarui-kit", commit).returncode == 0
    (site / "templates/opd.html").write_text((site / "kit/theme/templates/opd.html").read_text())
    copy.write_text((site / "kit/theme/templates/entry.html").read_text())
    checked = run(site, "check").stdout
    assert f"{{# kit {commit} #}} (salinan ini sama dengan templat kit {commit})" in checked, checked


def test_a_service_page_published_without_its_layanan_key_is_named_by_check(kit, tmp_path):
    """Drafts of an older situs-baru had no `Layanan:` line: published, the Monev
    self-check said publicly that the site had no maklumat. check names the file and the line to add."""
    site = new_site(kit, tmp_path / "situs")
    page = site / "content/halaman/maklumat-pelayanan.md"
    head, body = page.read_text().split("\n\n", 1)
    head = "\n".join(x for x in head.splitlines() if not x.startswith(("Layanan:", "Status:")))
    page.write_text(head + "\n\nDengan ini kami menyatakan sanggup menyelenggarakan pelayanan informasi publik.\n")
    checked = run(site, "check")
    said = "content/halaman/maklumat-pelayanan.md: Layanan: halaman di alamat /maklumat-pelayanan/ ini tanpa baris Layanan: maklumat"
    assert said in checked.stdout, checked.stdout + checked.stderr
    page.write_text(head.replace("Slug: maklumat-pelayanan", "Slug: maklumat-pelayanan\nLayanan: maklumat")
                    + "\n\nDengan ini kami menyatakan sanggup menyelenggarakan pelayanan informasi publik.\n")
    assert "tanpa baris Layanan" not in run(site, "check").stdout
