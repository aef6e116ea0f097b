"""Monthly billing periods (same calendar day next month, clamped to the month's last day)."""

import calendar
from datetime import datetime


def period_add_month(start: datetime) -> datetime:
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)
