"""The content model: one declarative table per content type.

Validation, the scaffold (`invoke new`), the author guide, the DIP/DIK tables and
the exports all read these tables. A field is added here and nowhere else; what its
kind means (how it is parsed, shown, exported, described) is content.kinds. Rules that
relate two fields of one item are declared on the content type (``rules``) and the
validator applies them.

Keys are written as authors write them (``Penanggung-Jawab``); Pelican lowercases
them, so ``Field.name`` gives the lowercase form used on content objects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from types import MappingProxyType

from . import tanya

# --- Placeholders ----------------------------------------------------------------
# What the scaffolds (`invoke new`, `invoke situs-baru`) write where only the author
# knows the text. An item that would publish with one is refused; a draft gets a warning.
PLACEHOLDER_BODY = "Tulis isi di sini. Paragraf pertama menjadi ringkasan."
# A serta-merta entry's body as `invoke new` writes it: the four things such an announcement
# must say (what the threat is, who is affected, how and where to evacuate, how to get help),
# each a placeholder that check refuses until the author writes it or deletes the part.
SERTA_MERTA_BODY = """[ISI: keadaan yang diumumkan dan bahayanya, mis. banjir di tiga desa sejak Senin pagi]

## Wilayah dan warga yang terdampak

[ISI: desa atau kelurahan yang terdampak dan perkiraan jumlah warganya]

## Cara dan tempat evakuasi

[ISI: jalur evakuasi dan tempat pengungsian, atau tulis bahwa evakuasi belum diperlukan]

## Meminta bantuan

[ISI: nomor darurat, posko dan jam layanannya]"""
PLACEHOLDER_STARTS = ("Tulis isi di sini", "[ISI:")  # what each placeholder begins with
PLACEHOLDER_RE = re.compile(r"Tulis isi di sini|\[ISI:[^\]\n]*\]")


def find_placeholder(text: str):
    """The first placeholder in ``text`` (a match of ``PLACEHOLDER_RE``), or None. Its
    beginnings are looked for first: the engine tries the alternation at every position
    of a text (about 20 µs for a news item's body), ``in`` scans it in C (about 3 µs)."""
    return PLACEHOLDER_RE.search(text) if any(start in text for start in PLACEHOLDER_STARTS) else None


def placeholder(what: str) -> str:
    """A field or body placeholder naming what to write, e.g. ``[ISI: alamat kantor PPID]``."""
    return f"[ISI: {what}]"


# --- Controlled vocabularies ---------------------------------------------------


@dataclass(frozen=True)
class Term:
    slug: str
    label: str
    note: str = ""
    letter: str = ""


JENIS = (
    Term("berkala", "Informasi Berkala", "UU 14/2008 Pasal 9: diumumkan berkala, diperbarui paling lambat tiap 6 bulan"),
    Term("serta-merta", "Informasi Serta-merta", "UU 14/2008 Pasal 10: diumumkan tanpa penundaan"),
    Term("setiap-saat", "Informasi Setiap Saat", "UU 14/2008 Pasal 11: tersedia setiap saat dan diberikan atas permohonan"),
    Term("dikecualikan", "Informasi yang Dikecualikan", "UU 14/2008 Pasal 17: tidak dibuka; hanya fakta pengecualiannya yang publik"),
)

KATEGORI_BERKALA = (
    Term("profil", "Profil badan publik", "alamat, tugas dan fungsi, struktur organisasi, profil pejabat, LHKPN", "a"),
    Term("program-kegiatan", "Ringkasan program dan kegiatan", "nama, penanggung jawab, target dan capaian, jadwal, anggaran", "b"),
    Term("kinerja", "Ringkasan kinerja", "misalnya LKjIP", "c"),
    Term("laporan-keuangan", "Laporan keuangan", "LRA, neraca, arus kas, CaLK, aset", "d"),
    Term("laporan-akses", "Laporan akses informasi publik", "jumlah permohonan, waktu layanan, dikabulkan dan ditolak", "e"),
    Term("regulasi", "Peraturan, keputusan dan kebijakan", "termasuk rancangan dan tahapannya", "f"),
    Term("tata-cara-informasi", "Tata cara memperoleh informasi publik", "hak, tata cara permohonan, keberatan dan sengketa", "g"),
    Term("pengaduan", "Tata cara pengaduan penyalahgunaan wewenang", "", "h"),
    Term("pengadaan", "Pengadaan barang dan jasa", "", "i"),
    Term("ketenagakerjaan", "Ketenagakerjaan dan kepegawaian", "", "j"),
    Term("peringatan-dini", "Prosedur peringatan dini dan evakuasi", "", "k"),
)

BENTUK = (Term("softcopy", "Softcopy"), Term("hardcopy", "Hardcopy"))
STATUS = (Term("published", "Terbit"), Term("draft", "Draf"))
YA_TIDAK = (Term("ya", "Ya"), Term("tidak", "Tidak"))
# Whether an event takes place as scheduled (its page and calendars say so).
PELAKSANAAN = (
    Term("sesuai-jadwal", "Sesuai jadwal"),
    Term("ditunda", "Ditunda", "jadwal baru belum ada; bila sudah ada, ubah Mulai dan hapus baris Pelaksanaan"),
    Term("dibatalkan", "Dibatalkan"),
)

# Legal instruments (produk hukum): (slug, name, short name, how a citation names the
# issuer). The citation pattern may use {daerah} ("Kabupaten Sukamaju"), {nama}
# ("Sukamaju"), {kepala} ("Bupati") and {opd} (the OPD's name). A site replaces the list
# with the REGULASI_JENIS setting.
DEFAULT_REGULASI_JENIS = (
    ("perda", "Peraturan Daerah", "Perda", "Peraturan Daerah {daerah}"),
    ("perbup", "Peraturan Bupati", "Perbup", "Peraturan Bupati {nama}"),
    ("perwali", "Peraturan Wali Kota", "Perwali", "Peraturan Wali Kota {nama}"),
    ("pergub", "Peraturan Gubernur", "Pergub", "Peraturan Gubernur {nama}"),
    ("kepbup", "Keputusan Bupati", "Kepbup", "Keputusan Bupati {nama}"),
    ("kepwali", "Keputusan Wali Kota", "Kepwali", "Keputusan Wali Kota {nama}"),
    ("kepgub", "Keputusan Gubernur", "Kepgub", "Keputusan Gubernur {nama}"),
    ("instruksi", "Instruksi", "Instruksi", "Instruksi {kepala} {nama}"),
    ("se", "Surat Edaran", "SE", "Surat Edaran {kepala} {nama}"),
    ("kep-opd", "Keputusan Kepala OPD", "Kep. OPD", "Keputusan Kepala {opd} {daerah}"),
)
STATUS_BERLAKU = (
    Term("berlaku", "Berlaku"),
    Term("rancangan", "Rancangan", "belum ditetapkan; isi Tahap"),
    Term("dicabut", "Tidak berlaku", "dicabut oleh peraturan yang tidak ada di situs"),
)
# The standard pages of a PPID's service (Perki 1/2021; what Monev verifiers look for), in
# the order the PPID menu lists them. A static page says which one it is with `Layanan:`.
LAYANAN = (
    Term("maklumat", "Maklumat pelayanan", "Janji layanan PPID kepada pemohon informasi."),
    Term("sop-permohonan", "Tata cara permohonan informasi", "Cara meminta informasi publik, langkah demi langkah."),
    Term("sop-keberatan", "Tata cara pengajuan keberatan", "Jika permohonan ditolak, tidak ditanggapi, atau tidak dipenuhi."),
    Term("sop-sengketa", "Tata cara sengketa informasi", "Mengajukan sengketa ke Komisi Informasi setelah keberatan."),
    Term("waktu-biaya", "Waktu dan biaya layanan", "Berapa lama dan berapa biaya memperoleh informasi."),
    Term("jam-kanal", "Jam dan saluran layanan", "Kapan dan lewat mana permohonan dapat diajukan."),
    Term("profil-ppid", "Profil PPID", "Dasar pembentukan, tugas, dan kontak PPID."),
    Term("struktur-ppid", "Struktur PPID", "Susunan PPID dan PPID Pelaksana."),
    Term("formulir", "Formulir", "Formulir permohonan informasi dan keberatan."),
)

# News types; a site may replace the list with the NEWS_CATEGORIES setting.
DEFAULT_NEWS_CATEGORIES = ("Berita", "Pengumuman", "Siaran Pers", "Artikel")

# --- Fields --------------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """A condition on another field of the same item: ``key`` has one of ``values``
    (or, with no values, is filled in at all)."""

    key: str
    values: tuple[str, ...] = ()

    def holds(self, values: dict) -> bool:
        value = values.get(self.key.lower())
        if not self.values:
            return value not in (None, "", [], ())
        return value in self.values

    def describe(self) -> str:
        if not self.values:
            return f"jika {self.key} diisi"
        return f"jika {self.key}: {', '.join(self.values)}"


# --- Rules between two fields of one item --------------------------------------
# A field required or forbidden when another has a value says so itself (Field.required,
# Field.forbidden); the rules below relate two values and belong to a content type.


@dataclass(frozen=True)
class NotBefore:
    """The date of ``key`` may not come before the date of ``start``. ``message`` may
    name both values: ``{value}`` and ``{start_value}``. A day and a moment are compared
    by their days (a last day may be the day a moment falls on)."""

    key: str
    start: str
    message: str = "tidak boleh sebelum {start}"

    def check(self, values: dict) -> str | None:
        start, end = values.get(self.start.lower()), values.get(self.key.lower())
        if not (start and end):
            return None
        if isinstance(start, datetime) != isinstance(end, datetime):
            start, end = day_of(start), day_of(end)
        if end < start:
            return self.message.format(start=self.start, value=end, start_value=start)
        return None


def day_of(value):
    """A moment's day (a day stays itself)."""
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class OnlyWhen:
    """``key`` may be filled in only when ``when`` holds (not checked while the other
    field is missing or invalid: that is reported on its own)."""

    key: str
    when: When
    message: str = "hanya untuk {when}; hapus baris ini"

    def check(self, values: dict) -> str | None:
        if values.get(self.key.lower()) and values.get(self.when.key.lower()) is not None and not self.when.holds(values):
            return self.message.format(when=f"{self.when.key}: {', '.join(self.when.values)}")
        return None


@dataclass(frozen=True)
class YearOf:
    """The year ``key`` (an integer) is the year of one of the dates ``dates`` (a
    regulation's Tahun: that of its enactment, or of its promulgation across a new year)."""

    key: str
    dates: tuple[str, ...]
    message: str = "{value} tidak sama dengan tahun {dates} ({years}); periksa Tahun atau tanggalnya"

    def check(self, values: dict) -> str | None:
        year = values.get(self.key.lower())
        found = [values.get(d.lower()) for d in self.dates]
        years = sorted({d.year for d in found if d is not None})
        if isinstance(year, int) and years and year not in years:
            return self.message.format(value=year, dates=" atau ".join(self.dates), years=", ".join(map(str, years)))
        return None


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # a name in content.kinds.KINDS
    label: str
    help: str
    required: bool | When = False
    forbidden: When | None = None
    forbidden_hint: str = "hapus baris ini"  # what the author does when it is filled in anyway
    choices: tuple[Term, ...] | str = ()  # a str names a vocabulary resolved at run time
    column: str = ""  # the DIP column letter (Perki 1/2021) this field fills
    example: str = ""  # what the scaffold writes (a required or scaffolded field); else what its messages show
    export: bool = True  # part of the CSV/JSON exports
    scaffold: bool = False  # `invoke new` writes it even when optional (with its example, may be empty)
    # What the editor's form says instead of ``help`` where that speaks of the file (a path
    # under content/, a setting, a key's raw values): the form has a picker or a choice list.
    form_help: str = ""
    # What one entry of a list field is called: the editor's "Tambah <item>" button (a form
    # with two lists says which one).
    item: str = ""
    # The key in lower case, as the reader and the validated values name it (read for
    # every field of every file: set once).
    name: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "name", self.key.lower())

    def is_required(self, values: dict) -> bool:
        return self.required.holds(values) if isinstance(self.required, When) else bool(self.required)

    def is_forbidden(self, values: dict) -> bool:
        return bool(self.forbidden and self.forbidden.holds(values))

    def requirement_text(self) -> str:
        if isinstance(self.required, When):
            return f"wajib {self.required.describe()}"
        return "wajib" if self.required else "tidak wajib"


@dataclass(frozen=True)
class ContentType:
    slug: str  # also the folder under content/
    label: str
    fields: tuple[Field, ...]
    url: str  # Pelican URL pattern; save_as is url + index.html
    per_opd: bool = True  # files live in content/<slug>/<opd>/
    date_key: str = "Date"  # the field that dates the item in its URL and lists
    scheduled: bool = True  # a date_key in the future holds the item back until then
    notes: tuple[str, ...] = field(default=())
    opd_url: str = ""  # URL pattern of an item that names an OPD, when it differs from ``url``
    rules: tuple[NotBefore | OnlyWhen, ...] = ()  # rules between two of its fields
    body_rules: tuple = ()  # rules on the Markdown body: (key, check(values, body) -> messages)
    body_hint: str = ""  # what the body holds, beyond Markdown (the editor's hint under "Isi")

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.name == key.lower():
                return f
        raise KeyError(key)

    @cached_property
    def keys(self) -> Mapping[str, Field]:
        # Read for every metadata key of every file (schema_keys_only, validation): made once.
        return MappingProxyType({f.name: f for f in self.fields})

    def only_when(self, name: str) -> When | None:
        """The condition under which field ``name`` may be filled in (its OnlyWhen rule), or
        None when any item may fill it (Berakhir: serta-merta entries only)."""
        return next((r.when for r in self.rules if isinstance(r, OnlyWhen) and r.key.lower() == name.lower()), None)

    @cached_property
    def document_keys(self) -> tuple[str, ...]:
        """The fields naming documents to publish (Dokumen, Dokumen-Uji-Konsekuensi): each
        holds a list of paths under content/."""
        return tuple(f.name for f in self.fields if f.kind in ("paths", "pdf"))

    def documents(self, values: dict):
        """(key, path under content/) of each document the validated ``values`` name."""
        for f in self.fields:
            if f.name in self.document_keys:
                docs = values.get(f.name) or ()
                yield from ((f.key, d) for d in ([docs] if isinstance(docs, str) else docs))


TITLE = Field("Title", "text", "Judul", "Judul yang dibaca warga.", required=True, example="Judul")


def status_field(when: str) -> Field:
    """``Status``, saying what its type's date (``when``) does to the publication."""
    return Field(
        "Status", "choice", "Status", f"`published` (bawaan) atau `draft`.{when}",
        choices=STATUS, example="published", export=False, form_help=f"Terbit (bawaan) atau Draf.{when}",
    )


STATUS_FIELD = status_field(" Tanggal di masa depan baru terbit pada tanggal itu.")  # a dated, scheduled type
SLUG = Field("Slug", "text", "Slug", "Bagian akhir alamat halaman; bawaannya dibentuk dari judul.", export=False)
OPD = Field("OPD", "opd", "OPD", "Slug OPD pemilik konten, dari content/opd.toml.", required=True, choices="opd", example="{opd}",
            form_help="OPD pemilik konten.")


def alamat_lama(example: str, changes: str = "tanggal atau Slug-nya", when: str = "") -> Field:
    """A type's ``Alamat-Lama``: its help, its form's hint and its messages name an address
    of that type (``example``) and what moves it (``changes``; ``when``: the usual case)."""
    return Field(
        "Alamat-Lama", "alamat_lama", "Alamat lama",
        f"Alamat halaman ini sebelum {changes} diubah{when}, mis. `{example}`, dipisah koma: tautan lama yang sudah "
        "dibagikan (WhatsApp, media sosial, surat) tetap membawa pembaca ke sini.",
        export=False, item="alamat lama", example=example,
        form_help=f"Alamat halaman ini sebelum {changes} diubah{when}, mis. {example}: tautan lama yang sudah dibagikan "
                  "tetap membawa pembaca ke sini.",
    )


ALAMAT_LAMA = alamat_lama("/agenda/2026/11/apel-siaga/")  # its name is every type's; each type has its own example
IZINKAN_NIK = Field(
    "Izinkan-NIK", "choice", "Izinkan NIK",
    "Isi `ya` hanya bila angka 16 digit di konten ini (isinya, kolomnya, dan dokumen yang dilampirkan atau ditautkannya) "
    "memang bukan NIK atau sah dipublikasikan.",
    choices=YA_TIDAK, export=False,
    form_help="Pilih Ya hanya bila angka 16 digit di konten ini (isinya, kolomnya, dan dokumennya) memang bukan NIK atau "
              "sah dipublikasikan.",
)

BERITA = ContentType(
    slug="berita",
    label="Berita",
    url="berita/{date:%Y}/{date:%m}/{slug}/",
    rules=(NotBefore("Berakhir", "Date", "{value} sebelum Date {start_value}: pengumuman ini sudah berakhir sebelum "
                     "terbit; tulis hari terakhir yang diumumkan berlaku (sesudah tanggal terbit)"),),
    fields=(
        TITLE,
        Field("Date", "datetime", "Tanggal terbit", "Tanggal dan jam terbit (zona waktu situs).", required=True, example="{now}"),
        Field("Modified", "datetime", "Tanggal diperbarui", "Tanggal dan jam pembaruan terakhir."),
        OPD,
        Field("Author", "text", "Penulis", "Nama penulis atau meja redaksi, mis. `Humas Dinkes`.", required=True, example="Humas {singkatan}"),
        Field(
            "Redaktur", "text", "Redaktur",
            "Nama redaktur (penyunting) yang memeriksa berita; tampil sebagai \"Oleh <Author>, Redaktur: <Redaktur>\".",
            scaffold=True,
        ),
        Field("Category", "choice", "Jenis berita", "Jenis berita.", required=True, choices="news_categories", example="Berita"),
        Field("Tags", "list", "Tag", "Kata kunci, dipisah koma.", example=""),
        Field("Summary", "text", "Ringkasan", "Ringkasan; bawaannya paragraf pertama."),
        Field("Image", "image", "Foto", "Foto utama, lokasinya di dalam content/, mis. `images/2024/rakor.jpg`.",
              form_help="Foto utama (JPEG, PNG, WebP atau GIF): pilih dari pustaka media atau unggah dari komputer."),
        Field("Image-Alt", "text", "Teks alternatif foto", "Deskripsi foto untuk pembaca layar.", required=When("Image")),
        Field("Image-Caption", "text", "Keterangan foto", "Keterangan di bawah foto."),
        Field(
            "Foto", "text", "Kredit foto",
            "Sumber atau pemotret foto utama, tampil sebagai \"Foto: …\" di bawah foto; bawaannya Sumber (narasi tunggal), "
            "selain itu nama OPD. Hanya dipakai bila Image diisi.",
        ),
        Field("Sumber", "text", "Sumber", "Lembaga penerbit asli untuk narasi tunggal (Inpres 9/2015).", required=When("Sumber-URL")),
        Field("Sumber-URL", "url", "Tautan sumber", "Alamat berita asli narasi tunggal.", required=When("Sumber")),
        Field("Kontak-Media", "text", "Kontak media", "Nama dan telepon atau surel narahubung siaran pers."),
        Field("Berakhir", "date", "Pengumuman berlaku hingga",
              "Untuk pengumuman (berita kategori apa pun yang mengumumkan sesuatu): hari terakhir yang diumumkan berlaku "
              "(mis. batas pendaftaran). Halamannya menulis \"Berlaku hingga …\"; sesudah hari itu halaman, kartunya di "
              "daftar dan hasil pencariannya menyebut pengumuman sudah berakhir."),
        SLUG,
        alamat_lama("/berita/2026/11/rapat-koordinasi-ppid/"),
        STATUS_FIELD,
        IZINKAN_NIK,
    ),
)

_DIKECUALIKAN = When("Jenis", ("dikecualikan",))


def serta_merta_parts() -> str:
    """The parts of a serta-merta entry's body (``SERTA_MERTA_BODY``, what `new` writes),
    said in a sentence for the web editor, whose new entry starts empty."""
    first = re.search(r"\[ISI: ([^,\]]+)", SERTA_MERTA_BODY).group(1)
    headings = re.findall(r"^## (.+)$", SERTA_MERTA_BODY, re.M)
    return (f"Informasi serta-merta (keadaan darurat) memuat {first}, lalu bagian "
            + ", ".join(f"«{h}»" for h in headings[:-1]) + f" dan «{headings[-1]}» (judul 2 di isi).")


DIP = ContentType(
    slug="dip",
    label="Informasi publik",
    url="dip/{opd}/{slug}/",
    body_hint=serta_merta_parts(),
    # An entry opened (Jenis changed) keeps no exemption fields: its page would show them.
    rules=tuple(OnlyWhen(k, _DIKECUALIKAN) for k in ("Dasar-Hukum", "Alasan", "Uji-Konsekuensi", "Dokumen-Uji-Konsekuensi",
                                                     "Berlaku-Hingga"))
    + (OnlyWhen("Berakhir", When("Jenis", ("serta-merta",))),
       # Kategori places an entry in a cell of the berkala index: on another kind it showed
       # in the tables but counted nowhere.
       OnlyWhen("Kategori", When("Jenis", ("berkala",)), "hanya untuk {when} (menempatkan entri di sel indeks informasi "
                "berkala); hapus baris ini, atau ubah Jenis bila informasinya berkala"),
       NotBefore("Berakhir", "Date", "{value} sebelum Date {start_value}: pengumuman serta-merta ini tidak pernah tampil "
                 "di beranda; tulis hari terakhir keadaannya (sesudah tanggal terbit)")),
    fields=(
        Field("Title", "text", "Ringkasan isi informasi", "Ringkasan isi informasi, singkat.", required=True, column="b", example="Judul informasi"),
        Field("Jenis", "choice", "Jenis informasi", "Jenis informasi menurut UU 14/2008.", required=True, choices=JENIS, example="berkala"),
        Field(
            "Kategori", "choice", "Kategori informasi berkala", "Kategori informasi berkala (huruf a–k).",
            required=When("Jenis", ("berkala",)), choices=KATEGORI_BERKALA, example="profil",
        ),
        Field("OPD", "opd", "Pejabat atau unit yang menguasai informasi", "OPD yang menguasai informasi.", required=True, choices="opd", column="c", example="{opd}"),
        Field("Unit", "text", "Unit/satuan kerja", "Sub-unit di dalam OPD.", column="c"),
        Field("Penanggung-Jawab", "text", "Penanggung jawab pembuatan atau penerbitan informasi", "Pejabat yang bertanggung jawab.", required=True, column="d", example="Kepala {nama}"),
        Field("Waktu-Pembuatan", "date_or_year", "Waktu pembuatan", "Tanggal atau tahun informasi dibuat.", required=True, column="e", example="{year}"),
        Field("Tempat-Pembuatan", "text", "Tempat pembuatan", "Tempat informasi dibuat.", required=True, column="e", example="[ISI: kota tempat informasi dibuat]"),
        Field("Bentuk", "choices", "Bentuk informasi yang tersedia", "`softcopy`, `hardcopy`, atau keduanya.", required=True, choices=BENTUK, column="f", example="softcopy",
              form_help="Softcopy, Hardcopy, atau keduanya."),
        Field("Retensi", "text", "Jangka waktu penyimpanan atau retensi arsip", "Mis. `5 tahun`.", required=True, column="g", example="5 tahun"),
        Field("Date", "datetime", "Tanggal terbit/diperbarui", "Kapan diterbitkan atau terakhir diperbarui di situs; menentukan kemutakhiran.", required=True, example="{now}"),
        Field("Modified", "datetime", "Tanggal diperbarui", "Tanggal pembaruan terakhir."),
        Field("Tahun", "year", "Tahun", "Tahun yang dicakup informasi."),
        Field(
            "Dokumen", "paths", "Dokumen", "Berkas (PDF, XLSX, DOCX, …) di dalam content/, dipisah koma.",
            form_help="Berkas informasinya (PDF, XLSX, DOCX, …): pilih dari pustaka media atau unggah dari komputer.",
            forbidden=When("Jenis", ("dikecualikan",)),
            forbidden_hint="isi informasi yang dikecualikan tidak boleh diterbitkan, hapus baris Dokumen; PDF penetapan "
                           "uji konsekuensinya (terbuka untuk umum) ditulis di Dokumen-Uji-Konsekuensi",
        ),
        Field(
            "Tautan", "urls", "Tautan", "Alamat web terkait, dipisah koma.",
            forbidden=_DIKECUALIKAN,
            forbidden_hint="informasi yang dikecualikan tidak boleh ditautkan ke berkasnya, hapus baris Tautan",
        ),
        Field("Dasar-Hukum", "pasal17", "Dasar hukum pengecualian", "Mis. `UU 14/2008 Pasal 17 huruf h`.", required=When("Jenis", ("dikecualikan",))),
        Field("Alasan", "text", "Alasan pengecualian", "Mengapa uji konsekuensi menutup informasi ini.", required=When("Jenis", ("dikecualikan",))),
        Field("Uji-Konsekuensi", "text", "Uji konsekuensi", "Rujukan penetapan uji konsekuensi: nomor, tempat dan tanggal penetapannya.", required=When("Jenis", ("dikecualikan",))),
        Field("Dokumen-Uji-Konsekuensi", "pdf", "Dokumen uji konsekuensi",
              "Salinan PDF penetapan uji konsekuensi yang ditandatangani, mis. `dokumen/dinkes/uji-konsekuensi-480-019-ppid-2025.pdf`: "
              "penetapannya terbuka untuk umum, isi informasinya tidak. Bila ada, tautannya tampil di halaman entri dan di "
              "Daftar Informasi yang Dikecualikan.", scaffold=True,
              form_help="Salinan PDF penetapan uji konsekuensi yang ditandatangani: penetapannya terbuka untuk umum, isi "
                        "informasinya tidak. Bila ada, tautannya tampil di halaman entri dan di Daftar Informasi yang Dikecualikan."),
        Field("Berlaku-Hingga", "date", "Jangka waktu pengecualian", "Akhir masa pengecualian.", required=When("Jenis", ("dikecualikan",))),
        Field("Berakhir", "date", "Keadaan berakhir",
              "Informasi serta-merta: hari terakhir keadaan yang diumumkan (mis. siaga banjir); sesudahnya pengumuman "
              "tidak lagi tampil di beranda. Tanpa ini, tampil selama jangka yang diatur situs (bawaan 30 hari) sejak <Date>."),
        SLUG,
        alamat_lama("/dip/dinkes/daftar-puskesmas/", "Slug atau OPD-nya"),
        STATUS_FIELD,
        IZINKAN_NIK,
    ),
)

AGENDA = ContentType(
    slug="agenda",
    label="Agenda",
    url="agenda/{mulai:%Y}/{mulai:%m}/{slug}/",
    date_key="Mulai",
    scheduled=False,
    rules=(NotBefore("Selesai", "Mulai"),),
    fields=(
        TITLE,
        OPD,
        Field("Mulai", "datetime", "Mulai", "Tanggal dan jam mulai.", required=True,
              example="[ISI: tanggal dan jam mulai, YYYY-MM-DD HH:MM]"),  # the time of writing was published as it stood
        Field("Selesai", "datetime", "Selesai", "Tanggal dan jam selesai, tidak sebelum Mulai."),
        Field("Sepanjang-Hari", "choice", "Sepanjang hari",
              "`ya` untuk acara tanpa jam (pameran, pekan imunisasi, hari jadi): Mulai dan Selesai boleh "
              "tanggal saja, YYYY-MM-DD, dan jamnya tidak dipakai.",
              choices=YA_TIDAK, export=False,
              form_help="Pilih Ya untuk acara tanpa jam (pameran, pekan imunisasi, hari jadi): yang dipakai hanya "
                        "tanggal Mulai dan Selesai, jamnya tidak."),
        Field("Tempat", "text", "Tempat", "Tempat acara, atau `Daring` untuk acara daring.", required=True,
              example="[ISI: tempat acara, atau Daring]"),  # a real-looking default was published as it stood
        Field("Tautan-Siaran", "url", "Tautan siaran", "Alamat siaran langsung atau rapat daring."),
        Field("Pelaksanaan", "choice", "Pelaksanaan",
              "`sesuai-jadwal` (bawaan), `ditunda` (jadwal baru belum ada) atau `dibatalkan`: halaman acara tetap "
              "ada dan menyatakannya, kalender warga menandainya. Acara yang diundur ke tanggal yang sudah pasti: "
              "ubah Mulai saja (bila bulannya berubah, alamatnya ikut berubah: tulis alamat lamanya di Alamat-Lama).",
              choices=PELAKSANAAN, export=False,
              form_help="Sesuai jadwal (bawaan), Ditunda (jadwal baru belum ada) atau Dibatalkan: halaman acara tetap "
                        "ada dan menyatakannya, kalender warga menandainya. Diundur ke tanggal yang sudah pasti: ubah "
                        "Mulai saja (bila bulannya berubah, tulis alamat lamanya di Alamat lama)."),
        SLUG,
        alamat_lama("/agenda/2026/11/apel-siaga/", "bulan Mulai atau Slug-nya"),
        status_field(" Acara terbit segera, walau tanggalnya di masa depan."),
        IZINKAN_NIK,
    ),
)

LAYANAN_PPID = LAYANAN  # the same list under its other name

HALAMAN = ContentType(
    slug="halaman",
    label="Halaman",
    url="{slug}/",
    opd_url="opd/{opd}/{slug}/",  # a PPID Pelaksana page lives under its OPD
    per_opd=False,
    date_key="",
    scheduled=False,
    body_rules=(("Tanya-Jawab", tanya.problems),),
    fields=(
        TITLE,
        Field(
            "Layanan", "choice", "Layanan PPID",
            "Halaman standar layanan PPID yang dipenuhi halaman ini; masuk menu PPID.",
            choices=LAYANAN, example="maklumat",
        ),
        Field(
            "OPD", "opd", "PPID Pelaksana",
            "Slug OPD bila halaman ini milik PPID Pelaksana OPD itu (alamatnya opd/<slug>/…); kosong: PPID Utama.",
            choices="opd", required=False,
            form_help="OPD bila halaman ini milik PPID Pelaksana OPD itu; kosong: PPID Utama.",
        ),
        Field(
            "Audio", "audio", "Versi suara",
            "Berkas suara (MP3 atau Ogg) di dalam content/, mis. `audio/maklumat.ogg, audio/maklumat.mp3`: satu suara, "
            "sebaiknya dalam dua format (Ogg kecil; Safari di iPhone, iPad dan Mac hanya memutar MP3); diputar di "
            "halaman dengan teks halaman sebagai transkrip.",
            form_help="Berkas suara (MP3 atau Ogg), sebaiknya satu suara dalam dua format: Ogg dan MP3 (Safari di "
                      "iPhone hanya memutar MP3); diputar di halaman dengan teks halaman sebagai transkrip.",
        ),
        Field(
            "Tanya-Jawab", "choice", "Tanya jawab",
            "Isi `ya` untuk halaman tanya jawab (FAQ): setiap judul `## …` adalah satu pertanyaan dan teks di bawahnya jawabannya.",
            choices=YA_TIDAK, export=False,
            form_help="Pilih Ya untuk halaman tanya jawab (FAQ): setiap judul (Judul 2 di isi) adalah satu pertanyaan "
                      "dan teks di bawahnya jawabannya.",
        ),
        SLUG, alamat_lama("/profil-ppid/", "Slug atau OPD-nya"), status_field(""), IZINKAN_NIK,
    ),
)

# Required unless the regulation is a draft (Status-Berlaku: rancangan).
_DITETAPKAN = When("Status-Berlaku", ("berlaku", "dicabut"))

REGULASI = ContentType(
    slug="regulasi",
    label="Produk hukum",
    url="regulasi/{tahun}/{jenis}-{slug}/",  # slug: the Nomor's slug (a draft: rancangan-<judul>)
    per_opd=False,
    rules=(
        NotBefore("Tanggal-Pengundangan", "Tanggal-Penetapan"),
        OnlyWhen("Tahap", When("Status-Berlaku", ("rancangan",))),
        YearOf("Tahun", ("Tanggal-Penetapan", "Tanggal-Pengundangan")),
    ),
    fields=(
        Field("Title", "tentang", "Tentang", "Isi *tentang* peraturan, tanpa jenis dan nomornya, mis. `Penyelenggaraan Keterbukaan Informasi Publik`.", required=True, example="Judul"),
        Field("Jenis", "choice", "Jenis produk hukum", "Jenis produk hukum, dari daftar situs (`REGULASI_JENIS`).", required=True, choices="regulasi_jenis", example="perbup",
              form_help="Jenis produk hukum."),
        Field("Nomor", "nomor", "Nomor", "Nomor peraturan, mis. `12` atau `188.45/123/2026`.", required=_DITETAPKAN, example="1"),
        Field("Tahun", "year", "Tahun", "Tahun peraturan.", required=True, example="{year}"),
        Field("Tanggal-Penetapan", "date", "Tanggal penetapan", "Tanggal ditetapkan.", required=_DITETAPKAN, example="{today}"),
        Field("Tanggal-Pengundangan", "date", "Tanggal pengundangan", "Tanggal diundangkan, tidak sebelum penetapan."),
        Field("Status-Berlaku", "choice", "Status", "`berlaku`, `rancangan` (belum ditetapkan), atau `dicabut` bila dicabut peraturan yang tidak ada di situs.", required=True, choices=STATUS_BERLAKU, example="berlaku",
              form_help="Berlaku, Rancangan (belum ditetapkan), atau Tidak berlaku bila dicabut peraturan yang tidak ada di situs."),
        Field("Tahap", "text", "Tahap rancangan", "Tahap rancangan, mis. `uji publik` atau `pembahasan bersama DPRD`.", required=When("Status-Berlaku", ("rancangan",))),
        # The form's hint without the example: each box's own check gives one of the region's kinds.
        Field("Mengubah", "rujukan", "Mengubah", "Peraturan yang diubah, mis. `perbup 7/2019`.",
              form_help="Peraturan yang diubah: satu rujukan per kotak, <jenis> <nomor>/<tahun>.",
              item="peraturan yang diubah"),
        Field("Mencabut", "rujukan", "Mencabut", "Peraturan yang dicabut, mis. `perda 3/2010`.",
              form_help="Peraturan yang dicabut: satu rujukan per kotak, <jenis> <nomor>/<tahun>.",
              item="peraturan yang dicabut"),
        Field("OPD", "opd", "OPD pemrakarsa", "Slug OPD pemrakarsa, dari content/opd.toml; mengisi kategori f informasi berkala OPD itu.", choices="opd",
              form_help="OPD pemrakarsa; mengisi kategori f informasi berkala OPD itu."),
        Field("Bidang-Hukum", "text", "Bidang hukum", "Mis. `Keuangan Daerah`, `Kesehatan`."),
        Field("Abstrak", "text", "Abstrak", "Ringkasan isi peraturan."),
        Field("Dokumen", "pdf", "Dokumen", "Salinan PDF yang ditandatangani, lokasinya di dalam content/, mis. `dokumen/regulasi/perbup-12-2024.pdf`.", required=_DITETAPKAN, example="dokumen/regulasi/nama-berkas.pdf",
              form_help="Salinan PDF yang ditandatangani: pilih dari pustaka media atau unggah dari komputer."),
        Field("Date", "datetime", "Tanggal terbit di situs", "Kapan dimuat di situs.", required=True, example="{now}"),
        # A draft's address (…-rancangan-<judul>/) becomes its Nomor's once enacted.
        alamat_lama("/regulasi/2026/perbup-rancangan-pajak-daerah/", "nomor, jenis atau tahunnya",
                    ", termasuk saat rancangan ditetapkan"),
        IZINKAN_NIK,
    ),
)

CONTENT_TYPES = {t.slug: t for t in (BERITA, DIP, AGENDA, HALAMAN, REGULASI)}

# Dates that record what has happened: never after today. An update and the making of the
# information may reach a scheduled item's own date (PAST_ONLY); a regulation's enactment
# and promulgation never (PAST_ALWAYS). Checked by content.validate and the editor's form.
PAST_ONLY = frozenset({"modified", "waktu-pembuatan"})
PAST_ALWAYS = {REGULASI.slug: ("Tanggal-Penetapan", "Tanggal-Pengundangan")}

# --- The OPD registry (content/opd.toml) ---------------------------------------

REGISTRY_FILE = "opd.toml"
OPD_FIELDS = (
    Field("nama", "text", "Nama", "Nama lengkap OPD.", required=True),
    Field("singkatan", "text", "Singkatan", "Singkatan, mis. `Dinkes`.", required=True),
    Field("alamat", "text", "Alamat", "Alamat kantor."),
    Field("telepon", "text", "Telepon", "Nomor telepon kantor."),
    Field("email", "text", "Surel", "Alamat surel resmi."),
    Field("ppid", "text", "PPID Pelaksana", "Jabatan PPID Pelaksana OPD ini, mis. `Sekretaris Dinas Kesehatan`."),
    Field("ppid_telepon", "text", "Telepon PPID Pelaksana",
          "Telepon atau WhatsApp layanan informasi OPD ini, bila bukan telepon kantor."),
    Field("ppid_email", "text", "Surel PPID Pelaksana", "Alamat surel layanan informasi OPD ini, bila bukan surel kantor."),
)


# The DIP columns of Perki 1/2021, labelled as the regulation names them.
DIP_COLUMNS = {
    "a": "Nomor",
    "b": "Ringkasan isi informasi",
    "c": "Pejabat atau unit/satuan kerja yang menguasai informasi",
    "d": "Penanggung jawab pembuatan atau penerbitan informasi",
    "e": "Waktu dan tempat pembuatan informasi",
    "f": "Bentuk informasi yang tersedia",
    "g": "Jangka waktu penyimpanan atau retensi arsip",
}


def dip_columns():
    """The DIP columns a–g in order: (letter, label, fields that fill it)."""
    return [
        (letter, label, [f for f in DIP.fields if f.column == letter])
        for letter, label in DIP_COLUMNS.items()
    ]


# --- PPID service data (services package): register, IKM, DIP decree -------------------

KANAL = (
    Term("langsung", "Langsung (loket)"), Term("surat", "Surat"), Term("email", "Surel"),
    Term("daring", "Daring"), Term("telepon", "Telepon"),
)
PEMOHON = (Term("perorangan", "Perorangan"), Term("badan-hukum", "Badan hukum"), Term("kelompok", "Kelompok orang"))
KEPUTUSAN = (
    Term("dikabulkan", "Dikabulkan"),
    Term("dikabulkan-sebagian", "Dikabulkan sebagian"),
    Term("ditolak", "Ditolak"),
    Term("tidak-dikuasai", "Informasi tidak dikuasai"),
    Term("dalam-proses", "Dalam proses"),
)
# UU 14/2008 Pasal 17: the grounds of an exemption, by letter.
PASAL_17 = (
    Term("a", "Menghambat proses penegakan hukum", letter="a"),
    Term("b", "Mengganggu perlindungan hak atas kekayaan intelektual dan persaingan usaha tidak sehat", letter="b"),
    Term("c", "Membahayakan pertahanan dan keamanan negara", letter="c"),
    Term("d", "Mengungkapkan kekayaan alam Indonesia", letter="d"),
    Term("e", "Merugikan ketahanan ekonomi nasional", letter="e"),
    Term("f", "Merugikan kepentingan hubungan luar negeri", letter="f"),
    Term("g", "Mengungkap isi akta otentik atau wasiat seseorang", letter="g"),
    Term("h", "Mengungkap rahasia pribadi", letter="h"),
    Term("i", "Memorandum atau surat antar/intra badan publik yang dirahasiakan", letter="i"),
    Term("j", "Informasi yang tidak boleh diungkap berdasarkan undang-undang", letter="j"),
)

REGISTER_DIR = "layanan/register"  # content/layanan/register/<tahun>.csv
DITOLAK = When("keputusan", ("ditolak",))  # a request refused: the Pasal 17 ground is given
DIJAWAB = When("keputusan", tuple(t.slug for t in KEPUTUSAN if t.slug != "dalam-proses"))  # answered
REGISTER_COLUMNS = (
    Field("nomor", "text", "Nomor registrasi", "Nomor registrasi permohonan.", required=True),
    Field("tanggal", "date", "Tanggal diterima", "Hari permohonan diterima, YYYY-MM-DD, di tahun nama berkas.", required=True),
    Field("opd", "opd", "OPD", "Slug OPD yang menguasai informasi, dari content/opd.toml.", required=True, choices="opd"),
    Field("kanal", "choice", "Kanal permohonan",
          "Cara permohonan diajukan: `langsung` di loket, `surat`, `email` (juga formulir yang dikirim lewat surel), "
          "`daring` (aplikasi atau formulir isian di situs web), `telepon`.", required=True, choices=KANAL),
    Field("pemohon", "choice", "Jenis pemohon", "Jenis pemohon (tanpa nama).", required=True, choices=PEMOHON),
    Field("informasi", "text", "Informasi yang diminta", "Informasi yang diminta, satu kalimat, tanpa data pribadi.", required=True),
    Field("keputusan", "choice", "Keputusan", "Keputusan atas permohonan.", required=True, choices=KEPUTUSAN),
    Field("pasal", "choice", "Alasan penolakan (UU 14/2008 Pasal 17 huruf)", "Huruf Pasal 17 UU 14/2008 yang menjadi dasar penolakan.",
          required=DITOLAK, choices=PASAL_17),
    Field("tanggal_jawab", "date", "Tanggal dijawab", "Hari permohonan dijawab, YYYY-MM-DD; kosong selama `dalam-proses`.",
          required=DIJAWAB),
    Field("keberatan", "choice", "Keberatan", "`ya` bila pemohon mengajukan keberatan.", required=True, choices=YA_TIDAK),
)
REGISTER_RULES = (
    OnlyWhen("pasal", DITOLAK, "hanya diisi bila keputusan ditolak; kosongkan kolom ini"),
    OnlyWhen("tanggal_jawab", DIJAWAB,
             "harus kosong selama keputusan dalam-proses; isi keputusannya, atau kosongkan tanggal_jawab"),
    NotBefore("tanggal_jawab", "tanggal", "{value} sebelum tanggal diterima {start_value}"),
)

IKM_DIR = "layanan/ikm"  # content/layanan/ikm/<anything>.toml
# PermenPANRB 14/2017: the nine elements of the Indeks Kepuasan Masyarakat.
UNSUR_IKM = (
    Term("u1", "Persyaratan", letter="U1"),
    Term("u2", "Sistem, mekanisme dan prosedur", letter="U2"),
    Term("u3", "Waktu penyelesaian", letter="U3"),
    Term("u4", "Biaya/tarif", letter="U4"),
    Term("u5", "Produk spesifikasi jenis pelayanan", letter="U5"),
    Term("u6", "Kompetensi pelaksana", letter="U6"),
    Term("u7", "Perilaku pelaksana", letter="U7"),
    Term("u8", "Penanganan pengaduan, saran dan masukan", letter="U8"),
    Term("u9", "Sarana dan prasarana", letter="U9"),
)
# (lowest IKM of the band, mutu, kinerja), best first.
MUTU_IKM = (("88.31", "A", "Sangat Baik"), ("76.61", "B", "Baik"), ("65.00", "C", "Kurang Baik"), ("25.00", "D", "Tidak Baik"))
IKM_FIELDS = (
    Field("periode", "text", "Periode survei", "Periode survei yang memuat tahunnya, mis. `2026 Semester I` atau `Semester II Tahun 2025`.", required=True),
    Field("opd", "opd", "OPD", "Slug OPD untuk PPID Pelaksana; kosongkan untuk PPID Utama.", choices="opd"),
    Field("responden", "integer", "Jumlah responden", "Bilangan bulat, lebih dari 0.", required=True),
    Field("nrr", "nrr", "Nilai rata-rata per unsur", "Tabel `{ u1 = 3.21, …, u9 = 3.15 }`: kesembilan unsur, masing-masing 1.00–4.00.", required=True),
)

PENETAPAN_FILE = "dip/penetapan.toml"  # one table per year: [2026]
PENETAPAN_FIELDS = (
    Field("nomor", "text", "Nomor keputusan", "Nomor keputusan penetapan DIP, mis. `188.45/012/2026`.", required=True),
    Field("tanggal", "date", "Tanggal penetapan", "Tanggal keputusan, ditulis tanpa tanda kutip: `2026-01-15`.", required=True),
    Field("penandatangan", "text", "Penandatangan", "Jabatan penandatangan, mis. `Sekretaris Daerah selaku Atasan PPID`."),
    Field("dokumen", "path", "Dokumen", "PDF keputusan yang ditandatangani, di dalam content/, mis. `dokumen/ppid/sk-dip-2026.pdf`.", required=True),
)
