"""agenda: the events calendar.

Reads the `Event` objects the content package puts in ``context["events"]`` and their
parsed ``fields``; computes the schedule of each event (``event.jadwal``), the
upcoming/past split relative to the run's today (``context["agenda_mendatang"]``,
``context["agenda_lalu"]``), writes ``agenda/`` and the iCalendar feed ``agenda.ics``.
"""

from __future__ import annotations

from .schedule import DEFAULTS, AgendaGenerator, derive, describe

__all__ = ["DEFAULTS", "AgendaGenerator", "derive", "describe"]
