"""agenda: the events calendar.

Reads the `Event` objects the konten plugin puts in ``context["events"]`` and their
parsed ``fields``; computes the schedule of each event (``event.jadwal``), the
upcoming/past split relative to ``KONTEN_NOW`` (``context["agenda_mendatang"]``,
``context["agenda_lalu"]``), writes ``agenda/`` and the iCalendar feed ``agenda.ics``.
"""

from __future__ import annotations

from pelican import signals

from .schedule import AgendaGenerator, on_all_generators_finalized, on_initialized


def get_generators(pelican):
    return [AgendaGenerator]


def register():
    signals.initialized.connect(on_initialized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
