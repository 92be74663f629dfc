"""The web editor's configuration is generated from the schema (plugins/editor)."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

from conftest import CONF, NEWS, ROOT
from content import kinds


@pytest.fixture(scope="module")
def settings():
    from content.build import load_settings

    return load_settings(CONF)


@pytest.fixture(scope="module")
def registry(settings):
    from content import registry

    reg, problems = registry.load(settings["PATH"])
    assert not problems
    return reg


def collections_of(conf, ctype, registry):
    """(folder OPD or None, collection) for every collection of a content type."""
    by_folder = {c["folder"]: c for c in conf["collections"]}
    if ctype.per_opd:
        return [(opd, by_folder[f"content/{ctype.slug}/{opd}"]) for opd in registry]
    # Halaman: PPID Utama's pages, then each PPID Pelaksana's in content/halaman/<opd>/.
    subfolders = [(opd, by_folder[f"content/{ctype.slug}/{opd}"]) for opd in registry] if ctype.slug == "halaman" else []
    return [(None, by_folder[f"content/{ctype.slug}"]), *subfolders]


def allowed_values(f, settings, registry):
    if f.choices == "opd":
        return list(registry)
    if f.choices == "news_categories":
        return list(settings["NEWS_CATEGORIES"])
    if f.choices == "regulasi_jenis":
        from content import regulasi

        return list(regulasi.offered(settings))  # the region's own kind's (see the test below)
    return [t.slug for t in f.choices]


def test_one_collection_per_type_and_opd_folder(settings, registry):
    from content.schema import CONTENT_TYPES
    from editor import konfigurasi

    conf = konfigurasi.config(settings, registry)
    expected = sum(len(registry) if t.per_opd else 1 + (len(registry) if t.slug == "halaman" else 0)
                   for t in CONTENT_TYPES.values())
    assert len(conf["collections"]) == expected
    assert len({c["name"] for c in conf["collections"]}) == expected
    for ctype in CONTENT_TYPES.values():
        for opd, coll in collections_of(conf, ctype, registry):
            assert coll["format"] == konfigurasi.format_name(ctype)
            assert coll["extension"] == "md" and coll["create"] is True
            if opd:
                assert registry[opd].nama in coll["label"]
                # Photos of an OPD go into its own folder under content/images/.
                assert coll["media_folder"] == f"/content/images/{ctype.slug}/{opd}"
                assert coll["public_folder"] == f"images/{ctype.slug}/{opd}"


@pytest.mark.parametrize("kind, good, bad", [
    ("year", ["1900", "2026", "2200"], ["0000", "1899", "2201", "26"]),
    ("date_or_year", ["2026", "2026-07-15", "2026-12-31"], ["2026-13-01", "2026-07-32", "2026-7-1", "15-07-2026"]),
])
def test_the_form_s_patterns_refuse_what_the_validator_refuses(kind, good, bad):
    """A value the form accepts is one the validator accepts (the other way round, the
    validator still checks what a pattern cannot, such as 31 February)."""
    from editor import konfigurasi

    pattern = re.compile(konfigurasi.PATTERNS[kind][0])
    assert all(pattern.match(v) for v in good) and not any(pattern.match(v) for v in bad)


def test_a_province_s_regulation_form_gives_its_own_kinds_as_examples(settings, registry):
    """The hints and the per-box checks of a province's regulation form speak of a Pergub,
    never of a Perbup or a Perwali (which the form does not offer it)."""
    from content.schema import REGULASI
    from editor import konfigurasi

    conf = konfigurasi.config({**settings, "SITENAME_SHORT": "Provinsi Jawa Sukamaju"}, registry)
    (_, coll), = collections_of(conf, REGULASI, registry)
    fields = {f["name"]: f for f in coll["fields"]}
    for key in ("Mengubah", "Mencabut"):
        hint, box = fields[key]["hint"], fields[key]["field"]
        assert not re.search(r"\bper(?:bup|wali)\b", hint), hint
        assert "mis. pergub 7/2019" in box["pattern"][1], box["pattern"]
    assert [o["value"] for o in fields["Jenis"]["options"]] == ["perda", "pergub", "kepgub", "instruksi", "se", "kep-opd"]


def test_every_field_of_every_type_has_its_widget_and_rules(settings, registry):
    from content.schema import CONTENT_TYPES, When
    from editor import konfigurasi

    conf = konfigurasi.config(settings, registry)
    for ctype in CONTENT_TYPES.values():
        for opd, coll in collections_of(conf, ctype, registry):
            fields = {f["name"]: f for f in coll["fields"]}
            assert list(fields) == [f.key for f in ctype.fields] + ["body"]
            # Each list's button ("Tambah …") says something no other button of the form says.
            adds = [f["label_singular"] for f in coll["fields"] if f["widget"] == "list" and "label_singular" in f]
            assert len(adds) == len(set(adds)), (coll["name"], adds)
            assert fields["body"]["widget"] == "markdown"
            assert fields["body"]["sanitize_preview"] is True  # the preview of author HTML is cleaned before it shows
            for f in ctype.fields:
                got = fields[f.key]
                where = f"{coll['name']}: {f.key}"
                assert got["label"] == f.label, where
                # A list shown as one box per item is not "comma-separated" in the form.
                helped = konfigurasi._form_words(f.form_help or f.help, ctype)  # another field by its label (test below)
                # The form speaks of what it shows (a picker, a choice's label), not of the file:
                # no path under content/, no setting, no raw value of a choice.
                assert not re.search(r"content/|\.toml|\b[A-Z]{3,}_[A-Z]+\b|`(?:published|draft|ya|softcopy|berlaku)`", got["hint"]), (where, got["hint"])
                boxes = f.kind in ("paths", "urls", "rujukan", "alamat_lama")
                helped = helped.replace(", dipisah koma", "") if boxes else helped
                assert helped in got["hint"] and (not boxes or "dipisah koma" not in got["hint"]), where
                # In an OPD's folder its OPD is required (a halaman's PPID Pelaksana too).
                assert got["required"] is (f.required is True or bool(opd) and f.kind == "opd"), where
                # A condition on another field in the form's words (its label), not the file's key.
                if isinstance(f.required, When):
                    other = next(x for x in ctype.fields if x.name == f.required.key.lower())
                    assert f"Wajib bila {other.label}" in got["hint"], where
                if f.forbidden:
                    other = next(x for x in ctype.fields if x.name == f.forbidden.key.lower())
                    assert f"Dikosongkan bila {other.label}" in got["hint"], where
                if f.kind == "datetime":
                    assert got["widget"] == "datetime" and got["format"] == "YYYY-MM-DD HH:mm", where
                    assert got["picker_utc"] is False and settings["TIMEZONE"] in got["hint"], where
                    # A publication date starts as now; an event's start is the author's to pick
                    # (now was published as the event's date when left).
                    assert got.get("default") == ("{{now}}" if f.key == "Date" else None), where
                elif f.kind == "date":
                    assert got["widget"] == "datetime" and got["format"] == "YYYY-MM-DD" and got["time_format"] is False, where
                elif f.kind in ("choice", "choices", "opd"):
                    assert got["widget"] == "select", where
                    # A per-OPD collection offers its own OPD alone (its folder is that OPD's).
                    allowed = [opd] if f.kind == "opd" and opd else allowed_values(f, settings, registry)
                    assert [o["value"] for o in got["options"]] == allowed, where
                    assert got["multiple"] is (f.kind == "choices"), where
                    if f.kind == "opd" and opd:
                        assert got["default"] == opd, where
                elif f.kind == "image":
                    assert got["widget"] == "image", where
                elif f.kind in ("path", "paths", "audio", "pdf"):
                    listed = f.kind in ("paths", "audio")  # an audio in several formats: a file each
                    picker = got["field"] if listed else got
                    assert got["widget"] == ("list" if listed else "file"), where
                    assert picker["widget"] == "file", where
                    # Uploaded into the OPD's folder, else the type's own (dokumen/regulasi/, audio/halaman/).
                    folder = ("audio" if f.kind == "audio" else "dokumen") + "/" + (opd if ctype.per_opd else ctype.slug)
                    assert picker["media_folder"] == f"/content/{folder}" and picker["public_folder"] == folder, where
                elif f.kind == "list":
                    assert got["widget"] == "list" and "field" not in got, where
                elif f.kind in ("urls", "rujukan"):
                    # One box per item, each checked by the pattern the build's reading agrees with.
                    assert got["widget"] == "list" and got["field"]["widget"] == "string", where
                    item = re.compile(got["field"]["pattern"][0])
                    good, bad = (("https://jdih.sukamajukab.go.id/perbup-7-2019", "Perbup Nomor 7/2019", "perda 3/2010"),
                                 ("jdih.sukamajukab.go.id", "Perbup Nomor 7 Tahun 2019", "perbup 7/2019 dan perda 3/2010",
                                  "pergub 7/20199", "bukan 7/2019", "perbup 7/2019 perda 3/2010"))
                    for text in good[:1] if f.kind == "urls" else good[1:]:
                        assert item.fullmatch(text), (where, text)
                    for text in bad[:1] if f.kind == "urls" else bad[1:]:
                        assert not item.match(text), (where, text)
                elif f.kind == "alamat_lama":
                    # One box per former address, each checked as the build reads it.
                    assert got["widget"] == "list" and got["field"]["widget"] == "string", where
                    item = re.compile(got["field"]["pattern"][0])
                    # Its message shows an address of the form's own type (a DIP form, a DIP entry's).
                    assert got["field"]["pattern"][1].endswith(f"mis. {f.example}") \
                        and f.example.startswith(f"/{ctype.slug}/" if ctype.slug != "halaman" else "/"), where
                    for text in ("/agenda/2026/11/apel-siaga/", "https://sukamajukab.go.id/berita/2026/02/rakor/index.html"):
                        assert item.fullmatch(text) and kinds.parse_old_address(text)[1] is None, (where, text)
                    for text in ("/agenda/2026 11/apel/", "/berita/?p=12", "/berita/2026/11/rapat!/", "ftp://x/y",
                                 "/berita/2026/11/rapat-é/", "/berita/2026/11/a,b/", "/.git/", "https://x.id/"):
                        assert not item.match(text) and kinds.parse_old_address(text)[1], (where, text)
                elif f.kind == "integer":
                    assert got["widget"] == "number" and got["value_type"] == "int", where
                else:
                    assert got["widget"] == "string", where
                    assert ("pattern" in got) is (f.kind in konfigurasi.PATTERNS), where


@pytest.mark.parametrize(
    "kind, good, bad",
    # (A space typed after a value: the header's value is read trimmed, and the box cannot show it.)
    [("year", ["2026", "2026 "], ["26", "2026-01", "tahun 2026", "20 26"]),
     ("date_or_year", ["2026", "2026-07-15", "2026-07-15 ", " 2026"], ["15-07-2026", "2026-7-15", "2026 07"]),
     ("url", ["https://sukamajukab.go.id/a", "http://x.id", "Https://www.komdigi.go.id/berita/1", "https://x.id/a ",
              "https://www.google.com/maps/@-7.3912,109.3632,15z"],
      ["sukamajukab.go.id", "ftp://x.id", "https://komdigi.go.id@evil.example/x", "https:///berita/1"])],
)
def test_patterns_accept_what_validation_accepts(kind, good, bad):
    from editor import konfigurasi

    pattern, message = konfigurasi.PATTERNS[kind]
    # JavaScript RegExp syntax is the same for these patterns.
    assert all(re.search(pattern, v) for v in good)
    assert not any(re.search(pattern, v) for v in bad)
    assert message and message[0].isupper()


def test_a_field_added_to_the_schema_appears_with_no_other_change(monkeypatch, settings, registry):
    from content import schema
    from editor import konfigurasi

    extra = schema.Field("Lokasi-Kegiatan", "text", "Lokasi kegiatan", "Desa atau kecamatan tempat kegiatan.", required=True)
    extra_list = schema.Field("Mitra", "list", "Mitra", "Lembaga mitra, dipisah koma.")
    berita = dataclasses.replace(schema.BERITA, fields=(*schema.BERITA.fields, extra, extra_list))
    regulasi = schema.ContentType("regulasi", "Regulasi", (schema.TITLE, schema.OPD), url="regulasi/{slug}/")
    monkeypatch.setitem(schema.CONTENT_TYPES, "berita", berita)
    monkeypatch.setitem(schema.CONTENT_TYPES, "regulasi", regulasi)

    conf = konfigurasi.config(settings, registry)
    for opd, coll in collections_of(conf, berita, registry):
        got = {f["name"]: f for f in coll["fields"]}
        assert got["Lokasi-Kegiatan"] == got["Lokasi-Kegiatan"] | {"label": "Lokasi kegiatan", "widget": "string", "required": True}
        assert got["Mitra"]["widget"] == "list"
    assert len(collections_of(conf, regulasi, registry)) == len(registry)
    tables = konfigurasi.format_tables()
    assert tables["situs-berita"]["keys"][-2:] == ["Lokasi-Kegiatan", "Mitra"]
    assert "Mitra" in tables["situs-berita"]["lists"] and "Lokasi-Kegiatan" not in tables["situs-berita"]["lists"]
    assert tables["situs-regulasi"]["keys"] == ["Title", "OPD"]


def test_format_tables_follow_the_schema_order_and_lists():
    from content.schema import CONTENT_TYPES
    from editor import konfigurasi

    tables = konfigurasi.format_tables()
    for ctype in CONTENT_TYPES.values():
        table = tables[konfigurasi.format_name(ctype)]
        assert table["keys"] == [f.key for f in ctype.fields]
        assert table["lists"] == [f.key for f in ctype.fields if f.kind in konfigurasi.LIST_KINDS]
        # Web addresses may hold commas: their lists are split before the next address only.
        assert table["separators"] == {f.key: r",\s*(?=[Hh][Tt][Tt][Pp][Ss]?://)" for f in ctype.fields if f.kind == "urls"}


@pytest.mark.parametrize("value, limit", [(None, 30_000_000), (5, 5_000_000), (2.5, 2_500_000), ("tiga puluh", None), (0, None)])
def test_the_upload_limit_comes_from_the_settings(settings, registry, value, limit):
    from editor import konfigurasi

    given = dict(settings) if value is None else {**settings, "REDAKSI_BERKAS_MAKS_MB": value}
    given.pop("REDAKSI_BERKAS_MAKS_MB", None) if value is None else None
    if limit is None:
        with pytest.raises(konfigurasi.SettingError, match="harus berupa angka megabita lebih dari 0, mis. 30"):
            konfigurasi.config(given, registry)
        return
    conf = konfigurasi.config(given, registry)
    regulasi = next(c for c in conf["collections"] if c["name"] == "regulasi")
    docs = next(f for f in regulasi["fields"] if f["name"] == "Dokumen")
    assert docs["media_library"]["config"]["max_file_size"] == limit


@pytest.mark.parametrize("short, absent, present, own", [
    ("Kabupaten Sukamaju", {"perwali", "kepwali"}, {"perbup", "kepbup", "pergub", "perda"}, "perbup"),
    ("Kota Mekarsari", {"perbup", "kepbup"}, {"perwali", "kepwali", "pergub", "perda"}, "perwali"),
    ("Provinsi Jawa Kulon", {"perbup", "kepbup", "perwali", "kepwali"}, {"pergub", "kepgub", "perda"}, "pergub"),
])
def test_the_editor_offers_the_regions_own_instruments(settings, registry, short, absent, present, own):
    """A kota's authors were offered "Peraturan Bupati": the form lists the instruments of the
    region's kind (the build still takes every default of CONTENT.md), and never starts on
    one it does not list (a kota's form had "perbup" chosen, outside its options);
    `new regulasi` writes the head's own regulation (a kota's Perwali)."""
    from content import regulasi as instruments
    from editor import konfigurasi

    given = {**settings, "SITENAME_SHORT": short, "REGULASI_JENIS": None}
    conf = konfigurasi.config(given, registry)
    regulasi = next(c for c in conf["collections"] if c["name"] == "regulasi")
    jenis = next(f for f in regulasi["fields"] if f["name"] == "Jenis")
    offered = {o["value"] for o in jenis["options"]}
    assert not offered & absent and present <= offered, offered
    assert jenis.get("default") in offered | {None}, jenis.get("default")
    assert instruments.head_regulation(given) == own


def test_a_fields_condition_is_said_with_the_form_s_labels(settings, registry):
    from editor import konfigurasi

    conf = konfigurasi.config(settings, registry)
    news = next(c for c in conf["collections"] if c["name"] == "berita-dinkes")
    alt = next(f for f in news["fields"] if f["name"] == "Image-Alt")
    assert alt["hint"].endswith("Wajib bila Foto diisi.") and "Image" not in alt["hint"], alt["hint"]
    credit = next(f for f in news["fields"] if f["name"] == "Foto")
    assert credit["hint"].endswith("Hanya dipakai bila Foto diisi.") and "Image" not in credit["hint"], credit["hint"]
    editor_ = next(f for f in news["fields"] if f["name"] == "Redaktur")
    assert '"Oleh <Penulis>, Redaktur: <Redaktur>"' in editor_["hint"], editor_["hint"]
    dip = next(c for c in conf["collections"] if c["name"] == "dip-dinkes")
    docs = next(f for f in dip["fields"] if f["name"] == "Dokumen")
    assert "Dikosongkan bila Jenis informasi: Informasi yang Dikecualikan." in docs["hint"], docs["hint"]


def test_backend_workflow_and_local_mode_come_from_the_settings(settings, registry):
    from editor import konfigurasi

    conf = konfigurasi.config(settings, registry)
    assert conf["publish_mode"] == "editorial_workflow"
    assert conf["backend"] == {**settings["REDAKSI_BACKEND"], "commit_messages": konfigurasi.COMMIT_MESSAGES}
    assert conf["backend"]["commit_messages"]["update"] == "Ubah {{collection}} “{{slug}}”"
    assert conf["local_backend"] is True and conf["locale"] == "id"
    assert all(c["delete"] is False for c in conf["collections"])  # Decap deletes on main, unreviewed
    gitlab = {"name": "gitlab", "repo": "diskominfo/situs", "auth_type": "pkce", "app_id": "x",
              "api_root": "https://git.sukamajukab.go.id/api/v4", "base_url": "https://git.sukamajukab.go.id"}
    conf = konfigurasi.config({**settings, "REDAKSI_BACKEND": gitlab, "REDAKSI_LOCAL_BACKEND": False}, registry)
    assert conf["backend"] == {**gitlab, "commit_messages": konfigurasi.COMMIT_MESSAGES} and "local_backend" not in conf
    # A site's own messages stay its own.
    own = {**gitlab, "commit_messages": {"create": "Tambah {{slug}}"}}
    assert konfigurasi.config({**settings, "REDAKSI_BACKEND": own}, registry)["backend"]["commit_messages"] == {"create": "Tambah {{slug}}"}


def directive(policy: str, name: str) -> list[str]:
    """The sources of one directive of a Content-Security-Policy."""
    (found,) = [d.split()[1:] for d in policy.split("; ") if d.split()[0] == name]
    return found


def test_editor_policy_names_the_git_host_of_the_settings(settings):
    """The editor may talk to its Git host and to nothing else: GitHub's API by default,
    a self-managed GitLab's own address when the settings name one, decap-server only in
    the page's own policy (local mode), never in nginx's header."""
    from publish import csp

    header, meta = csp.editor_header(settings), csp.editor_meta(settings)
    assert directive(header, "connect-src") == ["'self'", "blob:", "https://api.github.com"]
    assert "https://avatars.githubusercontent.com" in directive(header, "img-src")
    assert directive(meta, "connect-src") == ["'self'", "blob:", "https://api.github.com", "http://localhost:8081"]
    assert "frame-ancestors" not in meta and directive(header, "frame-ancestors") == ["'none'"]
    assert directive(meta, "script-src") == directive(header, "script-src") == ["'self'", "'unsafe-eval'"]

    gitlab = {"name": "gitlab", "repo": "diskominfo/situs", "auth_type": "pkce", "app_id": "x",
              "api_root": "https://git.sukamajukab.go.id/api/v4", "base_url": "https://git.sukamajukab.go.id"}
    own = {**settings, "REDAKSI_BACKEND": gitlab, "REDAKSI_LOCAL_BACKEND": False}
    meta = csp.editor_meta(own)
    assert directive(meta, "connect-src") == ["'self'", "blob:", "https://git.sukamajukab.go.id"]
    assert "https://git.sukamajukab.go.id" in directive(meta, "img-src")
    assert "github" not in meta and "localhost" not in meta

    local = {**settings, "REDAKSI_LOCAL_BACKEND": {"url": "http://127.0.0.1:9000/api/v1"}}
    assert directive(csp.editor_meta(local), "connect-src")[-1] == "http://127.0.0.1:9000"
    assert "127.0.0.1" not in csp.editor_header(local)


@pytest.mark.parametrize("address", ["https://git.x.go.id; script-src *", "javascript:alert(1)", "git.x.go.id", 'https://a"b.go.id'])
def test_an_address_that_is_not_one_stops_the_build_and_never_reaches_the_policy(site, capsys, address):
    gitlab = {"name": "gitlab", "repo": "diskominfo/situs", "api_root": address}
    site.output.mkdir()
    (site.output / "lama.txt").write_text("x")
    assert site.build(REDAKSI_BACKEND=gitlab) == 1
    err = capsys.readouterr().err
    assert "pelicanconf.py: REDAKSI_BACKEND: api_root" in err and "bukan alamat http:// atau https://" in err, err
    assert (site.output / "lama.txt").is_file() and not (site.output / "admin").exists()


@pytest.mark.parametrize("host", ['youtube.com" always; location /bocor { alias /etc/; } add_header X-A "b',
                                  "https://www.youtube.com/", "youtube.com; script-src *"])
def test_an_embed_host_that_is_not_one_stops_the_build_and_never_reaches_the_server_config(site, capsys, tmp_path, host):
    """EMBED_ALLOWED_HOSTS goes into the policy nginx sends (deploy/nginx.conf, written by
    ./run.sh nginx-csp and installed by an administrator): a quote there ended the header
    and added a location serving /etc."""
    from publish import csp

    site.output.mkdir()
    (site.output / "lama.txt").write_text("x")
    assert site.build(EMBED_ALLOWED_HOSTS=("www.youtube.com", host)) == 1
    err = capsys.readouterr().err
    assert "pelicanconf.py: EMBED_ALLOWED_HOSTS:" in err and "bukan nama host yang sah" in err, err
    assert (site.output / "lama.txt").is_file()
    conf = tmp_path / "nginx.conf"
    shutil.copyfile(ROOT / "deploy" / "nginx.conf", conf)
    before = conf.read_bytes()
    with pytest.raises(csp.PolicyError):
        csp.write_nginx(conf, ("www.youtube.com", host), {})
    assert conf.read_bytes() == before


def test_a_field_only_some_kinds_may_fill_says_so_in_its_hint(settings, registry):
    """The consequence test's PDF and a situation's end may be filled in only for one kind of
    entry: the form says which (the build refuses it elsewhere), a field required for that
    kind does not say it twice."""
    from content.schema import DIP
    from editor.konfigurasi import config

    conf = config(settings, registry)
    _, collection = collections_of(conf, DIP, registry)[0]
    hints = {f["name"]: f.get("hint", "") for f in collection["fields"]}
    assert "Hanya diisi bila Jenis informasi: Informasi yang Dikecualikan." in hints["Dokumen-Uji-Konsekuensi"], hints
    assert "Hanya diisi bila Jenis informasi: Informasi Serta-merta." in hints["Berakhir"], hints
    assert "Hanya diisi bila" not in hints["Dasar-Hukum"] and "Wajib bila" in hints["Dasar-Hukum"]


def test_the_build_gives_the_editor_each_published_item_s_address_by_its_file(site):
    """What the form reads at the save of an item the site publishes (``admin/alamat.json``):
    the address of each published news item, DIP entry, static page and regulation, by the
    file the editor names; a draft has none (nothing was shared). And how the build spells
    its titles' letters (``skema.js``; "°" is "deg"): both come from the editor's derive
    step, which builds ran only when the editor was in PLUGINS, where the sample does not
    list it."""
    import json

    site.write("berita/dinkes/suhu.md", NEWS.replace("Posyandu Serentak di Kecamatan Karangsari", "Suhu Capai 36°C"))
    site.write("berita/dinkes/rancangan.md", NEWS.replace("Posyandu Serentak", "Rancangan Posyandu").replace("Tags:", "Status: draft\nTags:"))
    site.write("regulasi/2024-perbup-12.md", REGULATION)
    site.write("dokumen/regulasi/perbup-12-2024.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert site.build() == 0
    addresses = json.loads((site.output / "admin" / "alamat.json").read_text(encoding="utf-8"))
    assert addresses["content/berita/dinkes/posyandu.md"] == "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"
    assert addresses["content/dip/dinkes/laporan-keuangan.md"] == "dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/"
    assert addresses["content/halaman/profil-ppid.md"] == "profil-ppid/"
    assert "content/berita/dinkes/rancangan.md" not in addresses
    assert addresses["content/regulasi/2024-perbup-12.md"] == "regulasi/2024/perbup-12/"
    assert addresses["content/berita/dinkes/suhu.md"] == "berita/2026/11/suhu-capai-36degc/"
    for address in addresses.values():  # each one a page of the site
        assert (site.output / address / "index.html").is_file(), address
    skema = (site.output / "admin" / "skema.js").read_text(encoding="utf-8")
    assert json.loads(skema.split("window.SITUS_SKEMA = ", 1)[1].rstrip().rstrip(";"))["huruf"] == {"°": "deg"}


REGULATION = """
Title: Pedoman Pengelolaan Posyandu
Jenis: perbup
Nomor: 12
Tahun: 2024
Tanggal-Penetapan: 2024-04-22
Status-Berlaku: berlaku
Dokumen: dokumen/regulasi/perbup-12-2024.pdf
Date: 2026-11-01 10:00

Isi peraturan.
"""


def test_a_dip_entry_s_text_box_says_what_a_serta_merta_entry_holds(settings, registry):
    """A new entry in the editor starts empty; `./run.sh new dip --jenis serta-merta` writes
    the four parts of an emergency announcement (KIP.md). The text box's hint names them,
    from the same scaffold; a news item's does not."""
    import re as re_

    from content.schema import SERTA_MERTA_BODY
    from editor import konfigurasi

    conf = konfigurasi.config(settings, registry)
    body = {c["name"]: next(f for f in c["fields"] if f["name"] == "body")["hint"] for c in conf["collections"]}
    headings = re_.findall(r"^## (.+)$", SERTA_MERTA_BODY, re_.M)
    assert len(headings) == 3
    for opd in registry:
        assert "serta-merta" in body[f"dip-{opd}"] and "keadaan yang diumumkan dan bahayanya" in body[f"dip-{opd}"]
        assert all(f"«{h}»" in body[f"dip-{opd}"] for h in headings), body[f"dip-{opd}"]
    assert "serta-merta" not in body["berita-dinkes"] and body["berita-dinkes"].startswith("Isi dalam Markdown.")
