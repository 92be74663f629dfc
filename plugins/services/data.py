"""Reading and checking the PPID's service data, all problems at once:

- ``content/layanan/register/<tahun>.csv``: the register of requests, row by row;
- ``content/layanan/ikm/*.toml``: the satisfaction surveys (IKM);
- ``content/dip/penetapan.toml``: the decrees that establish each year's DIP;
- ``content/hari-libur.toml``: days off besides weekends and national holidays.

Every problem is a ``content.validate.Problem`` (``path: key: pesan``, Indonesian).
The parsed data is plain Python, handed to ``laporan``/``ikm`` for the figures.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from content import berkas, kinds, safety, source
from content.registry import EMAIL_IN_TEXT
from content.schema import (
    IKM_DIR, IKM_FIELDS, KANAL, KEPUTUSAN, PASAL_17, PEMOHON, PENETAPAN_FIELDS, PENETAPAN_FILE,
    REGISTER_COLUMNS, REGISTER_DIR, REGISTER_RULES, UNSUR_IKM, YA_TIDAK, Term,
)
from common import documents
from common.paths import display_path
from content.validate import Checker, Problem, scanned_message

from .hari_kerja import BATAS, BATAS_PERPANJANGAN, HARI_LIBUR_FILE, WorkingDays, load_days_off

HEADER = [f.name for f in REGISTER_COLUMNS]
TERMS = {"kanal": KANAL, "pemohon": PEMOHON, "keputusan": KEPUTUSAN, "pasal": PASAL_17, "keberatan": YA_TIDAK}
PERSONAL_HINT = "register diterbitkan apa adanya, jadi tidak boleh memuat data pribadi pemohon"
# A DIP decree for a year is signed that year, or from this month of the year before (the
# list set before the year starts); an earlier one is last year's, copied.
DECREE_EARLY_MONTH = 10
# A run of digits with the separators people write in phone numbers.
PHONE_RE = re.compile(r"(?<![\w/.,])\+?\(?\d[\d\s().-]{7,}\d(?![\w/])")
YEAR_FILE_RE = re.compile(r"^(\d{4})\.csv$")


def register_delimiter(text: str) -> str:
    """The register's column separator: a comma, or what Excel writes where the list
    separator is a semicolon (Indonesian regional settings) or a tab ("Teks Unicode"),
    recognised by a header row whose columns it separates."""
    first = text.split("\n", 1)[0]
    def named(sep):
        return sum("_".join(c.strip().lower().split()) in HEADER for c in next(csv.reader([first], delimiter=sep), []))
    return max((",", ";", "\t"), key=named)


@dataclass
class Register:
    tahun: int
    path: Path
    rows: list[dict]  # column -> value (dates parsed), only rows without problems
    # Every row as read, for data/register-<tahun>.csv: each value as the contract lists it
    # (`Dikabulkan`, ` email ` and `YA` published as `dikabulkan`, `email`, `ya`).
    raw: list[list[str]]


@dataclass
class Survei:
    path: Path
    periode: str
    opd: str | None
    responden: int
    nrr: dict[str, Decimal]


@dataclass
class Penetapan:
    tahun: int
    nomor: str
    tanggal: date
    penandatangan: str
    dokumen: str  # path under content/
    berkas: dict = field(default_factory=dict)  # as pages list it: url, nama, format, ukuran (common.documents.describe)


@dataclass
class Layanan:
    """Everything read, and what went wrong."""

    registers: list[Register] = field(default_factory=list)
    surveys: list[Survei] = field(default_factory=list)
    penetapan: list[Penetapan] = field(default_factory=list)
    days_off: set[date] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)  # decree PDFs, published by the plugin
    scanned: list[str] = field(default_factory=list)  # decree PDFs that are scanned pages without text
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def phone_number(text: str) -> str | None:
    """The first Indonesian phone number in text: 0… with 9–13 digits (a trunk prefix: the
    next digit is an area or mobile code, never 0), or +62/62/0062… . A number padded with
    zeros (a register's ``00032-2026``) is none."""
    for m in PHONE_RE.finditer(text):
        raw = m.group(0).strip()
        digits = re.sub(r"\D", "", raw)
        digits = digits[2:] if digits.startswith("0062") else digits  # dialled from abroad
        if raw.startswith("+62") or (digits.startswith("62") and 10 <= len(digits) <= 14):
            return raw
        if digits.startswith("0") and not digits.startswith("00") and 9 <= len(digits) <= 13:
            return raw
    return None


def personal_data(value: str) -> str | None:
    """Every kind of personal data a register cell holds, as one message, or None."""
    found = []
    nik = safety.looks_like_nik(value)
    if nik:
        found.append(f"nomor mirip NIK ({safety.mask(nik)})")
    mail = EMAIL_IN_TEXT.search(value)
    if mail:
        found.append(f"alamat surel ({mail.group(0)})")
    phone = phone_number(value)
    if phone:
        found.append(f"nomor telepon ({phone})")
    return f"berisi {', '.join(found)}" if found else None


def allowed(terms) -> str:
    return ", ".join(t.slug for t in terms)


@dataclass(frozen=True)
class Cells:
    """What a field kind (content.kinds) needs to parse a register cell: the vocabularies,
    and a date of the register's year for the examples."""

    registry: dict
    date_example: str
    registry_ok: bool = True

    def terms(self, f) -> tuple:
        if f.choices == "opd":
            return tuple(Term(slug, o.nama) for slug, o in self.registry.items())
        return f.choices

    def allowed(self, f) -> str:
        return allowed(self.terms(f))


class Reader:
    def __init__(self, content: Path, registry: dict, today: date, settings: dict):
        self.content = Path(content).resolve()
        self.settings = settings
        self.registry = registry
        self.today = today
        self.out = Layanan()
        self.lines: dict[tuple[Path, str], int] = {}  # (register, nomor) -> its line, for warnings

    def error(self, path: Path, key: str, message: str):
        self.out.errors.append(Problem(display_path(path), key, message))

    def warn(self, path: Path, key: str, message: str):
        self.out.warnings.append(Problem(display_path(path), key, message))

    def run(self) -> Layanan:
        days, problems = load_days_off(self.content)
        self.out.days_off = days
        for key, message in problems:
            self.error(self.content / HARI_LIBUR_FILE, key, message)
        folder = self.content / REGISTER_DIR
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    self.read_register(path)
        folder = self.content / IKM_DIR
        if folder.is_dir():
            # A copy ("… (1).toml", "salinan …") after its original: a duplicate is reported on the copy.
            for path in sorted(folder.iterdir(), key=lambda p: (bool(COPY_NAME.search(p.stem)), p.name)):
                if path.is_file() and not path.name.startswith("."):
                    self.read_survey(path)
        self.read_penetapan(self.content / PENETAPAN_FILE)
        self.warn_unread()
        self.warn_missing_years()
        self.warn_overdue()
        return self.out

    def warn_unread(self):
        """Data files where none is read (a register in a year's folder, a survey beside the
        register, the holidays under layanan/): dropped without a word before."""
        where = (f"register ditulis di content/{REGISTER_DIR}/<tahun>.csv, survei IKM di content/{IKM_DIR}/<nama>.toml, "
                 f"hari libur di content/{HARI_LIBUR_FILE}")
        layanan = self.content / "layanan"
        found = [p for p in layanan.rglob("*") if p.is_file() and not p.name.startswith(".")] if layanan.is_dir() else []
        found += [self.content / n for n in ("hari_libur.toml", "hari-libur.csv", "harilibur.toml") if (self.content / n).is_file()]
        for path in sorted(found):
            if path.parent in (self.content / REGISTER_DIR, self.content / IKM_DIR):
                continue
            self.warn(path, "", f"berkas ini tidak dibaca di sini; {where}")

    def text(self, path: Path) -> str | None:
        try:
            return source.decode(path.read_bytes())
        except source.EncodingProblem as exc:
            self.error(path, "", str(exc))
        except OSError as exc:
            self.error(path, "", f"berkas tidak dapat dibaca ({exc.strerror})")
        return None

    def toml(self, path: Path) -> dict | None:
        text = self.text(path)
        if text is None:
            return None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            self.error(path, "", source.toml_problem(exc, text, whole={f.name for f in IKM_FIELDS if f.kind == "integer"}))
            return None

    # --- register ----------------------------------------------------------------

    def read_register(self, path: Path):
        m = YEAR_FILE_RE.match(path.name)
        if not m:
            sheet = path.suffix.lower() in (".xlsx", ".xls", ".ods")
            self.error(path, "", f"nama berkas register harus <tahun>.csv, mis. {REGISTER_DIR}/{self.today.year}.csv"
                       + ("; di Excel pilih Simpan Sebagai, lalu CSV UTF-8 (Comma delimited)" if sheet else ""))
            return
        tahun = int(m.group(1))
        if tahun > self.today.year:
            self.error(path, "", f"register tahun {tahun} belum bisa ada (hari ini {self.today.isoformat()})")
            return
        text = self.text(path)
        if text is None:
            return
        records = list(csv.reader(text.splitlines(), delimiter=register_delimiter(text)))
        if not records or not any(c.strip() for c in records[0]):
            self.error(path, "baris 1", f"baris judul kolom tidak ada; baris pertama harus persis: {','.join(HEADER)}")
            return
        header = [c.strip() for c in records[0]]
        if len(header) > 1 and not any("_".join(c.lower().split()) in HEADER for c in header):
            # A first row of values: the header row was left out, not eleven columns added.
            self.error(path, "baris 1", f"baris pertama bukan baris judul kolom; sisipkan di atasnya: {','.join(HEADER)}")
            return
        extra = [c for c in header if c not in HEADER]
        missing = [c for c in HEADER if c not in header]
        spelled = {"_".join(c.lower().split()): c for c in extra}
        for c in extra:
            meant = "_".join(c.lower().split())
            if meant in HEADER and meant not in header:
                self.error(path, f"baris 1, kolom {c}", f"tulis nama kolom persis seperti format register: {meant} (huruf kecil)")
                continue
            self.error(path, f"baris 1, kolom {c or '(kosong)'}",
                       f"kolom ini tidak ada dalam format register; hapus kolomnya ({PERSONAL_HINT}: nama, NIK, telepon, surel, alamat)")
        missing = [c for c in missing if c not in spelled]  # named above, spelt otherwise
        if missing:
            self.error(path, "baris 1", f"kolom {', '.join(missing)} tidak ada; baris judul kolom harus persis: {','.join(HEADER)}")
        if extra or missing:
            return
        if header != HEADER:
            self.error(path, "baris 1", f"urutan kolom harus persis: {','.join(HEADER)}")
            return
        register = Register(tahun=tahun, path=path, rows=[], raw=[])
        seen: dict[str, int] = {}
        for n, cells in enumerate(records[1:], start=2):
            if not any(c.strip() for c in cells):
                continue
            where = f"baris {n}"
            if len(cells) != len(HEADER):
                self.error(path, where, f"berisi {len(cells)} kolom, baris judul kolom {len(HEADER)} kolom; periksa tanda koma dan tanda kutip")
                continue
            row = self.register_row(path, n, tahun, dict(zip(HEADER, (c.strip() for c in cells))))
            if row is None:
                continue
            first = seen.setdefault(row["nomor"], n)
            if first != n:
                self.error(path, f"{where}, kolom nomor", f"nomor \"{row['nomor']}\" sudah dipakai di baris {first}; setiap permohonan bernomor unik")
                continue
            register.rows.append(row)
            register.raw.append([v.isoformat() if isinstance(v, date) else "" if v is None else str(v)
                                 for v in (row.get(c) for c in HEADER)])
            self.lines[(path, row["nomor"])] = n
        self.out.registers.append(register)

    def register_row(self, path: Path, n: int, tahun: int, cells: dict) -> dict | None:
        ok = True

        def bad(col, message):
            nonlocal ok
            ok = False
            self.error(path, f"baris {n}, kolom {col}", message)

        # Every problem of the row at once: a cell with personal data is not read further,
        # a cell that does not parse is left out of the row, and the rules across columns
        # check only the columns that parsed (they skip an absent one).
        hidden = set()
        for col, value in cells.items():
            found = personal_data(value)
            if found:
                hidden.add(col)
                bad(col, f"{found}; {PERSONAL_HINT}, hapus atau samarkan")
        row: dict = {}
        cells_context = Cells(self.registry, f"{tahun}-03-05")
        for f in REGISTER_COLUMNS:
            if f.name in hidden:
                continue
            value = cells[f.name]
            required = f.is_required(row)
            if value == "":
                if required:
                    bad(f.name, f"wajib diisi ({f.help.rstrip('.')})" + (f"; pilihan: {allowed(TERMS[f.name])}" if f.name in TERMS else ""))
                row[f.name] = None
                continue
            parsed, message = kinds.of(f).parse(cells_context, f, value, path)
            if message:
                bad(f.name, message)
                continue
            if isinstance(parsed, date) and parsed > self.today:
                bad(f.name, f"{value} masih di masa depan (hari ini {self.today.isoformat()})")
                continue
            row[f.name] = parsed
        if row.get("tanggal") and row["tanggal"].year != tahun:
            bad("tanggal", f"{row['tanggal'].isoformat()} bukan tahun {tahun}; register {tahun}.csv hanya memuat permohonan yang diterima tahun {tahun}")
        for rule in REGISTER_RULES:
            message = rule.check(row)
            if message:
                bad(rule.key, message)
        return row if ok else None

    def warn_overdue(self):
        """A request still ``dalam-proses`` past the 10 working days of UU KIP Pasal 22 (17
        with the one extension) is a warning on its row: the PPID sees it before a
        requester's objection does."""
        late = [(reg, row) for reg in self.out.registers for row in reg.rows if row["keputusan"] == "dalam-proses"]
        if not late:
            return
        workdays = WorkingDays(self.out.days_off)

        def nth_working_day(start: date, n: int) -> date:
            day = start
            while n:
                day += timedelta(days=1)
                n -= workdays.is_working_day(day)
            return day

        for reg, row in late:
            weekdays = sum(1 for n in range(1, (self.today - row["tanggal"]).days + 1)
                           if (row["tanggal"] + timedelta(days=n)).weekday() < 5)
            if weekdays <= BATAS:
                continue  # within the limit whatever the holidays (not loaded for it)
            spent = workdays.between(row["tanggal"], self.today)
            if spent <= BATAS:
                continue
            due, extended = nth_working_day(row["tanggal"], BATAS), nth_working_day(row["tanggal"], BATAS_PERPANJANGAN)
            where = f"baris {self.lines[(reg.path, row['nomor'])]}, kolom keputusan"
            self.warn(reg.path, where,
                      f"permohonan {row['nomor']} diterima {row['tanggal'].isoformat()} masih dalam proses setelah {spent} hari kerja; "
                      f"UU 14/2008 Pasal 22: dijawab paling lambat {due.isoformat()} (10 hari kerja), atau {extended.isoformat()} "
                      "bila diperpanjang 7 hari kerja dengan pemberitahuan tertulis"
                      + ("; batas itu pun sudah lewat" if spent > BATAS_PERPANJANGAN else "")
                      + "; catat keputusan dan tanggal_jawab begitu dijawab")

    def warn_missing_years(self):
        """A year that has ended with no register by 31 March of the next is a warning:
        from the first year with a register (or last year) to the last year now due."""
        years = {r.tahun for r in self.out.registers}
        last_due = self.today.year - 1 if self.today > date(self.today.year, 3, 31) else self.today.year - 2
        first = min(years | {last_due})
        for y in range(first, last_due + 1):
            if y not in years and not (self.content / REGISTER_DIR / f"{y}.csv").is_file():  # one with errors says so itself
                self.warn(self.content / REGISTER_DIR / f"{y}.csv", "",
                          f"register permohonan tahun {y} belum ada; laporan layanan informasi tahun {y} wajib terbit paling lambat 31 Maret {y + 1} (Perki 1/2021); "
                          "buat berkas ini (CSV, satu baris per permohonan tahun itu; kolomnya: panduan penulis, bagian \"Register permohonan\")")

    # --- IKM -------------------------------------------------------------------------

    def read_survey(self, path: Path):
        if path.suffix != ".toml":
            self.error(path, "", f"folder {IKM_DIR}/ hanya berisi survei IKM berformat .toml")
            return
        data = self.toml(path)
        if data is None:
            return
        known = {f.name: f for f in IKM_FIELDS}
        ok = True

        def bad(key, message):
            nonlocal ok
            ok = False
            self.error(path, key, message)

        for key in data:
            if key not in known:
                bad(key, f"kunci tidak dikenal; yang boleh: {', '.join(known)}")
        for f in IKM_FIELDS:
            if f.required and f.name not in data:
                bad(f.name, f"wajib diisi ({f.help.rstrip('.')})")
        periode = data.get("periode")
        if "periode" in data and (not isinstance(periode, str) or not periode.strip()):
            bad("periode", "harus teks dalam tanda kutip, mis. periode = \"2026 Semester I\"")
        elif isinstance(periode, str) and not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", periode):
            # Anywhere in it ("2026 Semester I", "Semester II Tahun 2024"): generator.periode_key.
            bad("periode", f"\"{periode}\" tanpa tahun (survei diurutkan menurut tahun), "
                           f"mis. periode = \"{self.today.year} {' '.join(periode.split())}\"")
        opd = data.get("opd") or None  # none (or "") is the PPID Utama
        if isinstance(opd, str):  # "Dinkes": the registry's slug, read regardless of case as an item's OPD is
            opd = next((slug for slug in self.registry if slug.casefold() == opd.strip().casefold()), opd)
        if opd is not None and (not isinstance(opd, str) or opd not in self.registry):
            bad("opd", f"nilai \"{opd}\" tidak terdaftar di content/opd.toml; pilihan yang boleh: {', '.join(self.registry)} (atau hapus baris opd untuk PPID Utama)")
        responden = data.get("responden")
        if "responden" in data and (type(responden) is not int or responden < 1):
            written = source.toml_value_written(self.text(path) or "", "responden")
            if isinstance(responden, float) and re.fullmatch(r"\d{1,3}(\.\d{3})+", written):
                how = f"tulis tanpa titik pemisah ribuan: responden = {written.replace('.', '')}"
            elif isinstance(responden, str):
                how = "tulis bilangan bulat lebih dari 0, tanpa tanda kutip"
            else:
                how = "tulis bilangan bulat lebih dari 0, tanpa titik atau koma, mis. responden = 1200"
            bad("responden", f"{written or source.toml_shown(responden)} bukan jumlah responden yang sah; {how}")
        nrr_raw = data.get("nrr")
        nrr: dict[str, Decimal] = {}
        if "nrr" in data and not isinstance(nrr_raw, dict):
            bad("nrr", "harus berupa tabel, mis. nrr = { u1 = 3.21, u2 = 3.10, … , u9 = 3.15 }")
        elif isinstance(nrr_raw, dict):
            units = [t.slug for t in UNSUR_IKM]
            for key in nrr_raw:
                if key not in units:
                    bad(f"nrr.{key}", f"unsur tidak dikenal; yang boleh: {', '.join(units)}")
            for t in UNSUR_IKM:
                if t.slug not in nrr_raw:
                    bad(f"nrr.{t.slug}", f"unsur {t.letter} {t.label} tidak ada; kesembilan unsur u1–u9 wajib diisi")
                    continue
                value = nrr_raw[t.slug]
                if type(value) not in (int, float) or not math.isfinite(value):
                    bad(f"nrr.{t.slug}", f"{source.toml_shown(value)} bukan angka; tulis angkanya tanpa tanda kutip, mis. 3.21")
                    continue
                number = Decimal(str(value))
                if not Decimal("1.00") <= number <= Decimal("4.00"):
                    bad(f"nrr.{t.slug}", f"{value} di luar rentang NRR 1.00–4.00")
                    continue
                nrr[t.slug] = number
        if ok:
            same = next((sv for sv in self.out.surveys if sv.periode == periode.strip() and sv.opd == opd), None)
            if same is not None:  # a copy ("2026-semester-1 (1).toml") would be listed twice
                self.error(path, "periode", f"survei \"{periode.strip()}\" {'OPD ' + opd if opd else 'PPID Utama'} sudah ada di "
                                            f"{display_path(same.path)}; hapus salinannya atau perbaiki periode")
                return
            self.out.surveys.append(Survei(path=path, periode=periode.strip(), opd=opd, responden=responden, nrr=nrr))

    # --- the DIP decree ---------------------------------------------------------------

    def read_penetapan(self, path: Path):
        """content/dip/penetapan.toml: one table per year, its decree's number, date
        (that year's, or from ``DECREE_EARLY_MONTH`` of the year before) and PDF."""
        if not path.is_file():
            self.warn_no_decree(path)
            return
        data = self.toml(path)
        if data is None:
            return
        known = {f.name: f for f in PENETAPAN_FIELDS}
        loose = [key for key, value in data.items() if key in known and not isinstance(value, dict)]
        if loose:
            # nomor = "…" written above any [2026]: TOML reads it as no year's.
            self.error(path, loose[0], f"{', '.join(loose)} ditulis di luar tabel tahun; tulis tahun keputusannya pada baris "
                                       f"sendiri di atasnya, mis. [{self.today.year}]")
        for year, table in data.items():
            if year in loose:
                continue
            where = f"[{year}]"
            if not re.fullmatch(r"\d{4}", year) or not isinstance(table, dict):
                self.error(path, where, "setiap penetapan ditulis sebagai tabel bertahun, mis. [2026] lalu nomor = \"…\"")
                continue
            ok = True
            doc = ""
            for key in table:
                if key not in known:
                    self.error(path, f"{where} {key}", f"kunci tidak dikenal; yang boleh: {', '.join(known)}")
                    ok = False
            for f in PENETAPAN_FIELDS:
                value = table.get(f.name)
                if value is None:
                    if f.required:
                        self.error(path, f"{where} {f.name}", f"wajib diisi ({f.help.rstrip('.')})")
                        ok = False
                    continue
                if f.kind == "date":
                    if type(value) is not date:
                        self.error(path, f"{where} {f.name}", source.toml_date_problem(value, f"{year}-01-15"))
                        ok = False
                    elif value > self.today:
                        self.error(path, f"{where} {f.name}", f"{value} masih di masa depan (hari ini {self.today.isoformat()})")
                        ok = False
                    elif not (value.year == int(year) or value.year == int(year) - 1 and value.month >= DECREE_EARLY_MONTH):
                        # A table copied from last year with its old decree: the year's own is missing.
                        self.error(path, f"{where} {f.name}", f"{value} bukan tahun {year}: keputusan penetapan DIP tahun {year} "
                                   f"ditetapkan tahun itu (atau sejak Oktober tahun sebelumnya); periksa tanggalnya, atau tahun "
                                   f"tabelnya [{year}]")
                        ok = False
                elif not isinstance(value, str) or not value.strip():
                    said = "satu lokasi berkas, bukan daftar [ … ]" if isinstance(value, list) else "teks dalam tanda kutip"
                    self.error(path, f"{where} {f.name}", f"{source.toml_shown(value)}: harus {said}")
                    ok = False
                elif f.kind == "path":
                    doc, message = self.pdf(value)
                    if message:
                        self.error(path, f"{where} {f.name}", message)
                        ok = False
            if ok:
                if berkas.scanned(self.content / doc):
                    self.warn(path, f"{where} dokumen", scanned_message(doc))
                    self.out.scanned.append(doc)
                self.out.documents.add(doc)
                self.out.penetapan.append(Penetapan(
                    tahun=int(year), nomor=table["nomor"].strip(), tanggal=table["tanggal"],
                    penandatangan=(table.get("penandatangan") or "").strip(), dokumen=doc,
                    berkas=documents.describe(self.content, doc),
                ))
        self.out.penetapan.sort(key=lambda p: p.tahun, reverse=True)
        if str(self.today.year) not in data:  # a table of this year with an error is reported as such
            self.warn_no_decree(path)

    def warn_no_decree(self, path: Path):
        self.warn(path, f"[{self.today.year}]",
                  f"belum ada keputusan penetapan DIP tahun {self.today.year}; verifikator Monev menanyakan penetapan DIP tahun berjalan; "
                  f"{'tulis' if path.is_file() else 'buat berkas ini dengan'} tabel [{self.today.year}] berisi nomor, tanggal dan PDF "
                  "keputusannya (contoh: panduan penulis, bagian \"Penetapan DIP\")")

    def pdf(self, raw: str) -> tuple[str, str | None]:
        """The decree's PDF as (path under content/, problem): a path inside content/
        (content's own check), a PDF by its bytes."""
        f = next(f for f in PENETAPAN_FIELDS if f.name == "dokumen")
        rel, message = Checker(self.content, self.settings).parse_path(f, raw, self.content / PENETAPAN_FILE)
        if message:
            return "", message
        if not rel.lower().endswith(".pdf"):
            return "", f"\"{raw}\" bukan berkas PDF; unggah keputusan yang ditandatangani sebagai PDF"
        message = berkas.problem(self.content / rel)
        return rel, f"\"{raw}\" {message}" if message else None


def decree_documents(content: Path) -> set[str]:
    """The documents content/dip/penetapan.toml names, read as text (it may not parse)."""
    try:
        text = (content / PENETAPAN_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return set(re.findall(r"^\s*dokumen\s*=\s*[\"']([^\"']+)", text, re.M))


COPY_NAME = re.compile(r"\(\d+\)$|\bsalinan\b|\bcopy\b|\bkopi\b", re.I)


def read(content, registry: dict, today: date, settings: dict | None = None) -> Layanan:
    return Reader(Path(content), registry, today, settings or {}).run()
