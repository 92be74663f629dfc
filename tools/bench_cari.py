"""Search benchmark: a synthetic site in the content contract, indexed by Pagefind,
queried in Chromium. Writes a delimited section of BENCHMARKS.md (`invoke bench-cari`)."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

import benchmarks  # tools/benchmarks.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

OPDS = {
    "dinkes": ("Dinas Kesehatan", "Dinkes"),
    "dindik": ("Dinas Pendidikan", "Dindik"),
    "dpupr": ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    "bpbd": ("Badan Penanggulangan Bencana Daerah", "BPBD"),
    "dinsos": ("Dinas Sosial", "Dinsos"),
    "bpkad": ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
    "diskominfo": ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    "bappeda": ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
}
WORDS = """
pemerintah kabupaten desa kecamatan warga masyarakat pelayanan publik kesehatan pendidikan jalan jembatan
irigasi banjir longsor bencana bantuan sosial keluarga penerima anggaran belanja pendapatan laporan keuangan
realisasi program kegiatan rencana kerja strategis kinerja capaian target sasaran indikator pengadaan barang
jasa paket konstruksi penyedia kontrak tender lelang swakelola informasi berkala serta merta setiap saat
dikecualikan permohonan keberatan sengketa pejabat pengelola dokumentasi rapat koordinasi musyawarah
pembangunan perencanaan evaluasi monitoring pengawasan sekolah guru murid puskesmas posyandu imunisasi
balita stunting gizi air bersih sanitasi sampah lingkungan hidup pertanian petani pupuk sawah panen pasar
pedagang usaha mikro kecil menengah koperasi pariwisata budaya festival kesenian pemuda olahraga lomba
peringatan dini evakuasi relawan logistik tenda dapur umum pengungsi kerusakan rumah rehabilitasi
rekonstruksi perbaikan pemeliharaan peningkatan penurunan kemiskinan pengangguran pelatihan kerja
digital data statistik portal aplikasi layanan daring perizinan investasi retribusi pajak daerah aset
tanah bangunan kendaraan inventaris pegawai aparatur jabatan fungsional seleksi terbuka mutasi pensiun
bupati wakil sekretaris kepala dinas badan bidang seksi unit pelaksana teknis tahun anggaran semester
triwulan bulan minggu hari senin selasa rabu kamis jumat sabtu minggu pagi siang sore malam
ada yang dan di ke dari untuk dengan dalam pada oleh sebagai akan telah sudah masih belum juga serta
kala itu saat ini hingga sampai antara lain bahwa tersebut adalah merupakan yaitu antara lain
""".split()


def sentence(rng, n):
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def generate(content: Path, news: int, entries: int, seed: int = 2026):
    rng = random.Random(seed)
    content.mkdir(parents=True, exist_ok=True)
    (content / "opd.toml").write_text(
        "".join(f'[{slug}]\nnama = "{nama}"\nsingkatan = "{sk}"\n\n' for slug, (nama, sk) in OPDS.items()),
        encoding="utf-8",
    )
    slugs = list(OPDS)
    base = dt.datetime(2019, 1, 1, 8, 0)
    for i in range(news):
        opd = slugs[i % len(slugs)]
        when = base + dt.timedelta(hours=7 * i)
        title = sentence(rng, rng.randint(6, 11)).rstrip(".").title() + f" {i}"
        body = "\n\n".join(paragraph(rng) for _ in range(rng.randint(3, 7)))
        path = content / "berita" / opd / f"berita-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Title: {title}\nDate: {when:%Y-%m-%d %H:%M}\nOPD: {opd}\nAuthor: Humas {OPDS[opd][1]}\n"
            f"Category: {rng.choice(['Berita', 'Pengumuman', 'Artikel', 'Siaran Pers'])}\nTags: {rng.choice(WORDS)}, {rng.choice(WORDS)}\n\n{body}\n",
            encoding="utf-8",
        )
    from content.schema import KATEGORI_BERKALA

    kategori = [t.slug for t in KATEGORI_BERKALA]
    for i in range(entries):
        opd = slugs[i % len(slugs)]
        year = 2019 + i % 7
        jenis = rng.choices(["berkala", "serta-merta", "setiap-saat", "dikecualikan"], weights=[6, 1, 3, 1])[0]
        extra = f"Kategori: {rng.choice(kategori)}\n" if jenis == "berkala" else ""
        if jenis == "dikecualikan":
            extra = ("Dasar-Hukum: UU 14/2008 Pasal 17 huruf h\nAlasan: Melindungi data pribadi.\n"
                     f"Uji-Konsekuensi: Penetapan PPID Nomor 480/{i}/PPID/{year}\nBerlaku-Hingga: 2035-12-31\n")
        title = sentence(rng, rng.randint(4, 9)).rstrip(".").title() + f" {OPDS[opd][1]} {year} {i}"
        path = content / "dip" / opd / f"entri-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Title: {title}\nJenis: {jenis}\n{extra}OPD: {opd}\nPenanggung-Jawab: Kepala {OPDS[opd][0]}\n"
            f"Waktu-Pembuatan: {year}-03-01\nTempat-Pembuatan: Sukamaju\nBentuk: softcopy\nRetensi: 5 tahun\n"
            f"Tahun: {year}\nDate: {year}-04-01 10:00\n\n{paragraph(rng)}\n",
            encoding="utf-8",
        )


def measure_query(output: Path, query: str) -> dict:
    """Bytes one query moves over the wire on a fresh page, served the way
    deploy/nginx.conf serves the site: the precompressed .gz copy when the browser
    accepts gzip (Pagefind's own index files are already compressed)."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            gz = path.with_name(path.name + ".gz")
            if path.is_file() and gz.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gz.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)
            return super().send_head()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    sizes: dict[str, int] = {}

    def record(response):
        if "/pagefind/" in response.url or "/cari/kosakata/" in response.url:
            sizes[response.url] = response.request.sizes()["responseBodySize"]

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                         args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("requestfinished", lambda request: record(request.response()))
            page.goto(f"{url}/cari/?q={query}")
            page.wait_for_function("() => /\\d+ hasil|Tidak ada/.test(document.getElementById('cari-status').textContent)"
                                   " && document.querySelectorAll('#cari-hasil li').length > 0", timeout=60000)
            page.wait_for_load_state("networkidle")
            results = page.inner_text("#cari-status")
            browser.close()
    finally:
        server.shutdown()
    kinds = {"wasm": 0, "index": 0, "fragment": 0, "filter": 0, "kosakata": 0, "other": 0}
    for u, n in sizes.items():
        kind = next((k for k in ("kosakata", "wasm", "index", "fragment", "filter") if f"/{k}" in u or f".{k}." in u), "other")
        kinds[kind] += n
    return {"total": sum(sizes.values()), "requests": len(sizes), "kinds": kinds, "status": results}


def run(news=8000, entries=2000, query="laporan keuangan", slip="laporan keuangn", out=ROOT / "BENCHMARKS.md"):
    from search import shards
    from content import build
    from publish.compress import precompress

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795323600")  # 2026-11-22: every item is published
    work = Path(tempfile.mkdtemp(prefix="bench-cari-"))
    try:
        content, output = work / "content", work / "output"
        generate(content, news, entries)
        indexing = {}
        real = shards.build

        def timed(*args, **kwargs):  # the search index step of the real build
            t = time.perf_counter()
            indexing.update(real(*args, **kwargs), seconds=time.perf_counter() - t)
            return indexing

        shards.build = timed
        try:
            t0 = time.perf_counter()
            code = build.build(ROOT / "pelicanconf.py", output, PATH=str(content))
            build_s = time.perf_counter() - t0
        finally:
            shards.build = real
        assert code == 0, "benchmark site did not build"
        index_s = indexing["seconds"]
        precompress(output / "pagefind", {"PRECOMPRESS": True})
        precompress(output / "cari", {"PRECOMPRESS": True})
        bundle = output / "pagefind"
        files = [p for p in bundle.rglob("*") if p.is_file()]
        index_bytes = sum(p.stat().st_size for p in files if p.parent.name in ("index", "fragment", "filter") or p.name.startswith(("wasm.", "pagefind-entry", "pagefind.")))
        fragments = sum(p.stat().st_size for p in files if p.parent.name == "fragment")
        q = measure_query(output, query.replace(" ", "+"))
        typo = measure_query(output, slip.replace(" ", "+"))
        vocabulary = sorted(((p.with_name(p.name + ".gz") if p.with_name(p.name + ".gz").is_file() else p).stat().st_size
                             for p in (output / "cari" / "kosakata").glob("*.json")), reverse=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    section = "\n".join([
        "## Pencarian (Pagefind) — `invoke bench-cari`",
        "",
        f"- Tanggal: {dt.date.today().isoformat()}",
        f"- Mesin: {benchmarks.machine()}",
        f"- Situs sintetis: {news:,} berita + {entries:,} entri DIP, {len(OPDS)} OPD",
        "",
        "| ukuran | nilai |",
        "| --- | --- |",
        f"| build pertama (tanpa cache), seluruhnya | {build_s:.1f} s |",
        f"| — di antaranya indeks pencarian: Pagefind atas {indexing['shards']} bagian + penggabungan | {index_s:.1f} s |",
        f"| ukuran bundel pencarian (indeks, fragmen, filter, wasm, skrip) | {kb(index_bytes)} ({kb(fragments)} fragmen) |",
        f"| data satu kueri `{query}` di halaman baru, Chromium | {kb(q['total'])} dalam {q['requests']} permintaan |",
        f"| — rinciannya: wasm / potongan indeks / fragmen / filter / pagefind.js, worker, entry | {kb(q['kinds']['wasm'])} / {kb(q['kinds']['index'])} / {kb(q['kinds']['fragment'])} / {kb(q['kinds']['filter'])} / {kb(q['kinds']['other'])} |",
        f"| data kueri dengan salah ketik `{slip}` (dikoreksi), Chromium | {kb(typo['total'])} dalam {typo['requests']} permintaan, {kb(typo['kinds']['kosakata'])} kosakata |",
        f"| kosakata untuk koreksi (`cari/kosakata/`, terkompresi): berkas terbesar / seluruhnya | {kb(vocabulary[0] if vocabulary else 0)} / {kb(sum(vocabulary))} |",
        "",
        f"Hasil kueri: {q['status']} Angka: bita yang dikirim server (responseBodySize), dengan salinan .gz "
        "seperti nginx `gzip_static`; berkas indeks Pagefind sendiri sudah terkompresi; "
        "satu kueri memuat juga pencarian kata persis (token `q…q`) per kata; kosakata dimuat hanya bila "
        f"sebuah kata kueri tidak ada persis di halaman mana pun. Hasil kueri salah ketik: {typo['status']}",
    ])
    benchmarks.write_section("bench-cari", section, out)
    print(section)
    return q


if __name__ == "__main__":
    run(*(int(a) for a in sys.argv[1:3]))
