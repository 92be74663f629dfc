"""What a reader sees of an entry's documents before downloading them: the format,
the size in Indonesian notation, and the SHA-256 for the JSON export."""

from __future__ import annotations

from pathlib import Path

from konten.nama import published_path

from .encode import file_hash

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
    """Binary units with a decimal comma, as the entry page writes them (kip): 980 B,
    245 KB, 1,2 MB; one decimal below 10."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in UNITS:
        value /= 1024
        if value < 1024 or unit == UNITS[-1]:
            text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
            return f"{text.replace('.', ',')} {unit}"
    raise AssertionError("unreachable")


sha256 = file_hash  # one streaming SHA-256 for photos and documents


def describe(content_root: Path, rel: str) -> dict:
    path = content_root / rel
    size = path.stat().st_size
    return {
        "url": published_path(rel),
        "name": Path(rel).name,
        "format": format_name(rel),
        "size_bytes": size,
        "size_label": size_label(size),
        "sha256": sha256(path),
    }
