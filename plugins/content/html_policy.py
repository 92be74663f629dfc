"""The allowlist for HTML that authors control (Markdown bodies and the summary).

The policy is one setting, ``HTML_POLICY`` (defaults below, documented in the README):
the elements, attributes, URL schemes, classes and inline-style properties a government
news page needs. A body is checked on the HTML that Markdown *produced*, after every
extension (attribute lists make attributes without a single ``<`` in the source).

nh3 (Ammonia on html5ever, a browser's HTML parser) parses the HTML twice: once with a
policy that keeps everything, once with ours. Both are serialized by the same code, so
any difference is exactly what our policy would remove, and the build refuses it: an
author must know their page changed. The attributes nh3 saw in its parse are named in
the message; an element outside every list of known names is found by its start tag.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from html import escape

import lxml.html
import nh3

DEFAULT_POLICY = {
    # Elements an author may write (Markdown itself produces a subset of these).
    "elements": (
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
        "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
        "ul",
    ),
    # Attributes per element; "*" applies to every element.
    "attributes": {
        "*": ("id", "title", "lang", "dir", "class", "style"),
        "a": ("href", "target", "hreflang"),
        "img": ("src", "alt", "width", "height", "loading"),
        # referrerpolicy: in YouTube's own embed code; the output sets its own (harden) whatever it says.
        "iframe": ("src", "width", "height", "allow", "allowfullscreen", "frameborder", "referrerpolicy"),
        "td": ("colspan", "rowspan", "align"),
        "th": ("colspan", "rowspan", "align", "scope"),
        "col": ("span",),
        "colgroup": ("span",),
        "ol": ("start", "type", "reversed"),
        "li": ("value",),
        "time": ("datetime",),
        "blockquote": ("cite",),
        "q": ("cite",),
        "del": ("cite", "datetime"),
        "ins": ("cite", "datetime"),
        "details": ("open",),
    },
    # Attribute values that are fixed lists.
    "values": {"a": {"target": ("_blank",)}},
    # Schemes of absolute URLs; relative URLs and Pelican's {static}/{filename} links pass.
    "url_schemes": ("http", "https", "mailto", "tel"),
    # Classes an author may use: what Markdown's own extensions write (footnotes, tables).
    "classes": ("footnote", "footnote-ref", "footnote-backref", "footnotes"),
    # Inline-style properties: text formatting only, nothing that moves or covers the page.
    "style_properties": (
        "text-align", "vertical-align", "font-weight", "font-style", "text-decoration",
        "color", "background-color", "list-style-type", "white-space",
    ),
}

# Every element name of HTML, SVG and MathML: the parse that keeps everything must not
# drop an element the browser would keep, or the two parses would agree on a page that
# still holds it.
KNOWN_ELEMENTS = frozenset("""
a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink
blockquote body br button canvas caption center cite code col colgroup data datalist dd del
details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame
frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd
keygen label legend li link listing main map mark marquee menu menuitem meta meter multicol nav
nextid nobr noembed noframes noscript object ol optgroup option output p param picture plaintext
portal pre progress q rb rp rt rtc ruby s samp script search section select selectedcontent slot
small source spacer span strike strong style sub summary sup table tbody td template textarea
tfoot th thead time title tr track tt u ul var video wbr xmp
svg altglyph altglyphdef altglyphitem animate animatecolor animatemotion animatetransform circle
clippath color-profile cursor defs desc discard ellipse feblend fecolormatrix fecomponenttransfer
fecomposite feconvolvematrix fediffuselighting fedisplacementmap fedistantlight fedropshadow
feflood fefunca fefuncb fefuncg fefuncr fegaussianblur feimage femerge femergenode femorphology
feoffset fepointlight fespecularlighting fespotlight fetile feturbulence filter font-face
font-face-format font-face-name font-face-src font-face-uri foreignobject g glyph glyphref hatch
hatchpath hkern line lineargradient marker mask mesh meshgradient meshpatch meshrow metadata
missing-glyph mpath path pattern polygon polyline radialgradient rect set solidcolor stop switch
symbol text textpath tref tspan unknown use view vkern
math maction annotation annotation-xml menclose merror mfenced mfrac mglyph mi mlabeledtr
mlongdiv mmultiscripts mn mo mover mpadded mphantom mprescripts mroot mrow ms mscarries
mscarry msgroup msline mspace msqrt msrow mstack mstyle msub msubsup msup mtable mtd mtext mtr
munder munderover none semantics
""".split())

START_TAG = re.compile(r"<([A-Za-z][^\s/>\x00]*)")
ALL_SCHEMES = frozenset({
    "http", "https", "mailto", "tel", "javascript", "vbscript", "data", "blob", "file", "ftp",
    "about", "filesystem", "ws", "wss", "sms", "intent", "ms-appinstaller", "search-ms",
})


@dataclass(frozen=True)
class Policy:
    elements: frozenset
    attributes: dict
    values: dict
    url_schemes: frozenset
    classes: frozenset
    style_properties: frozenset

    @classmethod
    def from_settings(cls, settings: dict) -> Policy:
        conf = {**DEFAULT_POLICY, **(settings.get("HTML_POLICY") or {})}
        return cls(
            elements=frozenset(e.lower() for e in conf["elements"]),
            attributes={tag: frozenset(a.lower() for a in attrs) for tag, attrs in conf["attributes"].items()},
            values={tag: {a: frozenset(v) for a, v in attrs.items()} for tag, attrs in conf["values"].items()},
            url_schemes=frozenset(s.lower() for s in conf["url_schemes"]),
            classes=frozenset(conf["classes"]),
            style_properties=frozenset(p.lower() for p in conf["style_properties"]),
        )

    def allowed_attribute(self, tag: str, attr: str) -> bool:
        return attr in self.attributes.get("*", ()) or attr in self.attributes.get(tag, ()) or attr in self.values.get(tag, {})

    def strict_clean(self, html: str) -> str:
        cleaner = self.__dict__.get("_cleaner")
        if cleaner is None:
            cleaner = self.__dict__["_cleaner"] = nh3.Cleaner(**self._strict_options())
        return cleaner.clean(html)

    def _strict_options(self) -> dict:
        attributes = {tag: set(attrs) - set(self.values.get(tag, {})) for tag, attrs in self.attributes.items()}
        classes = {tag: set(self.classes) for tag in self.elements}
        # nh3 filters classes through `allowed_classes`, which needs `class` out of the
        # attribute lists.
        for attrs in attributes.values():
            attrs.discard("class")
        return dict(
            tags=set(self.elements),
            clean_content_tags=set(),
            attributes=attributes,
            tag_attribute_values={t: {a: set(v) for a, v in attrs.items()} for t, attrs in self.values.items()},
            allowed_classes=classes,
            url_schemes=set(self.url_schemes),
            link_rel=None,
            strip_comments=False,
        )


class _KeepAll:
    """The parse that keeps everything, noting each attribute it saw."""

    def __init__(self):
        self.seen: list = []
        self.cleaner = nh3.Cleaner(
            tags=set(KNOWN_ELEMENTS),
            clean_content_tags=set(),
            generic_attribute_prefixes={""},
            url_schemes=set(ALL_SCHEMES),
            link_rel=None,
            strip_comments=False,
            attribute_filter=self.note,
        )

    def note(self, tag, attr, value):
        self.seen.append((tag, attr, value))
        return value

    def __call__(self, html: str, seen: list) -> str:
        self.seen = seen
        return self.cleaner.clean(html)


_keep_all = _KeepAll()


def scheme_of(value: str) -> str:
    """The scheme a browser reads in a URL attribute ('' for a relative URL)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", value)  # browsers drop tabs/newlines and trim controls
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return m.group(1).lower() if m else ""


URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset", "longdesc", "ping", "manifest", "codebase"})


# Elements that act even in a text field some consumer might render as HTML.
ACTIVE_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "meta", "base", "link", "svg", "math", "noscript",
    "template", "portal", "audio", "video", "img", "image", "isindex", "xmp", "plaintext",
})


def text_problems(text: str, policy: Policy) -> list[str]:
    """For a plain-text field (a title, a name), which templates escape: refuse only
    markup that would act if some consumer rendered it as HTML; ``Pameran <UMKM>``
    stays a title."""
    return [
        m for m in problems(text, policy)
        if (not m.startswith("elemen <") or m.split("<", 1)[1].split(">", 1)[0] in ACTIVE_ELEMENTS)
        and not m.startswith("HTML ini")
    ]


def problems(html: str, policy: Policy) -> list[str]:
    """What the policy would remove from ``html``, each as an Indonesian message; [] when
    the HTML passes unchanged."""
    return [message for message, _ in located(html, policy)]


def located(html: str, policy: Policy) -> list[tuple[str, str | None]]:
    """``problems``, each with the text that shows it in the source, as an author may
    have typed it (in any case): ``<script``, ``onclick=``, ``javascript:``, a class or a
    style property's name; None when there is none to point at."""
    if not html or not html.strip():
        return []
    found: list[tuple[str, str | None]] = []
    unknown = sorted({m.group(1).lower() for m in START_TAG.finditer(html)} - KNOWN_ELEMENTS)
    for name in unknown:
        found.append((f"elemen <{name}> tidak diizinkan", f"<{name}"))
    seen: list = []
    kept = _keep_all(html, seen)
    strict = policy.strict_clean(html)
    # Inline styles are checked here, on the value the parser saw: nh3's own style
    # filter rewrites every style it keeps, which would read as a change.
    styles = [_style_problems(tag, value, policy) for tag, attr, value in seen if attr.lower() == "style"]
    if kept == strict and not unknown and not any(styles):
        return []
    for tag in _elements(kept):
        if tag not in policy.elements:
            found.append((f"elemen <{tag}> tidak diizinkan", f"<{tag}"))
    for tag, attr, value in seen:
        if tag not in policy.elements:
            continue  # the element is reported
        attr = attr.lower()
        if not policy.allowed_attribute(tag, attr):
            found.append((f"atribut {attr} pada <{tag}> tidak diizinkan", f"{attr}="))
            continue
        allowed_values = policy.values.get(tag, {}).get(attr)
        if allowed_values is not None and value not in allowed_values:
            found.append((f"nilai {attr}=\"{value[:40]}\" pada <{tag}> tidak diizinkan; yang boleh: {', '.join(sorted(allowed_values))}", f"{attr}="))
        elif attr in URL_ATTRIBUTES:
            scheme = scheme_of(value)
            if scheme and scheme not in policy.url_schemes:
                found.append((f"alamat dengan skema {scheme}: pada atribut {attr} <{tag}> tidak diizinkan", f"{scheme}:"))
        elif attr == "class":
            for name in value.split():
                if name not in policy.classes:
                    found.append((f"kelas \"{name}\" pada <{tag}> tidak diizinkan", name))
        elif attr == "style":
            found += _style_problems(tag, value, policy)
    if not found:
        found.append(("HTML ini akan diubah oleh penyaring situs; tulis dengan Markdown biasa", None))
    return list(dict.fromkeys(found))


def _style_problems(tag: str, value: str, policy: Policy) -> list[tuple[str, str]]:
    """Each declaration's property must be on the list, spelled plainly: a CSS escape or
    comment in a name does not match the list and is refused."""
    out = []
    for decl in value.split(";"):
        prop = decl.split(":", 1)[0].strip().lower()
        if prop and prop not in policy.style_properties:
            out.append((f"properti gaya {prop[:40]} pada <{tag}> tidak diizinkan", prop))
    return out


def _elements(html: str) -> list[str]:
    """Element names in canonical (html5ever-serialized) HTML, in order, once each."""
    names = [m.group(1).lower() for m in START_TAG.finditer(html)]
    return list(dict.fromkeys(names))


# --- embeds --------------------------------------------------------------------


def browser_url(value: str):
    """A URL split the way a browser's URL parser reads it (WHATWG URL Standard, through
    ada-url); None when a browser could not parse it either."""
    import ada_url

    try:
        return ada_url.URL(value.strip())
    except ValueError:
        return None


# Top-level domains a link's text may name (a word like ``Jl.Merdeka``, ``S.Pd`` or
# ``M.Si`` is not an address): a name ending in one of these is read as the address the
# link leads to. Domains that are also the end of an Indonesian degree or title (S.Pd,
# M.Si, Sp.JP, Sp.PK, M.PH, S.Pt, S.Th, S.Tr, M.Ec.Dev) are left out.
ADDRESS_TLDS = frozenset("""
id com net org info biz io co gov edu int mil me app xyz site online web link ly gl tv top
click store shop live news cc ws to su ru cn uk us my sg tk ml ga cf gq de ai asia eu au nl fr
in vn tw hk kr br es it ca ch se pl cz be at dk fi gr bd za ng ke eg sa ae qa nz mx ar cl ua kz
lk np kh la bn tl pro mobi name travel jobs cloud digital email space website tech fun icu vip
work one page blog art club design agency
""".split())
ADDRESS_IN_TEXT = re.compile(r"(?i)(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,}))\.?(?![\w-])")
URL_IN_TEXT = re.compile(r"(?i)\bhttps?://[^\s<>\"']+")
# Second-level labels under which a country's registrable names sit (sukamajukab.go.id,
# example.co.uk): the name a site owns is the label before them.
SECOND_LEVEL = frozenset("go co ac or sch web my desa net mil biz ponpes com org gov edu".split())
# Names of one owner shown under another (a short link, a renamed ministry).
SAME_OWNER = {"x.com": "twitter.com", "youtu.be": "youtube.com", "fb.me": "facebook.com", "fb.com": "facebook.com",
              "wa.me": "whatsapp.com", "forms.gle": "google.com", "goo.gl": "google.com", "g.co": "google.com",
              "instagr.am": "instagram.com", "komdigi.go.id": "kominfo.go.id"}
DOTS = str.maketrans({"\u2024": ".", "\u3002": ".", "\uff0e": ".", "\uff61": ".", "\u00b7": "."})
# Embeddings, overrides and isolates: they reorder what a reader sees. The marks (LRM, RLM,
# ALM) only tie punctuation to Arabic or Latin text around it, as in a holiday greeting.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _bare(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def owner(host: str) -> str:
    """The name a host's owner registered (``ayosehat.kemkes.go.id`` → ``kemkes.go.id``),
    after ``SAME_OWNER``; an IP address as it is."""
    host = _bare(host)
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        name = ".".join(labels[-3:])
    else:
        name = ".".join(labels[-2:])
    return SAME_OWNER.get(name, name)


INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")


def readable(text: str) -> str:
    """Text as a reader sees it: HTML entities decoded, compatibility forms (full-width
    digits and letters, mathematical letters) as plain ones (NFKC), look-alike dots as dots,
    invisible characters removed. (The NIK check and the link rules read text alike.)"""
    import html
    import unicodedata

    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text.translate(DOTS)))
    return text


def _lookalike(text: str) -> str | None:
    """A word of link text that looks like an address or mixes Latin with other letters
    but is not plain ASCII (``sukamajukab.go.ıd``, ``ꓢukamajukab.go.id``,
    ``sukamajukɑb``): None when none."""
    import unicodedata

    for word in re.findall(r"[^\W\d_][\w.-]*", text):
        if word.isascii():
            continue
        letters = [c for c in word if c.isalpha()]
        scripts = {unicodedata.name(c, "?").split()[0] for c in letters}
        basic = all(c.isascii() or "LATIN" in unicodedata.name(c, "") and ord(c) < 0x250 for c in letters)
        if "." in word.strip(".") or ("LATIN" in scripts and (len(scripts) > 1 or not basic)):  # an address: ASCII
            return word
    return None


def address_problem(url: str) -> str | None:
    """For an http(s) address a reader may follow: a name before ``@`` (the reader sees
    ``situs-resmi.go.id@``, the browser goes to what follows) or a host in other letters
    than Latin (``xn--``: it can look like another one); None when neither."""
    absolute = "https:" + url.strip() if url.strip().startswith("//") else url.strip()
    if scheme_of(absolute) not in ("http", "https"):
        return None
    parsed = browser_url(absolute)
    if parsed is None:
        return None
    host = parsed.hostname.lower().rstrip(".")
    if parsed.username or parsed.password:
        return (f"alamat {url[:80]} memuat \"{parsed.username[:40]}@\" sebelum nama situsnya: pembaca mengira menuju "
                f"{parsed.username[:40]}, padahal menuju {host}; tulis alamat tujuannya tanpa bagian sebelum @")
    if any(label.startswith("xn--") for label in host.split(".")):
        return (f"alamat {url[:80]} memakai huruf selain huruf Latin pada nama situsnya ({host}), yang bisa tampak "
                "sama dengan alamat lain; tulis alamatnya dengan huruf Latin biasa")
    return None


def link_problem(href: str, text: str, own=frozenset()) -> str | None:
    """A link that shows one thing and leads elsewhere: a problem of its address
    (``address_problem``), bidirectional embeddings, overrides or isolates in it, a word
    of its text in look-alike letters, or an address its text names (``www.sukamajukab.go.id``,
    ``https://sukamajukab.go.id/bayar``, ``ppid@dinkes.go.id``) owned by another than the
    one it leads to (``owner``); None when none. ``own``: the site's hosts, where a relative
    link leads."""
    if BIDI_CONTROLS.search(href) or BIDI_CONTROLS.search(text):
        return "tautan berisi karakter pengatur arah teks (bidi) yang tersembunyi; ketik ulang teks dan alamatnya"
    problem = address_problem(href)
    if problem:
        return "tautan: " + problem
    shown_text = readable(text)
    word = _lookalike(shown_text)
    if word:
        return (f"teks tautan \"{word[:60]}\" memakai huruf yang mirip huruf Latin biasa (mis. Sirilik atau huruf khusus); "
                "ketik ulang teksnya dengan huruf Latin biasa")
    named = [m.group(0) for m in URL_IN_TEXT.finditer(shown_text)]
    rest = URL_IN_TEXT.sub(" ", shown_text)
    named += [m.group(1) for m in ADDRESS_IN_TEXT.finditer(rest) if m.group(2).lower() in ADDRESS_TLDS]
    if not named:
        return None
    target = href.strip()
    scheme = scheme_of(target)
    if scheme == "mailto":
        host = target[len("mailto:"):].split("?")[0].rsplit("@", 1)[-1]
    elif scheme in ("http", "https") or target.startswith("//"):
        parsed = browser_url("https:" + target if target.startswith("//") else target)
        host = parsed.hostname if parsed is not None else ""
    elif not scheme:
        host = next(iter(sorted(own)), "")  # a page or file of this site
    else:
        host = ""
    for name in named:
        if "://" in name:
            parsed = browser_url(name.rstrip(".,;:)"))
            shown = parsed.hostname if parsed is not None else name
        else:
            shown = name.rsplit("@", 1)[-1]
        if not host or owner(shown) != owner(host):
            goes = f"menuju {_bare(host)}" if host else f"menuju {href[:80]}"
            return (f"teks tautan menampilkan alamat {name} tetapi tautannya {goes}; samakan teksnya dengan "
                    "alamat tujuan, atau tulis teks biasa tanpa alamat")
    return None


def embed_problem(src: str, hosts) -> str | None:
    """None when ``src`` is an https URL on one of ``hosts`` exactly, as a browser reads it."""
    url = browser_url(src)
    allowed = ", ".join(hosts)
    if url is None:
        return f"sematan <iframe> dengan alamat \"{src[:80]}\" tidak sah; host yang boleh: {allowed}"
    host = url.hostname.lower()
    if url.protocol != "https:" or host not in hosts or url.username or url.password:
        return f"sematan <iframe> dari \"{host or src[:80]}\" tidak diizinkan; hanya https dari host: {allowed}"
    return None


def iframe_sources(html: str) -> list[str]:
    if "<iframe" not in html.lower():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [el.get("src") or "" for el in root.iter("iframe")]


# A start tag and its attributes (quoted either way or not at all: author HTML keeps its
# own quotes), read one by one so that a quoted value is never taken for an attribute.
TAG_ATTRIBUTES = re.compile(r"""<[A-Za-z][^\s/>]*((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
ATTRIBUTE = re.compile(r"""(\s+)([^\s"'>/=]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def rewrite_addresses(html: str, change, srcset: bool = False) -> str:
    """Every ``href`` and ``src`` value of ``html``'s start tags (and each candidate of a
    ``srcset``, when asked) passed through ``change(value)``: the new value, or None to keep
    it. In place: a parser would write the rest again, escaping a ``{static}`` link's spaces
    before Pelican reads it; and a quoted value's text (``alt="ganti src=/lama"``) is
    never taken for an attribute."""

    def attribute(m):
        lead, name, eq, raw = m.groups()
        name_lower = name.lower()
        if raw is None or name_lower not in ("href", "src") and not (srcset and name_lower == "srcset"):
            return m.group(0)
        quote = raw[0] if raw[0] in "\"'" else ""
        value = raw[1:-1] if quote else raw
        if name_lower == "srcset":
            parts = [c.strip().split(None, 1) for c in value.split(",") if c.strip()]
            new = ", ".join(" ".join([change(p[0]) or p[0], *p[1:]]) for p in parts)
        else:
            new = change(value)
        return m.group(0) if new is None or new == value else f"{lead}{name}{eq}{quote}{new}{quote}"

    def tag(m):
        attrs = m.group(1)
        start = m.start(1) - m.start(0)
        return m.group(0)[:start] + ATTRIBUTE.sub(attribute, attrs) + m.group(0)[start + len(attrs):]

    return TAG_ATTRIBUTES.sub(tag, html)


def from_root(value: str) -> bool:
    """An address from the host's root (``/dip/``), not a protocol-relative ``//host``."""
    return value.startswith("/") and not value.startswith("//")


def under(html: str, prefix: str) -> str:
    """Links and images an author wrote from the site's root (``/dip/``) put under the path
    the site is published at (``prefix``: SITEURL's path, ``/situs`` of a GitHub Pages
    project site); ``html`` unchanged when the site is at the root of its host."""
    if not prefix or "/" not in html:
        return html
    return rewrite_addresses(html, lambda v: prefix + v if from_root(v) and v != prefix and not v.startswith(prefix + "/")
                             else None)


def harden(html: str, embed_title: str = "Video tersemat") -> str:
    """What the output adds to author HTML that passed the policy: a sandbox, a referrer
    policy, lazy loading and a title on every <iframe>; ``rel="noopener noreferrer"`` on
    links that open a new tab. Returns ``html`` unchanged when it has neither."""
    lowered = html.lower()
    if "<iframe" not in lowered and "_blank" not in lowered:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in root.iter("iframe"):
        el.set("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups")
        el.set("referrerpolicy", "strict-origin-when-cross-origin")
        el.set("loading", "lazy")
        if not (el.get("title") or "").strip():
            el.set("title", embed_title)
    for el in root.iter("a"):
        if (el.get("target") or "").lower() == "_blank":  # as browsers read it
            el.set("rel", "noopener noreferrer")
    return fragment_html(root)


def fragment_html(root) -> str:
    """A fragment parsed with ``fragment_fromstring(…, create_parent="div")`` written back:
    its children, every address (``href``, ``src``) as written. libxml2's HTML serializer
    percent-escapes an address's spaces and other letters, and a ``{static}`` link to
    "laporan kinerja é.pdf" then named a file that does not exist (Pelican reads the
    placeholders after this)."""
    kept, mark = {}, secrets.token_hex(8)  # (a mark no author can have written: a href="kit-alamat-0" stays theirs)
    for el in root.iter():
        for attr in ("href", "src"):
            value = el.get(attr)
            if value and (not value.isascii() or any(c.isspace() for c in value)):
                kept[token := f"kit-alamat-{mark}-{len(kept)}"] = value
                el.set(attr, token)
    # (root.text is decoded text: escaped again, as the serializer does every other text)
    html = escape(root.text or "", quote=False) + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    for token, value in kept.items():
        html = html.replace(f'"{token}"', '"' + escape(value, quote=True) + '"', 1)
    return html
