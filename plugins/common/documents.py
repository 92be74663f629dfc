"""What a reader sees of a document before downloading it: its name, the format, the
size in Indonesian notation, and where it is published."""

from __future__ import annotations

from pathlib import Path

from content.nama import published_path, url_path

# Extension → the format name a reader knows. Anything else: the extension in capitals.
FORMATS = {
    ".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".odt": "ODT", ".rtf": "RTF", ".txt": "Teks",
    ".xls": "XLS", ".xlsx": "XLSX", ".ods": "ODS", ".csv": "CSV", ".json": "JSON", ".xml": "XML",
    ".ppt": "PPT", ".pptx": "PPTX", ".odp": "ODP", ".zip": "ZIP", ".rar": "RAR", ".7z": "7Z",
    ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WebP", ".mp4": "MP4", ".mp3": "MP3",
    ".geojson": "GeoJSON", ".kml": "KML", ".shp": "SHP",
}
UNITS = ("KB", "MB", "GB")


def format_name(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return FORMATS.get(suffix, suffix[1:].upper() or "Berkas")


def size_label(size: int) -> str:
    """Binary units with a decimal comma: 980 B, 245 KB, 1,2 MB; one decimal below 10."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in UNITS:
        value /= 1024
        if value < 1024 or unit == UNITS[-1]:
            text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
            return f"{text.replace('.', ',')} {unit}"
    raise AssertionError("unreachable")


def describe(content: Path, rel: str) -> dict:
    """A document named by a ``Dokumen:`` field (``rel``, a path under content/), as a
    page lists it: ``nama (format, ukuran)`` linking to ``url``."""
    path = Path(content) / rel
    size = path.stat().st_size if path.is_file() else 0
    return {"url": url_path(published_path(rel)), "nama": path.name, "format": format_name(rel), "ukuran": size_label(size), "bytes": size}
