""""Now" for a build: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo


def now(tz: str = "Asia/Jakarta") -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    else:
        moment = datetime.now(timezone.utc)
    return moment.astimezone(ZoneInfo(tz))


def today(tz: str = "Asia/Jakarta") -> date:
    return now(tz).date()
