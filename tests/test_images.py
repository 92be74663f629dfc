"""Images and documents, end to end: build a small site and read back what a reader
would download."""

from __future__ import annotations

import shutil
import hashlib
import zipfile
import io
import json
import os
import platform
import struct
import time
from pathlib import Path

import lxml.html
import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, IptcImagePlugin
from PIL.PngImagePlugin import PngInfo

import images
from common import documents
from images import encode

NEWS_HEAD = "Title: Banjir Kedungjati\nDate: 2026-11-12 08:00\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n"
NEWS_URL = "berita/2026/11/banjir-kedungjati/index.html"
GPS = {1: "S", 2: (7.0, 30.0, 0.0), 3: "E", 4: (109.0, 10.0, 0.0)}


def noisy(size, mode="RGB", seed=1):
    """A photo-like image (gradient + noise) so encoders do real work."""
    w, h = size
    noise = Image.effect_noise((w, h), 40).convert("L")
    gradient = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    return im.convert(mode) if mode != "RGB" else im


def phone_photo(path: Path, size=(1200, 800), orientation=6) -> Path:
    """A JPEG as a phone writes it: EXIF orientation and GPS, XMP, and an IPTC block."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    buf = io.BytesIO()
    noisy(size).save(buf, "JPEG", quality=90, exif=exif, xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPS -7.5</x:xmpmeta>')
    data = buf.getvalue()
    iptc = b"\x1c\x02\x78" + struct.pack(">H", 12) + b"Lokasi rumah"
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    segment = b"Photoshop 3.0\x00" + resource
    data = data[:2] + b"\xff\xed" + struct.pack(">H", len(segment) + 2) + segment + data[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def news(site, image="images/foto.jpg", body="Isi berita.", name="banjir.md"):
    head = NEWS_HEAD + (f"Image: {image}\nImage-Alt: Warga di posko\nImage-Caption: Posko pengungsian\n" if image else "")
    site.write(f"berita/dinkes/{name}", head + "\n" + body + "\n")


class LastRun:
    """What the images step of the last ``build`` did (its run's ``stats["gambar"]``)."""

    stats: dict = {}

    def __getattr__(self, name):
        return getattr(self.stats["gambar"], name)


LAST_RUN = LastRun()


def build(site, capsys=None, **settings) -> int:
    settings.setdefault("GAMBAR_CACHE_PATH", str(site.root / "cache"))
    LastRun.stats = {}
    return site.build(stats=LastRun.stats, **settings)


def pictures(site, rel=NEWS_URL):
    return lxml.html.fromstring(site.read(rel)).findall(".//picture")


def srcset_files(site, value: str) -> dict[int, Path]:
    out = {}
    for part in value.split(","):
        url, w = part.split()
        out[int(w.rstrip("w"))] = site.output / url.lstrip("/")
    return out


def image_files(site, stem="foto"):
    return sorted(p for p in site.output.rglob(f"{stem}-*") if p.suffix in (".jpg", ".webp"))


# --- Privacy ---------------------------------------------------------------------------


def test_published_photos_have_no_exif_gps_xmp_iptc_and_are_upright(site):
    source = phone_photo(site.content / "images/foto.jpg")
    with Image.open(source) as im:  # the fixture really carries what must go
        assert im.getexif().get_ifd(ExifTags.IFD.GPSInfo) and "xmp" in im.info and IptcImagePlugin.getiptcinfo(im)
    news(site)
    assert build(site) == 0
    files = image_files(site)
    assert len(files) == 5  # 480 and 800 in WebP and JPEG, and the social card
    for path in files:
        with Image.open(path) as im:
            assert len(im.getexif()) == 0, path
            assert not im.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert "xmp" not in im.info and "exif" not in im.info and "photoshop" not in im.info
            assert IptcImagePlugin.getiptcinfo(im) is None
            assert "icc_profile" not in im.info
            if "-og." not in path.name:
                assert im.height > im.width, f"{path.name} not rotated: {im.size}"  # 1200×800 with orientation 6
    with Image.open(next(p for p in files if "-480." in p.name and p.suffix == ".jpg")) as im:
        assert im.size == (480, 720)


def test_icc_profile_is_converted_to_srgb_and_dropped(site):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    (site.content / "images").mkdir(parents=True)
    noisy((640, 480)).save(site.content / "images/foto.jpg", "JPEG", icc_profile=profile)
    news(site)
    assert build(site) == 0
    for path in image_files(site):
        with Image.open(path) as im:
            assert "icc_profile" not in im.info and im.mode == "RGB"


@pytest.mark.parametrize("kind", ["cmyk", "palette-transparent", "rgba-png", "grey"])
def test_unusual_colour_modes_become_rgb_jpeg_and_webp(site, kind):
    (site.content / "images").mkdir(parents=True)
    src = site.content / ("images/foto.png" if kind != "cmyk" else "images/foto.jpg")
    if kind == "cmyk":
        noisy((640, 480), "CMYK").save(src, "JPEG")
    elif kind == "palette-transparent":
        im = Image.new("P", (640, 480), 0)
        im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
        im.paste(1, (0, 0, 320, 480))  # left half blue, right half index 0 = transparent
        im.save(src, "PNG", transparency=0)
    elif kind == "rgba-png":
        Image.new("RGBA", (640, 480), (0, 0, 255, 0)).save(src, "PNG")
    else:
        noisy((640, 480), "L").save(src, "PNG")
    news(site, image=f"images/{src.name}")
    assert build(site) == 0
    jpegs = [p for p in image_files(site) if p.suffix == ".jpg"]
    webps = [p for p in image_files(site) if p.suffix == ".webp"]
    assert jpegs and webps
    for path in jpegs:
        with Image.open(path) as im:
            assert im.format == "JPEG" and im.mode == "RGB"
            if kind in ("palette-transparent", "rgba-png") and "-og." not in path.name:
                r, g, b = im.convert("RGB").getpixel((im.width - 5, im.height // 2))
                assert min(r, g, b) > 240, "transparent area must be white in the JPEG fallback"
    if kind in ("palette-transparent", "rgba-png"):
        with Image.open(webps[0]) as im:
            assert im.mode == "RGBA" and im.getpixel((im.width - 5, im.height // 2))[3] == 0


def test_images_are_never_upscaled(site):
    site.image("images/kecil.jpg", size=(300, 200))
    news(site, image="images/kecil.jpg", body="![Peta kecil]({static}/images/kecil.jpg)")
    assert build(site) == 0
    files = image_files(site, "kecil")
    assert files
    for path in files:
        with Image.open(path) as im:
            assert im.width <= 300 and im.height <= 200, (path.name, im.size)
    picture = pictures(site)[0]
    assert set(srcset_files(site, picture.find(".//source").get("srcset"))) == {300}


# --- Markup --------------------------------------------------------------------------


def test_lead_photo_and_body_images_are_responsive_pictures(site):
    site.image("images/foto.jpg", size=(2000, 1500))
    site.image("images/peta.png", size=(1000, 800), mode="RGB", fmt="PNG")
    news(site, body="Paragraf.\n\n![Peta jalur evakuasi]({static}/images/peta.png)\n")
    assert build(site) == 0
    lead, body = pictures(site)
    assert lead.getparent().tag == "figure" and lead.getparent().find("figcaption").text.strip() == "Posko pengungsian"
    for picture, widths in ((lead, {480, 960, 1600}), (body, {480, 960, 1000})):
        source, img = picture.find(".//source"), picture.find(".//img")  # libxml2 nests <img> in <source>
        assert source.get("type") == "image/webp"
        webp = srcset_files(site, source.get("srcset"))
        jpeg = srcset_files(site, img.get("srcset"))
        assert set(webp) == set(jpeg) == widths
        for width, path in {**webp, **jpeg}.items():
            with Image.open(path) as im:
                assert im.width == width and im.format == ("WEBP" if path.suffix == ".webp" else "JPEG")
        assert source.get("sizes") and img.get("sizes")
        with Image.open(site.output / img.get("src").lstrip("/")) as im:
            assert (int(img.get("width")), int(img.get("height"))) == im.size
    assert lead.find(".//img").get("alt") == "Warga di posko"
    assert lead.find(".//img").get("fetchpriority") == "high" and lead.find(".//img").get("loading") is None
    assert body.find(".//img").get("alt") == "Peta jalur evakuasi"
    assert body.find(".//img").get("loading") == "lazy"
    assert "</source>" not in site.read(NEWS_URL)


def test_body_image_written_as_the_image_field_and_the_editor_write_it(site):
    """`images/berita/…` in a body, as the author guide and the web editor's Markdown
    widget write it (from content/, like the Image field): accepted by `check`, and a
    picture with the site's addresses on the page (the build's link check passes)."""
    site.image("images/foto.jpg", size=(2000, 1500))
    site.image("images/berita/dinkes/Foto Rapat 01.png", size=(1000, 800), mode="RGB", fmt="PNG")
    news(site, body="Paragraf.\n\n![Rapat koordinasi](<images/berita/dinkes/Foto Rapat 01.png>)\n")
    assert not site.check().errors
    assert build(site) == 0
    body = pictures(site)[1]
    assert body.find(".//img").get("alt") == "Rapat koordinasi"
    assert all(url.startswith("/images/berita/dinkes/foto-rapat-01-") for url, _ in
               (part.split() for part in body.find(".//source").get("srcset").split(",")))
    # A file of that name in the item's own folder comes first, as Pelican reads a relative path.
    site.image("berita/dinkes/images/berita/dinkes/Foto Rapat 01.png", size=(600, 400), mode="RGB", fmt="PNG")
    assert not site.check().errors
    assert build(site) == 0
    assert max(srcset_files(site, pictures(site)[1].find(".//source").get("srcset"))) == 600
    # Missing in both places: refused, named.
    news(site, body="![Rapat](images/berita/dinkes/tidak-ada.png)\n")
    assert any("images/berita/dinkes/tidak-ada.png tidak ditemukan" in e.message for e in site.check().errors)


def test_a_static_body_image_in_the_item_s_own_folder_builds_into_a_picture(site):
    """`{static}foto.jpg` (no leading slash) is the item's own folder, as Pelican and
    `check` read it: the images step looked for it under content/ and left the page a
    link to a file never published, which refused the build."""
    site.image("images/foto.jpg", size=(2000, 1500))
    site.image("berita/dinkes/siaga.jpg", size=(1200, 800))
    news(site, body="Paragraf.\n\n![Relawan siaga]({static}siaga.jpg)\n")
    assert not site.check().errors
    assert build(site) == 0
    body = pictures(site)[1]
    assert body.find(".//img").get("alt") == "Relawan siaga"
    assert max(srcset_files(site, body.find(".//source").get("srcset"))) == 1200


SITEURL = "https://sukamajukab.go.id"  # og:image needs an absolute SITEURL


def test_og_image_is_a_1200x630_jpeg(site):
    site.image("images/foto.jpg", size=(2000, 1500))
    news(site)
    assert build(site, SITEURL=SITEURL) == 0
    doc = lxml.html.fromstring(site.read(NEWS_URL))
    meta = {m.get("property"): m.get("content") for m in doc.iter("meta") if m.get("property")}
    assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630"
    assert meta["og:image:alt"] == "Warga di posko"
    with Image.open(site.output / meta["og:image"].removeprefix(SITEURL + "/")) as im:
        assert im.format == "JPEG" and im.size == (1200, 630)


def test_og_image_of_a_small_photo_keeps_the_ratio_without_upscaling(site):
    site.image("images/foto.jpg", size=(600, 600))
    news(site)
    assert build(site, SITEURL=SITEURL) == 0
    doc = lxml.html.fromstring(site.read(NEWS_URL))
    url = next(m.get("content") for m in doc.iter("meta") if m.get("property") == "og:image")
    with Image.open(site.output / url.removeprefix(SITEURL + "/")) as im:
        assert im.width == 600 and abs(im.width / im.height - 1200 / 630) < 0.01


# --- Nothing original is published -----------------------------------------------------


def test_no_original_image_reaches_the_output(site):
    phone_photo(site.content / "images/foto.jpg")
    site.image("images/peta.png", size=(900, 700), fmt="PNG")
    site.image("images/tidak-dipakai.jpg")
    logo = site.content / "images/logo-sukamaju.png"
    meta = PngInfo()
    meta.add_text("Author", "Fotografer")
    Image.new("RGBA", (256, 256), (200, 30, 30, 255)).save(logo, "PNG", pnginfo=meta)
    news(site, body="![Peta]({static}/images/peta.png)")
    assert build(site) == 0
    originals = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (site.content / "images").rglob("*") if p.is_file()}
    assert not originals & set(site.digest().values())
    assert not (site.output / "images/foto.jpg").exists() and not list(site.output.rglob("tidak-dipakai*"))
    # The logo is published at its own path, same size, its metadata gone.
    with Image.open(site.output / "images/logo-sukamaju.png") as im:
        assert im.size == (256, 256) and "Author" not in im.info


# --- Cache -----------------------------------------------------------------------------


def test_warm_build_encodes_nothing_and_writes_the_same_files(site):
    phone_photo(site.content / "images/foto.jpg")
    site.image("images/peta.png", size=(900, 700), fmt="PNG")
    news(site, body="![Peta]({static}/images/peta.png)")
    assert build(site) == 0
    assert LAST_RUN.encoded == 2 and LAST_RUN.reused == 0
    def images():
        return {k: v for k, v in site.digest().items() if k.startswith("images/")}

    first = images()
    assert len(first) == 10
    shutil.rmtree(site.output)  # a fresh output (as in CI), the image cache kept
    assert build(site) == 0
    assert LAST_RUN.encoded == 0 and LAST_RUN.reused == 2
    assert images() == first
    # Another encoding setting is another cache key.
    assert build(site, GAMBAR_JPEG_QUALITY=60) == 0
    assert LAST_RUN.encoded == 2
    # A changed photo is encoded again, the untouched one is not.
    site.image("images/peta.png", size=(901, 700), fmt="PNG")
    assert build(site) == 0
    assert LAST_RUN.encoded == 1 and LAST_RUN.reused == 1


def test_cache_defaults_to_a_folder_beside_content(site):
    site.image("images/foto.jpg")
    news(site)
    assert site.build() == 0
    assert list((site.root / "cache" / "gambar").rglob("meta.json"))


def test_an_unchanged_photo_is_not_read_again_by_the_next_build(site, monkeypatch):
    """Each photo's hash is kept with its size, modification time and inode (Run.memory):
    the next build does not read an unchanged photo in full, and a replaced one is read
    and published anew."""
    site.image("images/foto.jpg")
    news(site)
    assert site.build() == 0
    hashed = []
    real = encode.file_hash
    monkeypatch.setattr(encode, "file_hash", lambda path: hashed.append(Path(path).name) or real(path))
    news(site, body="Isi berita yang diperbarui.")
    assert site.build() == 0
    assert hashed == []
    published = {p.name for p in site.output.rglob("foto-*.webp")}
    site.image("images/foto.jpg", size=(1000, 700), mode="RGB")
    assert site.build() == 0
    assert hashed == ["foto.jpg"]
    assert published and {p.name for p in site.output.rglob("foto-*.webp")}.isdisjoint(published)


def test_cache_entries_unused_for_a_month_are_deleted(site):
    site.image("images/foto.jpg")
    site.image("images/peta.png", size=(900, 700), fmt="PNG")
    news(site, body="![Peta]({static}/images/peta.png)")
    assert build(site) == 0
    cache = site.root / "cache"

    def entries():
        """key -> the source image, of every entry in the cache"""
        return {m.parent.name: json.loads(m.read_text())["source"] for m in cache.glob("??/*/meta.json")}

    first = entries()
    assert sorted(first.values()) == ["images/foto.jpg", "images/peta.png"]
    # The map is replaced: its old entry stays for now (publish or another branch may use it).
    site.image("images/peta.png", size=(901, 700), fmt="PNG")
    assert build(site) == 0
    assert len(entries()) == 3 and LAST_RUN.pruned == 0
    old_map = next(k for k, src in first.items() if src == "images/peta.png")
    # A month and a day later: the old map, unused since, goes; the photo, as old but
    # used by this build, stays; whatever else shares the folder is left alone.
    month = time.time() - 31 * 86400
    for marker in cache.glob("??/*/meta.json"):
        os.utime(marker, (month, month))
    other = cache / "ab" / "catatan-tim"
    other.mkdir(parents=True)
    os.utime(other, (month, month))
    news(site, body="![Peta]({static}/images/peta.png)\n\nKabar terbaru.")
    assert build(site) == 0
    assert LAST_RUN.pruned == 1
    left = entries()
    assert old_map not in left and sorted(left.values()) == ["images/foto.jpg", "images/peta.png"]
    assert other.is_dir()
    # A build with other settings (as `publish` could be) keeps what the last build used.
    assert build(site, GAMBAR_JPEG_QUALITY=60) == 0
    assert set(left) < set(entries())
    for picture in pictures(site):
        for path in srcset_files(site, picture.find("source").get("srcset")).values():
            assert path.is_file()


# --- Bad images --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["corrupt", "not-an-image", "too-large"])
def test_bad_images_stop_the_build_with_a_content_error(site, capsys, kind):
    path = site.image("images/foto.jpg", size=(400, 300))
    if kind == "corrupt":
        path.write_bytes(path.read_bytes()[:300])
    elif kind == "not-an-image":
        path.write_bytes(b"%PDF-1.4 ini bukan gambar")
    news(site)
    extra = {"IMAGE_MAX_PIXELS": 100_000} if kind == "too-large" else {}
    assert build(site, **extra) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "berita/dinkes/banjir.md: Image: " in err and "foto.jpg" in err


@pytest.mark.parametrize("kind", ["corrupt", "not-an-image", "too-large"])
def test_bad_images_never_raise_in_the_encoder(tmp_path, kind):
    path = tmp_path / "foto.jpg"
    noisy((400, 300)).save(path, "JPEG")
    settings = encode.Settings(max_pixels=100_000 if kind == "too-large" else 40_000_000)
    if kind == "corrupt":
        good = encode.plan(path, "foto.jpg", settings)
        path.write_bytes(path.read_bytes()[:600])
        key, message = encode.encode(good, settings, str(tmp_path / "cache"))
        assert message and encode.cached(good, str(tmp_path / "cache")) is None
        return
    if kind == "not-an-image":
        path.write_bytes(b"bukan gambar")
    with pytest.raises(encode.ImageProblem) as exc:
        encode.plan(path, "foto.jpg", settings)
    assert "terlalu besar" in str(exc.value) if kind == "too-large" else "tidak dapat dibaca" in str(exc.value)


def test_a_failure_while_encoding_is_a_content_error(site, capsys, monkeypatch):
    site.image("images/foto.jpg")
    news(site)

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(encode, "_save", broken)
    assert build(site, GAMBAR_WORKERS=1) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "berita/dinkes/banjir.md: Image: gambar images/foto.jpg gagal diolah" in err
    assert not (site.output / "index.html").exists()


# --- Documents ---------------------------------------------------------------------------


def test_entry_documents_show_format_size_and_link(site):
    docs = site.content / "dokumen/dinkes"
    docs.mkdir(parents=True)
    pdf = docs / "lra-2025.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 1_234_558)
    xlsx = docs / "rekap.xlsx"
    with zipfile.ZipFile(xlsx, "w") as z:  # a real (tiny) workbook: documents are checked by their bytes
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.comment = b"1" * 1787
    assert 1997 < xlsx.stat().st_size < 2099
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    entry.write_text(entry.read_text().replace("Date:", "Dokumen: dokumen/dinkes/lra-2025.pdf, dokumen/dinkes/rekap.xlsx\nDate:"))
    assert build(site) == 0
    page = lxml.html.fromstring(site.read("dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/index.html"))
    items = [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='dokumen']/li")]
    assert items == ["lra-2025.pdf (PDF, 1,2 MB)", "rekap.xlsx (XLSX, 2,0 KB)"]
    links = page.xpath("//ul[@class='dokumen']/li/a")
    assert [a.get("download") for a in links] == ["lra-2025.pdf", "rekap.xlsx"]
    assert links[0].get("href") == "/dokumen/dinkes/lra-2025.pdf"
    assert (site.output / "dokumen/dinkes/lra-2025.pdf").read_bytes() == pdf.read_bytes()
    assert (site.output / "dokumen/dinkes/rekap.xlsx").read_bytes() == xlsx.read_bytes()


@pytest.mark.parametrize(
    "size, label",
    [(0, "0 B"), (1023, "1023 B"), (1024, "1,0 KB"), (15_462, "15 KB"), (1_234_567, "1,2 MB"),
     (250 * 1024**2, "250 MB"), (int(3.5 * 1024**3), "3,5 GB")],
)
def test_document_size_labels_use_indonesian_notation(size, label):
    assert documents.size_label(size) == label


@pytest.mark.parametrize("name, fmt", [("a.pdf", "PDF"), ("b.XLSX", "XLSX"), ("c.docx", "DOCX"), ("d.tar", "TAR"), ("tanpa", "Berkas")])
def test_document_format_names(name, fmt):
    assert documents.format_name(name) == fmt


# What the encoder makes of one fixed picture (md5 of each file), recorded per
# (ENCODER_VERSION, Pillow version) on x86_64. The version is the image cache's salt and
# the keys name the published files: a change to the encoding that changes these bytes
# without a new ENCODER_VERSION would leave every site publishing its old cached files.
ENCODED = {
    (1, "13.0.0"): {
        "480.webp": "8443b716a4e48b117f18982b4f0be9ed",
        "480.jpg": "9566d100224bac4f0244524ff6c29a82",
        "960.webp": "0aaf47d737e28c795948296fae352201",
        "960.jpg": "3fb43c01f64a925cd1d360b4c7535264",
        "1600.webp": "fe3d2c9b57a69554b51aa9fb4fe483d2",
        "1600.jpg": "10bb0e76e31317140613fdc47c8a7113",
        "og.jpg": "1676612ca7aed11455f8a35abd1762f8",
    },
}


def _fixed_picture(path: Path):
    red = Image.linear_gradient("L").resize((1800, 1200))
    green = Image.radial_gradient("L").resize((1800, 1200))
    blue = red.transpose(Image.Transpose.ROTATE_180)
    im = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(im)
    draw.ellipse((300, 200, 900, 800), fill=(200, 30, 40))
    draw.rectangle((1000, 300, 1600, 1000), outline=(250, 250, 250), width=25)
    im.save(path, "PNG")


def test_a_change_in_the_encoded_bytes_comes_with_a_new_encoder_version(tmp_path):
    if platform.machine() != "x86_64":
        pytest.skip("the recorded bytes are those of x86_64 builds of Pillow's codecs")
    recorded = ENCODED.get((encode.ENCODER_VERSION, Image.__version__))
    assert recorded is not None, (
        f"no bytes recorded for ENCODER_VERSION {encode.ENCODER_VERSION} with Pillow {Image.__version__}: "
        "add them to ENCODED (a new Pillow changes the cache keys by itself)")
    source = tmp_path / "foto.png"
    _fixed_picture(source)
    settings = encode.Settings()
    plan = encode.plan(source, "images/foto.png", settings)
    assert encode.encode(plan, settings, str(tmp_path / "cache"))[1] is None
    folder = encode.cached(plan, str(tmp_path / "cache"))
    made = {name: hashlib.md5((folder / name).read_bytes()).hexdigest() for name in plan.cache_files()}
    assert made == recorded, "the encoder's output changed: bump ENCODER_VERSION in images/encode.py and record the new bytes"
