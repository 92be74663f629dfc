"""The synthetic site of `invoke bench` and of the tests that need a site of some size:
news items, DIP entries and OPDs from a fixed seed, so every run writes the same files.
``generate(root)`` writes ``root/content``; ``menu_pages`` adds the static pages the
settings' menus link to."""

from __future__ import annotations

import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from content.schema import KATEGORI_BERKALA  # noqa: E402

CONF = ROOT / "pelicanconf.py"

OPDS = [
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("dinkes", "Dinas Kesehatan", "Dinkes"),
    ("disdik", "Dinas Pendidikan", "Disdik"),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("dinsos", "Dinas Sosial", "Dinsos"),
    ("dishub", "Dinas Perhubungan", "Dishub"),
    ("disperta", "Dinas Pertanian", "Disperta"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan SDM", "BKPSDM"),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP"),
]
WORDS = (
    "pemerintah kabupaten daerah masyarakat warga desa kecamatan pembangunan program kegiatan "
    "pelayanan publik kesehatan pendidikan jalan jembatan irigasi pertanian petani nelayan pasar "
    "anggaran tahun rapat koordinasi bupati wakil sekretaris dinas badan kepala bidang seksi "
    "posyandu puskesmas sekolah guru siswa bantuan sosial keluarga penerima manfaat bencana banjir "
    "longsor relawan gotong royong musyawarah rencana kerja evaluasi laporan kinerja capaian target "
    "realisasi pengadaan barang jasa sosialisasi pelatihan peningkatan kapasitas aparatur digital "
    "layanan aplikasi data informasi transparansi akuntabilitas pengawasan inspeksi lapangan "
    "wilayah lingkungan sampah air bersih sanitasi stunting gizi imunisasi vaksinasi usaha mikro "
    "kecil menengah koperasi investasi pariwisata budaya festival upacara peringatan hari jadi"
).split()
VERBS = "menggelar melaksanakan meresmikan menyerahkan meninjau membahas menyampaikan mengajak menargetkan mencatat".split()
PLACES = "Karangsari Sidomulyo Banjarsari Wanadadi Sukamaju Mekarjaya Tegalrejo Sumberagung Kalibening Purwodadi".split()
TAGS = [
    "kesehatan", "pendidikan", "infrastruktur", "pertanian", "bencana", "sosial", "ekonomi", "pariwisata",
    "pelayanan publik", "digitalisasi", "stunting", "anggaran", "lingkungan", "kepegawaian", "desa",
    "UMKM", "budaya", "olahraga", "transportasi", "air bersih", "posyandu", "beasiswa", "banjir",
    "jalan", "pasar", "koperasi", "inovasi daerah", "PPID", "musrenbang", "vaksinasi",
]
CATEGORIES = ["Berita", "Berita", "Berita", "Pengumuman", "Siaran Pers", "Artikel"]
KATEGORI = [t.slug for t in KATEGORI_BERKALA]


def sentence(rng: random.Random, n=None) -> str:
    n = n or rng.randint(9, 20)
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randint(1, n - 1), rng.choice(VERBS))
    words.insert(rng.randint(1, n), f"Desa {rng.choice(PLACES)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def title(rng: random.Random, i: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 8)))
    return f"{words.title()} di {rng.choice(PLACES)} {i}"


def news_text(rng: random.Random, i: int, when: datetime) -> tuple[str, str]:
    slug, nama, singkatan = OPDS[i % len(OPDS)][:3]
    tags = ", ".join(rng.sample(TAGS, rng.randint(1, 4)))
    body = "\n\n".join(paragraph(rng) for _ in range(rng.randint(3, 5)))
    text = (
        f"Title: {title(rng, i)}\nDate: {when:%Y-%m-%d %H:%M}\nOPD: {slug}\nAuthor: Humas {singkatan}\n"
        f"Category: {rng.choice(CATEGORIES)}\nTags: {tags}\n\n{body}\n"
    )
    return slug, text


def dip_text(rng: random.Random, i: int, opd: str, when: datetime) -> str:
    jenis = rng.choice(["berkala", "berkala", "berkala", "serta-merta", "setiap-saat", "dikecualikan"])
    lines = [f"Title: {title(rng, i)}", f"Jenis: {jenis}"]
    if jenis == "berkala":
        lines.append(f"Kategori: {rng.choice(KATEGORI)}")
    lines += [
        f"OPD: {opd}",
        "Penanggung-Jawab: Kepala Dinas",
        f"Waktu-Pembuatan: {when:%Y-%m-%d}",
        "Tempat-Pembuatan: Sukamaju",
        "Bentuk: softcopy, hardcopy",
        "Retensi: 5 tahun",
        f"Date: {when:%Y-%m-%d %H:%M}",
    ]
    if jenis == "dikecualikan":
        lines += [
            "Dasar-Hukum: UU 14/2008 Pasal 17 huruf h",
            "Alasan: Memuat data pribadi.",
            f"Uji-Konsekuensi: Penetapan PPID Nomor 480/{i:03d}/PPID",
            "Berlaku-Hingga: 2035-12-31",
        ]
    return "\n".join(lines) + "\n\n" + paragraph(rng) + "\n"


def generate(root: Path, berita=10_000, dip=2_000, opd=8, seed=2015) -> Path:
    """Write a synthetic content tree under ``root/content`` and return its path."""
    rng = random.Random(seed)
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    opds = OPDS[: max(1, min(opd, len(OPDS)))]
    (content).mkdir(parents=True)
    (content / "opd.toml").write_text(
        "".join(f'[{s}]\nnama = "{n}"\nsingkatan = "{k}"\n\n' for s, n, k in opds), encoding="utf-8"
    )
    start, end = datetime(2015, 1, 5, 8, 0), datetime(2026, 11, 20, 16, 0)
    span = (end - start).total_seconds()
    for i in range(berita):
        when = start + timedelta(seconds=int(span * i / max(berita, 1)) // 60 * 60)
        slug, text = news_text(rng, i, when)
        slug = opds[i % len(opds)][0]
        text = text.replace(f"OPD: {OPDS[i % len(OPDS)][0]}", f"OPD: {slug}", 1)
        path = content / "berita" / slug / f"{when:%Y}" / f"berita-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for i in range(dip):
        when = start + timedelta(days=rng.randint(0, (end - start).days))
        slug = opds[i % len(opds)][0]
        path = content / "dip" / slug / f"entri-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dip_text(rng, i, slug, when), encoding="utf-8")
    (content / "halaman").mkdir()
    (content / "halaman/profil-ppid.md").write_text("Title: Profil PPID\nSlug: profil-ppid\n\nPPID Utama.\n")
    menu_pages(content)
    return content


def menu_pages(content: Path, settings_file: Path = CONF, logo=True):
    """The static pages the settings' menus link to (``slug/``) and the ``SITE_LOGO``,
    where ``content`` lacks them: a site without them is refused (plugins/links)."""
    from common.urls import reserved_slugs
    from content.build import load_settings

    settings = load_settings(settings_file)
    reserved = reserved_slugs(settings)
    for key in ("MENU", "MENU_LAYANAN", "MENU_PPID", "MENU_KAKI"):
        for row in settings.get(key) or ():
            label, url = (row[1], row[2]) if key == "MENU" else (row[0], row[1])
            slug = url.strip("/")
            page = content / "halaman" / f"{slug}.md"
            if not slug or "/" in slug or page.exists() or slug in reserved:
                continue  # a page the site itself writes
            if any(f"Slug: {slug}\n" in p.read_text(encoding="utf-8") for p in (content / "halaman").glob("*.md")):
                continue
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"Title: {label}\nSlug: {slug}\n\n{label}.\n", encoding="utf-8")
    if logo and settings.get("SITE_LOGO") and not (content / settings["SITE_LOGO"]).exists():
        logo = settings["SITE_LOGO"]
        from PIL import Image

        (content / logo).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 64), (11, 79, 138)).save(content / logo)
