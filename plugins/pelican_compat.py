"""The versions of the libraries whose private parts the kit touches.

Several plugins reach into Pelican, Jinja2, python-markdown and feedgenerator beyond
their public API (cepat/patches.py, cepat/reader.py, cepat/writer.py,
terbit/reproducible.py, cari/merge.py on Pagefind's bundle format). Those parts were
written for the versions below; a build on another version could run and publish a
subtly wrong site. ``check()`` runs before every build and check and refuses, in
Indonesian, to go on with a version the kit was not written for. The lock files pin
exactly these; a kit upgrade moves both together.
"""

from __future__ import annotations

from importlib import metadata

# distribution -> the version prefix the kit's code was written and tested for
WRITTEN_FOR = {
    "pelican": "4.12.",
    "jinja2": "3.1.",
    "markdown": "3.",
    "feedgenerator": "2.",
    "pagefind-bin": "1.5.",
}


class UnsupportedVersion(SystemExit):
    pass


def problems() -> list[str]:
    found = []
    for dist, prefix in WRITTEN_FOR.items():
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found.append(f"{dist} tidak terpasang; jalankan ./run.sh agar paket terkunci dipasang")
            continue
        if not (version + ".").startswith(prefix):
            found.append(f"{dist} {version} terpasang, padahal kit ini ditulis untuk {prefix.rstrip('.')}.x")
    return found


def check():
    found = problems()
    if found:
        lines = ["Build dihentikan: versi pustaka tidak cocok dengan kit ini."]
        lines += [f"  {p}" for p in found]
        lines.append("  Pasang versi dari requirements.lock (./run.sh memasangnya), atau perbarui kit bersama lock-nya.")
        raise UnsupportedVersion("\n".join(lines))
