"""Open times a person would pick from, and the hold on the one they pick.

Times come from the wanted window, a page at a time, with "More times" and
"Earlier times" moving through the whole window; an exact time asked for
gets the open times nearest to it that day, before and after. When the window
has nothing open, the nearest times before and after it are offered, marked
as outside it. A button only appears when pressing it would show something new.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.backends.errors import SlotTaken
from bot.domain import Slot, Window
from bot.engine.context import EngineContext, asking, told
from bot.engine.state import Conversation, Said, Step

SEARCH_HORIZON = timedelta(days=60)
"""How far after an empty window the nearest later times are looked for."""
LOOK_BACK = timedelta(days=7)
"""How far before an empty window the nearest earlier times are looked for."""
NEAREST_EARLIER = 2
"""At most this many of a page are the nearest times before an empty window; the rest come after it."""
DAY_FETCH = 200
"""Open times read for one day or one step back: more than any clinic day holds."""


def in_location_zone(ctx: EngineContext, c: Conversation) -> Window | None:
    """Re-read the wanted window's wall-clock times in the appointment location's zone.

    The parser resolves "Friday 9am" in the clinic's default zone; the
    appointment may be at a location in another zone, where "9am" means
    9am there. Open windows ("asap": start = now) are instants, not wall times.
    """
    target, appointment = c.target, c.appointment
    if target is None or appointment is None:
        return target
    zone = ZoneInfo(appointment.location.timezone)
    if target.end is None or zone == ctx.clinic_tz:
        return target

    def rezone(instant: datetime) -> datetime:
        return instant.astimezone(ctx.clinic_tz).replace(tzinfo=zone)

    return Window(start=rezone(target.start), end=rezone(target.end))


def _paging_window(c: Conversation, now: datetime) -> Window:
    """The span "More times" and "Earlier times" move through: the window, an exact time's whole day."""
    assert c.target is not None and c.appointment is not None
    target = c.target
    if target.end is None:
        start = max(target.start, now)
        return Window(start=start, end=start + SEARCH_HORIZON)
    if target.is_instant():
        zone = ZoneInfo(c.appointment.location.timezone)
        day = target.start.astimezone(zone).date()
        return Window(
            start=datetime.combine(day, time(0), tzinfo=zone),
            end=datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone),
        )
    return target


def offer_slots(c: Conversation, ctx: EngineContext, now: datetime) -> Conversation:
    """The first page of open times for the wanted window (or the nearest outside it)."""
    assert c.appointment is not None and c.target is not None
    span = _paging_window(c, now)
    assert span.end is not None
    if span.end <= now:
        return asking(c, Step.NEED_WINDOW, Said(kind="window_past", window=c.target))
    page = ctx.slots_per_page
    if c.target.is_instant():
        wanted = c.target.start
        day = ctx.backend.open_slots(c.appointment, span, now=now, limit=DAY_FETCH)
        if day:
            nearest = sorted(day, key=lambda slot: abs(slot.start - wanted))[:page]
            shown = sorted(nearest, key=lambda slot: slot.start)
            return _page(c, shown, more=day[-1].start > shown[-1].start, earlier=day[0].start < shown[0].start)
    else:
        found = ctx.backend.open_slots(c.appointment, span, now=now, limit=page + 1)
        if found:
            return _page(c, found[:page], more=len(found) > page, earlier=False)
    return _outside(c, ctx, span, now)


def _outside(c: Conversation, ctx: EngineContext, span: Window, now: datetime) -> Conversation:
    """Nothing open in the window: the nearest times before it and after it, marked as such."""
    assert c.appointment is not None and span.end is not None
    page = ctx.slots_per_page
    before: list[Slot] = []
    if span.start > now:
        back = Window(start=max(now, span.start - LOOK_BACK), end=span.start)
        before = ctx.backend.open_slots(c.appointment, back, now=now, limit=DAY_FETCH)[-NEAREST_EARLIER:]
    later, room = max(span.end, now), page - len(before)
    after = _open(ctx, c, later, later + SEARCH_HORIZON, now, limit=room + 1)
    shown = [*before, *after[:room]]
    if not shown:
        return asking(c, Step.NEED_WINDOW, Said(kind="no_slots", window=c.target), slots=())
    return _page(c, shown, more=len(after) > room, earlier=False, outside=True)


def _page(c: Conversation, shown: list[Slot], *, more: bool, earlier: bool, outside: bool = False) -> Conversation:
    return c.model_copy(
        update={
            "step": Step.CHOOSE_SLOT,
            "slots": tuple(shown),
            "more_slots": more,
            "earlier_slots": earlier,
            "slots_outside_window": outside,
        }
    )


def more_times(c: Conversation, ctx: EngineContext, now: datetime) -> Conversation:
    """The next page after the last time shown, through the rest of the window (across days)."""
    assert c.appointment is not None and c.target is not None
    if not c.slots:
        return offer_slots(c, ctx, now)
    start = c.slots[-1].start + timedelta(seconds=1)
    span = _paging_window(c, now)
    end = start + SEARCH_HORIZON if c.slots_outside_window or span.end is None else span.end
    page = ctx.slots_per_page
    found = (
        ctx.backend.open_slots(c.appointment, Window(start=start, end=end), now=now, limit=page + 1)
        if start < end
        else []
    )
    if not found:
        return c.model_copy(update={"notice": Said(kind="no_more_slots"), "more_slots": False})
    return _page(c, found[:page], more=len(found) > page, earlier=True, outside=c.slots_outside_window)


def earlier_times(c: Conversation, ctx: EngineContext, now: datetime) -> Conversation:
    """The page before the first time shown, back to the start of the window (never before now)."""
    assert c.appointment is not None and c.target is not None
    if not c.slots:
        return offer_slots(c, ctx, now)
    span = _paging_window(c, now)
    start, end = max(span.start, now), c.slots[0].start
    found = (
        ctx.backend.open_slots(c.appointment, Window(start=start, end=end), now=now, limit=DAY_FETCH)
        if start < end
        else []
    )
    if not found:
        return c.model_copy(update={"notice": Said(kind="no_earlier_slots"), "earlier_slots": False})
    page = ctx.slots_per_page
    return _page(c, found[-page:], more=True, earlier=len(found) > page, outside=c.slots_outside_window)


def _open(
    ctx: EngineContext, c: Conversation, start: datetime, end: datetime, now: datetime, *, limit: int
) -> list[Slot]:
    assert c.appointment is not None
    if start >= end:
        return []
    return ctx.backend.open_slots(c.appointment, Window(start=start, end=end), now=now, limit=limit)


def hold(c: Conversation, ctx: EngineContext, index: int, now: datetime) -> Conversation:
    """Keep the picked time (where the backend can) and ask for confirmation."""
    assert c.appointment is not None
    ctx.release_hold(c)
    slot = c.slots[index]
    try:
        kept = ctx.backend.hold(c.appointment, slot, now=now)
    except SlotTaken as error:
        fresh = offer_slots(c.model_copy(update={"hold": None}), ctx, now)
        return fresh.model_copy(update={"notice": told(error, "slot_taken")})
    return c.model_copy(update={"hold": kept, "step": Step.CONFIRM})


def other_time(c: Conversation, ctx: EngineContext, now: datetime) -> Conversation:
    """ "Pick another time": find the other times first, so a failure leaves a hold that is really held."""
    fresh = offer_slots(c.model_copy(update={"hold": None, "step": Step.CHOOSE_SLOT}), ctx, now)
    ctx.release_hold(c)
    return fresh
