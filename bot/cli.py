"""`clinic-bot`: one entry point; each feature module adds its own subcommand.

A module that offers a subcommand exposes `add_subcommand(subparsers)`, which
adds a parser and sets `handler=<callable(args) -> int>` as its default.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.config import ConfigError

SUBCOMMAND_MODULES = (
    "bot.nlu.cli",  # parse
    "bot.backends.sandbox.cli",  # sandbox seed | appointments | book
    "bot.serve",  # serve
    "bot.console",  # console
    "bot.audit_cli",  # audit
    "bot.check_backend",  # check-backend
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinic-bot", description="Reschedule and cancel clinic appointments from Slack."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.add_subcommand(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
