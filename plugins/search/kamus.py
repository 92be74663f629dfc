"""What search knows beyond a page's own words.

- **Abbreviations**: ``singkatan.toml`` beside this file (shipped with the kit), extended
  or overridden by the site's ``content/singkatan.toml`` (same form), plus every OPD of
  the registry (singkatan ↔ nama). A page that spells only one form gets the other as
  extra words, so "lkjip" finds "Laporan Kinerja Instansi Pemerintah" and back.
- **Regulation numbers**: one exact token per way of writing a regulation's number, so
  the search page can find "perbup 9/2023" whatever the query's spelling.
- **Vocabulary**: the site's own words with their counts, written as small JSON files
  (``cari/kosakata/<first letter>.json``) for the search page's typo correction.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from common.paths import display_path
from content import source

from .model import EXACT_MARK, _fold

BUILTIN = Path(__file__).with_name("singkatan.toml")
SITE_FILE = "singkatan.toml"
VOCAB_DIR = "cari/kosakata"
WORD = re.compile(r"[^\W_]+")
MIN_VOCAB_LEN = 3


class DictionaryError(ValueError):
    pass


def words(text: str) -> list[str]:
    return WORD.findall(_fold(text or ""))


def _read(path: Path) -> dict[str, list[str]]:
    data, problem = source.read_toml(path)
    if problem:
        raise DictionaryError(f"{display_path(path)}: {problem}; tulis mis. lkjip = \"laporan kinerja instansi pemerintah\"")
    out = {}
    for abbr, longs in data.items():
        if isinstance(longs, str):
            longs = [longs]
        if not (isinstance(longs, list) and longs and all(isinstance(x, str) and x.strip() for x in longs)):
            raise DictionaryError(f"{display_path(path)}: {abbr}: isi dengan teks atau daftar teks, mis. {abbr} = \"bentuk panjang\"")
        out[" ".join(words(abbr))] = [" ".join(words(x)) for x in longs]
    return out


def load(content_path, registry: dict) -> dict[str, list[str]]:
    """abbreviation → long forms, all folded to lowercase words."""
    table = _read(BUILTIN)
    for opd in registry.values():
        abbr, nama = " ".join(words(opd.singkatan)), " ".join(words(opd.nama))
        if abbr and nama and abbr != nama:
            table.setdefault(abbr, [])
            if nama not in table[abbr]:
                table[abbr].append(nama)
    site = Path(content_path) / SITE_FILE
    if site.is_file():
        for abbr, longs in _read(site).items():
            table[abbr] = longs
    return {a: ls for a, ls in table.items() if a}


class Expander:
    """The other forms of the abbreviations and long forms a text holds."""

    def __init__(self, table: dict[str, list[str]]):
        self.table = table
        self.by_first: dict[str, list[tuple[str, str]]] = {}  # first word of a long form → (long, abbr)
        for abbr, longs in table.items():
            for long in longs:
                self.by_first.setdefault(long.split()[0], []).append((long, abbr))
        self.heads = frozenset(table) | frozenset(self.by_first)  # the words that start a form

    def extra(self, text: str, spelled: str = "") -> list[str]:
        """Forms to add for ``text``; those ``spelled`` (e.g. the OPD's name and short
        name the page already shows) are neither added nor expanded."""
        ws = words(text)
        present = set(ws)
        heads = present & self.heads  # most of a page's words start no form: skipped at once
        if not heads:
            return []
        known_ws = words(spelled)
        known, known_joined = set(known_ws), f" {' '.join(known_ws)} "
        heads -= known
        joined = f" {' '.join(ws)} "
        out: dict[str, None] = {}
        for w in sorted(heads, key=ws.index):  # in text order, not set order: builds stay byte-identical
            if w in self.table:  # an abbreviation: add its long forms
                for long in self.table[w]:
                    if f" {long} " not in joined and f" {long} " not in known_joined:
                        out.setdefault(long, None)
            for long, abbr in self.by_first.get(w, ()):  # a long form: add its abbreviation
                if abbr not in present and abbr not in known and f" {long} " in joined and f" {long} " not in known_joined:
                    out.setdefault(abbr, None)
        return list(out)


def number_tokens(jenis: str, nomor: str, tahun) -> list[str]:
    """Exact tokens for a regulation's number: `qr<jenis>n<nomor>t<tahun>q` with the
    number's letters and digits only, once as written and once without a trailing
    `/<tahun>` (188.45/123/2026 is asked for as kepbup 188.45/123/2026 and as
    kepbup 188.45/123 tahun 2026)."""
    jenis_w = "".join(words(jenis))
    forms = {str(nomor)}
    if str(nomor).endswith(f"/{tahun}"):
        forms.add(str(nomor)[: -len(f"/{tahun}")])
    return [f"{EXACT_MARK}r{jenis_w}n{''.join(words(n))}t{tahun}{EXACT_MARK}" for n in sorted(forms) if words(n)]


class Vocabulary:
    def __init__(self, counts: Counter | None = None):
        self.counts: Counter = Counter() if counts is None else counts

    def add(self, *texts: str, times: int = 1):
        """Count the words of ``texts`` (``times`` over: that many pages have them)."""
        for _ in range(times):
            for text in texts:
                self.counts.update(w for w in words(text) if len(w) >= MIN_VOCAB_LEN and not w.isdigit())

    def remove(self, *texts: str, times: int = 1):
        """What ``add`` counted for ``texts``, taken back (a page no longer on the site)."""
        gone = Vocabulary()
        gone.add(*texts, times=times)
        self.counts.subtract(gone.counts)
        for w in gone.counts:
            if self.counts[w] <= 0:
                del self.counts[w]

    def write(self, output: Path):
        """cari/kosakata/<c>.json: {word: count} of the words starting with c."""
        folder = Path(output) / VOCAB_DIR
        folder.mkdir(parents=True, exist_ok=True)
        # Every shard a query may ask for exists (empty if need be): no 404 in the console.
        shards: dict[str, dict[str, int]] = {c: {} for c in "abcdefghijklmnopqrstuvwxyz0123456789"}
        shards["lain"] = {}
        for w, n in sorted(self.counts.items()):
            shards.setdefault(shard_name(w), {})[w] = n
        for old in folder.glob("*.json"):
            if old.stem not in shards:
                old.unlink()
        for name, table in shards.items():
            (folder / f"{name}.json").write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def shard_name(word: str) -> str:
    c = word[0]
    return c if "a" <= c <= "z" or "0" <= c <= "9" else "lain"
