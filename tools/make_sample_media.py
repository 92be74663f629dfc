#!/usr/bin/env python3
"""Generate the sample media that the sample content refers to.

Reads every Markdown file under ``content/`` and draws, with Pillow only:

* each ``Image:`` and each inline ``{static}/images/...`` picture as a simple
  illustrated scene (JPEG, 2000x1500, quality 85);
* each ``Dokumen:`` PDF as a two-page A4 document of text (``TextPdf``: a text layer,
  as a document saved as PDF has) with the entry's title, OPD and text, each decree
  PDF of ``dip/penetapan.toml`` and each DIK entry's ``Dokumen-Uji-Konsekuensi``; a regulation's (``content/regulasi/``) as one page
  headed as a signed regulation;
* the emblem ``images/logo-sukamaju.png``.

The output is deterministic: every random choice comes from a generator seeded
with the file name, pictures' text uses Pillow's built-in font, and the PDFs carry
a fixed creation date. Two photos get phone-like EXIF (orientation, GPS) and one
is written as a CMYK JPEG, so the image pipeline meets real-world input.

Usage: .venv/bin/python tools/make_sample_media.py [--content PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import tomllib
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL.TiffImagePlugin import IFDRational

ROOT = Path(__file__).resolve().parent.parent
PHOTO_SIZE = (2000, 1500)
JPEG_QUALITY = 85
FIXED_DATE = dt.datetime(2026, 1, 1, 0, 0, 0)

# Phone-photo imitations: name -> (orientation, (lat, lon)); lat < 0 is south.
EXIF_PHOTOS = {
    "simulasi-banjir-kedungjati.jpg": (6, (-7.40514, 109.23187)),
    "jembatan-kali-lamuk.jpg": (1, (-7.36842, 109.30975)),
}
CMYK_PHOTOS = {"festival-kuda-lumping.jpg"}

META_RE = re.compile(r"^([A-Za-z][A-Za-z-]*):\s*(.*)$")
INLINE_IMG_RE = re.compile(r"!\[[^\]]*\]\(\{static\}/?([^)\s]+)\)")
# A document a page links in its text: [Formulir permohonan (PDF)]({static}/dokumen/ppid/….pdf)
LINKED_PDF_RE = re.compile(r"(?<!!)\[([^\]]+)\]\(\{static\}/?(dokumen/[^)\s]+\.pdf)\)")


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def ascii_safe(text: str) -> str:
    """The built-in font lacks a few typographic glyphs; draw plain ones."""
    return text.replace("–", "-").replace("—", "-").replace("’", "'")


def rng_for(name: str) -> random.Random:
    return random.Random(zlib.crc32(name.encode("utf-8")))


# --------------------------------------------------------------------------
# reading the content
# --------------------------------------------------------------------------

def read_metadata(path: Path) -> tuple[dict[str, str], str]:
    meta: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    for i, line in enumerate(lines):
        if not line.strip():
            break
        m = META_RE.match(line)
        if m:
            meta[m.group(1).lower()] = m.group(2).strip()
    return meta, "\n".join(lines[i + 1:])


def collect(content: Path, registry: dict):
    photos: dict[str, str] = {}     # path under content -> banner text
    documents: dict[str, tuple[str, str, str, str]] = {}  # path -> (title, opd slug, body, signer)
    regulations: dict[str, tuple[str, str, str, str]] = {}  # path -> (heading, tentang, body, issuer)
    for md in sorted(content.rglob("*.md")):
        meta, body = read_metadata(md)
        title = meta.get("title", md.stem)
        if meta.get("image"):
            photos.setdefault(meta["image"], title)
        for ref in INLINE_IMG_RE.findall(body):
            photos.setdefault(ref, title)
        refs = [d.strip() for d in meta.get("dokumen", "").split(",") if d.strip()]
        if md.relative_to(content).parts[0] == "regulasi":
            for ref in refs:
                regulations.setdefault(ref, (regulation_heading(meta, registry), meta.get("title", ""), body,
                                             regulation_issuer(meta, registry)))
            continue
        for label, ref in LINKED_PDF_RE.findall(body):
            documents.setdefault(ref, (re.sub(r"\s*\(PDF[^)]*\)$", "", label), meta.get("opd", "diskominfo"),
                                       LINKED_BODIES.get(ref, body), "Bupati Sukamaju" if "/sk-" in ref else SIGNER))
        test = meta.get("dokumen-uji-konsekuensi", "").strip()
        if test:  # a DIK entry's signed consequence test, by the PPID
            documents.setdefault(test, (
                f"Penetapan Uji Konsekuensi: {title}", "diskominfo",
                f"{meta.get('uji-konsekuensi', '')}.\n\nInformasi: {title}.\n\nDasar hukum: {meta.get('dasar-hukum', '')}."
                f"\n\nAlasan: {meta.get('alasan', '')}\n\nJangka waktu pengecualian: sampai {meta.get('berlaku-hingga', '')}.",
                "PPID Kabupaten Sukamaju"))
        for n, ref in enumerate(refs):
            # an attachment after the first gets its own title, from its file name
            doc_title = title if n == 0 else "Lampiran: " + Path(ref).stem.replace("-", " ").title()
            documents.setdefault(ref, (doc_title, meta.get("opd", ""), body, SIGNER))
    # The signed decrees that establish each year's DIP (content/dip/penetapan.toml).
    decrees = content / "dip" / "penetapan.toml"
    if decrees.is_file():
        for year, d in tomllib.loads(decrees.read_text(encoding="utf-8")).items():
            body = (f"Keputusan Nomor {d['nomor']} tanggal {d['tanggal']} tentang Penetapan Daftar Informasi "
                    f"Publik Tahun {year}. Ditandatangani oleh {d.get('penandatangan', '')}.")
            documents.setdefault(d["dokumen"], (f"Penetapan Daftar Informasi Publik Tahun {year}", "diskominfo", body,
                                                d.get("penandatangan") or SIGNER))
    return photos, documents, regulations


SIGNER = "Kepala Perangkat Daerah"  # who signs a document, unless a decree names its signer
# The text of the sample's forms and decree a page links (the page's own text otherwise).
LINKED_BODIES = {
    "dokumen/ppid/formulir-permohonan-informasi-publik.pdf": (
        "Nomor pendaftaran (diisi petugas): ....\n\nNama: ....\n\nAlamat: ....\n\n"
        "Nomor telepon atau surel: ....\n\nRincian informasi yang dibutuhkan: ....\n\n"
        "Tujuan penggunaan informasi: ....\n\nCara memperoleh informasi: melihat / membaca / mendengarkan / "
        "mencatat / mendapatkan salinan.\n\nCara mendapatkan salinan: langsung / pos / faksimile / surel.\n\n"
        "Sukamaju, tanggal ....\n\nPetugas pelayanan informasi ....   Pemohon ...."),
    "dokumen/ppid/formulir-pernyataan-keberatan.pdf": (
        "Nomor registrasi keberatan (diisi petugas): ....\n\nNomor pendaftaran permohonan: ....\n\n"
        "Tujuan penggunaan informasi: ....\n\nIdentitas pemohon: nama, alamat, pekerjaan, nomor telepon ....\n\n"
        "Alasan pengajuan keberatan (UU 14/2008 Pasal 35 ayat 1): a. permohonan ditolak; b. informasi berkala "
        "tidak disediakan; c. permohonan tidak ditanggapi; d. permohonan ditanggapi tidak sebagaimana yang diminta; "
        "e. permohonan tidak dipenuhi; f. biaya yang dikenakan tidak wajar; g. informasi disampaikan melebihi "
        "jangka waktu.\n\nKasus posisi: ....\n\nSukamaju, tanggal ....   Pemohon ...."),
}


# How a signed regulation is headed, per instrument slug (the kit's defaults).
ISSUER = {
    "perda": "PERATURAN DAERAH KABUPATEN SUKAMAJU", "perbup": "PERATURAN BUPATI SUKAMAJU",
    "kepbup": "KEPUTUSAN BUPATI SUKAMAJU", "instruksi": "INSTRUKSI BUPATI SUKAMAJU",
    "se": "SURAT EDARAN BUPATI SUKAMAJU", "kep-opd": "KEPUTUSAN KEPALA PERANGKAT DAERAH KABUPATEN SUKAMAJU",
}


def regulation_issuer(meta: dict, registry: dict) -> str:
    """Who signs a regulation: the Bupati, or for an OPD head's decree (``kep-opd``) the
    head of the initiating OPD (its ``OPD:``)."""
    if meta.get("jenis") == "kep-opd" and meta.get("opd") in registry:
        return f"KEPALA {registry[meta['opd']]['nama'].upper()} KABUPATEN SUKAMAJU"
    return "BUPATI SUKAMAJU"


def regulation_heading(meta: dict, registry: dict) -> str:
    issuer = regulation_issuer(meta, registry)
    who = f"KEPUTUSAN {issuer}" if issuer != "BUPATI SUKAMAJU" else ISSUER.get(
        meta.get("jenis", ""), "PEMERINTAH KABUPATEN SUKAMAJU")
    nomor, tahun = meta.get("nomor", ""), meta.get("tahun", "")
    return f"{who} NOMOR {nomor}" + ("" if nomor.endswith("/" + tahun) else f" TAHUN {tahun}")


def write_regulation_pdf(path: Path, heading: str, about: str, body: str, issuer: str) -> None:
    """One A4 page headed as a signed regulation: its issuer, the heading, TENTANG, the
    subject, the body and the issuer's signature block, as text."""
    doc = TextPdf()
    y = doc.top
    y = doc.centred(y, issuer, 14, bold=True) - 10
    for text in (heading, "TENTANG", about.upper()):
        y = doc.centred(y, text, 12, bold=True) - 4
    y = doc.paragraphs(y - 16, plain(body), 10.5)
    doc.signature(max(y - 30, doc.bottom + 80), ["Ditetapkan di Sukamaju", f"{issuer},", "",
                                                 "(ditandatangani secara elektronik)"])
    author = "Bagian Hukum Setda Kabupaten Sukamaju" if issuer == "BUPATI SUKAMAJU" else issuer.title()
    doc.save(path, title=heading, author=author)


# --------------------------------------------------------------------------
# scenes
# --------------------------------------------------------------------------

def lerp(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def sky(draw: ImageDraw.ImageDraw, w: int, h: int, top, bottom):
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=lerp(top, bottom, y / max(h - 1, 1)))


def person(draw, x, y, scale, color, rnd, raised_arm=False):
    """A simple standing figure whose feet are at (x, y)."""
    head = 22 * scale
    body_h = 95 * scale
    body_w = 46 * scale
    skin = rnd.choice([(141, 99, 70), (176, 126, 90), (120, 84, 60)])
    draw.rounded_rectangle([x - body_w / 2, y - body_h - 60 * scale, x + body_w / 2, y - 60 * scale],
                           radius=int(16 * scale), fill=color)
    draw.rectangle([x - body_w / 2.6, y - 62 * scale, x - 3 * scale, y], fill=(45, 45, 55))
    draw.rectangle([x + 3 * scale, y - 62 * scale, x + body_w / 2.6, y], fill=(45, 45, 55))
    cy = y - body_h - 60 * scale - head
    draw.ellipse([x - head, cy - head, x + head, cy + head], fill=skin)
    if rnd.random() < 0.45:  # hijab or cap
        draw.chord([x - head * 1.1, cy - head * 1.15, x + head * 1.1, cy + head * 1.2], 180, 360,
                   fill=rnd.choice([(30, 60, 120), (150, 40, 60), (40, 40, 40), (230, 230, 230)]))
    if raised_arm:
        draw.line([(x + body_w / 2, y - body_h - 40 * scale), (x + body_w, y - body_h - 110 * scale)],
                  fill=color, width=int(14 * scale))


def crowd(draw, rnd, y0, y1, w, n, scale0=1.0, scale1=1.6, palette=None, raised=False):
    palette = palette or [(200, 60, 50), (40, 90, 160), (230, 180, 40), (60, 140, 80),
                          (240, 240, 240), (120, 70, 140), (30, 30, 30)]
    for i in range(n):
        t = i / max(n - 1, 1)
        y = y0 + (y1 - y0) * t + rnd.uniform(-10, 10)
        s = scale0 + (scale1 - scale0) * t
        person(draw, rnd.uniform(40, w - 40), y, s, rnd.choice(palette), rnd, raised_arm=raised)


def building(draw, rnd, x, base, bw, bh, wall, roof):
    draw.rectangle([x, base - bh, x + bw, base], fill=wall)
    draw.polygon([(x - 30, base - bh), (x + bw / 2, base - bh - bh * 0.45), (x + bw + 30, base - bh)], fill=roof)
    cols = max(2, int(bw // 110))
    for c in range(cols):
        wx = x + 30 + c * (bw - 60) / cols
        draw.rectangle([wx, base - bh * 0.75, wx + 50, base - bh * 0.35], fill=(70, 90, 110))
    draw.rectangle([x + bw / 2 - 40, base - bh * 0.55, x + bw / 2 + 40, base], fill=(110, 70, 40))


def banner(draw, box, text, bg=(170, 20, 30), fg=(255, 255, 255), size=56):
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=bg)
    draw.rectangle([x0 + 8, y0 + 8, x1 - 8, y1 - 8], outline=(240, 200, 60), width=5)
    words = ascii_safe(text).split()
    f = font(size)
    lines, cur = [], ""
    for word in words:
        trial = (cur + " " + word).strip()
        if draw.textlength(trial, font=f) > (x1 - x0) - 80 and cur:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    lines.append(cur)
    lines = lines[: max(1, int((y1 - y0 - 30) // (size * 1.25)))]
    total = len(lines) * size * 1.25
    y = y0 + ((y1 - y0) - total) / 2
    for line in lines:
        tw = draw.textlength(line, font=f)
        draw.text((x0 + ((x1 - x0) - tw) / 2, y), line, font=f, fill=fg)
        y += size * 1.25


def scene_outdoor(img, rnd, text, water=False, bridge=False, field=False):
    w, h = img.size
    d = ImageDraw.Draw(img)
    sky(d, w, int(h * 0.62), (120, 170, 225) if not water else (140, 150, 165), (215, 230, 240))
    # hills
    for k in range(3):
        pts = [(0, h * 0.62)]
        for x in range(0, w + 100, 100):
            pts.append((x, h * (0.42 + 0.06 * k) + 40 * rnd.random()))
        pts.append((w, h * 0.62))
        d.polygon(pts, fill=lerp((70, 120, 80), (110, 160, 90), k / 2))
    ground = (90, 140, 70) if field else (150, 130, 100)
    d.rectangle([0, h * 0.62, w, h], fill=ground)
    if not bridge:
        x = 80
        while x < w - 200:
            bw = rnd.randint(260, 420)
            bh = rnd.randint(200, 330)
            building(d, rnd, x, int(h * 0.62), bw, bh,
                     rnd.choice([(235, 225, 200), (220, 230, 235), (240, 215, 170)]),
                     rnd.choice([(160, 70, 50), (120, 60, 50), (90, 90, 100)]))
            x += bw + rnd.randint(60, 180)
    if water or bridge:
        top = h * (0.70 if water else 0.72)
        d.rectangle([0, top, w, h], fill=(120, 110, 80) if water else (90, 130, 150))
        for i in range(40):
            yy = rnd.uniform(top + 10, h - 10)
            xx = rnd.uniform(0, w)
            d.arc([xx, yy, xx + 120, yy + 30], 200, 340, fill=(170, 160, 130) if water else (150, 190, 210), width=4)
    if bridge:
        deck = h * 0.64
        d.rectangle([0, deck, w, deck + 50], fill=(150, 150, 150))
        d.rectangle([0, deck + 50, w, deck + 70], fill=(110, 110, 110))
        for px in range(80, w, 180):
            d.rectangle([px, deck - 60, px + 14, deck], fill=(230, 190, 30))
        d.line([(0, deck - 60), (w, deck - 60)], fill=(230, 190, 30), width=12)
        for px in (w * 0.3, w * 0.7):
            d.rectangle([px - 50, deck + 70, px + 50, h], fill=(130, 130, 130))
        # motorbike
        mx = w * 0.55
        d.ellipse([mx - 70, deck - 70, mx - 10, deck - 10], outline=(20, 20, 20), width=10)
        d.ellipse([mx + 60, deck - 70, mx + 120, deck - 10], outline=(20, 20, 20), width=10)
        d.rounded_rectangle([mx - 40, deck - 110, mx + 90, deck - 50], radius=20, fill=(180, 30, 30))
        person(d, mx + 20, deck - 70, 0.9, (40, 60, 120), rnd)
    if water:
        bx, by = w * 0.35, h * 0.86
        d.polygon([(bx, by), (bx + 520, by), (bx + 470, by + 90), (bx + 50, by + 90)], fill=(230, 110, 30))
        crowd(d, rnd, by + 10, by + 10, 1, 0)
        for i, px in enumerate((bx + 120, bx + 250, bx + 390)):
            person(d, px, by + 10, 1.2, (240, 120, 30) if i != 1 else (200, 200, 200), rnd)
    if field:
        d.line([(0, h * 0.72), (w, h * 0.72)], fill=(240, 240, 240), width=6)
        crowd(d, rnd, h * 0.70, h * 0.72, w, 30, 0.7, 0.8)
        for px in (w * 0.3, w * 0.5, w * 0.7):
            person(d, px, h * 0.93, 2.0, (200, 30, 30), rnd, raised_arm=True)
            d.polygon([(px - 90, h * 0.80), (px + 90, h * 0.78), (px + 60, h * 0.85), (px - 60, h * 0.86)],
                      fill=(230, 190, 40))
    elif not bridge and not water:
        crowd(d, rnd, h * 0.70, h * 0.95, w, 14, 1.0, 1.7)
    banner(d, (w * 0.12, h * 0.05, w * 0.88, h * 0.20), text)


def scene_indoor(img, rnd, text, rows=4, screen=True):
    w, h = img.size
    d = ImageDraw.Draw(img)
    sky(d, w, int(h * 0.6), (225, 220, 205), (200, 195, 180))
    d.rectangle([0, h * 0.6, w, h], fill=(150, 110, 80))
    for x in range(0, w, 160):
        d.line([(x, h * 0.6), (x - 200, h)], fill=(135, 98, 70), width=3)
    if screen:
        d.rectangle([w * 0.22, h * 0.06, w * 0.78, h * 0.42], fill=(30, 40, 70))
        banner(d, (w * 0.25, h * 0.09, w * 0.75, h * 0.39), text, bg=(20, 80, 150))
    else:
        banner(d, (w * 0.1, h * 0.06, w * 0.9, h * 0.30), text)
    # podium
    d.rectangle([w * 0.8, h * 0.38, w * 0.9, h * 0.62], fill=(110, 60, 30))
    person(d, w * 0.85, h * 0.50, 1.1, (240, 240, 240), rnd)
    for r in range(rows):
        y = h * (0.66 + r * 0.09)
        for x in range(120, int(w) - 80, 170 + r * 15):
            person(d, x + rnd.uniform(-15, 15), y + 60, 0.8 + r * 0.22,
                   rnd.choice([(240, 240, 240), (60, 90, 60), (180, 150, 90), (30, 30, 30)]), rnd)


def draw_photo(name: str, text: str) -> Image.Image:
    rnd = rng_for(name)
    img = Image.new("RGB", PHOTO_SIZE, (255, 255, 255))
    n = name.lower()
    if "banjir" in n and "posko" not in n:
        scene_outdoor(img, rnd, text, water=True)
    elif "jembatan" in n:
        scene_outdoor(img, rnd, text, bridge=True)
    elif "festival" in n or "kuda" in n:
        scene_outdoor(img, rnd, text, field=True)
    elif any(k in n for k in ("rakor", "musrenbang", "pelantikan")):
        scene_indoor(img, rnd, text, rows=4, screen="pelantikan" not in n)
    elif any(k in n for k in ("posko", "mpp", "loket")):
        scene_indoor(img, rnd, text, rows=3, screen=False)
    else:
        scene_outdoor(img, rnd, text)
    return img


def to_rational(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    value = abs(value)
    deg = int(value)
    minutes_f = (value - deg) * 60
    minutes = int(minutes_f)
    seconds = round((minutes_f - minutes) * 60, 2)
    return (IFDRational(deg, 1), IFDRational(minutes, 1), IFDRational(int(seconds * 100), 100))


def phone_exif(orientation: int, lat: float, lon: float, when: str) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Samsung"            # Make
    exif[0x0110] = "Galaxy A55"         # Model
    exif[0x0112] = orientation          # Orientation
    exif[0x0132] = when                 # DateTime
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = when             # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[0x0000] = b"\x02\x02\x00\x00"   # GPSVersionID
    gps[0x0001] = "S" if lat < 0 else "N"
    gps[0x0002] = to_rational(lat)
    gps[0x0003] = "E" if lon >= 0 else "W"
    gps[0x0004] = to_rational(lon)
    return exif


def write_photo(path: Path, text: str) -> None:
    name = path.name
    img = draw_photo(name, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    if name in EXIF_PHOTOS:
        orientation, (lat, lon) = EXIF_PHOTOS[name]
        if orientation == 6:
            # A phone held upright stores the sensor image rotated; viewers turn
            # it 90 degrees clockwise according to the tag.
            img = img.transpose(Image.Transpose.ROTATE_90)
        exif = phone_exif(orientation, lat, lon, "2026:01:01 09:00:00")
        img.save(path, "JPEG", quality=JPEG_QUALITY, exif=exif)
    elif name in CMYK_PHOTOS:
        img.convert("CMYK").save(path, "JPEG", quality=JPEG_QUALITY)
    else:
        img.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)


# --------------------------------------------------------------------------
# documents
# --------------------------------------------------------------------------

def plain(markdown: str) -> str:
    text = re.sub(r"[*_`#|>]", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return ascii_safe(re.sub(r"\n{2,}", "\n\n", text).strip())


def write_pdf(path: Path, title: str, opd_name: str, body: str, signer: str = "",
              address: str = "Jl. Pemuda No. 1, Sukamaju 52311") -> None:
    """The letterhead (the OPD's address, else the Setda's), the title, the entry's text,
    then a summary and the signature."""
    doc = TextPdf()
    y = doc.top
    y = doc.line_of_text(y, "PEMERINTAH KABUPATEN SUKAMAJU", 12, bold=True)
    y = doc.line_of_text(y, opd_name.upper(), 13, bold=True)
    y = doc.line_of_text(y, ascii_safe(f"{address} - sukamajukab.go.id"), 9)
    doc.rule(y + 4)
    y = doc.paragraphs(y - 22, title, 16, bold=True) - 8
    intro = (f"Dokumen ini diterbitkan oleh {opd_name} Kabupaten Sukamaju sebagai bagian dari "
             "Daftar Informasi Publik sesuai Undang-Undang Nomor 14 Tahun 2008 tentang "
             "Keterbukaan Informasi Publik.")
    y = doc.paragraphs(y, intro + "\n\n" + (plain(body) or title), 10.5)
    doc.page()  # a second page: a closing summary
    y = doc.line_of_text(doc.top, "RINGKASAN", 12, bold=True) - 8
    for line in ("1. Ringkasan isi informasi: " + title, "2. Pejabat yang menguasai: " + opd_name,
                 "3. Bentuk informasi: softcopy", "4. Tempat pembuatan: Sukamaju"):
        y = doc.paragraphs(y, line, 10.5)
    doc.signature(y - 30, ["Sukamaju,", signer or SIGNER, "", "(ditandatangani secara elektronik)"])
    doc.save(path, title=title, author=opd_name)


class TextPdf:
    """A4 pages of text in the standard Helvetica (no font embedded), as a word
    processor's "save as PDF" makes them: a text layer a screen reader reads and a
    search engine indexes, with the document's title and language (id-ID). Written by
    hand: a few objects, deterministic bytes (fixed dates, no random ID)."""

    W, H, MARGIN = 595, 842, 60
    top, bottom = H - 60, 60

    def __init__(self):
        self.pages: list[list[str]] = []
        self.page()

    def page(self):
        self.ops: list[str] = []
        self.pages.append(self.ops)

    @staticmethod
    def width(text: str, size: float, bold: bool = False) -> float:
        """Near enough Helvetica's advances (capitals 0.72 em, digits 0.56, spaces 0.28,
        the rest 0.5; bold 6 % wider): lines stay inside the margins."""
        em = sum(0.72 if c.isupper() else 0.56 if c.isdigit() else 0.28 if c == " " else 0.5 for c in text)
        return em * size * (1.06 if bold else 1.0)

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False):
        self.ops.append(f"BT /{'F2' if bold else 'F1'} {size:g} Tf {x:.1f} {y:.1f} Td ({pdf_string(text)}) Tj ET")

    def line_of_text(self, y: float, text: str, size: float, bold: bool = False) -> float:
        self.text(self.MARGIN, y, text, size, bold)
        return y - size * 1.45

    def centred(self, y: float, text: str, size: float, bold: bool = False) -> float:
        for line in self.wrapped(text, size, bold):
            self.text((self.W - self.width(line, size, bold)) / 2, y, line, size, bold)
            y -= size * 1.45
        return y

    def wrapped(self, text: str, size: float, bold: bool = False, width: float = 0) -> list[str]:
        lines, line = [], ""
        for word in ascii_safe(text).split():
            trial = f"{line} {word}".strip()
            if line and self.width(trial, size, bold) > (width or self.W - 2 * self.MARGIN):
                lines.append(line)
                trial = word
            line = trial
        return lines + [line]

    def paragraphs(self, y: float, text: str, size: float, bold: bool = False) -> float:
        """Paragraphs (apart by a blank line) from ``y`` down, on new pages as needed."""
        for para in re.split(r"\n\s*\n", text):
            for line in self.wrapped(" ".join(para.split()), size, bold):
                if y < self.bottom + 20:
                    self.page()
                    y = self.top
                self.text(self.MARGIN, y, line, size, bold)
                y -= size * 1.45
            y -= size * 0.6
        return y

    def signature(self, y: float, lines: list[str]):
        if y < self.bottom + 20 * len(lines):
            self.page()
            y = self.top
        for line in (part for text in lines for part in self.wrapped(text, 10.5, width=200)):
            self.text(self.W - self.MARGIN - 200, y, line, 10.5)
            y -= 15

    def rule(self, y: float):
        self.ops.append(f"1.5 w {self.MARGIN} {y:.1f} m {self.W - self.MARGIN} {y:.1f} l S")

    def save(self, path: Path, title: str, author: str):
        n = len(self.pages)
        for i, ops in enumerate(self.pages, 1):
            ops.append(f"BT /F1 8 Tf {self.MARGIN} 30 Td (Halaman {i} dari {n}) Tj ET")
            ops.append(f"BT /F1 8 Tf {self.W - self.MARGIN - 70} 30 Td (Dokumen contoh) Tj ET")
        when = FIXED_DATE.strftime("D:%Y%m%d%H%M%SZ")
        objects = [
            "<< /Type /Catalog /Pages 2 0 R /Lang (id-ID) /ViewerPreferences << /DisplayDocTitle true >> >>",
            "<< /Type /Pages /Kids [" + " ".join(f"{6 + 2 * i} 0 R" for i in range(n)) + f"] /Count {n} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            f"<< /Title ({pdf_string(title)}) /Author ({pdf_string(author)}) /Creator (make_sample_media.py) "
            f"/Producer (make_sample_media.py) /CreationDate ({when}) /ModDate ({when}) >>",
        ]
        streams = {}
        for i, ops in enumerate(self.pages):
            objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {self.W} {self.H}] "
                           f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + 2 * i} 0 R >>")
            data = zlib.compress("\n".join(ops).encode("latin-1"), 9)
            streams[len(objects)] = data
            objects.append(f"<< /Length {len(data)} /Filter /FlateDecode >>")
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, obj in enumerate(objects, 1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n{obj}\n".encode("latin-1")
            if number - 1 in streams:
                out += b"stream\n" + streams[number - 1] + b"\nendstream\n"
            out += b"endobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
        out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(out))


def pdf_string(text: str) -> str:
    """A PDF literal string's content (WinAnsi: Latin-1 here; others as '?')."""
    text = ascii_safe(text).encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


# --------------------------------------------------------------------------
# logo
# --------------------------------------------------------------------------

def write_logo(path: Path) -> None:
    s = 4  # draw large, then downsample for smooth edges
    size = 256 * s
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    def shield(inset, fill):
        i = inset * s
        d.polygon([(24 * s + i, 20 * s + i), (232 * s - i, 20 * s + i), (232 * s - i, 120 * s),
                   (128 * s, 240 * s - i * 1.4), (24 * s + i, 120 * s)], fill=fill)

    shield(0, (240, 190, 40, 255))
    shield(8, (20, 90, 60, 255))
    # rice and cotton arcs
    for k in range(9):
        x = 70 * s + k * 14 * s
        d.ellipse([x - 5 * s, 150 * s - abs(k - 4) * 8 * s, x + 5 * s, 170 * s - abs(k - 4) * 8 * s],
                  fill=(240, 190, 40, 255))
    # mountain and river
    d.polygon([(60 * s, 130 * s), (128 * s, 50 * s), (196 * s, 130 * s)], fill=(90, 160, 110, 255))
    d.polygon([(104 * s, 78 * s), (128 * s, 50 * s), (152 * s, 78 * s)], fill=(250, 250, 250, 255))
    d.rectangle([60 * s, 128 * s, 196 * s, 140 * s], fill=(60, 140, 210, 255))
    d.ellipse([118 * s, 30 * s, 138 * s, 50 * s], fill=(240, 190, 40, 255))  # star/sun
    f = font(22 * s)
    text = "SUKAMAJU"
    tw = d.textlength(text, font=f)
    d.text(((size - tw) / 2, 182 * s), text, font=f, fill=(255, 255, 255, 255))
    img = img.resize((256, 256), Image.Resampling.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG", optimize=True)


# --------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    content: Path = args.content
    with open(content / "opd.toml", "rb") as fh:
        registry = tomllib.load(fh)

    photos, documents, regulations = collect(content, registry)
    for rel, text in sorted(photos.items()):
        write_photo(content / rel, text)
        print("foto     ", rel)
    for rel, (title, opd, body, signer) in sorted(documents.items()):
        opd_name = registry.get(opd, {}).get("nama", "Pemerintah Kabupaten Sukamaju")
        write_pdf(content / rel, title, opd_name, body, signer, *filter(None, [registry.get(opd, {}).get("alamat")]))
        print("dokumen  ", rel)
    for rel, (heading, about, body, issuer) in sorted(regulations.items()):
        write_regulation_pdf(content / rel, heading, about, body, issuer)
        print("peraturan", rel)
    write_logo(content / "images" / "logo-sukamaju.png")
    print("logo      images/logo-sukamaju.png")


if __name__ == "__main__":
    main()
