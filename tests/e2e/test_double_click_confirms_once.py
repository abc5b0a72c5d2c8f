"""Two clicks on the same Confirm at the same moment (a double click, two tabs): one change, one "already handled"."""

from __future__ import annotations

import threading

from tests.e2e.harness import FRONT_DESK, QUIET_WAIT, Clinic, Diary, ServedBot, shown_time


def test_two_concurrent_confirms_move_the_booking_once_and_the_other_is_told_already_handled(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)
    offered, confirm = staff.up_to_confirm(chosen)
    button = confirm.button("Confirm")
    urls = [bot.slack.new_response_url() for _ in range(2)]
    bodies = [staff.click_body(button, url, message_ts=confirm.raw["ts"]) for url in urls]
    together = threading.Barrier(2)
    statuses: list[int] = []

    def click(body: bytes) -> None:
        together.wait()
        statuses.append(bot.post(body).status_code)

    clicks = [threading.Thread(target=click, args=(body,)) for body in bodies]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()

    assert statuses == [200, 200]
    told = [
        staff.answer_at(url).shown
        for url in urls
        if staff.slack.wait_for(lambda u=url: bool(staff.slack.posts_to(u)), timeout=QUIET_WAIT)
    ]
    assert len(told) == 1 and "already handled" in told[0], "the losing click is told, on its own response_url"
    assert staff.slack.wait_for(lambda: "Moved from" in staff.dm_card(confirm.raw["ts"]).shown), (
        "the card shows the move"
    )
    assert shown_time(clinic.appointment(chosen["id"])["start"]) == offered.labels[0]
    entries = clinic.audit_of(chosen)
    assert [entry["outcome"] for entry in entries] == ["applied"]
