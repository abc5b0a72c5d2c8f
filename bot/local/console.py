"""`clinic-bot console`: the Slack app in a terminal, with no Slack workspace.

It runs the very app `serve` runs (build_services + build_app) against a Slack
stand-in on loopback, and feeds it what Slack would send: each typed line
becomes a signed slash command or DM event passed through Bolt's own request
handling, each typed number a signed button click. What the bot sends back
(ephemeral replies, DM cards, their edits) is drawn as plain text, buttons
numbered. So a newcomer, or an admin checking a vendor set-up, sees exactly
what staff would see in Slack, including the allowlist.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from slack_bolt.request import BoltRequest

from bot.assistant import housekeeping
from bot.cli.lifecycle import Sweeper
from bot.cli.logging_setup import configure_logging
from bot.cli.wiring import Bot, build_bot
from bot.config import Settings, load
from bot.local.console_text import card_lines, text_of
from bot.local.slack import (
    RULES,
    Delivery,
    SlackStandIn,
    block_actions_body,
    dm_event,
    event_body,
    sign,
    slash_command_body,
)

CONSOLE_USER = "U0CONSOLE"
CONSOLE_CHANNEL = "C0CONSOLE"
CONSOLE_BOT = "UBOT"
COMMANDS = ("/reschedule", "/cancel")
QUIT_WORDS = frozenset({"quit", "exit", ":q"})
HELP_WORDS = frozenset({"help", "?"})

FIRST_REPLY_SECONDS = 15.0
"""How long to wait for the bot's first reply to a line: a real vendor may take seconds to answer."""
QUIET_SECONDS = 0.15
"""A reply is complete once nothing more has arrived for this long."""
MOST_SECONDS = 20.0

CONTINUED_BELOW = "Continued below."
REAL_SLACK_NOTE = "in a real workspace this would not work as drawn -"
VISIBLE_METHODS = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral"})
EXAMPLES = (
    ("/reschedule maria lopez from tue 3pm to fri morning", ""),
    ("/cancel john smith tmrw, feeling better", ""),
    ("move carlos lopez to next week", "any other line is a direct message to the bot"),
    ("2", "presses button [2] of the latest card"),
)


SUMMARY = "the bot in this terminal, no Slack workspace needed (make demo)"
DESCRIPTION = """Runs the Slack app in-process against a local Slack stand-in; type as staff would in Slack.
Settings: CLINIC_BOT_DB (the demo clinic and the conversations; seeded on first use), CLINIC_TZ, BOOKING_BACKEND
(sandbox by default; a vendor's settings when not), HOLD_MINUTES, CONVERSATION_TTL, SLOTS_PER_PAGE, DATE_ORDER,
ALLOWED_USER_IDS (see README). Slack tokens are not read: the console is its own Slack."""
"""What `clinic-bot console --help` says (argparse re-wraps it)."""


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("console", help=SUMMARY, description=DESCRIPTION)
    parser.add_argument("--user", default=CONSOLE_USER, help=f"the Slack user id you act as (default {CONSOLE_USER})")
    parser.set_defaults(handler=run_console_command)


def run_console_command(args: argparse.Namespace) -> int:
    configure_logging("WARNING")
    return run_console(user_id=args.user)


def run_console(
    *, stdin: TextIO | None = None, stdout: TextIO | None = None, user_id: str = CONSOLE_USER, **overrides: Any
) -> int:
    """Run a console session until quit/EOF. `overrides` are Settings fields (e.g. clinic_bot_db=...)."""
    reader = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    # The console is its own Slack: the workspace's tokens (e.g. in .env for `serve`) are not used.
    secret = secrets.token_urlsafe(24)
    slack = {"slack_bot_token": "xoxb-console", "slack_signing_secret": secret, "slack_app_token": None}
    zone = load(Settings, **{**overrides, **slack}).clinic_timezone
    channels = {CONSOLE_CHANNEL: {user_id, CONSOLE_BOT}, "D" + user_id: {user_id, CONSOLE_BOT}}
    with SlackStandIn(users={user_id: zone}, bot_user_id=CONSOLE_BOT, channels=channels) as standin:
        settings = load(Settings, **{**overrides, **slack, "slack_api_url": standin.api_url})
        bot = build_bot(settings, token_verification=False)
        sweeper: Sweeper | None = None
        try:
            housekeeping.reconcile(bot.assistant)
            housekeeping.replay(bot.assistant)
            sweeper = Sweeper(bot)
            sweeper.start()
            console = Console(bot, standin, secret, out, user_id=user_id)
            console.banner()
            console.loop(_line_reader(reader, out))
        finally:
            if sweeper is not None:
                sweeper.stop()
            bot.close()
    return 0


def _line_reader(reader: TextIO, out: TextIO) -> Callable[[], str | None]:
    """input() with line editing on a terminal; plain lines (echoed, for a readable transcript) otherwise."""
    interactive = reader is sys.stdin and reader.isatty() and out is sys.stdout

    def read() -> str | None:
        if interactive:
            try:
                return input("> ")
            except EOFError:
                return None
        out.write("> ")
        line = reader.readline()
        if not line:
            out.write("\n")
            return None
        out.write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\r\n")

    return read


@dataclass
class Clickable:
    """The buttons of the latest card drawn, and where that card lives (for the click Slack would send)."""

    buttons: list[dict[str, Any]] = field(default_factory=list)
    channel_id: str = CONSOLE_CHANNEL
    message_ts: str | None = None


class Console:
    def __init__(self, bot: Bot, standin: SlackStandIn, secret: str, out: TextIO, *, user_id: str) -> None:
        self.bot, self.app, self.standin, self.secret, self.out = bot, bot.app, standin, secret, out
        self.user_id = user_id
        self.channel_id = CONSOLE_CHANNEL
        self.dm_channel = "D" + user_id
        self.clickable = Clickable()
        self.drawn = 0
        self.cursor = len(standin.deliveries())
        self.failure_cursor = len(standin.failures())

    # -- the session ---------------------------------------------------------------------
    def banner(self) -> None:
        settings = self.bot.settings
        self.say("clinic-bot console: the Slack app in this terminal (no Slack workspace involved).")
        self.say(f"Booking system: {self.bot.backend.name}.")
        self.say(f"Times are read and shown in {settings.clinic_timezone} (CLINIC_TZ).")
        for warning in self._start_warnings():
            self.say(warning)
        self.say("")
        self.help()

    def help(self) -> None:
        self.say("Type what staff would type in Slack, for example:")
        width = max(len(line) for line, _ in EXAMPLES) + 3
        for line, note in EXAMPLES:
            self.say(f"  {line:<{width}}{'(' + note + ')' if note else ''}".rstrip())
        self.say("`help` shows this again; `quit` (or Ctrl-D) leaves.")
        self.flush()

    def loop(self, read: Callable[[], str | None]) -> None:
        while True:
            try:
                line = read()
            except KeyboardInterrupt:
                self.say("")
                break
            self.draw(self._take_arrived())  # late replies, or the expiry sweep's redraws
            if line is None:
                break
            try:
                if not self.handle(line.strip()):
                    break
            except KeyboardInterrupt:
                self.say("")
                break
        self.say("Bye.")
        self.flush()

    def handle(self, line: str) -> bool:
        """One typed line; False to leave."""
        if not line:
            return True
        lowered = line.lower()
        if lowered in QUIT_WORDS:
            return False
        if lowered in HELP_WORDS:
            self.help()
            return True
        if line.isdigit():
            self.click(int(line))
            return True
        if line.startswith("/"):
            command, _, text = line.partition(" ")
            if command.lower() not in COMMANDS:
                self.say(f"Only {' and '.join(COMMANDS)} are commands here; other lines go to the bot as a DM.")
                self.flush()
                return True
            self.command(command.lower(), text.strip())
            return True
        self.direct_message(line)
        return True

    # -- what Slack would send -----------------------------------------------------------
    def command(self, command: str, text: str) -> None:
        body = slash_command_body(
            command,
            text,
            user_id=self.user_id,
            channel_id=self.channel_id,
            response_url=self.standin.new_response_url(user_id=self.user_id, channel_id=self.channel_id),
            team_id=self.standin.team_id,
        )
        self._dispatch(body)

    def direct_message(self, text: str) -> None:
        event = dm_event(text, user_id=self.user_id, channel_id=self.dm_channel)
        self._dispatch(event_body(event, event_id="Ev" + uuid.uuid4().hex[:16].upper(), team_id=self.standin.team_id))

    def click(self, number: int) -> None:
        buttons = self.clickable.buttons
        if not buttons:
            if self.drawn:
                self.say("The latest card has no buttons to press. Type a new request (or `help`).")
            else:
                self.say("There are no buttons to press yet. Type a request first (try `help`).")
            self.flush()
            return
        if not 1 <= number <= len(buttons):
            self.say(f"There is no button [{number}]: the latest card has buttons [1] to [{len(buttons)}].")
            self.flush()
            return
        button = buttons[number - 1]
        action_id, value = str(button.get("action_id", "")), str(button.get("value", ""))
        press = self.standin.press(self.user_id, action_id, value, message_ts=self.clickable.message_ts)
        body = block_actions_body(
            action_id,
            value,
            user_id=self.user_id,
            response_url=press.response_url,
            channel_id=press.channel_id,
            container=press.container,
            message=press.message,
            team_id=self.standin.team_id,
            button_text=text_of(button.get("text")),
        )
        self._dispatch(body)

    def _dispatch(self, body: bytes) -> None:
        headers: dict[str, str | Sequence[str]] = dict(sign(body, self.secret))
        response = self.app.dispatch(BoltRequest(body=body.decode(), headers=headers))
        if response.status != 200:
            self.say(f"(the bot refused the request: HTTP {response.status})")
        self.draw(self._wait_for_replies())

    # -- what the bot sent back ----------------------------------------------------------
    def _wait_for_replies(self) -> list[Delivery]:
        """The bot's replies since the last drawing, once they have stopped arriving.

        Bolt acknowledges first and works in a thread, so a reply comes a moment
        after dispatch returns: wait for the first, then
        until nothing more has come for QUIET_SECONDS.
        """
        standin, since = self.standin, self.cursor
        started = time.monotonic()
        if not standin.wait_for(lambda: _visible(standin.deliveries(since)), timeout=FIRST_REPLY_SECONDS):
            self.say("(no answer from the bot yet; it will be shown when it arrives)")
        while time.monotonic() - started < MOST_SECONDS:
            if not standin.wait_for(self._more_than(len(standin.deliveries(since)), since), timeout=QUIET_SECONDS):
                break
        return self._take_arrived()

    def _more_than(self, count: int, since: int) -> Callable[[], bool]:
        return lambda: len(self.standin.deliveries(since)) > count

    def _take_arrived(self) -> list[Delivery]:
        arrived = self.standin.deliveries(self.cursor)
        self.cursor += len(arrived)
        return arrived

    def draw(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            self._draw_one(delivery)
        self._tell_broken_rules()
        self.flush()

    def _tell_broken_rules(self) -> None:
        """Say when the bot did something a real workspace refuses or ignores: the console's Slack is strict."""
        broken = self.standin.failures(self.failure_cursor)
        self.failure_cursor += len(broken)
        for failure in broken:
            self.say(f"  ({REAL_SLACK_NOTE} {RULES[failure.rule].what}: {failure.detail})")

    def _draw_one(self, delivery: Delivery) -> None:
        target, payload, answer = delivery.target, delivery.payload, delivery.answer
        if target in VISIBLE_METHODS:
            if not answer.get("ok"):
                return
            if target == "chat.postMessage":
                where = Clickable(channel_id=str(answer.get("channel")), message_ts=str(answer.get("ts")))
                self._draw_card("bot, in your DM", payload, where)
            elif target == "chat.update":
                where = Clickable(channel_id=str(payload.get("channel")), message_ts=str(payload.get("ts")))
                self._draw_card("bot, DM card updated", payload, where)
            else:
                where = Clickable(channel_id=str(payload.get("channel")), message_ts=str(answer.get("message_ts")))
                self._draw_card("bot, only you can see this", payload, where, conversation_card=False)
        elif target.startswith(self.standin.url):
            # What Slack did with the post (a command's response_url never replaces: see bot/local/slack/rules.py).
            action = answer.get("action")
            if action == "deleted":
                self.say("  (card removed)")
                return
            label = "bot, card replaced" if action == "replaced" else "bot, only you can see this"
            where = Clickable(
                channel_id=self.channel_id, message_ts=str(answer.get("ts")) if answer.get("ts") else None
            )
            self._draw_card(label, payload, where, conversation_card=False)

    def _draw_card(
        self, label: str, payload: dict[str, Any], where: Clickable, *, conversation_card: bool = True
    ) -> None:
        blocks = payload.get("blocks") or []
        text = str(payload.get("text") or "")
        if not blocks and text.strip() == CONTINUED_BELOW:
            return  # an old card retired because the conversation continues in the next one
        lines, buttons = card_lines(blocks, text)
        self.drawn += 1
        self.say(f"  -- {label} --")
        for line in lines:
            self.say("  " + line if line else "")
        if buttons or conversation_card:
            # A plain line (a pointer, "already handled") leaves the latest card's buttons pressable.
            self.clickable = Clickable(buttons=buttons, channel_id=where.channel_id, message_ts=where.message_ts)

    # -- helpers ---------------------------------------------------------------------------
    def _start_warnings(self) -> list[str]:
        warnings = []
        access = self.bot.assistant.access
        if not access.allows(self.user_id, self.channel_id) and not access.allows(self.user_id, self.dm_channel):
            warnings.append(
                f"Note: ALLOWED_USER_IDS / ALLOWED_CHANNEL_IDS are set and the console user {self.user_id} "
                f"(channel {self.channel_id}) is in neither, so the bot will refuse every request. "
                f"Add {self.user_id} to ALLOWED_USER_IDS, or run with --user <an allowed user id>."
            )
        elif not access.allows(self.user_id, self.dm_channel):
            warnings.append(
                f"Note: DMs are refused by the allowlist here; use /reschedule and /cancel ({self.channel_id})."
            )
        note = _sandbox_note(self.bot)
        if note:
            warnings.append(note)
        return warnings

    def say(self, line: str) -> None:
        self.out.write(line + "\n")

    def flush(self) -> None:
        self.out.flush()


def _visible(deliveries: list[Delivery]) -> bool:
    return any(delivery.target in VISIBLE_METHODS or delivery.target.startswith("http") for delivery in deliveries)


def _sandbox_note(bot: Bot) -> str | None:
    """On the demo clinic, say so, how to see whom to try, and how to undo the session's changes."""
    if bot.settings.booking_backend != "sandbox":
        return None
    db, setting = bot.settings.sandbox_file()
    variable = setting if setting == "CLINIC_BOT_DB" else "SANDBOX_DB"
    return (
        "This is the embedded demo clinic (BOOKING_BACKEND=sandbox), not a real booking system. Its diary: "
        f"`{variable}={db} clinic-bot sandbox appointments` (another terminal); "
        f"`{variable}={db} clinic-bot sandbox seed` resets it."
    )
