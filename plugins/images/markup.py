"""Picture data for templates and the rewrite of Markdown ``<img>`` into ``<picture>``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from common.paths import folder_or_content, strip_link_prefix
from content.html_policy import fragment_html
from content.nama import url_path

from .encode import Plan

LINKED_IMAGES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})


def url(siteurl: str, path: str) -> str:
    return f"{siteurl}/{url_path(path)}"


def picture_data(p: Plan, siteurl: str, sizes: str, fallback_width: int, alt: str = "") -> dict:
    """Everything a template needs to write a <picture>, as plain data."""
    def srcset(ext):
        return ", ".join(f"{url(siteurl, p.output_name(f'{w}.{ext}'))} {w}w" for w in p.widths)

    fallback = max([w for w in p.widths if w <= fallback_width] or [min(p.widths)])
    width, height = p.sizes[fallback]
    return {
        "alt": alt,
        "src": url(siteurl, p.output_name(f"{fallback}.jpg")),
        "largest": url(siteurl, p.output_name(f"{max(p.widths)}.jpg")),
        "srcset_webp": srcset("webp"),
        "srcset_jpeg": srcset("jpg"),
        "sizes": sizes,
        "width": width,
        "height": height,
    }


# The <img> attributes a picture sets itself; an author's own (alt, title, class) are kept.
MANAGED = frozenset({"src", "srcset", "sizes", "width", "height", "loading", "fetchpriority", "decoding"})


def source_attributes(img: dict) -> list[tuple[str, str]]:
    """The WebP ``<source>`` of a ``<picture>``, attribute by attribute."""
    return [("type", "image/webp"), ("srcset", img["srcset_webp"]), ("sizes", img["sizes"])]


def img_attributes(img: dict, eager: bool = False, attrs: dict | None = None) -> list[tuple[str, str]]:
    """The JPEG ``<img>`` of a ``<picture>``, attribute by attribute: ``attrs`` (the author's
    ``<img>`` in a body) first, then the candidates and size. The lead photo of a page is
    eager with high fetch priority; every other one is lazy."""
    out = {k: v for k, v in (attrs or {}).items() if k not in MANAGED}
    out.update(src=img["src"], srcset=img["srcset_jpeg"], sizes=img["sizes"], width=str(img["width"]), height=str(img["height"]))
    out["alt"] = out.get("alt", img["alt"])
    if eager:
        out["fetchpriority"] = "high"
    else:
        out["loading"] = "lazy"
    out["decoding"] = "async"
    return list(out.items())


def lead_picture(img: dict) -> dict:
    """Picture data of a page's lead photo with its markup, attribute by attribute, for the
    ``picture`` macro of theme/templates/_gambar.html (which only writes them out)."""
    return {**img, "source": source_attributes(img), "img": img_attributes(img, eager=True)}


def picture_element(img: dict, eager: bool = False, attrs: dict | None = None):
    """The ``<picture>`` of a body image, as the macro writes the lead photo's."""
    picture = lxml.html.Element("picture")
    for tag, attributes in (("source", source_attributes(img)), ("img", img_attributes(img, eager, attrs))):
        el = lxml.html.etree.SubElement(picture, tag)
        for k, v in attributes:
            el.set(k, v)
    return picture


def local_path(src: str, content: Path, page_dir: Path) -> Path | None:
    """The file under content/ an <img src> points to, or None for a remote image."""
    if not src or urlsplit(src).scheme or src.startswith("//"):
        return None
    path, from_root = unquote(urlsplit(src).path), src.startswith("/")
    path, prefixed = strip_link_prefix(path)
    if from_root or path.startswith("/"):
        target = content / path.lstrip("/")
    elif prefixed:
        target = page_dir / path  # {static}foto.jpg: the item's own folder, as Pelican and `check` read it
    else:
        target = folder_or_content(path, content, page_dir)
    target = target.resolve()
    return target if target.is_relative_to(content.resolve()) else None


def rewrite_body(html: str, resolve) -> str | None:
    """Replace each local <img> by a <picture>, and point each link to a local photo at
    its largest derivative (never the original, which carries its EXIF). ``resolve(src)``
    gives picture data or None (not a local image). Returns None when nothing changed."""
    if "<img" not in html and "<a" not in html:
        return None
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = False
    for el in root.iter("a"):
        href = el.get("href") or ""
        if Path(urlsplit(href).path).suffix.lower() in LINKED_IMAGES:
            img = resolve(href)
            if img is not None:
                el.set("href", img["largest"])
                changed = True
    for el in list(root.iter("img")):
        if el.getparent() is not None and el.getparent().tag == "picture":
            continue
        img = resolve(el.get("src") or "")
        if img is None:
            if not el.get("loading"):
                el.set("loading", "lazy")
                changed = True
            continue
        picture = picture_element(img, eager=False, attrs=dict(el.attrib))
        picture.tail, el.tail = el.tail, None
        el.getparent().replace(el, picture)
        changed = True
    if not changed:
        return None
    html = fragment_html(root)  # (the addresses left as they were, as written)
    # libxml2's HTML serializer predates HTML5 and closes <source>, a void element.
    return html.replace("></source>", ">")
