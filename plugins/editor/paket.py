"""The editor's static files: Decap CMS from the npm registry, pinned and hash-checked.

The tarball is fetched once into the cache (``npm pack`` when npm is installed, else a
plain HTTPS download of the pinned tarball address) and kept there; every use checks
its SHA-512 against the pinned integrity before anything is unpacked. Builds then copy
the unpacked files, so a build needs neither Node nor the network once the cache holds
the tarball (CI keeps ``cache/``).
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from pathlib import Path

NAME = "decap-cms"
VERSION = "3.16.3"
# `npm view decap-cms@3.16.3 dist.integrity`
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
TARBALL_URL = f"https://registry.npmjs.org/{NAME}/-/{NAME}-{VERSION}.tgz"
FOLDER = f"{NAME}-{VERSION}"  # also the folder under admin/


class PaketError(RuntimeError):
    pass


def integrity(path: Path) -> str:
    digest = hashlib.sha512()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode()


def _wanted(name: str) -> bool:
    """The browser bundle, its lazily loaded chunks, WebAssembly and licence; no
    source maps and no duplicate ``cms.js`` bundle."""
    base = name.rsplit("/", 1)[-1]
    return name.startswith("package/dist/") and (
        base in ("decap-cms.js", "decap-cms.js.LICENSE.txt") or base.endswith((".decap-cms.js", ".wasm"))
    )


def _fetch(tgz: Path):
    tgz.parent.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    with tempfile.TemporaryDirectory(dir=tgz.parent) as tmp:
        if npm:
            subprocess.run([npm, "pack", f"{NAME}@{VERSION}", "--silent", "--pack-destination", tmp],
                           check=True, stdout=subprocess.DEVNULL, timeout=600)
            got = Path(tmp) / tgz.name
        else:
            got = Path(tmp) / tgz.name
            with urllib.request.urlopen(TARBALL_URL, timeout=120) as resp, open(got, "wb") as fh:
                shutil.copyfileobj(resp, fh)
        got.replace(tgz)


def unpacked(cache: Path) -> Path:
    """The folder holding the editor's files, unpacked from the checked tarball."""
    cache = Path(cache)
    folder = cache / FOLDER
    stamp = folder / ".integrity"
    if stamp.is_file() and stamp.read_text() == INTEGRITY:
        return folder
    tgz = cache / f"{NAME}-{VERSION}.tgz"
    if not tgz.is_file():
        try:
            _fetch(tgz)
        except (OSError, subprocess.SubprocessError) as exc:
            raise PaketError(
                f"paket editor {NAME}@{VERSION} belum ada di {tgz} dan gagal diunduh ({exc}); "
                f"unduh dengan `npm pack {NAME}@{VERSION}` ke folder itu, atau matikan editor dengan REDAKSI_ENABLED = False"
            ) from None
    found = integrity(tgz)
    if found != INTEGRITY:
        tgz.unlink()
        raise PaketError(f"{tgz}: sidik SHA-512 paket editor tidak cocok ({found}); berkas dihapus, build berikutnya mengunduh ulang")
    staging = Path(tempfile.mkdtemp(dir=cache, prefix=f".{FOLDER}."))
    with tarfile.open(tgz, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and _wanted(member.name):
                with tar.extractfile(member) as src, open(staging / member.name.rsplit("/", 1)[-1], "wb") as dst:
                    shutil.copyfileobj(src, dst)
    (staging / ".integrity").write_text(INTEGRITY)
    if stamp.is_file() and stamp.read_text() == INTEGRITY:  # another build unpacked it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    try:
        staging.replace(folder)
    except OSError:  # another build put its folder there between the two lines above
        shutil.rmtree(staging, ignore_errors=True)
        if not (stamp.is_file() and stamp.read_text() == INTEGRITY):
            raise
    return folder
