"""An admin meets the bot through `clinic-bot … --help`: every command says what it does and what it reads.

Walks the real command line (every subcommand and sub-subcommand the parser
knows), runs `--help` on each as an admin would, and checks that it describes
the command and names the settings it reads — so a new command cannot ship
without saying either.
"""

from __future__ import annotations

import argparse
import re

import pytest

from bot.cli.main import build_parser, main

SETTING = re.compile(r"\b(CLINIC_BOT_DB|CLINIC_TZ|BOOKING_BACKEND|SLACK_[A-Z_]+)\b")


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path below `parser`, e.g. ("sandbox", "seed")."""
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*path, name))
                found.extend(commands(sub, (*path, name)))
    return found


ALL_COMMANDS = commands(build_parser())


def test_the_walk_finds_every_command_an_admin_can_type() -> None:
    tops = {path[0] for path in ALL_COMMANDS}
    assert {"serve", "console", "parse", "sandbox", "audit", "check-backend", "purge", "backup"} <= tops
    assert ("sandbox", "seed") in ALL_COMMANDS


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_each_command_help_describes_it_and_names_the_settings_it_reads(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*path, "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    usage, _, rest = shown.partition("\n\n")
    assert f"clinic-bot {' '.join(path)}" in usage
    description = rest.split("\n\n")[0]
    assert not description.lstrip().startswith(("options:", "positional arguments:")), (
        f"`clinic-bot {' '.join(path)} --help` has no description:\n{shown}"
    )
    assert SETTING.search(shown), f"`clinic-bot {' '.join(path)} --help` names no setting it reads:\n{shown}"


def test_the_top_level_help_lists_the_commands_and_points_to_each_commands_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    assert all(path[0] in shown for path in ALL_COMMANDS)
    assert "Each command's --help says what it does and which settings it reads" in shown
