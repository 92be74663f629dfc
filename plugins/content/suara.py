"""Audio files named by `Audio:` (the spoken maklumat): recognised by their bytes, not
their name, so a renamed file of another kind never reaches a reader's player."""

from __future__ import annotations

from pathlib import Path

# Extension → (format name a reader knows, MIME type for <source type>)
FORMATS = {
    ".mp3": ("MP3", "audio/mpeg"),
    ".ogg": ("Ogg", "audio/ogg"),
    ".oga": ("Ogg", "audio/ogg"),
    ".opus": ("Ogg", "audio/ogg"),
}
# The codec headers an Ogg stream may open with (first page), and what browsers call them.
OGG_CODECS = ((b"OpusHead", "opus"), (b"\x01vorbis", "vorbis"), (b"\x7fFLAC", "flac"))


def sniff(head: bytes) -> str | None:
    """``"mp3"``, ``"ogg"`` or None from the first bytes of a file."""
    if head.startswith(b"OggS") and any(tag in head[:512] for tag, _ in OGG_CODECS):
        return "ogg"
    if head.startswith(b"ID3") and len(head) >= 10:
        return "mp3"
    if len(head) >= 4 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) != 0:
        return "mp3"  # an MPEG audio frame header (sync bits, a layer)
    return None


def codec(path: Path) -> str:
    """The codec of an Ogg file (for ``type="audio/ogg; codecs=…"``), "" otherwise."""
    head = path.read_bytes()[:512]
    return next((name for tag, name in OGG_CODECS if tag in head), "")


def audio_problem(path: Path) -> str | None:
    """None when the file's name and bytes say the same allowed audio format."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        return f"bukan berkas suara yang diizinkan; gunakan MP3 (.mp3) atau Ogg (.ogg, .oga, .opus), bukan {suffix or 'berkas tanpa akhiran'}"
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        return f"tidak dapat dibaca ({exc.strerror})"
    kind = sniff(head)
    expected = "mp3" if suffix == ".mp3" else "ogg"
    if kind is None:
        return "isinya bukan suara MP3 atau Ogg (berkas rusak, kosong, atau berformat lain walau akhiran namanya benar)"
    if kind != expected:
        return f"isinya {kind.upper()} tetapi namanya berakhiran {suffix}; samakan akhiran nama berkas dengan isinya"
    return None


def describe(path: Path) -> dict:
    """Format label, MIME type (with codec for Ogg) and size, for the player."""
    label, mime = FORMATS[path.suffix.lower()]
    if mime == "audio/ogg":
        name = codec(path)
        mime = f"audio/ogg; codecs={name}" if name else mime
    return {"format": label, "type": mime, "bytes": path.stat().st_size}
