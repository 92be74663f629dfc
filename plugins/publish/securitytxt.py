"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability of the site.

Written from settings: ``SECURITY_CONTACT`` (the region's CSIRT: ``mailto:`` or ``https://``
addresses), ``SECURITY_LANGUAGES`` (``id, en``), ``SECURITY_POLICY`` (optional URL), with
``Expires`` a year after the build's today and a ``Canonical`` URL when the site has an
absolute address. A site may ship its own ``content/.well-known/security.txt`` instead:
it is checked for the required fields and an ``Expires`` in the future, then published
as it is. A build with an absolute address and no contact at all warns.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from common.urls import absolute_base
from content import clock
from content.validate import ContentError, Problem

logger = logging.getLogger(__name__)
WHERE = ".well-known/security.txt"


def text(settings, now: datetime) -> str:
    lines = [f"Contact: {c}" for c in settings.get("SECURITY_CONTACT") or ()]
    expires = (now.astimezone(timezone.utc) + timedelta(days=365)).replace(microsecond=0)
    lines.append(f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append(f"Preferred-Languages: {settings.get('SECURITY_LANGUAGES') or 'id, en'}")
    base = absolute_base(settings)
    if base:
        lines.append(f"Canonical: {base}/{WHERE}")
    if settings.get("SECURITY_POLICY"):
        lines.append(f"Policy: {settings['SECURITY_POLICY']}")
    return "\n".join(lines) + "\n"


def problems_of(body: str, now: datetime) -> list[str]:
    """What RFC 9116 requires and a shipped file lacks."""
    fields: dict[str, list[str]] = {}
    for line in body.splitlines():
        m = re.match(r"^([A-Za-z-]+):\s*(.*)$", line.strip())
        if m and not line.lstrip().startswith("#"):
            fields.setdefault(m.group(1).lower(), []).append(m.group(2).strip())
    found = []
    if not fields.get("contact"):
        found.append("Contact: wajib ada (mailto:… atau https://…)")
    for c in fields.get("contact", ()):
        if not c.startswith(("mailto:", "https://", "tel:")):
            found.append(f"Contact: \"{c}\" harus diawali mailto:, https:// atau tel:")
    expires = fields.get("expires", [])
    if len(expires) != 1:
        found.append("Expires: wajib ada tepat satu kali (mis. 2027-11-30T00:00:00Z)")
    else:
        try:
            when = datetime.fromisoformat(expires[0].replace("Z", "+00:00"))
            if when.tzinfo is None or when <= now:
                found.append(f"Expires: {expires[0]} sudah lewat atau tanpa zona waktu; perbarui tanggalnya")
        except ValueError:
            found.append(f"Expires: \"{expires[0]}\" bukan tanggal ISO 8601 (mis. 2027-11-30T00:00:00Z)")
    return found


def write(output: Path, settings):
    now = clock.now(settings.get("TIMEZONE") or "Asia/Jakarta")
    shipped = Path(settings["PATH"]) / WHERE
    dest = output / WHERE
    if shipped.is_file():
        if shipped.is_symlink() or not shipped.resolve().is_relative_to(Path(settings["PATH"]).resolve()):
            raise ContentError([Problem(f"content/{WHERE}", "", "tautan simbolik tidak diizinkan; simpan berkasnya sendiri")])
        body = shipped.read_text(encoding="utf-8", errors="replace")
        found = problems_of(body, now)
        if found:
            raise ContentError([Problem(f"content/{WHERE}", "", m) for m in found])
    elif settings.get("SECURITY_CONTACT"):
        body = text(settings, now)
    else:
        if absolute_base(settings):
            logger.warning("pelicanconf.py: SECURITY_CONTACT: belum diisi; isi alamat CSIRT daerah (mailto:… atau https://…) agar warga dapat melaporkan celah keamanan lewat /%s", WHERE)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(body, encoding="utf-8")
