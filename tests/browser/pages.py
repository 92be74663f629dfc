"""The page kinds every theme check visits (browser tests and `invoke lighthouse`).

Append a page kind here when its template lands: (name, path under the site, owned by
the theme). A page the build does not produce yet is skipped; a theme page must exist.
"""

NEWS_WITH_PHOTO = "berita/2026/02/rakor-ppid-2026-pemkab-sukamaju-targetkan-seluruh-opd-perbarui-informasi-berkala/"

PAGES = [
    ("beranda", "", True),
    ("berita", "berita/", True),
    ("berita-halaman-2", "berita/halaman/2/", True),
    ("berita-foto", NEWS_WITH_PHOTO, True),
    ("tag", "tag/asn/", True),
    ("kategori", "kategori/pengumuman/", True),
    ("halaman-statis", "profil-ppid/", True),
    ("ppid", "ppid/", True),
    ("layanan-suara", "maklumat-pelayanan/", True),
    ("tidak-ditemukan", "404.html", True),
    ("opd", "opd/dinkes/", True),
    ("opd-berita", "opd/dinkes/berita/", True),
    ("dip", "dip/", True),
    ("dip-berkala", "dip/berkala/", True),
    ("dik", "dip/dikecualikan/", True),
    ("entri-dip", "dip/dinkes/laporan-realisasi-anggaran-dinas-kesehatan-tahun-anggaran-2025/", True),
    ("informasi-berkala", "informasi-berkala/", True),
    ("agenda", "agenda/", True),
    ("acara", "agenda/2026/12/apel-kesiapsiagaan-menghadapi-bencana-hidrometeorologi-2026-2027/", True),
    ("pengumuman", "berita/2026/10/pengumuman-penutupan-sementara-jalan-jenderal-sudirman-ruas-simpang-donan-pasar/", True),
    ("pengumuman-berakhir", "berita/2026/08/pengumuman-seleksi-terbuka-jabatan-pimpinan-tinggi-pratama-tahun-2026/", True),
    ("narasi-tunggal", "narasi-tunggal/", True),
    ("siaran-pers", "siaran-pers/", True),
    ("cari", "cari/", True),
    ("peta-situs", "peta-situs/", True),
    ("tanya-jawab", "tanya-jawab-ppid/", True),
]


# test_theme.py runs axe on each of these at 1280 px: other tests that check one of them
# at both widths run axe on it at 360 px only (they still check its layout at 1280 px).
AXED_BY_THEME = {path for _, path, _ in PAGES}


def built_file(site, path: str):
    """The file a page path is written to under the output folder ``site`` (a Path)."""
    return site / (path if path.endswith(".html") else path + "index.html")
