"""Tasks: `./run.sh help`. Every task works from a fresh clone after `./run.sh`.

A task's docstring and its options' help are what `./run.sh help` and `./run.sh <task>
--help` print (``common.cli``): they are written in Indonesian, for the people who run
them. Options have long names only (``--judul``): invoke's automatic one-letter flags
were a letter per option picked in order, which no one could guess, and ``-h`` is help
in every task."""

import contextlib
import errno
import os
import sys
import threading
from functools import partial
from pathlib import Path

import invoke
from invoke import Exit

task = partial(invoke.task, auto_shortflags=False)

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

sys.path.insert(0, str(ROOT / "tools"))

# Each task imports what it uses when it runs: the site's build (Pelican and every
# package) takes most of a second to import, which `invoke --list`, `deploy`,
# `rollback` and `releases` do not need.

# The site the tasks work on: a site folder made by `situs-baru` (its run.sh sets SITUS),
# else the kit's own sample site.
SITE = Path(os.environ.get("SITUS") or ROOT).resolve()
CONF = SITE / "pelicanconf.py"
PUBLISHCONF = SITE / "publishconf.py"
OUTPUT = SITE / "output"


def here(path: str) -> str:
    """A path given on the command line, from the site's folder when relative: a site's
    run.sh runs the kit's from kit/, so `--output public` means the site's public/ (its
    CI's Pages artifact), not kit/public/."""
    return str(path if Path(path).is_absolute() else SITE / path)


JEJAK = "tampilkan juga jejak Python (traceback) bila build gagal karena templat, pengaturan atau plugin"


def _explained(run, jejak=False, output=None):
    """``run()`` for the tasks. A content problem is reported by the build or check itself;
    any other failure (a template, the settings, a plugin) is explained in Indonesian with
    its file and line, as the preview does, instead of a Python traceback (``--jejak``
    shows that too). A build's previous output is left as it was either way."""
    try:
        code = run()
    except Exception as exc:
        if jejak:
            raise
        from common.paths import display_path
        from preview.failure import explain

        failure = explain(exc, SITE)
        if not failure.file and SITE != ROOT:  # the kit's own theme or plugins
            failure = explain(exc, ROOT)
        print(failure.text(), file=sys.stderr)
        if output is not None:
            print(f"Situs lama di {display_path(output)} tidak diubah.", file=sys.stderr, end=" ")
        # A refusal of the settings' values (content.validate.ContentError) has nothing to trace.
        print("" if hasattr(exc, "problems") else "Jalankan lagi dengan --jejak untuk jejak Python lengkap.", file=sys.stderr)
        raise Exit(code=1) from None
    if code:
        raise Exit(code=code)


@task(help={"format": "teks, github (anotasi ::error di GitHub Actions) atau gitlab (gl-code-quality-report.json); "
                      "bawaan: github di GitHub Actions, gitlab di GitLab CI, selain itu teks", "jejak": JEJAK})
def check(c, format="", jejak=False):
    """Memeriksa semua konten tanpa menulis apa pun (untuk hook pre-commit dan CI)."""
    from content import build as kbuild
    from content import ci_report

    fmt = format or ci_report.default_format()
    if fmt not in ci_report.FORMATS:
        raise Exit(f"--format {fmt!r} tidak dikenal; pilih salah satu: {', '.join(ci_report.FORMATS)}.", code=2)
    _explained(lambda: kbuild.check(CONF, report_hook=lambda report: ci_report.emit(fmt, report, sys.stdout)), jejak)


def _build(settings_file, output, jejak=False) -> None:
    from content import build as kbuild

    _explained(lambda: kbuild.build(settings_file, output, process_ends=True), jejak, output)


@task(help={"output": "folder keluaran (bawaan: output/)", "jejak": JEJAK})
def build(c, output=str(OUTPUT), jejak=False):
    """Membangun content/ ke output/ dengan pelicanconf.py; build yang ditolak membiarkan keluaran lama."""
    output = here(output)
    _build(CONF, output, jejak)
    print(f"Situs dibangun di {output}")


@task(help={"output": "folder keluaran (bawaan: output/)", "jejak": JEJAK})
def monev(c, output=str(OUTPUT), jejak=False):
    """Membangun, lalu menampilkan jawaban situs ini untuk tiap butir situs web kuesioner Monev KIP."""
    from services.generator import print_monev

    output = here(output)
    _build(CONF, output, jejak)
    print_monev(Path(output) / "data" / "kesiapan-monev.json", sys.stdout)


@task(help={"output": "folder keluaran (bawaan: output/)", "jejak": JEJAK})
def publish(c, output=str(OUTPUT), jejak=False):
    """Membangun untuk produksi dengan publishconf.py (SITEURL mutlak, umpan, salinan .gz/.br)."""
    output = here(output)
    _build(PUBLISHCONF, output, jejak)
    print(f"Situs produksi dibangun di {output}")


@task(help={"output": "situs yang sudah dibangun (bawaan: output/)", "siteurl": "tautan mutlak di bawah alamat ini dihitung milik situs ini (bawaan: SITEURL)"})
def tautan(c, output=str(OUTPUT), siteurl=""):
    """Memeriksa bahwa setiap tautan di dalam situs yang sudah dibangun tidak putus.

    Setiap tautan harus menuju halaman atau berkas situs itu: pemeriksaan yang sama dengan
    setiap build sebelum terbit, untuk keluaran yang dibangun di tempat lain."""
    from content import build as kbuild
    from links import periksa

    output = here(output)
    if not (Path(output) / "index.html").is_file():
        raise Exit(f"{output} belum berisi situs: jalankan dulu `./run.sh build` atau `./run.sh publish`.", code=1)
    settings = dict(kbuild.load_settings(CONF))
    settings["SITEURL"] = siteurl or os.environ.get("SITEURL", "")
    stats: dict = {}
    problems = periksa.broken_links(output, settings, stats=stats)
    for problem in problems:
        print(f"KESALAHAN {problem}")
    if problems:
        raise Exit(f"{len(problems)} tautan rusak; perbaiki lalu bangun lagi.", code=1)
    print(f"Tautan sah: {stats.get('links', 0)} tautan di {stats.get('pages', 0)} halaman diperiksa.")


@task(name="tautan-luar", help={
    "output": "situs yang sudah dibangun (bawaan: output/)",
    "batas_waktu": "detik menunggu jawaban satu alamat (bawaan 20)",
    "siteurl": "alamat situs ini; tautan ke alamat ini bukan tautan luar (bawaan: SITEURL)",
    "abaikan": "awal alamat yang tidak diperiksa, dipisah koma (selain TAUTAN_LUAR_ABAIKAN di pelicanconf.py), "
               "mis. https://www.instagram.com/",
    "hasil": "berkas hasil untuk pemeriksaan mandiri Monev pada build berikutnya (bawaan: cache/tautan-luar.json)",
    "jaringan_dalam": "tanyakan juga alamat jaringan dalam (127.0.0.1, 10.x, 192.168.x…), mis. server uji; "
                      "bawaannya alamat itu dilaporkan rusak tanpa ditanyakan",
})
def tautan_luar(c, output=str(OUTPUT), batas_waktu=20.0, siteurl="", abaikan="", hasil="", jaringan_dalam=False):
    """Memeriksa tautan ke situs lain (JDIH, dokumen instansi lain, formulir) lewat internet.

    Setiap alamat ditanyakan sekali. "Rusak" (halaman tidak ada, nama server tidak ada)
    membuat tugas ini gagal; "ragu" (server lambat, menolak program, galat server) hanya
    peringatan: buka alamatnya di peramban. Bukan bagian build: CI situs menjalankannya
    setiap hari sesudah build terjadwal; jalankan juga sebelum kunjungan Monev."""
    from content import build as kbuild
    from links import luar

    output = here(output)
    if not (Path(output) / "index.html").is_file():
        raise Exit(f"{output} belum berisi situs: jalankan dulu `./run.sh build` atau `./run.sh publish`.", code=1)
    settings = dict(kbuild.load_settings(CONF))
    settings["SITEURL"] = siteurl or os.environ.get("SITEURL", "") or settings.get("SITEURL", "")
    pages = luar.external_links(output, settings, [a.strip() for a in abaikan.split(",") if a.strip()])
    print(f"Memeriksa {len(pages)} alamat luar dari {output} …", flush=True)
    agent = f"situs-daerah {settings.get('SITENAME') or ''} (pemeriksa tautan luar)".replace("  ", " ")
    answers = luar.ask_all(list(pages), timeout=float(batas_waktu), agent=agent, inside=jaringan_dalam)
    if luar.offline(answers):
        raise Exit("Tidak satu pun nama server ditemukan: komputer ini tampaknya tidak tersambung ke internet "
                   "(atau DNS-nya tidak bekerja). Tidak ada tautan yang dinilai; jalankan lagi dari komputer yang tersambung.",
                   code=2)
    from content import clock

    luar.save_result(Path(here(hasil)) if hasil else luar.result_path(settings),
                     clock.today(settings.get("TIMEZONE") or "Asia/Jakarta"), answers)
    written = luar.where_written(settings.get("PATH") or str(SITE / "content"),
                                 settings, [a.url for a in answers if a.verdict != "baik"])
    broken, doubtful = luar.report(answers, pages, written)
    for problem in doubtful:
        print(f"PERINGATAN {problem}")
    for problem in broken:
        print(f"KESALAHAN {problem}")
    good = sum(a.verdict == "baik" for a in answers)
    summary = f"{len(answers)} alamat luar: {good} baik, {len(broken)} rusak, {len(doubtful)} ragu."
    if broken:
        raise Exit(f"{summary} Perbaiki atau hapus tautan yang rusak.", code=1)
    print(summary)


def _deploy_settings(target, keep):
    import runpy

    from publish import deploy as tdeploy

    # publishconf.py's own values, read as Pelican reads a settings file (run as Python),
    # without importing Pelican: the deploy tasks need two of them.
    settings = runpy.run_path(str(PUBLISHCONF))
    target = target or os.environ.get("DEPLOY_TARGET") or settings.get("DEPLOY_TARGET", "")
    try:
        keep = int(keep) or tdeploy.int_env(os.environ, "DEPLOY_KEEP", int(settings.get("DEPLOY_KEEP", 5)), unit="")
        options = tdeploy.Options.from_env()
    except tdeploy.DeployError as exc:
        raise Exit(f"Gagal: {exc}", code=1) from None
    return target, keep, options


@task(help={
    "target": "user@host:/srv/situs, ssh://user@host:port/srv/situs atau folder lokal (bawaan: DEPLOY_TARGET dari lingkungan atau publishconf.py)",
    "keep": "rilis yang disimpan di tujuan (bawaan: DEPLOY_KEEP, 5)",
    "output": "situs yang diunggah (bawaan: output/, dari ./run.sh publish)",
})
def deploy(c, target="", keep=0, output=str(OUTPUT)):
    """Mengunggah output/ sebagai rilis baru (rsync) lalu memindahkan `current` ke sana sekaligus (atomik)."""
    from publish import deploy as tdeploy

    target, keep, options = _deploy_settings(target, keep)
    try:
        tdeploy.deploy(here(output), target, keep=keep, options=options)
    except tdeploy.DeployError as exc:
        raise Exit(f"Gagal: {exc}", code=1) from None


@task(help={"target": "user@host:/srv/situs atau folder lokal (bawaan: DEPLOY_TARGET)"})
def rollback(c, target=""):
    """Mengembalikan `current` ke rilis sebelum rilis yang sedang tayang."""
    from publish import deploy as tdeploy

    target, _, options = _deploy_settings(target, 0)
    try:
        tdeploy.rollback(target, options=options)
    except tdeploy.DeployError as exc:
        raise Exit(f"Gagal: {exc}", code=1) from None


@task(help={"target": "user@host:/srv/situs atau folder lokal (bawaan: DEPLOY_TARGET)"})
def releases(c, target=""):
    """Daftar rilis di tujuan; yang sedang tayang ditandai *."""
    from publish import deploy as tdeploy

    target, _, options = _deploy_settings(target, 0)
    try:
        current, names, rejected = tdeploy.releases(target, options=options)
        origins = tdeploy.notes(target, options=options) if names else {}
    except tdeploy.DeployError as exc:
        raise Exit(f"Gagal: {exc}", code=1) from None
    if not names:
        print(f"Belum ada rilis di {target}.")
    for name in names:
        said = [origins.get(name, ""), "ditolak: ditinggalkan oleh rollback" if name in rejected else ""]
        print(("* " if name == current else "  ") + name + "".join(f"  ({x})" if x.startswith("ditolak") else f"  {x}" for x in said if x))


@task(help={"port": "porta (bawaan 8000)", "host": "alamat yang didengarkan (bawaan 127.0.0.1, hanya komputer ini)"})
def serve(c, port=8000, host="127.0.0.1"):
    """Pratinjau di http://127.0.0.1:8000: dibangun ulang setiap berkas disimpan, peramban memuat ulang sendiri, galat tampil sebagai halaman."""
    from preview import supervisor

    watched = supervisor.WATCHED
    if SITE != ROOT:  # a site made by situs-baru: its own files, and the kit's code
        watched = (SITE / "content", SITE / "templates", CONF, PUBLISHCONF,
                   *(name for name in supervisor.WATCHED if name not in ("content", "pelicanconf.py", "publishconf.py")))
    watched = (*watched, _counts_file())  # `invoke statistik`'s new counts: the most-read lists change
    port = int(port)
    if not 1 <= port <= 65535:
        raise Exit(f"--port {port}: porta harus di antara 1 dan 65535, mis. --port 8001", code=2)
    from preview.server import CannotListen

    try:
        supervisor.serve(CONF, OUTPUT, ROOT, watched, host=host, port=port)
    except CannotListen as failed:
        exc = failed.args[0]
        busy = getattr(exc, "errno", None) == errno.EADDRINUSE
        raise Exit(f"Pratinjau tidak dapat mendengarkan di {host}:{port}: "
                   + ("porta itu sudah dipakai (mungkin pratinjau lain masih berjalan); hentikan yang itu, "
                      f"atau pakai porta lain, mis. ./run.sh serve --port {port + 1}" if busy else
                      f"{getattr(exc, 'strerror', None) or exc}; periksa --host dan --port"), code=2) from None


def _counts_file() -> Path:
    """The read counts the build reads (plugins/readcounts): STATISTIK_PATH, or its default
    when the settings cannot be read now (the preview starts anyway and shows why)."""
    from readcounts.store import counts_path

    try:
        from content import build as kbuild

        path = counts_path(kbuild.load_settings(CONF)).resolve()
    except Exception:  # noqa: BLE001 - the preview's first build reports the settings' problem
        path = SITE / "cache" / "statistik.json"
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)  # watched from the start (the build makes cache/ too)
    return path


@task(help={"port": "porta pratinjau di 127.0.0.1 (bawaan 8000)"})
def editor(c, port=8000):
    """Mencoba editor web di komputer ini: http://127.0.0.1:8000/admin/ menyimpan ke repositori ini."""
    from editor import lokal

    from content.build import load_settings

    _build(CONF, OUTPUT)
    chosen = load_settings(CONF).get("REDAKSI_LOCAL_BACKEND", True)
    hosts = chosen.get("allowed_hosts") or () if isinstance(chosen, dict) else ()  # names of this computer too
    server = lokal.start(hosts=hosts)
    # The address once decap-server answers: a page opened before would not find the local
    # backend and offer the git host's login instead.
    if not server.ready(60) and server.proc.poll() is not None:
        server.terminate()
        raise Exit("decap-server berhenti (pesannya di atas); jalankan `bash scripts/node-deps.sh`, lalu coba lagi.", code=1)
    print(f"Editor web: http://127.0.0.1:{port}/admin/  (decap-server di 127.0.0.1:{lokal.PORT}, mode git; Ctrl+C untuk berhenti)")
    try:
        lokal.serve_static(OUTPUT, int(port))
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()


@task(
    help={
        "berita": "berita di situs sintetis (bawaan 10000)",
        "dip": "entri DIP (bawaan 2000)",
        "opd": "OPD (bawaan 8, paling banyak 12)",
        "skala": "juga membangun situs dua kali lebih besar, untuk rasio skala (bawaan: ya; --no-skala)",
        "keep": "simpan situs sintetis di folder sementara",
        "pratinjau-saja": "hanya angka pratinjau (bagiannya sendiri di BENCHMARKS.md), mis. --berita 1600 --dip 400",
        "pasangan": "berapa kali Pelican polos dan build pertama diukur berurutan (bawaan 2)",
    }
)
def bench(c, berita=10_000, dip=2_000, opd=8, skala=True, keep=False, pratinjau_saja=False, pasangan=2):
    """Mengukur build pertama, tanpa perubahan, satu suntingan dan satu tambahan dibanding Pelican polos, serta pratinjau; memperbarui BENCHMARKS.md."""
    import benchmarks  # tools/benchmarks.py
    import bench as cbench  # tools/bench.py

    if pratinjau_saja:
        section = cbench.preview_table(cbench.run_preview(int(berita), int(dip), int(opd), keep=keep))
        benchmarks.write_section("bench-pratinjau", section)
        print(section)
        return
    results = cbench.run(int(berita), int(dip), int(opd), skala=skala, keep=keep, pairs=int(pasangan))
    section = cbench.table(results)
    benchmarks.write_section("bench", section)
    print(section)


@task(
    positional=["jenis_konten"],
    help={
        "jenis_konten": "berita, dip, agenda atau regulasi",
        "opd": "slug OPD dari content/opd.toml (untuk regulasi: OPD pemrakarsa, tidak wajib)",
        "judul": "judul berita atau ringkasan informasi; untuk regulasi: isi tentang",
        "jenis": "untuk dip: berkala, serta-merta, setiap-saat, dikecualikan; untuk regulasi: perda, perbup, …",
        "kategori": "untuk dip berkala: profil, program-kegiatan, …",
        "nomor": "untuk regulasi: nomor peraturan, mis. 12",
        "rancangan": "untuk regulasi: rancangan (belum ditetapkan)",
        "mulai": "untuk agenda: tanggal dan jam mulai, mis. 2026-12-20 09:00 (tanpa ini: diisi sendiri sebelum terbit)",
    },
)
def new(c, jenis_konten, judul="", opd="", jenis="", kategori="", nomor="", rancangan=False, mulai=""):
    """Membuat berkas konten dengan semua kolom wajib, mis. ./run.sh new berita --opd <slug OPD> --judul "…"."""
    from common.paths import display_path
    from content import build as kbuild
    from content import registry, scaffold
    from content.validate import Checker

    settings = kbuild.load_settings(CONF)
    reg, problems = registry.load(settings["PATH"])

    def check(path, text):  # the schema's own checks of the values given here
        return Checker(settings["PATH"], settings).check_one(path, reg, text.encode("utf-8")).errors

    try:
        extra = {}
        if jenis_konten == "regulasi":
            from content import regulasi

            # Without --jenis: the region's head's regulation (a kota's Perwali, not a Perbup);
            # with it, one of the region's own (`check` only warns of another's, already on the site).
            known, offered = regulasi.instruments(settings)[0], regulasi.offered(settings)
            if jenis.casefold() in known and jenis.casefold() not in offered:
                raise scaffold.ScaffoldError(
                    f"--jenis {jenis}: {known[jenis.casefold()].nama} bukan produk hukum "
                    f"{regulasi.region(settings)['daerah']}; pilihan: {', '.join(offered)}")
            extra = {"nomor": nomor, "status-berlaku": "rancangan" if rancangan else "",
                     "jenis-bawaan": regulasi.head_regulation(settings)}
        if mulai and jenis_konten != "agenda":
            raise scaffold.ScaffoldError("--mulai hanya untuk agenda")
        if mulai:
            extra["mulai"] = mulai
        path = scaffold.new(settings["PATH"], jenis_konten, opd, judul, reg, settings["TIMEZONE"], check=check,
                            jenis=jenis, kategori=kategori, **extra)
    except scaffold.ScaffoldError as exc:
        raise Exit(f"Gagal: {exc}", code=2) from None
    print(f"Berkas baru: {display_path(path)}\nLengkapi isinya, lalu jalankan: ./run.sh check")


@task(
    help={
        "nama": "nama daerah tanpa jenisnya, mis. \"Sukamaju Barat\"",
        "jenis": "kabupaten, kota atau provinsi",
        "domain": "domain situs, mis. sukamajubaratkab.go.id",
        "opd": "slug OPD PPID Utama (bawaan: diskominfo)",
        "opd_nama": "nama OPD PPID Utama (bawaan: Dinas Komunikasi dan Informatika)",
        "opd_singkatan": "singkatan OPD PPID Utama (bawaan: Diskominfo)",
        "alamat": "alamat kantor PPID Utama",
        "telepon": "telepon PPID Utama",
        "email": "surel PPID Utama (bawaan: ppid@<domain>)",
        "folder": "folder situs baru (bawaan: ../situs-<jenis>-<nama>)",
        "forge": "github atau gitlab: templat CI yang ditulis (bawaan: github)",
        "repo": "repositori situs di forge itu, pemilik/nama (editor web menyimpan ke sana; tanpa ini editor mati)",
        "gitlab_url": "GitLab sendiri, mis. https://gitlab.sukamajubaratkab.go.id (bawaan: gitlab.com)",
        "app_id": "ID aplikasi OAuth GitLab untuk masuk ke editor web (Admin → Applications, lihat README kit)",
        "oauth_url": "GitHub: alamat layanan OAuth tempat staf masuk ke editor web, mis. https://auth.sukamajubaratkab.go.id (lihat README kit)",
        "zona": "zona waktu daerah: WIB (bawaan), WITA atau WIT; tanggal terbit dan terbit harian mengikutinya",
    }
)
def situs_baru(c, nama="", domain="", jenis="kabupaten", opd="diskominfo", opd_nama="Dinas Komunikasi dan Informatika",
               opd_singkatan="Diskominfo", alamat="", telepon="", email="", folder="", forge="github",
               repo="", gitlab_url="", app_id="", oauth_url="", zona="WIB"):
    """Menulis folder situs baru untuk satu daerah: pengaturan, daftar OPD, halaman PPID sebagai draf, README, CI."""
    from content import situs

    if SITE != ROOT:
        raise Exit("Gagal: situs-baru membuat situs daerah lain dari kit, bukan di dalam situs ini; jalankan dari "
                   "salinan kit, mis. git clone <alamat kit> kit-situs-daerah && cd kit-situs-daerah && ./run.sh situs-baru …",
                   code=2)
    region = situs.Region(nama.strip(), jenis.strip().lower(), domain.strip().lower(), opd.strip(), opd_nama.strip(),
                          opd_singkatan.strip(), alamat.strip(), telepon.strip(), email.strip(), repo.strip(),
                          gitlab_url.strip(), app_id.strip(), oauth_url.strip(), zona.strip().upper())
    # A relative --folder is the caller's (run.sh works from the kit's folder; it passes where it was called).
    target = Path(os.environ.get("SITUS_DAERAH_DARI") or ".", folder) if folder else situs.default_folder(region)
    try:
        made = situs.create(target, region, forge=forge)
    except situs.SitusError as exc:
        raise Exit(f"Gagal: {exc}", code=2) from None
    print(f"Situs baru: {made}")
    print(f"Lanjutkan: cd {made} && ./run.sh serve   (lalu lengkapi halaman draf di content/halaman/, lihat README.md)")
    url, versi = situs.kit_txt(made)["url"], situs.kit_txt(made)["versi"]
    if not versi.startswith("v"):
        print(f"Perhatian: kit ini bukan versi rilis (tag); kit.txt menyematkan commit {versi[:12]}. Untuk memakai rilis "
              "yang lebih baru dari commit ini, bila sudah ada: ./run.sh perbarui-kit vX.Y.Z (daftar rilis: git -C kit tag, "
              "setelah ./run.sh pertama mengambil kit/; rilis yang lebih lama tidak memuat perbaikan sesudahnya).")
    if situs.unpushed(situs.kit_root(), versi):
        print(f"Perhatian: commit kit {versi[:12]} yang disematkan kit.txt belum ada di {url} (belum di-push?); "
              "./run.sh pertama situs dan CI-nya mengambil kit dari sana. Push commit kit itu dulu, atau buat situs dari "
              "kit yang sama dengan alamat itu.")
    if not situs.remote_url(url):
        print(f"Perhatian: kit.txt mengambil kit dari folder di komputer ini ({url}); CI tidak dapat mengambilnya. "
              "Ubah `url` di kit.txt ke alamat git kit (mis. https://…/situs-daerah.git) sebelum commit pertama.")
    print("Isi SECURITY_CONTACT di pelicanconf.py dengan alamat CSIRT daerah (untuk /.well-known/security.txt).")
    missing = [key for key, given in (("SITE_ADDRESS", region.alamat), ("SITE_PHONE", region.telepon)) if not given.strip()]
    if missing:
        print(f"Isi {' dan '.join(missing)} di pelicanconf.py (masih [ISI: …]; tampil di kaki setiap halaman situs): "
              "publish menolak situs sebelum diisi.")
    if not region.repo:
        print("Editor web (admin/) mati sampai REDAKSI_BACKEND di pelicanconf.py menyebut repositori situs ini "
              "(atau buat ulang dengan --repo pemilik/nama).")
    elif forge == "github" and not region.oauth_url:
        print("Editor web di GitHub: staf baru dapat masuk setelah \"base_url\" di REDAKSI_BACKEND (pelicanconf.py) "
              "menyebut layanan OAuth Diskominfo (atau buat ulang dengan --oauth-url https://auth.…); lihat kit/README.md, \"Editor web\".")


@task(name="perbarui-situs")
def perbarui_situs(c):
    """Menulis ulang berkas milik kit di situs ini (run.sh, panduan penulis, baris .gitignore yang kurang) seperti versi kit sekarang menulisnya."""
    from content import situs

    if SITE == ROOT:
        raise Exit("Gagal: perbarui-situs untuk situs buatan situs-baru, bukan untuk kit itu sendiri.", code=2)
    behind = situs.files_behind(SITE)
    for name, text in behind.items():
        (SITE / name).parent.mkdir(parents=True, exist_ok=True)
        (SITE / name).write_text(text, encoding="utf-8")
        print(f"{name} ditulis ulang seperti kit ini menulisnya.")
    print("Periksa perubahannya (git diff), lalu commit." if behind
          else "run.sh, .gitignore dan panduan penulis sudah seperti kit ini menulisnya.")


@task(name="nginx-csp")
def nginx_csp(c):
    """Menulis baris Content-Security-Policy di deploy/nginx.conf dari pengaturan.

    Untuk situs dan editor ($redaksi_csp), dari plugins/publish/csp.py dan pengaturan.
    Situs buatan situs-baru yang belum punya berkas itu mendapat milik kit, untuk
    domainnya (SITE_DOMAIN)."""
    from common.paths import display_path
    from content import build as kbuild
    from content import situs
    from publish import csp

    settings = kbuild.load_settings(CONF)
    conf = SITE / "deploy" / "nginx.conf"
    made = False
    if not conf.is_file():
        domain = settings.get("SITE_DOMAIN")
        if SITE == ROOT or not domain:
            raise Exit(f"{display_path(conf)} tidak ada. Salin {display_path(ROOT / 'deploy' / 'nginx.conf')} ke sana, "
                       "ubah server_name, sertifikat dan root, lalu jalankan lagi.", code=1)
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(situs.nginx_text(ROOT, domain), encoding="utf-8")  # its CSP lines below
        made = True
    try:
        changed = csp.write_nginx(conf, settings.get("EMBED_ALLOWED_HOSTS") or (), settings)
    except csp.PolicyError as exc:
        raise Exit(f"pelicanconf.py: {exc.args[0]}: {exc.args[1]}", code=1) from None
    except csp.NginxConfError as exc:
        raise Exit(f"{display_path(conf)}: {exc}", code=1) from None
    name = display_path(conf)
    if made:
        print(f"{name} dibuat dari blok server kit untuk {domain}: periksa server_name, sertifikat dan root "
              "sebelum memasangnya di server.")
    else:
        print(f"{name} diperbarui." if changed else f"{name} sudah sesuai.")


@task
def docs(c):
    """Menulis ulang tabel kolom di panduan penulis dari skema."""
    from content import guide

    changed = guide.update(ROOT / "docs" / "panduan-penulis.md")
    print("Panduan diperbarui." if changed else "Panduan sudah sesuai skema.")


@task(
    positional=["source"],
    help={
        "source": "alamat umpan Atom/RSS (https://…) atau lokasi berkas umpan",
        "opd": "slug OPD penerbit ulang, dari content/opd.toml (bawaan: diskominfo)",
        "entri": "entri ke berapa dari umpan, 1 = yang pertama (bawaan: 1)",
        "sumber": "nama lembaga sumber, bila umpan tidak menyebutnya",
        "penulis": "isi Author (bawaan: Humas <singkatan OPD>)",
    },
)
def import_narasi(c, source, opd="diskominfo", entri=1, sumber="", penulis=""):
    """Mengubah satu entri umpan Atom/RSS menjadi berita narasi tunggal di content/berita/<opd>/."""
    from common.paths import display_path
    from content import build as kbuild
    from pipeline import check as check_content
    from content import registry

    from channels import impor

    settings = kbuild.load_settings(CONF)
    reg, _ = registry.load(settings["PATH"])
    categories = settings.get("NEWS_CATEGORIES") or ("Berita",)
    try:
        local = "://" not in source and not Path(source).is_absolute()
        result = impor.import_entry(
            here(source) if local else source, Path(settings["PATH"]), reg, settings["TIMEZONE"], opd=opd, entri=entri, sumber=sumber,
            penulis=penulis, embed_hosts=settings.get("EMBED_ALLOWED_HOSTS", ()),
            category="Berita" if "Berita" in categories else categories[0],
        )
    except impor.NarasiError as exc:
        raise Exit(f"Gagal: {exc}", code=1) from None
    rel = display_path(result.path)
    print(f"Berkas baru: {rel}\n  {result.title}\n  Sumber: {result.sumber} ({result.sumber_url})")
    for note in result.notes:
        print(f"PERHATIAN {rel}: {note}")
    report = check_content(settings["PATH"], settings)
    problems = [p for p in report.errors if Path(p.path).resolve() == result.path.resolve()]
    if problems:
        raise Exit("Berkas dibuat tetapi belum sah; perbaiki lalu jalankan ./run.sh check:\n" + "\n".join(f"  {p}" for p in problems), code=1)
    print("Periksa isinya, lalu jalankan: ./run.sh check")


@task(help={
    "args": "argumen untuk pytest (berkas, -k, -x, ...)",
    "workers": "uji yang berjalan bersamaan, masing-masing di prosesnya sendiri (bawaan: satu per CPU; 1: semua di satu proses)",
})
def test(c, args="", workers=0):
    """Menjalankan seluruh uji, dibagi ke satu proses per CPU (pytest-xdist).

    Di situs buatan situs-baru: uji situs itu sendiri (tests/situs/)."""
    # Most tests wait on builds, servers and the browser: on two cores the suite takes about
    # two thirds of the time it takes on one.
    if not workers:
        from common.forked import usable_cpus

        workers = usable_cpus()
    spread = f"-n {workers} --dist worksteal " if workers > 1 else ""  # an idle process takes tests queued for another
    if SITE != ROOT:
        # A site's own tests (its tests/situs/, from its CI): run in the site's folder, with
        # the kit's packages importable (``from content import ...``).
        plugins = os.pathsep.join(filter(None, (str(ROOT / "plugins"), os.environ.get("PYTHONPATH"))))
        with c.cd(str(SITE)):
            c.run(f"{sys.executable} -m pytest {spread}{args or 'tests/situs'}", pty=False, env={"PYTHONPATH": plugins})
        return
    # The slowest tests are listed at the end: where the suite's time goes (BENCHMARKS.md).
    c.run(f"{sys.executable} -m pytest {spread}--durations=15 {args}", pty=False)


# --- Lighthouse (theme) -------------------------------------------------------------------
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE_CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Not for search engines on purpose (`noindex`): Lighthouse's SEO "is-crawlable" fails there.
LIGHTHOUSE_NOINDEX = {"tidak-ditemukan"}
BENCHMARKS = ROOT / "BENCHMARKS.md"


@task(help={"install": "pasang lighthouse ke .cache/lighthouse dengan npm bila belum ada"})
def lighthouse(c, install=True):
    """Lighthouse (seluler) pada setiap jenis halaman situs contoh; menulis tabelnya ke BENCHMARKS.md."""
    import datetime
    import json
    import socket
    import subprocess

    import benchmarks  # tools/benchmarks.py
    from content import build as kbuild

    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from pages import PAGES, built_file

    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        if not install:
            raise Exit("Lighthouse belum terpasang: npm install --prefix .cache/lighthouse lighthouse", code=2)
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        c.run(f"npm install --prefix {LIGHTHOUSE_DIR} --no-audit --no-fund --loglevel=error lighthouse@12")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    site = LIGHTHOUSE_DIR / "site"
    # The production shape (absolute SITEURL: canonical, feeds, sitemap) on loopback.
    if kbuild.build(CONF, site, SITEURL=base):
        raise Exit("Build gagal", code=1)
    from common.served import LocalHandler, LocalServer

    server = LocalServer(("127.0.0.1", port), partial(LocalHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows, misses = [], []
    try:
        for name, path, _owned in PAGES:
            if not built_file(site, path).is_file():
                continue
            report = LIGHTHOUSE_DIR / f"{name}.json"
            subprocess.run(
                ["node", str(cli), f"{base}/{path}", "--quiet", "--output=json", f"--output-path={report}",
                 f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}"],
                check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            )
            data = json.loads(report.read_text(encoding="utf-8"))
            scores = {k: round((data["categories"][k]["score"] or 0) * 100) for k in LIGHTHOUSE_CATEGORIES}
            lcp = data["audits"]["largest-contentful-paint"]["displayValue"]
            weight = data["audits"]["total-byte-weight"]["numericValue"] / 1024
            rows.append((name, path, scores, lcp, weight))
            for k, goal in LIGHTHOUSE_GOALS.items():
                if k == "seo" and name in LIGHTHOUSE_NOINDEX:
                    continue
                if scores[k] < goal:
                    failed = [a["id"] for a in data["audits"].values() if a.get("score") is not None and a["score"] < 1
                              and a["id"] in {r["id"] for r in data["categories"][k]["auditRefs"]}]
                    misses.append(f"{name} {k} {scores[k]} < {goal}: {', '.join(failed[:8])}")
            print(f"{name:20} " + " ".join(f"{k}={v}" for k, v in scores.items()) + f" LCP={lcp}")
    finally:
        server.shutdown()
    version = json.loads((cli.parent.parent / "package.json").read_text(encoding="utf-8"))["version"]
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "## Lighthouse (mobile, `invoke lighthouse`)",
        "",
        f"Measured {datetime.date.today().isoformat()} on {benchmarks.machine()}, {chromium}; Lighthouse {version}, default mobile",
        f"emulation and simulated throttling, sample site built with SITEURL={base.rsplit(':', 1)[0]}:<port> and served on loopback.",
        "Goals: performance ≥ 95, accessibility, best practices and SEO 100. The 404 page carries",
        "`noindex` on purpose (it is also reachable as `/404.html` with status 200), so its SEO score",
        "loses the is-crawlable audit.",
        "",
        "| page | path | performance | accessibility | best practices | SEO | LCP | transfer |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path, s, lcp, weight in rows:
        lines.append(f"| {name} | `/{path}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | {lcp} | {weight:.0f} KiB |")
    if misses:
        lines += ["", "Below goal:", ""] + [f"- {m}" for m in misses]
    benchmarks.write_section("lighthouse", "\n".join(lines))
    print(f"Tabel ditulis ke {BENCHMARKS.name}")
    if misses:
        print("\n".join(misses))
# --- Search benchmark (search package) ---------------------------------------------------
@task(help={"news": "berita sintetis (bawaan 8000)", "entries": "entri DIP sintetis (bawaan 2000)"})
def bench_cari(c, news=8000, entries=2000):
    """Tolok ukur pencarian di situs sintetis: waktu indeks, ukuran, bita yang dimuat satu kueri; menulis BENCHMARKS.md."""
    sys.path.insert(0, str(ROOT / "tools"))
    import bench_cari as bench

    bench.run(int(news), int(entries))


# --- Benchmarks: images (plugins/images) ---------------------------------------------------
@task(help={"photos": "jumlah foto sintetis 12 MP (bawaan 500)"})
def bench_gambar(c, photos=500):
    """Build pertama dan ulang dari N foto sintetis 12 MP; menulis bagiannya di BENCHMARKS.md."""
    c.run(f"{sys.executable} {ROOT / 'tools' / 'bench_gambar.py'} --photos {int(photos)}", pty=False)


@task(help={
    "log": "log akses lokal (pola: 'logs/access.log*'); bawaan: STATISTIK_LOG di tujuan deploy",
    "target": "user@host:/srv/situs yang host-nya menyimpan log (bawaan: DEPLOY_TARGET)",
})
def statistik(c, log="", target=""):
    """Menghitung tayangan halaman dari log akses server web ke cache/statistik.json (hanya jumlah)."""
    from content import build as kbuild
    from readcounts import collect
    from readcounts.log import StatistikError

    target, _, options = _deploy_settings(target, 0)
    settings = kbuild.load_settings(PUBLISHCONF)
    try:
        collect(settings, log_path=here(log) if log else "", target=target, options=options)
    except StatistikError as exc:
        raise Exit(f"Gagal: {exc}", code=1) from None


if __name__ == "__main__":  # run.sh: the tasks with the help and errors in Indonesian
    from common import cli

    cli.Program(namespace=invoke.Collection.from_module(sys.modules[__name__])).run()
