"""What a newcomer meets in `clinic-bot console`: the banner, help, hints, mistakes, refusals, leaving."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli.main import build_parser
from bot.local.console import run_console
from tests.console.session import CLINIC_TZ, ConsoleSession


def run(db: Path, *lines: str, **overrides: object) -> tuple[int, str]:
    out = io.StringIO()
    code = run_console(stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=out, **overrides)
    return code, out.getvalue()


def test_the_banner_names_the_booking_system_the_zone_and_examples_to_try(seeded: Path) -> None:
    code, out = run(seeded, "quit")
    assert code == 0
    assert "Booking system: Demo clinic (sandbox)." in out
    assert f"Times are read and shown in {CLINIC_TZ}" in out
    assert "/reschedule maria lopez from tue 3pm to fri morning" in out
    assert "/cancel john smith tmrw, feeling better" in out
    assert "help" in out and "quit" in out
    assert out.rstrip().endswith("Bye.")


@pytest.mark.parametrize(
    "exchange",
    [
        pytest.param(
            [("help", ["/cancel john smith tmrw, feeling better", "presses button [2] of the latest card"])],
            id="help shows the examples again",
        ),
        pytest.param(
            [
                ("hello there", ["I can reschedule or cancel"]),
                (
                    "/cancel",
                    ["/cancel — cancel a patient's appointment", "/cancel John Smith tomorrow, feeling better"],
                ),
            ],
            id="a line the bot cannot read gets a hint of what to type",
        ),
        pytest.param(
            [("2", ["no buttons to press yet"])], id="a number before any card says there is nothing to press"
        ),
    ],
)
def test_what_a_newcomer_types_first_gets_an_answer_saying_what_to_do(
    seeded: Path, exchange: list[tuple[str, list[str]]]
) -> None:
    """Each line typed, in one session, shows every expected fragment; the session then quits cleanly."""
    session = ConsoleSession(seeded)
    for line, expected in exchange:
        shown = session.type(line)
        for fragment in expected:
            assert fragment in shown, shown
    assert session.close() == 0


def test_a_number_beyond_the_cards_buttons_says_which_exist(seeded: Path) -> None:
    session = ConsoleSession(seeded)
    session.type("/cancel john smith tmrw, feeling better")
    answer = session.type("9")
    assert "There is no button [9]" in answer and "[1] to [2]" in answer
    assert session.close() == 0


def test_other_slash_commands_are_explained_not_sent(seeded: Path) -> None:
    session = ConsoleSession(seeded)
    assert "Only /reschedule and /cancel are commands here" in session.type("/remind me")
    assert session.close() == 0


@pytest.mark.parametrize("leave", ["quit", "exit", None], ids=["quit", "exit", "end-of-input"])
def test_quit_exit_and_end_of_input_leave_cleanly(seeded: Path, leave: str | None) -> None:
    session = ConsoleSession(seeded)
    assert session.close(leave) == 0
    assert session.screen.text().rstrip().endswith("Bye.")


def test_an_allowlist_without_the_console_user_is_announced_and_enforced(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLOWED_USER_IDS", "U0SOMEONE")
    code, out = run(seeded, "/cancel john smith tmrw, feeling better", "quit")
    assert code == 0
    assert "U0CONSOLE" in out and "ALLOWED_USER_IDS" in out.split("> ", 1)[0]
    assert "You're not allowed to change appointments" in out


def test_acting_as_an_allowed_user_gets_through_the_allowlist(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_USER_IDS", "U0FRONTDESK")
    _, out = run(seeded, "/cancel john smith tmrw, feeling better", "quit", user_id="U0FRONTDESK")
    assert "in neither" not in out
    assert "Cancel this appointment?" in out


def test_on_the_demo_clinic_the_banner_says_how_to_list_and_reset_it(seeded: Path) -> None:
    _, out = run(seeded, "quit")
    assert "the embedded demo clinic (BOOKING_BACKEND=sandbox), not a real booking system" in out
    assert f"CLINIC_BOT_DB={seeded} clinic-bot sandbox appointments" in out, "the exact command, with the database"
    assert f"CLINIC_BOT_DB={seeded} clinic-bot sandbox seed" in out


def test_clinic_bot_has_a_console_subcommand() -> None:
    args = build_parser(only="console").parse_args(["console", "--user", "U0ME"])
    assert args.user == "U0ME" and callable(args.handler)


def test_the_workspaces_slack_tokens_in_the_environment_are_not_needed(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-bot-token")
    monkeypatch.setenv("SLACK_APP_TOKEN", "not-an-app-token")
    code, out = run(seeded, "/cancel john smith tmrw, feeling better", "quit")
    assert code == 0
    assert "Cancel this appointment?" in out
