"""`invoke situs-baru`: a new site folder for a region, and `invoke perbarui-kit`.

A site folder holds only what belongs to the region: its settings, its content, its own
templates, its README and CI. The kit (plugins, theme, tasks) is a git clone in ``kit/``
at the version named in ``kit.txt``; the site's ``run.sh`` clones or checks it out before
any task, so upgrading is one line (``versi = v1.1.0``), editable in the forge's web
interface too, and content and settings are never touched by it.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from common.urls import CREDENTIALS

from . import pengaturan, registry
from .schema import OPD_FIELDS, placeholder

KINDS = {"kabupaten": ("Kabupaten", "Bupati"), "kota": ("Kota", "Wali Kota"), "provinsi": ("Provinsi", "Gubernur")}
FORGES = ("github", "gitlab")
# Indonesia's three time zones: the site's clock (dates, "today", the daily build) and the
# daily build's hour in UTC (00:05 local).
ZONES = {"WIB": ("Asia/Jakarta", 17), "WITA": ("Asia/Makassar", 16), "WIT": ("Asia/Jayapura", 15)}
FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab"}


class SitusError(ValueError):
    pass


@dataclass
class Region:
    nama: str  # "Sukamaju Barat"
    jenis: str  # kabupaten | kota | provinsi
    domain: str  # "sukamajubaratkab.go.id"
    opd_slug: str  # the PPID Utama's OPD, e.g. "diskominfo"
    opd_nama: str
    opd_singkatan: str
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    repo: str = ""  # the site's repository at the forge, "owner/name" (the web editor saves there)
    gitlab_url: str = ""  # a self-hosted GitLab, "https://gitlab.example.go.id" (default: gitlab.com)
    app_id: str = ""  # the GitLab OAuth application's ID the editor signs in with (PKCE)
    oauth_url: str = ""  # GitHub: the OAuth helper the editor signs in through, "https://auth.example.go.id"
    zona: str = "WIB"  # WIB, WITA or WIT (ZONES)

    @property
    def full(self) -> str:
        return f"{KINDS[self.jenis][0]} {self.nama}"


# The kit's sample region: every value of the kit's pelicanconf.py that is the sample's own
# names it (publish.check_sample_values finds them in a site's settings).
SAMPLE_REGION = "sukamaju"


def kit_root() -> Path:
    return Path(__file__).resolve().parents[2]


def kit_version(root: Path | None = None) -> str:
    return (Path(root or kit_root()) / "VERSION").read_text(encoding="utf-8").strip()


def public_url(url: str) -> str:
    """The address a site's CI clones the kit from: an SSH remote (``git@host:owner/kit.git``,
    ``ssh://git@host/owner/kit.git``) as HTTPS, since a CI runner has no SSH key for it; an
    HTTPS remote without the name and token a clone may carry (``https://oauth2:<token>@host/…``):
    the address is written into the new site's committed files."""
    m = re.fullmatch(r"ssh://(?:[\w.-]+@)?([\w.-]+)(?::\d+)?/(.+)", url) or re.fullmatch(r"[\w.-]+@([\w.-]+):(?!/)(.+)", url)
    if m:
        return f"https://{m.group(1)}/{m.group(2)}"
    return CREDENTIALS.sub(r"\1", url)


def remote_url(url: str) -> bool:
    """An address another machine (CI) can clone from, not a folder of this one."""
    return bool(re.match(r"^(https?|ssh|git)://|^[\w.-]+@[\w.-]+:", url))


def kit_txt(site: Path) -> dict[str, str]:
    """``url`` and ``versi`` of a site's kit.txt."""
    text = (Path(site) / "kit.txt").read_text(encoding="utf-8")
    return dict(re.findall(r"^(url|versi)\s*=\s*(.*?)\s*$", text, re.M))


def kit_source(root: Path) -> tuple[str, str]:
    """(URL the site clones the kit from, version tag or commit it pins)."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    url = public_url(git("remote", "get-url", "origin").stdout.strip()) or str(root)
    tag = f"v{kit_version(root)}"
    at_tag = git("rev-parse", "-q", "--verify", f"refs/tags/{tag}^{{commit}}").stdout.strip()
    head = git("rev-parse", "HEAD").stdout.strip()
    return url, tag if at_tag and at_tag == head else (head or tag)


def unpushed(root: Path, ref: str) -> bool:
    """Whether the commit a new site pins (``ref``, from ``kit_source``) is known to no
    branch or tag of the kit's ``origin`` (a commit made in this clone and not pushed):
    the site's first ``./run.sh`` and its CI would not find it there. As far as this
    clone last fetched; False without an ``origin``."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    if git("remote", "get-url", "origin").returncode != 0:
        return False
    if git("show-ref", "-q", "--verify", f"refs/tags/{ref}").returncode == 0:
        return False  # a release tag (pushed or not, it names the release the docs speak of)
    known = git("for-each-ref", "--contains", ref, "--format=%(refname)", "refs/remotes/origin").stdout.split()
    return not known


def validate(region: Region, folder: Path):
    if region.repo and not re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+", region.repo):
        raise SitusError(f"--repo \"{region.repo}\" bukan nama repositori, mis. pemkab-sukamajubarat/situs (pemilik/nama)")
    if region.gitlab_url and not re.fullmatch(r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?/?", region.gitlab_url):
        raise SitusError(f"--gitlab-url \"{region.gitlab_url}\" bukan alamat GitLab, mis. https://gitlab.sukamajubaratkab.go.id")
    if region.oauth_url and not re.fullmatch(r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?/?", region.oauth_url):
        raise SitusError(f"--oauth-url \"{region.oauth_url}\" bukan alamat layanan OAuth, mis. https://auth.sukamajubaratkab.go.id")
    if region.app_id and not re.fullmatch(r"[A-Za-z0-9_-]+", region.app_id):
        raise SitusError(f"--app-id \"{region.app_id}\" bukan ID aplikasi GitLab (huruf dan angka)")
    if region.zona not in ZONES:
        raise SitusError(f"--zona \"{region.zona}\" tidak dikenal; pilihan: {', '.join(ZONES)} (zona waktu daerah ini)")
    if region.jenis not in KINDS:
        raise SitusError(f"--jenis \"{region.jenis}\" tidak dikenal; pilihan: {', '.join(KINDS)}")
    if not region.nama.strip():
        raise SitusError("--nama wajib diisi, mis. --nama \"Sukamaju Barat\"")
    first = region.nama.split()[0].rstrip(".").lower()
    if first in {"kab", "kabupaten", "kota", "provinsi", "prov", "pemkab", "pemkot", "pemprov"}:
        rest = region.nama.split(None, 1)[1] if len(region.nama.split()) > 1 else "Sukamaju Barat"
        raise SitusError(f"--nama \"{region.nama}\": tulis nama daerahnya saja, tanpa \"{region.nama.split()[0]}\" "
                         f"(jenisnya dari --jenis), mis. --nama \"{rest}\"")
    if region.email and not registry.EMAIL.fullmatch(region.email.strip()):
        raise SitusError(f"--email \"{region.email}\" bukan alamat surel lengkap, mis. ppid@{region.domain or 'sukamajubaratkab.go.id'}")
    if not region.domain:
        raise SitusError("--domain wajib diisi: domain situs, mis. --domain sukamajubaratkab.go.id")
    if not pengaturan.DOMAIN.fullmatch(region.domain) or region.domain != region.domain.lower():  # (as SITE_DOMAIN is checked)
        raise SitusError(f"--domain \"{region.domain}\" bukan nama domain, mis. sukamajubaratkab.go.id (tanpa https://)")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", region.opd_slug):
        raise SitusError(f"--opd \"{region.opd_slug}\" harus slug huruf kecil, mis. diskominfo")
    if folder.exists() and not folder.is_dir():
        raise SitusError(f"--folder {folder} adalah berkas, bukan folder; pilih folder baru")
    # A repository just cloned from the forge (nothing but .git) is empty enough.
    if folder.exists() and any(p.name != ".git" for p in folder.iterdir()):
        raise SitusError(f"folder {folder} sudah ada dan tidak kosong; pilih folder baru (atau folder hasil git clone "
                         "repositori yang masih kosong)")


def toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_text(r: Region, forge: str) -> str:
    kind, head = KINDS[r.jenis]
    fill = placeholder
    # Without its repository the editor would save nowhere: off until "repo" is filled in.
    editor_off = "" if r.repo else "\n# Editor mati sampai \"repo\" diisi: isi, lalu ubah REDAKSI_ENABLED menjadi True."
    return f'''"""Pengaturan situs {r.full}. Dibuat oleh `situs-baru` kit Situs Daerah.

Yang ada di berkas ini milik situs ini: ubah sesuka Anda. Bawaan lainnya datang dari kit
(kit/pelicanconf.py) dan ikut diperbarui bersama kit (lihat README.md).
"""

import importlib.util
from pathlib import Path

SITE = Path(__file__).resolve().parent
# The kit's defaults (kit/pelicanconf.py), loaded under their own name.
_spec = importlib.util.spec_from_file_location("situs_daerah_kit_conf", SITE / "kit" / "pelicanconf.py")
_kit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_kit)
globals().update({{k: v for k, v in vars(_kit).items() if k.isupper()}})

# --- Situs ------------------------------------------------------------------------
SITENAME = {repr(f"Portal Resmi Pemerintah {r.full}")}
SITENAME_SHORT = {repr(r.full)}
SITE_OWNER = {repr(f"Pemerintah {r.full}")}
SITE_DESCRIPTION = {repr(f"Berita, agenda dan informasi publik Pemerintah {r.full}.")}
AUTHOR = {repr(f"{r.opd_singkatan} {r.full}")}
SITE_LOGO = "images/logo.png"  # ganti berkas content/images/logo.png dengan lambang daerah
SITE_ADDRESS = {repr(r.alamat or fill("alamat kantor PPID Utama"))}
SITE_PHONE = {repr(r.telepon or fill("nomor telepon PPID Utama"))}
SITE_EMAIL = {repr(r.email or f"ppid@{r.domain}")}
SOCIAL = ()  # mis. (("Instagram", "https://www.instagram.com/akun"),)
REGULASI_KEPALA_DAERAH = {repr(head)}  # kepala daerah pada judul produk hukum: "Peraturan {head} …"
SITE_DOMAIN = {repr(r.domain)}
TIMEZONE = {repr(ZONES[r.zona][0])}  # {r.zona}: tanggal terbit, "hari ini" dan jam terbit harian mengikutinya
# Alamat CSIRT daerah untuk /.well-known/security.txt (laporan celah keamanan dari warga), mis.
# ("mailto:csirt@{r.domain}", "https://csirt.{r.domain}/lapor"). Selama kosong, publish memberi peringatan.
SECURITY_CONTACT = ()

# --- Konten, keluaran, templat sendiri ---------------------------------------------
PATH = str(SITE / "content")
OUTPUT_PATH = str(SITE / "output")
THEME_TEMPLATES_OVERRIDES = [str(SITE / "templates")]  # templat di sini menggantikan templat kit

# Menu (MENU, MENU_LAYANAN, MENU_PPID, MENU_KAKI) dari kit: menunjuk halaman wajib PPID di
# content/halaman/. Tautan ke halaman yang masih draf tidak ditampilkan sampai halaman itu
# terbit. Untuk mengubah menu, salin definisinya dari kit/pelicanconf.py ke sini.
GAMBAR_CACHE_PATH = str(SITE / "cache" / "gambar")
CARI_CACHE_PATH = str(SITE / "cache" / "cari")
REDAKSI_CACHE_PATH = str(SITE / "cache" / "redaksi")  # berkas editor: diunduh sekali, disimpan CI bersama cache/

# --- Editor web (admin/): formulir bagi OPD, menyimpan ke repositori situs ini ----------
# "repo": pemilik/nama repositori situs ini di {FORGE_NAMES[forge]}.{editor_off}
# Lihat kit/README.md, "Editor web" (login; GitHub: layanan OAuth di "base_url"; GitLab sendiri: "api_root" dan "base_url").
# Setelah mengubahnya, jalankan ./run.sh nginx-csp (header CSP di deploy/nginx.conf).
REDAKSI_BACKEND = {repr(editor_backend(r, forge))}
REDAKSI_ENABLED = {bool(r.repo)!r}
'''


PUBLISHCONF = '''"""Pengaturan produksi: semua dari pelicanconf.py ditambah alamat situs yang mutlak."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403 - this site's settings

SITEURL = (os.environ.get("SITEURL") or "https://" + SITE_DOMAIN).rstrip("/")  # noqa: F405 - empty: the domain
FEED_DOMAIN = SITEURL
globals().update(FEEDS)  # noqa: F405 - feeds need the absolute address
PRECOMPRESS = os.environ.get("PRECOMPRESS", "1").strip().lower() not in ("0", "false", "no", "tidak")
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET", DEPLOY_TARGET)  # noqa: F405
REDAKSI_LOCAL_BACKEND = False  # editor terbit: hanya ke repositori (bukan decap-server lokal)
'''

RUN_SH = '''#!/usr/bin/env bash
# Menjalankan tugas kit untuk situs ini: ./run.sh serve | build | check | publish | new ...
# Kit diambil dari alamat dan versi di kit.txt ke folder kit/ (git), lalu tugasnya dijalankan
# dengan situs ini (SITUS). Memperbarui kit: ubah `versi` di kit.txt, atau ./run.sh perbarui-kit vX.Y.Z
set -euo pipefail
cd "$(dirname "$0")"
site="$PWD"
# (kit.txt saved on Windows: its line ends' \\r is no part of the address or the version)
url="$(sed -n 's/^url *= *//p' kit.txt | tr -d '\\r' | sed 's/[[:space:]]*$//')"
versi="$(sed -n 's/^versi *= *//p' kit.txt | tr -d '\\r' | sed 's/[[:space:]]*$//')"
# The address as messages show it (CI logs): without a name and token before its host
# (the kit's common.urls.CREDENTIALS).
shown="$(printf '%s' "$url" | sed -E 's|^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@|\\1|')"
if [ ! -d kit/.git ]; then
  echo "Mengambil kit Situs Daerah $versi dari $shown ke kit/ (sekali saja)…" >&2
  git clone -q "$url" kit
elif [ "$(git -C kit remote get-url origin 2>/dev/null)" != "$url" ]; then
  # kit.txt says where the kit comes from (a mirror, a new address): kit/ follows it.
  echo "kit.txt: kit diambil dari $shown mulai sekarang." >&2
  git -C kit remote set-url origin "$url"
fi
# Changes made inside kit/ by hand: used here, but never by CI (it takes the kit from kit.txt).
changed="$(git -C kit status --porcelain --untracked-files=no | cut -c4- | head -3 | tr '\n' ' ')"
if [ -n "$changed" ]; then
  said="kit/ berisi perubahan setempat (${changed% }): CI tidak memakainya, karena mengambil kit dari kit.txt. Salin templat yang diubah ke templates/ (menggantikan templat kit), lalu kembalikan kit/: git -C kit checkout -- ."
  if [ "${1:-}" = perbarui-kit ] || [ "$(git -C kit rev-parse HEAD)" != "$(git -C kit rev-parse -q --verify "$versi^{commit}" || true)" ]; then
    echo "Gagal: $said" >&2
    exit 1
  fi
  echo "Perhatian: $said" >&2
fi
if [ "${1:-}" = perbarui-kit ]; then
  case "${2:-}" in
    -h|--help) echo "Memperbarui kit: ./run.sh perbarui-kit vX.Y.Z (versi kit di $shown; sekarang $versi). Baca kit/CHANGELOG.md dulu." >&2; exit 0 ;;
    "") echo "Tulis versinya: tag rilis yang lebih baru dari $versi, mis. ./run.sh perbarui-kit vX.Y.Z (daftar rilis: git -C kit tag)" >&2; exit 2 ;;
  esac
  git -C kit fetch -q --tags origin
  if ! git -C kit show-ref -q --verify "refs/tags/$2" && ! [[ "$2" =~ ^[0-9a-f]{7,40}$ ]]; then
    # A release tag (or a commit), never a branch: kit/'s copy of a branch is as old as its clone.
    latest="$(git -C kit tag --sort=-v:refname | head -3 | tr '\n' ' ')"
    if [ -n "$latest" ]; then hint="Rilis terbaru: ${latest% }"; else hint="Kit di alamat itu belum punya rilis bertanda; tulis commit-nya (40 huruf dan angka)."; fi
    if git -C kit show-ref -q --verify "refs/remotes/origin/$2" || git -C kit show-ref -q --verify "refs/heads/$2"; then
      echo "$2 adalah cabang (branch) kit, bukan rilis: kit diperbarui ke tag rilis atau commit, agar setiap komputer dan CI memakai kit yang sama; tulis tag rilisnya. $hint" >&2
    else
      echo "Versi kit $2 tidak ada di $shown; tulis tag rilisnya$(git -C kit show-ref -q --verify "refs/tags/v$2" && echo ", mis. v$2"). $hint" >&2
    fi
    exit 1
  fi
  git -C kit rev-parse -q --verify "$2^{commit}" >/dev/null || { echo "Versi kit $2 tidak ada di $shown" >&2; exit 1; }
  if [ "$(git -C kit rev-parse "$2^{commit}")" != "$(git -C kit rev-parse HEAD)" ] \
     && git -C kit merge-base --is-ancestor "$2^{commit}" HEAD; then
    echo "Perhatian: kit $2 lebih lama dari kit yang dipakai sekarang ($versi); perbaikan sesudahnya tidak ikut. Kembali: ./run.sh perbarui-kit $versi" >&2
  fi
  # Templates this site overrides (templates/) that the kit changed between the two versions.
  git -C kit diff --name-only HEAD "$2^{commit}" -- theme/templates/ | sed 's#^theme/templates/##' | while read -r t; do
    if [ -f "templates/$t" ]; then
      echo "templates/$t: templat kit $t berubah di versi $2; bandingkan dengan: git -C kit diff $versi $2 -- theme/templates/$t" >&2
    fi
  done
  # This site's CI file, a copy of the kit's template for its forge, when the kit changed that template.
  for f in .gitlab-ci.yml .github/workflows/situs.yml; do
    if [ -f "$f" ] && ! git -C kit diff --quiet HEAD "$2^{commit}" -- "$f"; then
      echo "$f: templat CI kit berubah di versi $2; bandingkan dengan: git -C kit diff $versi $2 -- $f" >&2
    fi
  done
  # Settings this site inherits from the kit's pelicanconf.py (menus, defaults) that changed.
  if ! git -C kit diff --quiet HEAD "$2^{commit}" -- pelicanconf.py; then
    echo "pelicanconf.py kit (pengaturan yang diwarisi situs ini: menu, nilai bawaan) berubah di versi $2; lihat: git -C kit diff $versi $2 -- pelicanconf.py" >&2
  fi
  sed -i "s/^versi *= .*/versi = $2/" kit.txt
  echo "kit.txt: versi = $2. Catatan perubahannya: git -C kit diff $versi $2 -- CHANGELOG.md; lalu ./run.sh build untuk memeriksa situs, dan commit kit.txt (CI memakai versi yang tertulis di kit.txt yang di-commit)." >&2
  versi="$2"
  shift 2
  set -- check "$@"
fi
want="$(git -C kit rev-parse -q --verify "$versi^{commit}" || true)"
if [ -z "$want" ]; then
  git -C kit fetch -q --tags origin
  want="$(git -C kit rev-parse -q --verify "$versi^{commit}" || true)"
  [ -n "$want" ] || { echo "Versi kit $versi (kit.txt) tidak ada di $shown" >&2; exit 1; }
fi
if [ "$(git -C kit rev-parse HEAD)" != "$want" ]; then
  echo "Memakai kit $versi." >&2
  git -C kit -c advice.detachedHead=false checkout -q "$want"
fi
SITUS="$site" exec bash kit/run.sh "$@"
'''

GITIGNORE = "kit/\noutput/\npublic/\n.output*\n.cache/\ncache/\n__pycache__/\n.pytest_cache/\ngl-code-quality-report.json\n"

GUIDE = "docs/panduan-penulis.md"  # the author guide, copied into a site: its authors read it on the forge


def guide_text(kit: Path) -> str:
    return (Path(kit) / GUIDE).read_text(encoding="utf-8")


def files_behind(site: Path, kit: Path | None = None) -> dict[str, str]:
    """The files of a site the kit owns, as this kit version would write them, where the
    site's differ: ``run.sh`` (written once by situs-baru, so an upgrade's new checks never
    reached it), the author guide (``GUIDE``: kit/ is not in the site's repository, where
    authors read) and the lines ``.gitignore`` lacks. {name: what to write}."""
    behind = {}
    run_sh = site / "run.sh"
    if run_sh.is_file() and run_sh.read_text(encoding="utf-8") != RUN_SH:
        behind["run.sh"] = RUN_SH
    guide = guide_text(kit or kit_root())
    have_guide = site / GUIDE
    if not have_guide.is_file() or have_guide.read_text(encoding="utf-8") != guide:
        behind[GUIDE] = guide
    ignore = site / ".gitignore"
    have = ignore.read_text(encoding="utf-8") if ignore.is_file() else ""
    missing = [line for line in GITIGNORE.splitlines() if line and line not in have.splitlines()]
    if missing:
        behind[".gitignore"] = have + ("" if not have or have.endswith("\n") else "\n") + "\n".join(missing) + "\n"
    return behind


def check_site_files(content_path, settings, report):
    """A site made by situs-baru (kit.txt beside its content) whose kit-owned files are not
    what the kit it uses writes (an older kit's, or a later one's after a move back): a
    warning naming them and the command that writes them again; a name and token in the
    kit's address (kit.txt, the README)."""
    from .validate import Problem

    site = Path(content_path).resolve().parent
    if not (site / "kit.txt").is_file():
        return
    # A name and token in the kit's address, written by an older situs-baru from a clone's
    # origin into kit.txt and the README's first link (and shown by its run.sh in every CI
    # log): said without the address itself.
    for name, key, address in (("kit.txt", "url", r"^url\s*=\s*(\S+)"), ("README.md", "", r"\]\(([^)\s]+)\)")):
        text = (site / name).read_text(encoding="utf-8") if (site / name).is_file() else ""
        at = next((n for n, line in enumerate(text.splitlines(), 1)
                   if any(CREDENTIALS.match(m) for m in re.findall(address, line))), 0)
        if at:
            report.warnings.append(Problem(
                name, key, "alamat kit memuat nama pengguna dan token (bagian sebelum @): berkas ini di-commit dan "
                "dapat dibaca orang lain, dan log CI sudah menampilkannya; tulis alamatnya tanpa bagian itu, mis. "
                "https://gitlab.com/pemilik/kit.git, lalu cabut token itu di forge", line=at))
    # (Not "older": after perbarui-kit to an earlier version they are a later kit's.)
    versi = kit_txt(site).get("versi", "")
    for name in files_behind(site):
        report.warnings.append(Problem(
            name, "", f"berkas milik kit ini tidak sama dengan yang ditulis kit yang dipakai situs ini ({versi[:12]}, "
            "kit.txt): perbaikan dan pemeriksaan versi itu tidak ikut; tulis ulang dengan ./run.sh perbarui-situs, "
            "lalu commit", line=0))
    for name, message in templates_behind(site, kit_root()):
        report.warnings.append(Problem(f"templates/{name}", "", message, line=1))
    # A PPID page an older situs-baru drafted without its `Layanan:` (the key came later): at
    # the address of the kit's service page, published, it is no service page to the PPID
    # menu, the service standards or the Monev self-check, which says it is missing.
    keys = service_keys(kit_root())
    for item in report.items:
        wanted = keys.get(item.slug) if item.ctype is not None and item.ctype.slug == "halaman" and item.published else None
        lines = [x for x in (wanted or "").splitlines() if not item.values.get(x.split(":")[0].strip().lower())]
        if lines:
            report.warnings.append(Problem(
                item.rel, lines[0].split(":")[0], f"halaman di alamat /{item.slug}/ ini tanpa baris {' dan '.join(lines)}: "
                "menu PPID, standar layanan dan kesiapan Monev tidak menemukannya dan menyebutnya belum ada; tambahkan "
                f"{'baris itu' if len(lines) == 1 else 'baris-baris itu'} di kepala berkas", line=0))


# The first line of a template copied from the kit into a site's templates/: the kit version
# it was copied from (or last compared with), so `check` can say when the kit's changed.
COPIED_FROM = re.compile(r"\{#\s*kit\s+(\S+)\s*#\}")


def templates_behind(site: Path, kit: Path) -> list[tuple[str, str]]:
    """The site's copies of kit templates (templates/<name> where the kit has one) that do
    not say which kit version they were copied from, or whose kit template changed since:
    a copy hides every later change of the kit's (a new field's link on a page, a fix),
    whichever way the kit was upgraded (perbarui-kit or kit.txt edited on the forge)."""
    now = kit_txt(site).get("versi", "")
    out = []
    for copy in sorted((site / "templates").glob("*.html")):
        name = copy.name
        if not (kit / "theme" / "templates" / name).is_file():
            continue  # the site's own template
        first = copy.read_text(encoding="utf-8").split("\n", 1)[0]
        found = COPIED_FROM.search(first)
        if not found:
            origin, same = copied_from(kit, name, copy.read_text(encoding="utf-8"), now)
            said = (f"salinan ini sama dengan templat kit {origin}" if same else
                    f"salinan ini paling mirip dengan templat kit {origin}; bila Anda tahu versi saat menyalinnya, tulis versi itu"
                    ) if origin else f"tulis versi kit saat Anda menyalinnya (bukan selalu {now}, versi sekarang)"
            out.append((name, f"salinan templat kit {name} tanpa versi asalnya: templat kit yang berubah kemudian tidak "
                              f"terlihat di situs ini; tulis baris pertama {{# kit {origin or now} #}} ({said}) agar "
                              "check memberi tahu bila templat kit itu berubah"))
            continue
        since = found.group(1)
        changed = subprocess.run(["git", "-C", str(kit), "diff", "--quiet", since, "HEAD", "--", f"theme/templates/{name}"],
                                 capture_output=True)
        if changed.returncode == 1:
            out.append((name, f"templat kit {name} berubah sejak {since}, versi salinan ini; bandingkan dengan: git -C kit "
                              f"diff {since} HEAD -- theme/templates/{name}, sesuaikan salinannya, lalu ubah baris "
                              f"pertamanya menjadi {{# kit {now} #}}"))
        elif changed.returncode != 0:
            out.append((name, f"versi asal salinan ini ({since}, baris pertama) tidak ada di kit; tulis versi kit saat "
                              f"disalin, mis. {{# kit {now} #}}"))
    return out


def copied_from(kit: Path, name: str, text: str, now: str = "") -> tuple[str, bool]:
    """The kit release whose template ``name`` a copy without its version line came from:
    (the release, True) when the copy equals it; else the release it is most like
    (edited since), False; ("", False) when the kit has no release with that template.
    A copy made before an upgrade is an older release's, not the one kit.txt names now."""
    import difflib

    tags = subprocess.run(["git", "-C", str(kit), "tag", "--sort=-v:refname"], capture_output=True, text=True).stdout.split()
    best, score = "", 0.0
    # The kit in use first (``now``: kit.txt's version, a release or a commit), then every release.
    for tag in [now or "HEAD", *tags]:
        shown = subprocess.run(["git", "-C", str(kit), "show", f"{tag}:theme/templates/{name}"], capture_output=True, text=True)
        if shown.returncode != 0:
            continue
        if shown.stdout == text:
            return tag, True
        ratio = difflib.SequenceMatcher(None, shown.stdout.splitlines(), text.splitlines(), autojunk=False).ratio()
        if ratio > score:  # (newest first: of two as alike, the newer)
            best, score = tag, ratio
    return best, False


TEMPLATES_README = """# Templat sendiri

Templat di folder ini menggantikan templat kit dengan nama yang sama
(`kit/theme/templates/`). Salin satu templat dari sana, tulis di baris pertamanya versi
kit saat disalin (`versi` di `kit.txt`), mis. `{# kit v1.1.0 #}`, ubah seperlunya, dan
situs ini memakainya. Templat yang tidak disalin tetap ikut diperbarui bersama kit.
`./run.sh check` memberi tahu bila templat kit yang Anda salin berubah sejak versi itu,
dengan perintah untuk melihat perubahannya; bandingkan, sesuaikan salinan Anda, lalu
tulis versi kit yang baru di baris pertamanya.
"""


def pages(r: Region) -> dict[str, str]:
    """The mandatory PPID pages (Perki 1/2021), as drafts with what to fill in."""
    fill = placeholder
    ppid = f"PPID Utama {r.full}"
    return {
        "profil-ppid.md": f"""Title: Profil PPID {r.full}
Slug: profil-ppid
Status: draft

{fill(f"dasar hukum pembentukan {ppid}: nomor dan tanggal Keputusan {KINDS[r.jenis][1]}")}

## Struktur organisasi

{fill("atasan PPID, PPID Utama, PPID Pelaksana di tiap OPD, dan nama pejabatnya")}

## Tugas dan fungsi

{fill("tugas PPID menurut Perki 1/2021")}

## Kontak

{r.opd_nama}. {fill("alamat, telepon, surel dan jam layanan PPID Utama")}
""",
        "maklumat-pelayanan.md": f"""Title: Maklumat Pelayanan Informasi Publik
Slug: maklumat-pelayanan
Status: draft

{fill(f"teks maklumat pelayanan yang ditandatangani pimpinan {ppid}")}
""",
        "tata-cara-permohonan-informasi.md": f"""Title: Tata Cara Permohonan Informasi Publik
Slug: tata-cara-permohonan-informasi
Status: draft

{fill("langkah permohonan informasi: cara mengajukan (datang, surat, surel, formulir daring), syarat, jangka waktu jawaban 10 hari kerja + 7, biaya")}
""",
        "tata-cara-keberatan.md": f"""Title: Tata Cara Pengajuan Keberatan
Slug: tata-cara-keberatan
Status: draft

{fill("cara mengajukan keberatan kepada atasan PPID dalam 30 hari kerja, jangka waktu tanggapan, dan sengketa ke Komisi Informasi")}
""",
        "tentang.md": f"""Title: Tentang Portal
Slug: tentang
Status: draft

{fill(f"siapa pengelola portal resmi {r.full}, untuk apa, dan cara menghubungi pengelola")}
""",
    }


def registry_text(r: Region) -> str:
    lines = [
        f"# Daftar Organisasi Perangkat Daerah (OPD) Pemerintah {r.full}.",
        "# Setiap tabel diberi kunci slug OPD (huruf kecil, tanpa spasi); nilai `OPD:` pada",
        "# berita, agenda dan entri DIP memakai salah satu slug ini. Tambahkan OPD lain di bawah.",
        "# Kolom: " + ", ".join(f.name + (" (wajib)" if f.required else "") for f in OPD_FIELDS)
        + " (panduan penulis, bagian \"Daftar OPD\").",
        "",
        f"[{r.opd_slug}]",
        f"nama = {toml_str(r.opd_nama)}",
        f"singkatan = {toml_str(r.opd_singkatan)}",
    ]
    for key in ("alamat", "telepon", "email"):
        if getattr(r, key):
            lines.append(f"{key} = {toml_str(getattr(r, key))}")
    return "\n".join(lines) + "\n"


def readme_text(r: Region, url: str, versi: str, forge: str) -> str:
    ci = ".github/workflows/situs.yml" if forge == "github" else ".gitlab-ci.yml"
    return f"""# Portal resmi {r.full}

Situs statis Pemerintah {r.full} ({r.domain}), dibangun dengan kit
[Situs Daerah]({url}); versi dan alamat kit yang dipakai tertulis di `kit.txt`.

## Perintah

```sh
./run.sh serve    # pratinjau di http://127.0.0.1:8000 (membangun ulang saat berkas berubah)
./run.sh check    # memeriksa seluruh konten tanpa menulis apa pun
./run.sh build    # membangun situs ke output/
./run.sh publish  # membangun untuk produksi (https://{r.domain})
./run.sh new berita --opd {r.opd_slug} --judul "Judul berita"
./run.sh tautan-luar  # sesudah build: menanyakan tautan ke situs lain (perlu internet; jalankan berkala)
```

Perintah pertama mengambil kit ke folder `kit/` (git) dan memasang paket Python yang
dibutuhkan ke `kit/.venv`.

## Yang harus dilengkapi dulu

- `content/halaman/`: halaman wajib PPID (profil, maklumat pelayanan, tata cara permohonan,
  tata cara keberatan, tentang portal) masih **draf** berisi petunjuk `[ISI: …]`. Tulis
  isinya, lalu hapus baris `Status: draft`. Selama masih draf, halaman itu tidak terbit dan
  tautannya tidak tampil di menu; `./run.sh check` menyebut apa yang masih harus diisi.
- `content/opd.toml`: daftar OPD. Tambahkan setiap OPD yang menerbitkan konten.
- `content/images/logo.png`: ganti dengan lambang daerah.
- `pelicanconf.py`: nama situs, alamat, telepon, surel, media sosial, warna (`WARNA`).

## Isi situs

Panduan penulis ada di `docs/panduan-penulis.md` (menambah berita, entri DIP dan
foto lewat antarmuka web forge, dan membaca pesan pemeriksaan): salinan dari kit, yang
`./run.sh perbarui-situs` perbarui bersama versi kit.

## Editor web

Staf OPD menulis berita, entri DIP, agenda dan halaman lewat formulir di
`https://{r.domain}/admin/`; formulir menyimpan berkas ke repositori situs ini sebagai
usulan perubahan yang diperiksa CI. Repositorinya ditulis di `pelicanconf.py`
(`REDAKSI_BACKEND`); tanpa repositori, editor mati (`REDAKSI_ENABLED = False`). Cara
masuk (login) ada di `kit/README.md`, bagian "Editor web": di GitHub, staf masuk lewat
layanan OAuth milik Diskominfo (alamatnya `base_url`, dari `situs-baru --oauth-url`); di
GitLab, lewat aplikasi OAuth GitLab (`app_id`, dari `--app-id`). Di komputer sendiri:
`./run.sh editor`.

## Templat sendiri

Salin templat dari `kit/theme/templates/` ke `templates/` lalu ubah: templat di
`templates/` menggantikan templat kit dengan nama yang sama.

## Memperbarui kit

Versi kit ditulis di `kit.txt` (`versi = {versi}`). Untuk memakai versi yang lebih baru:

```sh
./run.sh perbarui-kit vX.Y.Z   # rilis yang lebih baru dari versi di kit.txt (lihat: git -C kit tag)
./run.sh build
```

atau ubah baris `versi` di `kit.txt` lewat antarmuka web forge; CI memakai versi itu.
Konten, pengaturan dan templat sendiri tidak diubah; `perbarui-kit` menyebut setiap templat
di `templates/` yang templat kitnya berubah, dan berkas CI situs ini (`{ci}`) bila templat CI
kit berubah, dengan perintah untuk melihat perubahannya. Baca `kit/CHANGELOG.md` sebelum
memperbarui: versi 1.x yang lebih baru tidak mengharuskan perubahan apa pun pada situs.

## Server

`deploy/nginx.conf` adalah blok server nginx untuk {r.domain}: HTTPS, berkas terkompresi,
umur cache dan header keamanan (Content-Security-Policy). Periksa `server_name`, letak
sertifikat dan `root` (`/srv/situs/current`, folder `DEPLOY_TARGET`), lalu pasang di
server. Di server baru, ambil sertifikat pertama lebih dulu (nginx menolak berkas itu
selama sertifikatnya belum ada): langkahnya di baris-baris awal berkas itu. Setelah mengubah `EMBED_ALLOWED_HOSTS` atau `REDAKSI_BACKEND` di `pelicanconf.py`,
jalankan `./run.sh nginx-csp` agar header Content-Security-Policy di berkas itu sama dengan
yang ada di setiap halaman.

## CI

`{ci}`: memeriksa dan membangun pratinjau untuk setiap usulan perubahan, menerbitkan
situs setiap ada perubahan di cabang utama dan setiap hari pukul 00.05 {r.zona}. Uji milik situs
sendiri (pytest) di `tests/situs/` ikut dijalankan pada setiap usulan perubahan
(`./run.sh test --args tests/situs`).

{CI_SETUP[forge].format(zona=r.zona, tz=ZONES[r.zona][0])}"""


# What the README's "CI" section asks to set up once, on the site's forge.
CI_SETUP = {
    "gitlab": """Terbit harian perlu disiapkan sekali: buat jadwal pipeline (Build → Pipeline
schedules, `5 0 * * *`, zona {tz}, cabang `main`). `DEPLOY_SSH_KEY` harus
variabel CI/CD bertipe File dan, bersama `DEPLOY_KNOWN_HOSTS`, ditandai Protected (hanya
cabang `main` yang memakainya); bila proyeknya publik, tandai `DEPLOY_TARGET` Masked agar
alamat server tersamar di log.
""",
    "github": """Terbit harian sudah terjadwal di alur kerja itu (pukul 00.05 {zona}); GitHub
mematikan jadwal di repositori publik yang 60 hari tanpa commit (jalankan alur kerjanya
sekali untuk menyalakan lagi). Simpan `DEPLOY_TARGET` (alamat server; tersamar di log
yang dapat dibaca siapa pun bila repositorinya publik), `DEPLOY_SSH_KEY` dan
`DEPLOY_KNOWN_HOSTS` sebagai secret di environment `produksi` (Settings → Environments)
yang hanya boleh dipakai cabang `main`.
""",
}


def menu_pages(kit: Path, written: dict[str, str]) -> dict[str, str]:
    """A draft for every other static page the kit's menus link to, so a new site has no
    broken menu link (the menu shows it once it publishes)."""
    import importlib.util

    from pelican.settings import DEFAULT_CONFIG

    from common.urls import reserved_slugs

    spec = importlib.util.spec_from_file_location("situs_daerah_kit_menu", kit / "pelicanconf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    reserved = reserved_slugs({**DEFAULT_CONFIG, **{k: v for k, v in vars(conf).items() if k.isupper()}})
    have = {re.search(r"^Slug: (.+)$", text, re.M).group(1) for text in written.values()}
    out = {}
    for key, at in (("MENU", 2), ("MENU_LAYANAN", 1), ("MENU_PPID", 1), ("MENU_KAKI", 1)):
        for row in getattr(conf, key, ()) or ():
            slug = str(row[at]).strip("/") if len(row) > at else ""
            if not slug or "/" in slug or ":" in slug or slug in reserved or slug in have:
                continue
            have.add(slug)
            label = row[1] if key == "MENU" else row[0]
            out[f"{slug}.md"] = f"Title: {label}\nSlug: {slug}\nStatus: draft\n\n{placeholder(f'isi halaman {label}')}\n"
    return out


def service_keys(kit: Path) -> dict[str, str]:
    """Slug -> the header lines (``Layanan:``, ``Tanya-Jawab:``) that make the kit's sample
    page of that address a PPID service page or a question-and-answer page: a new site's
    draft of the same address becomes the same kind of page once it publishes (the PPID
    menu, the standards and the Monev self-check find it)."""
    out = {}
    for md in sorted((kit / "content" / "halaman").glob("*.md")):
        head = md.read_text(encoding="utf-8").split("\n\n", 1)[0]
        slug = re.search(r"^Slug:\s*(\S+)", head, re.M)
        lines = re.findall(r"^(?:Layanan|Tanya-Jawab):.*$", head, re.M)
        if slug and lines:
            out[slug.group(1)] = "\n".join(lines)
    return out


def with_service_keys(text: str, keys: dict[str, str]) -> str:
    """A scaffold page with the header lines ``service_keys`` gives its slug; a
    question-and-answer page with a first question to fill in (it needs one)."""
    slug = re.search(r"^Slug: (.+)$", text, re.M)
    lines = keys.get(slug.group(1)) if slug else None
    if not lines:
        return text
    text = text.replace(slug.group(0), f"{slug.group(0)}\n{lines}", 1)
    if re.search(r"^Tanya-Jawab:\s*ya\s*$", lines, re.M):
        text += f"\n## {placeholder('pertanyaan yang sering diajukan warga')}\n\n{placeholder('jawabannya')}\n"
    return text


def ci_files(kit: Path, forge: str, zona: str = "WIB") -> dict[str, str]:
    """The kit's CI template for the forge (written for a site's repository); the cache
    follows the kit version the site uses, the daily build the region's midnight."""
    if forge == "github":
        text = (kit / ".github/workflows/situs.yml").read_text(encoding="utf-8")
        hour = ZONES[zona][1]
        text = text.replace('cron: "5 17 * * *"  # 17:05 UTC = 00:05 WIB', f'cron: "5 {hour} * * *"  # {hour}:05 UTC = 00:05 {zona}')
        text = text.replace("every day at 00:05 WIB", f"every day at 00:05 {zona}")
        return {".github/workflows/situs.yml": text.replace("hashFiles('requirements.lock')", "hashFiles('kit.txt')")}
    # GitLab's schedule is set in its settings (its cron and time zone): the comment says which.
    text = (kit / ".gitlab-ci.yml").read_text(encoding="utf-8")
    return {".gitlab-ci.yml": text.replace('"5 0 * * *",\n#   Asia/Jakarta)', f'"5 0 * * *",\n#   {ZONES[zona][0]})')}


def editor_backend(region: Region, forge: str) -> dict:
    """The web editor's Git host (``REDAKSI_BACKEND``): the forge and the region's
    repository; on GitLab, its address (a self-hosted one) and the OAuth application the
    editor signs in with (PKCE: no secret, no server of ours); on GitHub, the OAuth helper
    that keeps the OAuth App's secret (README "Editor web")."""
    backend = {"name": forge, "repo": region.repo or "pemilik/nama-repositori", "branch": "main"}
    if forge == "gitlab" and region.gitlab_url:
        url = region.gitlab_url.rstrip("/")
        backend.update(api_root=f"{url}/api/v4", base_url=url)
    if forge == "gitlab" and region.app_id:
        backend.update(auth_type="pkce", app_id=region.app_id)
    if forge == "github" and region.oauth_url:
        backend.update(base_url=region.oauth_url.rstrip("/"), auth_endpoint="auth")
    return backend


def nginx_text(kit: Path, domain: str, backend: dict | None = None) -> str:
    """The kit's production server block (``deploy/nginx.conf``) for a region: its domain
    wherever the kit's is (``server_name``, the redirect, the certificates' paths), its
    releases under ``/srv/situs`` (the folder of ``DEPLOY_TARGET`` in the CI templates)
    and, with ``backend``, the editor's policy for that Git host (``$redaksi_csp``)."""
    from publish import csp

    text = (kit / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    sample = re.search(r"^\s*server_name\s+([^\s;]+)", text, re.M).group(1)
    text = text.replace(sample, domain)
    text = re.sub(r"^(\s*root )/srv/[^;]+;", r"\1/srv/situs/current;", text, count=1, flags=re.M)
    if backend is not None:
        text = csp.nginx_text(text, None, {"REDAKSI_BACKEND": backend})
    return text


def create(folder, region: Region, forge: str = "github", kit: Path | None = None,
           kit_url: str = "", kit_ref: str = "") -> Path:
    """Write a new site folder; return it. Nothing of the sample region is copied."""
    folder = Path(folder).resolve()
    kit = Path(kit or kit_root()).resolve()
    if forge not in FORGES:
        raise SitusError(f"--forge \"{forge}\" tidak dikenal; pilihan: {', '.join(FORGES)}")
    if forge != "gitlab" and (region.gitlab_url or region.app_id):
        raise SitusError("--gitlab-url dan --app-id hanya untuk --forge gitlab")
    if forge != "github" and region.oauth_url:
        raise SitusError("--oauth-url hanya untuk --forge github (GitLab: --app-id, masuk tanpa layanan OAuth sendiri)")
    validate(region, folder)
    url, ref = kit_source(kit)
    url, ref = kit_url or url, kit_ref or ref
    files = {
        "kit.txt": f"# Kit Situs Daerah yang dipakai situs ini: alamat git dan versinya (tag).\nurl = {url}\nversi = {ref}\n",
        "run.sh": RUN_SH,
        "pelicanconf.py": settings_text(region, forge),
        "publishconf.py": PUBLISHCONF,
        ".gitignore": GITIGNORE,
        "README.md": readme_text(region, url, ref, forge),
        GUIDE: guide_text(kit),
        "content/opd.toml": registry_text(region),
        "templates/README.md": TEMPLATES_README,
        "deploy/nginx.conf": nginx_text(kit, region.domain, editor_backend(region, forge)),
        **{f"content/halaman/{name}": text for name, text in pages(region).items()},
        **ci_files(kit, forge, region.zona),
    }
    for name, text in menu_pages(kit, pages(region)).items():
        files[f"content/halaman/{name}"] = text
    keys = service_keys(kit)
    for rel in [rel for rel in files if rel.startswith("content/halaman/")]:
        files[rel] = with_service_keys(files[rel], keys)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "run.sh").chmod(0o755)
    for sub in ("berita", "dip", "agenda"):
        (folder / "content" / sub / region.opd_slug).mkdir(parents=True, exist_ok=True)
        (folder / "content" / sub / region.opd_slug / ".gitkeep").write_text("")
    logo(folder / "content/images/logo.png", region)
    return folder


def logo(path: Path, region: Region):
    """A plain emblem (a disc in the theme's colour) until the region's own is added."""
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (256, 256), "white")
    ImageDraw.Draw(im).ellipse((16, 16, 240, 240), fill=(11, 79, 138))
    im.save(path, "PNG")


def default_folder(region: Region) -> Path:
    return Path("..") / f"situs-{slugify(region.full)}"
