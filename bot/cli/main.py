"""`clinic-bot`: one entry point; each feature module adds its own subcommand.

A module that offers a subcommand exposes `add_subcommand(subparsers)`, which
adds a parser and sets `handler=<callable(args) -> int>` as its default.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from bot.config import ConfigError

# Subcommand name -> the module that adds it. Only the module of the command
# being run is imported, so `clinic-bot parse` does not pay for Slack's SDK.
SUBCOMMAND_MODULES = {
    "parse": "bot.cli.parse",
    "sandbox": "bot.cli.sandbox",
    "serve": "bot.cli.serve",
    "console": "bot.local.console",
    "audit": "bot.cli.audit",
    "check-backend": "bot.cli.check_backend",
    "purge": "bot.cli.purge",
    "backup": "bot.cli.backup",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinic-bot",
        description="Reschedule and cancel clinic appointments from Slack.",
        epilog="Each command's --help says what it does and which settings it reads (environment or .env; "
        "every setting is in the README).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command, module_name in SUBCOMMAND_MODULES.items():
        if only is not None and command != only:
            continue
        importlib.import_module(module_name).add_subcommand(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    first = arguments[0] if arguments else None
    parser = build_parser(only=first if first in SUBCOMMAND_MODULES else None)
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args))
    except ConfigError as error:
        print(f"clinic-bot: configuration error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `clinic-bot sandbox appointments | head`: the reader has what it wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
