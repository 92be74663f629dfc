"""Colour tokens and their WCAG 2.1 contrast check.

Token names are the CSS custom properties of ``situs.css`` without the ``--warna-``
prefix. ``PAIRS`` lists which token is drawn on which, and the ratio it needs:
4.5 for body text, 3 for large text and for focus rings and borders of controls.
"""

from __future__ import annotations

import re

from content import ContentError

DEFAULT_WARNA = {
    "utama": "#0b4f8a",        # header band, links, buttons
    "utama-gelap": "#083a66",  # hover, the top bar
    "aksen": "#f2b705",        # thin accent line under the header
    "teks": "#1d1d1f",
    "redup": "#4d4d55",        # dates, captions
    "latar": "#ffffff",
    "bidang": "#f2f5f8",       # footer, cards, table header
    "garis": "#8795a5",        # borders
    "fokus": "#ffbf47",        # focus ring
    "bahaya": "#b3261e",       # serta-merta, dikecualikan
    "bahaya-latar": "#fdecea",
    "sukses": "#1e6b34",       # "terkini" badge
    "sukses-latar": "#e6f4ea",
    "waspada": "#7a4d00",      # "perlu diperbarui" badge
    "waspada-latar": "#fff4d6",
}

# (foreground, background, minimum ratio, what it is)
PAIRS = [
    ("teks", "latar", 4.5, "teks isi"),
    ("teks", "bidang", 4.5, "teks pada bidang"),
    ("redup", "latar", 4.5, "teks redup (tanggal, keterangan)"),
    ("redup", "bidang", 4.5, "teks redup pada bidang"),
    ("utama", "latar", 4.5, "tautan"),
    ("utama", "bidang", 4.5, "tautan pada bidang"),
    ("latar", "utama", 4.5, "teks pada pita kepala"),
    ("latar", "utama-gelap", 4.5, "teks pada bilah atas"),
    ("bahaya", "bahaya-latar", 4.5, "pemberitahuan serta-merta"),
    ("bahaya", "latar", 4.5, "lencana dikecualikan"),
    ("sukses", "sukses-latar", 4.5, "lencana terkini"),
    ("waspada", "waspada-latar", 4.5, "lencana perlu diperbarui"),
    ("fokus", "utama", 3.0, "cincin fokus pada pita kepala"),
    ("garis", "latar", 3.0, "garis tepi kontrol"),
]

HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class ColourError(ContentError):
    """Bad colour tokens stop the build like bad content: one line each, exit 1."""


def merge(overrides: dict) -> dict:
    """The defaults with the site's tokens on top; unknown names and non-hex values
    are refused with the allowed names."""
    problems = []
    for name, value in overrides.items():
        if name not in DEFAULT_WARNA:
            problems.append(f"pelicanconf.py: WARNA: '{name}' tidak dikenal; pilihan: {', '.join(DEFAULT_WARNA)}")
        elif not isinstance(value, str) or not HEX.match(value):
            problems.append(f"pelicanconf.py: WARNA: '{name}' harus warna heksadesimal seperti #0b4f8a, bukan {value!r}")
    if problems:
        raise ColourError(problems)
    return {**DEFAULT_WARNA, **{k: v.lower() for k, v in overrides.items()}}


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (_channel(int(h[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def contrast_problems(tokens: dict) -> list[str]:
    out = []
    for fg, bg, need, what in PAIRS:
        ratio = contrast(tokens[fg], tokens[bg])
        if ratio < need:
            out.append(
                f"pelicanconf.py: WARNA: kontras '{fg}' ({tokens[fg]}) di atas '{bg}' ({tokens[bg]}) "
                f"hanya {ratio:.2f}:1 untuk {what}; WCAG 2.1 AA meminta paling sedikit {need}:1"
            )
    return out


def css_rule(tokens: dict) -> str:
    return ":root{" + ";".join(f"--warna-{k}:{v}" for k, v in tokens.items()) + "}"
