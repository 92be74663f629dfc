"""Site settings for local builds. publishconf.py adds what production needs.

A second kabupaten changes this file and content/, never the templates.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

# --- The site ---------------------------------------------------------------
SITENAME = "Portal Resmi Pemerintah Kabupaten Sukamaju"
SITENAME_SHORT = "Kabupaten Sukamaju"
SITE_DESCRIPTION = "Berita, agenda dan informasi publik Pemerintah Kabupaten Sukamaju."
SITEURL = ""
# The site's own domain: a link to https://<domain>/… is a link inside the site, checked in every
# build (relative addresses too); publishconf.py takes SITEURL from it.
SITE_DOMAIN = "sukamajukab.go.id"
AUTHOR = "Diskominfo Kabupaten Sukamaju"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
LOCALE = ("C.UTF-8", "C")  # dates are formatted with Babel; C.UTF-8 keeps Python's default text encoding UTF-8 after a build
SITE_LOGO = "images/logo-sukamaju.png"
SITE_ADDRESS = "Jl. Pemuda No. 1, Sukamaju 52311"
SITE_PHONE = "(0282) 521001"
SITE_EMAIL = "diskominfo@sukamajukab.go.id"
SITE_OWNER = "Pemerintah Kabupaten Sukamaju"  # "Situs resmi …" above the header
# Where to report a vulnerability (/.well-known/security.txt, RFC 9116): the region's CSIRT.
SECURITY_CONTACT = ("mailto:csirt@sukamajukab.go.id", "https://csirt.sukamajukab.go.id/lapor")
SOCIAL = (
    ("Instagram", "https://www.instagram.com/sukamajukab"),
    ("YouTube", "https://www.youtube.com/@sukamajukab"),
    ("X", "https://x.com/sukamajukab"),
)

# --- Theme (plugins/theming, plugins/metadata, plugins/feeds) ------------------------
# Colour tokens over the theme's defaults (plugins/theming/warna.py); the build refuses a
# pair below WCAG 2.1 AA contrast. Example: WARNA = {"utama": "#7a1f1f"}.
WARNA = {}
MENU = (  # (key, label, URL): a template sets `menu_aktif` to a key to mark the current item
    ("beranda", "Beranda", ""),
    ("berita", "Berita", "berita/"),
    ("agenda", "Agenda", "agenda/"),
    ("dip", "Informasi Publik", "dip/"),
    ("berkala", "Informasi Berkala", "informasi-berkala/"),
    ("regulasi", "Produk Hukum", "regulasi/"),
    ("ppid", "PPID", "ppid/"),
)
# The PPID menu (home page, footer, ppid/) is built from what exists (plugins/ppid): the DIP,
# DIK and berkala lists, then every published page marked `Layanan:`. A site may add its
# own items; one with the URL of a built item renames it.
MENU_LAYANAN = ()  # extra items of the home page's PPID menu: (label, URL, note)
MENU_PPID = ()  # extra items of the footer's PPID menu: (label, URL)
MENU_KAKI = (
    ("Tentang portal", "tentang/"), ("Layanan PPID", "ppid/"),
    ("Tanya jawab PPID", "tanya-jawab-ppid/"), ("Peta situs", "peta-situs/"),  # plugins/sitemap
)
BERANDA_JUMLAH_BERITA = 6
BERITA_TERKAIT_JUMLAH = 4  # "more from the same OPD" under a news item

# --- Content ------------------------------------------------------------------
PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
ARTICLE_PATHS = ["berita"]
PAGE_PATHS = ["halaman"]
# Nothing under content/ is copied as it is: photos and the logo are published by the
# gambar plugin (re-encoded, metadata removed), documents by konten, per entry.
STATIC_PATHS = []
NEWS_CATEGORIES = ("Berita", "Pengumuman", "Siaran Pers", "Artikel")
IMAGE_MAX_PIXELS = 40_000_000
EMBED_ALLOWED_HOSTS = ("youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")
WITH_FUTURE_DATES = True  # the konten plugin holds future items back, honouring SOURCE_DATE_EPOCH
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
SUMMARY_MAX_LENGTH = None  # CONTENT.md: the summary defaults to the first paragraph
SUMMARY_MAX_PARAGRAPHS = 1
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
        "content.telepon": {},  # telephone numbers in text become tel: links (plugins/content/telepon.py)
        "content.daftar": {},  # a list pasted from Word (bullets, numbers and spaces) is a list (plugins/content/daftar.py)
        "content.baris": {},  # a line ended by "\\" breaks the line, as the editor writes Shift+Enter (plugins/content/baris.py)
    },
    "output_format": "html5",
}

# --- URLs (CONTENT.md) ----------------------------------------------------------
ARTICLE_URL = "berita/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_SAVE_AS = ""
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "berita", "notfound"]
NOTFOUND_SAVE_AS = "404.html"
BERITA_URL = "berita/"
BERITA_SAVE_AS = "berita/index.html"
PAGINATED_TEMPLATES = {"berita": 12, "tag": 12, "category": 12}
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html"),
)
SLUGIFY_SOURCE = "title"
# One language: two pages with one slug at different URLs (a PPID Utama page and an OPD's
# PPID Pelaksana page, opd/<slug>/…) are two pages, not translations of each other.
PAGE_TRANSLATION_ID = None

# --- Public information (kip plugin; defaults in plugins/kip/__init__.py) ----------
SERTA_MERTA_DAYS = 30  # serta-merta entries stay on the home page this many days
BERKALA_FRESH_DAYS = 183  # a berkala entry is `terkini` for this many days
DIP_PER_PAGE = 200  # rows per page of the DIP/DIK tables

# --- Feeds (absolute URLs need SITEURL: see publishconf.py) ---------------------
# Written only when SITEURL is absolute (plugins/feeds): a local preview has no feeds,
# `invoke publish` (or any build given SITEURL=https://…) has them all.
# Pelican's own feed settings stay None here; plugins/feeds switches these on when the
# build has an absolute address.
FEEDS = {
    "FEED_ALL_ATOM": "feeds/semua.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/kategori/{slug}.atom.xml",
    "OPD_FEED_ATOM": "feeds/opd/{slug}.atom.xml",
}
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Build ---------------------------------------------------------------------------
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
# The kit's packages that are on (any order: plugins/pipeline.py runs their steps in the
# build's order, README "How a build runs"), and a site's own Pelican plugins, if any.
PLUGINS = ["rendering", "content", "regulations", "theming", "metadata", "feeds", "services", "kip", "ppid", "agenda", "channels", "images", "search"]
DELETE_OUTPUT_DIRECTORY = False  # builds go to a staging folder that replaces output/
RELATIVE_URLS = False
# --- Incremental builds (cepat) -------------------------------------------------
# Markdown is parsed once per file content (md5, so a fresh clone that resets
# modification times still hits): the cepat reader keeps its own cache beside the
# output (.cache/cepat-output/). Pelican's content cache would pickle the settings.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
CHECK_MODIFIED_METHOD = "md5"
CEPAT_WORKERS = 0  # render processes; 0 = one per usable CPU
CEPAT_INCREMENTAL = True  # False: render every page on every build
READERS = {"rst": None, "html": None}  # content is Markdown only
# Everything a template prints is escaped unless it is marked safe (the rendered Markdown
# body, JSON-LD and CSS built by plugins): a quote in an Image-Alt cannot open an attribute.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

# --- Publishing (plugins/publish; production values in publishconf.py) ----------------
PLUGINS += ["publish", "links"]
# --- Share links, credits, site map, read counts (plugins/share, …) -----------------
PLUGINS += ["share", "readcounts", "sitemap"]
# Read counts (plugins/readcounts, `./run.sh statistik`): STATISTIK_PATH = "" keeps them in
# cache/statistik.json beside content/; STATISTIK_LOG is the access log glob at the deploy target.
STATISTIK_LOG = "/var/log/nginx/access.log*"
STATISTIK_TERPOPULER_JUMLAH = 5  # items in each "Terpopuler" list (7 and 30 days)
BAGIKAN = ("whatsapp", "facebook", "x", "telegram", "email", "salin")  # share links, in this order
ASSET_FINGERPRINT = True  # theme/css/situs.<hash8>.css through {{ aset('css/situs.css') }}
PRECOMPRESS = False  # .gz/.br beside text files: off for quick local builds
POST_BUILD_STEPS = ["publish.compress:precompress", "editor:tulis"]  # run on the finished output, before it is swapped in
DEPLOY_TARGET = ""  # user@host:/srv/situs or a local path; the DEPLOY_TARGET environment variable wins
DEPLOY_KEEP = 5  # releases kept on the server (rollback needs at least 2)
# --- Web editor under admin/ (plugins/editor; see README "Editor web") ---------------
REDAKSI_ENABLED = True
REDAKSI_BACKEND = {"name": "github", "repo": "pemkab-sukamaju/situs", "branch": "main"}  # or gitlab, see README
# --- Images (plugins/images): GAMBAR_* settings, see README "Gambar" -------------------
# The derivative cache defaults to cache/gambar beside content/ (git-ignored, kept by CI).
