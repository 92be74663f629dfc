"""Agenda: the upcoming/past split around SOURCE_DATE_EPOCH, the home excerpt, the
event page and the iCalendar feed, read back from the built output."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from icalendar import Calendar

from conftest import EPOCH

SITEURL = "https://contoh.sukamajukab.go.id"
WIB = ZoneInfo("Asia/Jakarta")
TODAY = datetime.fromtimestamp(int(EPOCH), tz=timezone.utc).astimezone(WIB).date()


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """A moment `days` after the fixed build day, WIB."""
    day = TODAY + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


def fmt(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


# slug, OPD, Mulai, Selesai, Tempat, Tautan-Siaran
EVENTS = [
    ("rapat-tahun-lalu", "dinkes", at(-400, 9), at(-400, 12), "Aula Dinkes", ""),
    ("rapat-pekan-lalu", "bpbd", at(-11, 9), at(-11, 12), "Posko BPBD", ""),
    ("pelatihan-tiga-hari", "bpbd", at(-1, 8), at(1, 16), "Gedung Serbaguna Sukamaju", ""),
    ("apel-pagi-ini", "bpbd", at(0, 7, 30), None, "Alun-alun Sukamaju", ""),
    ("webinar-daring", "dinkes", at(4, 10), at(4, 12), "Daring", "https://www.youtube.com/@sukamajukab"),
    ("posyandu-akbar", "dinkes", at(11, 8), at(11, 12), "Balai Desa Karangsari", ""),
    ("konsultasi-publik", "dinkes", at(50, 8, 30), at(50, 13), "Pendapa Kabupaten", "https://www.youtube.com/@sukamajukab"),
]
UPCOMING = ["pelatihan-tiga-hari", "apel-pagi-ini", "webinar-daring", "posyandu-akbar", "konsultasi-publik"]
PAST = ["rapat-pekan-lalu", "rapat-tahun-lalu"]


def title(slug: str) -> str:
    return "Agenda " + slug.replace("-", " ").title()


def event_url(slug: str) -> str:
    mulai = next(e[2] for e in EVENTS if e[0] == slug)
    return f"agenda/{mulai:%Y}/{mulai:%m}/{slug}/"


@pytest.fixture
def agenda_site(site):
    for slug, opd, mulai, selesai, tempat, siaran in EVENTS:
        lines = [f"Title: {title(slug)}", f"Slug: {slug}", f"OPD: {opd}", f"Mulai: {fmt(mulai)}"]
        if selesai:
            lines.append(f"Selesai: {fmt(selesai)}")
        lines.append(f"Tempat: {tempat}")
        if siaran:
            lines.append(f"Tautan-Siaran: {siaran}")
        site.write(f"agenda/{opd}/{slug}.md", "\n".join(lines) + f"\n\nUraian kegiatan {slug}.\n")
    return site


def slugs_in(html: str, section_id: str) -> list[str]:
    """The event slugs linked from one section of a page, in page order."""
    tree = lxml.html.fromstring(html)
    section = tree.xpath(f"//section[@aria-labelledby='{section_id}']")
    assert section, f"section {section_id} missing"
    hrefs = section[0].xpath(".//article//a/@href")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def test_agenda_lists_upcoming_soonest_first_then_past_newest_first(agenda_site):
    assert agenda_site.build() == 0
    page = agenda_site.read("agenda/index.html")
    assert slugs_in(page, "agenda-mendatang") == UPCOMING
    assert slugs_in(page, "agenda-lalu") == PAST
    assert 'href="/agenda.ics"' in page


def test_the_split_follows_the_build_day(agenda_site, monkeypatch):
    # Twenty days later the webinar and the posyandu are over too.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 20 * 86400))
    assert agenda_site.build() == 0
    page = agenda_site.read("agenda/index.html")
    assert slugs_in(page, "agenda-mendatang") == ["konsultasi-publik"]
    assert slugs_in(page, "agenda-lalu") == ["posyandu-akbar", "webinar-daring", "apel-pagi-ini", "pelatihan-tiga-hari", *PAST]


def test_home_shows_the_next_three(agenda_site):
    assert agenda_site.build() == 0
    assert slugs_in(agenda_site.read("index.html"), "agenda-beranda") == UPCOMING[:3]


def test_home_has_no_agenda_section_when_nothing_is_upcoming(site):
    site.write("agenda/dinkes/lalu.md", f"Title: Rapat Lama\nOPD: dinkes\nMulai: {fmt(at(-30, 9))}\nTempat: Aula\n\nSelesai.\n")
    assert site.build() == 0
    assert "agenda-beranda" not in site.read("index.html")
    assert "Belum ada agenda yang dijadwalkan" in site.read("agenda/index.html")


def test_event_page_shows_date_time_zone_place_and_stream(agenda_site):
    assert agenda_site.build() == 0
    page = agenda_site.read(event_url("webinar-daring") + "index.html")
    mulai = at(4, 10)
    text = " ".join(lxml.html.fromstring(page).text_content().split())
    from content.tanggal import tanggal_hari

    assert f"{tanggal_hari(mulai)}, 10:00 WIB – 12:00 WIB" in text
    assert "Daring (online)" in text
    assert '<a href="https://www.youtube.com/@sukamajukab"' in page
    multi = " ".join(lxml.html.fromstring(agenda_site.read(event_url("pelatihan-tiga-hari") + "index.html")).text_content().split())
    assert f"{tanggal_hari(at(-1, 8))}, 08:00 WIB – {tanggal_hari(at(1, 16))}, 16:00 WIB" in multi
    assert "Sedang berlangsung" in multi
    assert "Gedung Serbaguna Sukamaju" in multi


def read_calendar(site) -> Calendar:
    return Calendar.from_ical((site.output / "agenda.ics").read_bytes())


def test_ics_has_every_event_with_zone_place_and_url(agenda_site):
    assert agenda_site.build(SITEURL=SITEURL) == 0
    cal = read_calendar(agenda_site)
    assert str(cal["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {title(e[0]) for e in EVENTS}
    for slug, _opd, mulai, selesai, tempat, siaran in EVENTS:
        ev = events[title(slug)]
        start = ev.decoded("DTSTART")
        assert start == mulai and start.utcoffset() == timedelta(hours=7)
        assert ev["DTSTART"].params["TZID"] == "Asia/Jakarta"
        if selesai:
            assert ev.decoded("DTEND") == selesai
        assert str(ev["URL"]) == f"{SITEURL}/{event_url(slug)}"
        assert str(ev["UID"]) == f"agenda/{_opd}/{slug}@contoh.sukamajukab.go.id"
        assert str(ev["LOCATION"]).startswith(tempat)
        assert f"Uraian kegiatan {slug}." in str(ev["DESCRIPTION"])
        if siaran:
            assert siaran in str(ev["DESCRIPTION"])
        assert ev.decoded("DTSTAMP") == datetime.fromtimestamp(int(EPOCH), tz=timezone.utc)


def test_a_coming_event_offers_its_own_calendar_file_a_past_one_its_stream_as_past(agenda_site):
    """"Tambahkan acara ini ke kalender" is that event alone (the same VEVENT as in
    agenda.ics); a past event offers no such file, and its stream is no longer "live"."""
    site = agenda_site
    site.write("agenda/dinkes/webinar-lalu.md", f"Title: Webinar Lalu\nSlug: webinar-lalu\nOPD: dinkes\n"
               f"Mulai: {fmt(at(-3, 10))}\nSelesai: {fmt(at(-3, 12))}\nTempat: Daring\n"
               "Tautan-Siaran: https://www.youtube.com/@sukamajukab\n\nUraian.\n")
    assert site.build(SITEURL=SITEURL) == 0
    page = lxml.html.fromstring(site.read(event_url("webinar-daring") + "index.html"))
    own = page.xpath("//a[normalize-space()='Tambahkan acara ini ke kalender (.ics)']/@href")
    assert own == [f"{SITEURL}/{event_url('webinar-daring')}acara.ics"]
    one = Calendar.from_ical((site.output / event_url("webinar-daring") / "acara.ics").read_bytes())
    (event,) = one.walk("VEVENT")
    same = next(e for e in read_calendar(site).walk("VEVENT") if str(e["SUMMARY"]) == title("webinar-daring"))
    assert event.to_ical() == same.to_ical()
    assert page.xpath("//a[normalize-space()='Semua agenda untuk aplikasi kalender (.ics)']/@href") == [f"{SITEURL}/agenda.ics"]
    assert "Siaran langsung" in page.text_content()
    past = lxml.html.fromstring(site.read("agenda/" + f"{at(-3, 10):%Y/%m}" + "/webinar-lalu/index.html"))
    text = " ".join(past.text_content().split())
    assert "Siaran langsung" not in text and "Tautan siaran acara ini (acara telah berlangsung" in text
    assert not past.xpath("//a[contains(@href, 'acara.ics')]")
    assert not list((site.output / "agenda").rglob("webinar-lalu/acara.ics"))


def test_ics_is_reproducible_and_uids_are_unique(agenda_site):
    assert agenda_site.build(SITEURL=SITEURL) == 0
    first = (agenda_site.output / "agenda.ics").read_bytes()
    assert agenda_site.build(SITEURL=SITEURL) == 0
    assert (agenda_site.output / "agenda.ics").read_bytes() == first
    uids = [str(e["UID"]) for e in read_calendar(agenda_site).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(EVENTS)


def test_a_rescheduled_and_retitled_event_keeps_its_calendar_uid(agenda_site):
    """Moved to another month and its title corrected, the event gets a new address (the
    month and the slug are in it) but stays the same event for a calendar that has it:
    the same UID, the new day, one event, not two."""
    site = agenda_site

    def uids():
        assert site.build(SITEURL=SITEURL) == 0
        return {str(e["UID"]): e for e in read_calendar(site).walk("VEVENT")}

    before = uids()
    moved = at(50 + 40, 9)
    site.write("agenda/dinkes/konsultasi-publik.md", f"Title: Konsultasi Publik Rancangan RKPD\nOPD: dinkes\n"
               f"Mulai: {fmt(moved)}\nTempat: Pendapa Kabupaten\n\nUraian.\n")
    after = uids()
    assert set(after) == set(before)
    event = after["agenda/dinkes/konsultasi-publik@contoh.sukamajukab.go.id"]
    assert event.decoded("DTSTART") == moved
    assert str(event["SUMMARY"]) == "Konsultasi Publik Rancangan RKPD"
    assert str(event["URL"]) == f"{SITEURL}/agenda/{moved:%Y/%m}/konsultasi-publik-rancangan-rkpd/"
    one = Calendar.from_ical((site.output / f"agenda/{moved:%Y/%m}/konsultasi-publik-rancangan-rkpd/acara.ics").read_bytes())
    assert [str(e["UID"]) for e in one.walk("VEVENT")] == ["agenda/dinkes/konsultasi-publik@contoh.sukamajukab.go.id"]


def test_an_event_without_hours_shows_its_days_and_is_a_whole_day_in_calendars(agenda_site):
    """``Sepanjang-Hari: ya``: an exhibition over three days, written with dates alone, and
    a one-day event whose start the editor's calendar wrote with an hour. Their pages show
    the days without "00:00"; calendars get whole days (DTSTART;VALUE=DATE, DTEND the day
    after the last); ``check`` does not ask for the hours; the split follows the days."""
    site = agenda_site
    site.write("agenda/dinkes/pameran.md", f"Title: Pameran UMKM\nOPD: dinkes\nMulai: {at(-1, 0):%Y-%m-%d}\n"
               f"Selesai: {at(1, 0):%Y-%m-%d}\nSepanjang-Hari: ya\nTempat: Alun-alun Sukamaju\n\nUraian.\n")
    site.write("agenda/dinkes/hari-jadi.md", f"Title: Hari Jadi Kabupaten\nOPD: dinkes\nMulai: {fmt(at(3, 14, 25))}\n"
               "Sepanjang-Hari: ya\nTempat: Pendapa Kabupaten\n\nUraian.\n")
    site.write("agenda/dinkes/kemarin.md", f"Title: Bakti Sosial Kemarin\nOPD: dinkes\nMulai: {at(-1, 0):%Y-%m-%d}\n"
               "Sepanjang-Hari: ya\nTempat: Desa Karangsari\n\nUraian.\n")
    report = site.check()
    assert not report.errors, [str(p) for p in report.errors]
    assert not [str(w) for w in report.warnings if "tanpa jam" in str(w)]
    assert site.build(SITEURL=SITEURL) == 0
    from content.tanggal import tanggal_hari

    def text(rel):
        return " ".join(lxml.html.fromstring(site.read(rel)).text_content().split())

    pameran = text(f"agenda/{at(-1, 0):%Y/%m}/pameran-umkm/index.html")
    assert f"{tanggal_hari(at(-1, 0))} – {tanggal_hari(at(1, 0))}, sepanjang hari" in pameran
    assert "Sedang berlangsung" in pameran and "00:00" not in pameran
    hari_jadi = text(f"agenda/{at(3, 0):%Y/%m}/hari-jadi-kabupaten/index.html")
    assert f"{tanggal_hari(at(3, 0))}, sepanjang hari" in hari_jadi and "14:25" not in hari_jadi
    page = lxml.html.fromstring(site.read(f"agenda/{at(3, 0):%Y/%m}/hari-jadi-kabupaten/index.html"))
    assert page.xpath("//dd//time/@datetime") == [f"{at(3, 0):%Y-%m-%d}"]
    events = {str(e["SUMMARY"]): e for e in read_calendar(site).walk("VEVENT")}
    assert events["Pameran UMKM"]["DTSTART"].params.get("VALUE") == "DATE"
    assert events["Pameran UMKM"].decoded("DTSTART") == at(-1, 0).date()
    assert events["Pameran UMKM"].decoded("DTEND") == at(2, 0).date()
    assert events["Hari Jadi Kabupaten"].decoded("DTSTART") == at(3, 0).date()
    assert events["Hari Jadi Kabupaten"].decoded("DTEND") == at(4, 0).date()
    assert slugs_in(site.read("agenda/index.html"), "agenda-mendatang")[:1] == ["pameran-umkm"]
    assert "bakti-sosial-kemarin" in slugs_in(site.read("agenda/index.html"), "agenda-lalu")


def test_a_postponed_or_cancelled_event_keeps_its_page_and_says_so(agenda_site):
    """``Pelaksanaan: ditunda`` / ``dibatalkan``: the page a citizen was sent stays and says
    it; the agenda lists a postponed event (its day unknown) after the dated ones, and a
    cancelled one by its day, both marked; calendars that hold it mark it (STATUS and the
    word in the title) and no "add to calendar" file or live stream is offered."""
    site = agenda_site
    for slug, keadaan in (("webinar-daring", "dibatalkan"), ("posyandu-akbar", "ditunda"), ("rapat-pekan-lalu", "dibatalkan")):
        path = site.content / f"agenda/{next(e[1] for e in EVENTS if e[0] == slug)}/{slug}.md"
        path.write_text(path.read_text().replace("\n\n", f"\nPelaksanaan: {keadaan}\n\n", 1))
    assert site.build(SITEURL=SITEURL) == 0

    def text(slug):
        return " ".join(lxml.html.fromstring(site.read(event_url(slug) + "index.html")).text_content().split())

    from content.tanggal import tanggal_hari

    batal = text("webinar-daring")
    assert "Status Dibatalkan" in batal
    assert "Siaran langsung" not in batal and "Tambahkan acara ini ke kalender" not in batal
    assert not (site.output / event_url("webinar-daring") / "acara.ics").exists()
    tunda = text("posyandu-akbar")
    assert f"Semula {tanggal_hari(at(11, 8))}, 08:00 WIB – 12:00 WIB; jadwal barunya akan diumumkan" in tunda
    assert "Status Ditunda" in tunda
    assert "Status Dibatalkan" in text("rapat-pekan-lalu") and "Telah berlangsung" not in text("rapat-pekan-lalu")
    agenda = site.read("agenda/index.html")
    upcoming = slugs_in(agenda, "agenda-mendatang")
    assert upcoming == ["pelatihan-tiga-hari", "apel-pagi-ini", "webinar-daring", "konsultasi-publik", "posyandu-akbar"]
    cards = {a.xpath(".//a/@href")[0].rstrip("/").rsplit("/", 1)[-1]: " ".join(a.text_content().split())
             for a in lxml.html.fromstring(agenda).xpath("//main//article")}
    assert "Dibatalkan" in cards["webinar-daring"] and "Ditunda" in cards["posyandu-akbar"]
    assert "Dibatalkan" in cards["rapat-pekan-lalu"] and "Akan datang" not in cards["konsultasi-publik"]
    events = {str(e["UID"]).split("@")[0].rsplit("/", 1)[-1]: e for e in read_calendar(site).walk("VEVENT")}
    assert str(events["webinar-daring"]["STATUS"]) == "CANCELLED"
    assert str(events["webinar-daring"]["SUMMARY"]) == "Dibatalkan: " + title("webinar-daring")
    assert str(events["posyandu-akbar"]["STATUS"]) == "TENTATIVE"
    assert str(events["posyandu-akbar"]["SUMMARY"]) == "Ditunda: " + title("posyandu-akbar")
    assert "ditunda" in str(events["posyandu-akbar"]["DESCRIPTION"])
    assert str(events["konsultasi-publik"]["STATUS"]) == "CONFIRMED"


def test_a_date_without_hour_asks_for_the_hour_or_a_whole_day(site):
    site.write("agenda/dinkes/rapat.md", "Title: Rapat\nOPD: dinkes\nMulai: 2026-11-20\nTempat: Aula\n\nIsi.\n")
    warnings = [str(w) for w in site.check().warnings]
    assert any("rapat.md: Mulai: 2026-11-20 tanpa jam tampil sebagai pukul 00:00; tulis jamnya juga, mis. "
               "2026-11-20 09:00, atau tulis Sepanjang-Hari: ya untuk acara tanpa jam" in w for w in warnings), warnings


def test_agenda_page_offers_a_subscription_when_the_site_has_an_address(agenda_site):
    assert agenda_site.build(SITEURL=SITEURL) == 0
    page = agenda_site.read("agenda/index.html")
    assert 'href="webcal://contoh.sukamajukab.go.id/agenda.ics"' in page
    assert f'href="{SITEURL}/agenda.ics"' in page


@pytest.mark.parametrize(
    "rel, header, message",
    [
        ("agenda/dinkes/terbalik.md", "Mulai: 2026-12-02 10:00\nSelesai: 2026-12-02 08:00\nTempat: Aula",
         "agenda/dinkes/terbalik.md: Selesai: tidak boleh sebelum Mulai"),
        ("agenda/dinkes/tanpa-tempat.md", "Mulai: 2026-12-02 10:00", "agenda/dinkes/tanpa-tempat.md: Tempat: wajib diisi"),
        ("agenda/dinkes/siaran-ftp.md", "Mulai: 2026-12-02 10:00\nTempat: Daring\nTautan-Siaran: ftp://siaran.contoh/",
         "agenda/dinkes/siaran-ftp.md: Tautan-Siaran: \"ftp://siaran.contoh/\" bukan alamat web yang sah"),
    ],
)
def test_bad_agenda_stops_the_build_naming_file_and_key(site, capsys, rel, header, message):
    site.write(rel, f"Title: Acara Bermasalah\nOPD: dinkes\n{header}\n\nIsi.\n")
    assert site.build() == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not (site.output / "agenda").exists()
