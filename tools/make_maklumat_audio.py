#!/usr/bin/env python3
"""Make the spoken version of every sample page that names an ``Audio:`` file.

The text spoken is the page's own text (its Markdown rendered, then read as plain text),
so the page is the audio's transcript. Debian's speech synthesiser ``espeak-ng`` (voice
``id``) speaks it into a WAV file, ``opusenc`` (opus-tools) turns that into a small mono
Ogg Opus file, and ``lame`` into a mono MP3 (Safari plays no Ogg), at each path the page
names (``Audio: audio/x.ogg, audio/x.mp3``). All are deterministic and the stream serial
number is fixed, so the same text gives the same bytes.

Needs: apt-get install espeak-ng opus-tools lame
Usage: .venv/bin/python tools/make_maklumat_audio.py [--content PATH] [--bitrate KBPS]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import lxml.html
import markdown

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from content import source  # noqa: E402  (after the plugins folder is on the path)

SPEED = 150  # words per minute: a little slower than espeak-ng's default, for clarity
# "10 (sepuluh)": the digits are spoken already, the word in brackets would repeat them.
REPEATED_NUMBER = re.compile(r"\b(\d+) \(([a-z ]+)\)")


def spoken_text(body: str, title: str) -> str:
    html = markdown.markdown(body, extensions=["extra", "sane_lists"], output_format="html5")
    blocks = [" ".join(el.text_content().split()) for el in lxml.html.fragment_fromstring(html, create_parent="div")]
    text = "\n".join([title + "."] + [b if b.endswith((".", ";", ":", ",")) else b + "." for b in blocks if b])
    return REPEATED_NUMBER.sub(r"\2", text)


def speak(text: str, dests: list[Path], bitrate: int):
    """The spoken ``text`` into each of ``dests``, encoded by its suffix (.mp3: MP3, else Ogg Opus)."""
    for tool, package in (("espeak-ng", "espeak-ng"), ("opusenc", "opus-tools"), ("lame", "lame")):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} tidak ditemukan: apt-get install {package}")
    title = text.split("\n", 1)[0].rstrip(".")
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "suara.wav"
        subprocess.run(["espeak-ng", "-v", "id", "-s", str(SPEED), "-w", str(wav), text], check=True)
        for dest in dests:
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.suffix.lower() == ".mp3":
                # MPEG-2 at 16 kHz, mono, constant rate: twice the Ogg's rate sounds alike for speech.
                command = ["lame", "--quiet", "-m", "m", "--resample", "16", "-b", str(2 * bitrate), "--tt", title,
                           str(wav), str(dest)]
            else:
                command = ["opusenc", "--quiet", "--bitrate", str(bitrate), "--downmix-mono", "--speech", "--comp", "10",
                           "--serial", "1", "--title", title, str(wav), str(dest)]
            subprocess.run(command, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--bitrate", type=int, default=12, help="kbit/s (mono speech: 12 to 24)")
    args = parser.parse_args(argv)
    for path in sorted((args.content / "halaman").rglob("*.md")):
        src = source.read(path)
        rels = [r.strip() for r in (src.meta.get("audio") or "").split(",") if r.strip()]
        if not rels:
            continue
        dests = [args.content / rel for rel in rels]
        speak(spoken_text(src.body, src.meta.get("title", "")), dests, args.bitrate)
        for dest in dests:
            print(f"{dest.relative_to(args.content)}: {dest.stat().st_size} bytes, from {path.relative_to(args.content)}")


if __name__ == "__main__":
    main()
