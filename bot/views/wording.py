"""Times and patients in words, one card in one zone, so staff see a misread before anything changes.

"Fri Mar 6, 8:00 AM" rather than an ISO string: the person must recognise at
a glance that "fri morning" became the Friday they meant. The rules:

- every time on a card is in the reader's own Slack zone, and the zone is
  named once, at the foot of the card (`Words.zone_note`);
- an appointment at a location in another zone also shows the local time
  there, once, beside it ("4:00 PM — 2:00 PM at Harbor Clinic");
- a date outside the current year carries its year, and a wanted day that
  the request put in next year is marked "(next year)";
- a wanted window is worded the way it was asked ("morning", "after 2 PM",
  "the week of Mon Dec 7"), in the wall time of the place it was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.domain import Location, PatientQuery, Window

PARTS_OF_DAY = {(time(8), time(12)): "morning", (time(12), time(17)): "afternoon", (time(17), time(21)): "evening"}
"""The contract's part-of-day windows, named back the way they were asked."""


def clock(instant: datetime) -> str:
    return instant.strftime("%I:%M %p").lstrip("0")


def zone_name(instant: datetime) -> str:
    name = instant.tzname() or ""
    return name if name and not name.startswith(("+", "-")) else ""


@dataclass
class Words:
    """Wording for one card: the reader's zone and today's date (for the year rule).

    It remembers which zone abbreviations the card used, so `zone_note` can
    name them once at the foot.
    """

    tz: tzinfo
    today: date
    used_zones: list[str] = field(default_factory=list)

    # -- days and instants ---------------------------------------------------------------------------
    def day(self, local: datetime) -> str:
        """'Fri Mar 6', with the year when it is not this year ('Sat Nov 20, 2027')."""
        text = f"{local:%a %b} {local.day}"
        return text if local.year == self.today.year else f"{text}, {local.year}"

    def local(self, instant: datetime) -> datetime:
        local = instant.astimezone(self.tz)
        label = zone_name(local)
        if label and label not in self.used_zones:
            self.used_zones.append(label)
        return local

    def instant(self, instant: datetime, location: Location | None = None) -> str:
        """'Thu Dec 3, 4:00 PM', plus ' — 2:00 PM at Harbor Clinic' when the location keeps another clock."""
        local = self.local(instant)
        text = f"{self.day(local)}, {clock(local)}"
        return text + self.there(instant, location)

    def there(self, instant: datetime, location: Location | None) -> str:
        """' — 2:00 PM at Harbor Clinic' when the location's wall clock differs from the reader's; else ''."""
        if location is None:
            return ""
        zone = ZoneInfo(location.timezone)
        there, here = instant.astimezone(zone), instant.astimezone(self.tz)
        if there.utcoffset() == here.utcoffset():
            return ""
        when = clock(there) if there.date() == here.date() else f"{self.day(there)}, {clock(there)}"
        return f" — {when} at {location.name}"

    def span(self, start: datetime, end: datetime, location: Location | None = None) -> str:
        """An appointment's time: 'Thu Dec 3, 4:00–4:30 PM' (and the local start there, if it differs)."""
        first, last = self.local(start), self.local(end)
        if first.date() == last.date() or (last - first <= timedelta(hours=24) and last.time() == time(0)):
            text = f"{self.day(first)}, {clock(first)}–{clock(last)}"
        else:
            text = f"{self.day(first)}, {clock(first)} – {self.day(last)}, {clock(last)}"
        return text + self.there(start, location)

    # -- windows, as asked -------------------------------------------------------------------------
    def asked(self, window: Window, location: Location | None = None) -> str:
        """A wanted window the way it was asked, in the wall time of the place it was asked for.

        A window re-read in a location's zone is worded in that zone and says
        where ("Fri Dec 4 morning at Harbor Clinic"); the marker "(next year)"
        tells the reader that a month/day already past was read as next year's.
        """
        zone = window.start.tzinfo or self.tz
        elsewhere = location is not None and _differs(window.start, zone, self.tz)
        text = self._window_words(window, zone if elsewhere else self.tz)
        if elsewhere and location is not None:
            text += f" at {location.name}"
        if window.start.astimezone(zone).year == self.today.year + 1 and window.end is not None:
            text += " (next year)"
        return text

    def _window_words(self, window: Window, zone: tzinfo) -> str:
        start = window.start.astimezone(zone)
        label = zone_name(start)
        if zone is self.tz and label and label not in self.used_zones:
            self.used_zones.append(label)
        if window.end is None:
            return f"as soon as possible (from {self.day(start)}, {clock(start)})"
        end = window.end.astimezone(zone)
        if end == start:
            return f"{self.day(start)}, {clock(start)}"
        midnight = time(0)
        if start.time() == midnight and end.time() == midnight:
            last = end - timedelta(days=1)
            if last.date() == start.date():
                return self.day(start)
            if start.weekday() == 0 and (end.date() - start.date()).days == 7:
                return f"the week of {self.day(start)} ({self.day(start)} – {self.day(last)})"
            return f"{self.day(start)} – {self.day(last)}"
        same_day = start.date() == end.date() or (end.time() == midnight and end - start <= timedelta(days=1))
        if same_day:
            part = PARTS_OF_DAY.get((start.time(), end.time()))
            if part:
                return f"{self.day(start)} {part}"
            if end.time() == midnight:
                return f"{self.day(start)} after {clock(start)}"
            if start.time() == midnight:
                return f"{self.day(start)} before {clock(end)}"
            return f"{self.day(start)}, {clock(start)}–{clock(end)}"
        return f"{self.day(start)}, {clock(start)} – {self.day(end)}, {clock(end)}"

    # -- the zone, named once ---------------------------------------------------------------------
    def zone_note(self) -> str | None:
        """'Times in CST, your Slack time zone.' — once per card, when it showed any time."""
        if not self.used_zones:
            return None
        return f"Times in {'/'.join(self.used_zones)}, your Slack time zone."


def _differs(instant: datetime, zone: tzinfo, reader: tzinfo) -> bool:
    return instant.astimezone(zone).utcoffset() != instant.astimezone(reader).utcoffset()


def describe_query(query: PatientQuery) -> str:
    """What was searched, for the person who asked (never for logs)."""
    parts = []
    if query.name:
        parts.append(query.name)
    if query.date_of_birth:
        parts.append(f"born {query.date_of_birth:%b} {query.date_of_birth.day}, {query.date_of_birth.year}")
    if query.phone:
        parts.append(f"phone {query.phone}")
    if query.booking_ref:
        parts.append(f"booking #{query.booking_ref}")
    if query.personal_id:
        parts.append(f"personal identifier {query.personal_id}")
    return ", ".join(parts) if parts else "that patient"


def describe_instant(instant: datetime, tz: tzinfo | None = None) -> str:
    """One instant with its zone ('Fri Mar 6, 8:00 AM CST'), for text outside a card (tests, the console)."""
    local = instant.astimezone(tz) if tz is not None else instant
    label = zone_name(local)
    return f"{local:%a %b} {local.day}, {clock(local)}" + (f" {label}" if label else "")
