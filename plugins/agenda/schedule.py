"""The agenda list, the home-page excerpt and the iCalendar feed.

"Today" is the run's ``now`` (SOURCE_DATE_EPOCH when set), so a
build is reproducible and the upcoming/past split moves only when the site is
rebuilt: sites rebuild daily (see README).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from icalendar import Calendar
from icalendar import Event as VEvent
from pelican.generators import Generator

from common.urls import absolute_base

ACARA_ICS = "acara.ics"  # a coming event's own calendar file, beside its page
from content.generator import Event
from content.schema import PELAKSANAAN

logger = logging.getLogger(__name__)

DEFAULTS = {
    "AGENDA_LIST_URL": "agenda/",
    "AGENDA_LIST_SAVE_AS": "agenda/index.html",
    "AGENDA_ICS_SAVE_AS": "agenda.ics",
    "AGENDA_BERANDA_JUMLAH": 3,
    "AGENDA_DARING": ("Daring", "Online", "Virtual"),
}

SESUAI_JADWAL = PELAKSANAAN[0].slug  # the Pelaksanaan of an event as scheduled
STATUS_LABELS = {
    "mendatang": "Akan datang",
    "hari-ini": "Hari ini",
    "berlangsung": "Sedang berlangsung",
    "selesai": "Telah berlangsung",
    # Otherwise, its Pelaksanaan (ditunda, dibatalkan) by the schema's labels.
    **{t.slug: t.label for t in PELAKSANAAN if t.slug != SESUAI_JADWAL},
}


@dataclass(frozen=True)
class Jadwal:
    """When and where one event happens, as the templates show it."""

    mulai: datetime
    selesai: datetime | None
    sehari: bool  # starts and ends on the same day
    sepanjang_hari: bool  # Sepanjang-Hari: ya: days without hours (mulai and selesai at 00:00)
    daring: bool  # Tempat says the event is online only
    tempat: str
    tautan_siaran: str
    status: str  # by the days: mendatang, hari-ini, berlangsung or selesai
    penyelenggara: object = None  # the OPD registry record (nama, singkatan, …)
    pelaksanaan: str = SESUAI_JADWAL  # or ditunda, dibatalkan (the event's Pelaksanaan)

    @property
    def keadaan(self) -> str:
        """What the event's page and card say: a postponement or a cancellation, else the
        status by the days (a key of STATUS_LABELS)."""
        return self.status if self.pelaksanaan == SESUAI_JADWAL else self.pelaksanaan

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.keadaan]

    @property
    def ke_kalender(self) -> bool:
        """Offered as its own calendar file ("add this event to my calendar"): it is still
        to come, or under way, and takes place as scheduled."""
        return self.pelaksanaan == SESUAI_JADWAL and self.status != "selesai"

    @property
    def berakhir(self) -> datetime:
        return self.selesai or self.mulai

    @property
    def siaran(self) -> str:
        """How the page offers ``tautan_siaran``: ``langsung`` (live, the event still to
        come or under way), ``lalu`` (the event is over: it may hold the recording) or
        nothing (no link, or the event postponed or cancelled)."""
        if not self.tautan_siaran or self.pelaksanaan != SESUAI_JADWAL:
            return ""
        return "lalu" if self.status == "selesai" else "langsung"

    @property
    def akan_datang(self) -> bool:
        """Listed under "Akan datang": not over, or postponed (it has yet to take place)."""
        return self.status != "selesai" or self.pelaksanaan == "ditunda"


def jadwal_of(fields: dict, today: date, online_words, registry=None) -> Jadwal:
    mulai, selesai = fields["mulai"], fields.get("selesai")
    sepanjang_hari = fields.get("sepanjang-hari") == "ya"
    if sepanjang_hari:  # the days alone: an hour picked in the editor's calendar is not shown
        mulai = mulai.replace(hour=0, minute=0, second=0, microsecond=0)
        selesai = selesai.replace(hour=0, minute=0, second=0, microsecond=0) if selesai else None
    end_day = (selesai or mulai).date()
    if mulai.date() > today:
        status = "mendatang"
    elif end_day >= today:
        status = "hari-ini" if mulai.date() == end_day else "berlangsung"
    else:
        status = "selesai"
    tempat = fields.get("tempat", "")
    return Jadwal(
        mulai=mulai,
        selesai=selesai,
        sehari=selesai is None or selesai.date() == mulai.date(),
        sepanjang_hari=sepanjang_hari,
        daring=tempat.strip().casefold() in {w.casefold() for w in online_words},
        tempat=tempat,
        tautan_siaran=fields.get("tautan-siaran", ""),
        status=status,
        penyelenggara=(registry or {}).get(fields.get("opd")),
        pelaksanaan=fields.get("pelaksanaan") or SESUAI_JADWAL,
    )


@dataclass(frozen=True)
class AgendaLists:
    mendatang: list  # upcoming and ongoing, soonest first
    lalu: list  # past, newest first
    lalu_per_tahun: list  # [(year, [events])] of the past ones


def split(events) -> AgendaLists:
    """The events (each with its ``jadwal``: ``describe``) as the agenda lists them."""
    # A postponed event, without its new day yet, after the ones with a day.
    upcoming = sorted((e for e in events if e.jadwal.akan_datang),
                      key=lambda e: (e.jadwal.pelaksanaan == "ditunda", e.jadwal.mulai, e.slug))
    past = sorted((e for e in events if not e.jadwal.akan_datang), key=lambda e: (e.jadwal.mulai, e.slug), reverse=True)
    by_year = [(year, list(group)) for year, group in groupby(past, key=lambda e: e.jadwal.mulai.year)]
    return AgendaLists(mendatang=upcoming, lalu=past, lalu_per_tahun=by_year)


# --- signals -------------------------------------------------------------------


def describe(run, item):
    """An event's schedule (``event.jadwal``), from its own fields and the run's today."""
    if isinstance(item, Event):
        item.jadwal = jadwal_of(item.fields, run.now.date(), run.settings["AGENDA_DARING"], run.registry)


def derive(run, generators):
    """Every generator has read its content; compute the lists before any page
    (the home page included) is written."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    events = context.get("events", [])
    for event in events:
        describe(run, event)
    lists = split(events)
    context["agenda"] = lists
    context["agenda_mendatang"] = lists.mendatang[: int(settings["AGENDA_BERANDA_JUMLAH"])]
    base = absolute_base(settings)
    context["AGENDA_ICS_URL"] = settings["AGENDA_ICS_SAVE_AS"]
    context["AGENDA_ACARA_ICS"] = ACARA_ICS
    context["AGENDA_WEBCAL_URL"] = (
        "webcal://" + base.split("://", 1)[1] + "/" + settings["AGENDA_ICS_SAVE_AS"] if base else ""
    )


# --- output ----------------------------------------------------------------------


def plain_text(html: str) -> str:
    if not html or not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = [" ".join(el.text_content().split()) for el in root.iterchildren()] or [" ".join(root.text_content().split())]
    return "\n\n".join(b for b in blocks if b)


def event_uid(event, settings) -> str:
    """Stable across builds and across a change of the event's day or title: its file
    under content/ and the site's host (``agenda/dinkes/posyandu-akbar@sukamajukab.go.id``).
    Its address holds the month and the slug, so a rescheduled or retitled event would
    otherwise be a second event in a calendar that imported or subscribed to the first."""
    base = absolute_base(settings)
    host = urlsplit(base).hostname if base else None
    if not host:
        host = "-".join((settings.get("SITENAME_SHORT") or settings.get("SITENAME") or "situs").lower().split())
    source = os.path.relpath(event.source_path, settings["PATH"])
    return f"{Path(source).with_suffix('').as_posix()}@{host}"


def calendar_of(events, settings, now: datetime) -> Calendar:
    base = absolute_base(settings)
    name = settings.get("SITENAME_SHORT") or settings.get("SITENAME", "")
    cal = Calendar()
    cal.add("prodid", f"-//{name}//Agenda//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Agenda {name}")
    cal.add("name", f"Agenda {name}")
    cal.add("x-wr-timezone", settings.get("TIMEZONE") or "Asia/Jakarta")
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    stamp = now.astimezone(timezone.utc)
    for event in sorted(events, key=lambda e: (e.jadwal.mulai, e.slug)):
        j = event.jadwal
        url = f"{base}/{event.url}" if base else ""
        v = VEvent()
        v.add("uid", event_uid(event, settings))
        v.add("dtstamp", stamp)
        if j.sepanjang_hari:  # DTSTART;VALUE=DATE, and DTEND the day after the last (RFC 5545 3.6.1)
            v.add("dtstart", j.mulai.date())
            v.add("dtend", j.berakhir.date() + timedelta(days=1))
        else:
            v.add("dtstart", j.mulai)
            if j.selesai:
                v.add("dtend", j.selesai)
        postponed, cancelled = j.pelaksanaan == "ditunda", j.pelaksanaan == "dibatalkan"
        # The word in the title too: not every calendar application shows STATUS.
        v.add("summary", f"{j.status_label}: {event.title}" if postponed or cancelled else event.title)
        location = j.tempat
        if j.daring and j.tautan_siaran:
            location = f"{j.tempat}: {j.tautan_siaran}"
        v.add("location", location)
        description = ["Acara ini ditunda; jadwal barunya akan diumumkan." if postponed else
                       "Acara ini dibatalkan." if cancelled else "", plain_text(event.content)]
        if j.tautan_siaran:
            description.append(f"Tautan siaran: {j.tautan_siaran}")
        if url:
            description.append(f"Selengkapnya: {url}")
        v.add("description", "\n\n".join(d for d in description if d))
        if url:
            v.add("url", url)
        opd = j.penyelenggara
        if opd is not None:
            v.add("categories", [opd.singkatan])
        v.add("status", "TENTATIVE" if postponed else "CANCELLED" if cancelled else "CONFIRMED")
        cal.add_component(v)
    cal.add_missing_timezones()
    return cal


class AgendaGenerator(Generator):
    """Writes agenda/ (upcoming then past) and agenda.ics."""

    def generate_context(self):
        pass  # the lists are computed once every generator has read its content

    def generate_output(self, writer):
        lists: AgendaLists | None = self.context.get("agenda")
        if lists is None:
            return
        writer.write_file(
            self.settings["AGENDA_LIST_SAVE_AS"],
            self.get_template("agenda"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["AGENDA_LIST_URL"],
            page_name="agenda",
        )
        ics = Path(self.output_path) / self.settings["AGENDA_ICS_SAVE_AS"]
        ics.parent.mkdir(parents=True, exist_ok=True)
        ics.write_bytes(calendar_of(lists.mendatang + lists.lalu, self.settings, self.run.now).to_ical())
        # Each coming event's own file beside its page: "add this event to my calendar".
        for event in (e for e in lists.mendatang if e.jadwal.ke_kalender):
            one = Path(self.output_path) / event.url / ACARA_ICS
            one.parent.mkdir(parents=True, exist_ok=True)
            one.write_bytes(calendar_of([event], self.settings, self.run.now).to_ical())
