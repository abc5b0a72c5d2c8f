"""The deploy recipe's files, read the way Docker, Compose and systemd read them."""

from __future__ import annotations

import configparser
import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE = ROOT / "compose.yml"
DEPLOY = ROOT / "deploy"


class Instruction(NamedTuple):
    """One Dockerfile instruction: its word (RUN, COPY, USER…) and the rest of the line."""

    name: str
    value: str


@dataclass(frozen=True)
class Stage:
    """One FROM … AS name and the instructions under it."""

    base: str
    name: str | None
    instructions: tuple[Instruction, ...]

    def all(self, name: str) -> list[str]:
        return [instruction.value for instruction in self.instructions if instruction.name == name]

    def last(self, name: str) -> str | None:
        found = self.all(name)
        return found[-1] if found else None


def stages() -> list[Stage]:
    parsed = DockerfileParser(path=str(DOCKERFILE), cache_content=True)
    found: list[tuple[str, str | None, list[Instruction]]] = []
    for item in parsed.structure:
        if item["instruction"] == "FROM":
            words = item["value"].split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            found.append((words[0], name, []))
        elif found and item["instruction"] != "COMMENT":
            found[-1][2].append(Instruction(item["instruction"], item["value"]))
    return [Stage(base, name, tuple(instructions)) for base, name, instructions in found]


def exec_form(value: str) -> list[str]:
    """An instruction's exec form (a JSON array); a shell form as /bin/sh -c would run it."""
    text = value.strip()
    if text.startswith("["):
        words = json.loads(text)
        assert isinstance(words, list)
        return [str(word) for word in words]
    return ["/bin/sh", "-c", text]


def healthcheck_command(value: str) -> list[str]:
    """HEALTHCHECK [--options] CMD …: the command."""
    options, _, command = value.partition("CMD")
    assert command, f"HEALTHCHECK without CMD: {value}"
    assert all(word.startswith("--") for word in shlex.split(options)), options
    return exec_form(command)


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def unit(path: Path) -> configparser.ConfigParser:
    """A systemd unit file, read like an INI file (keys keep their case; no interpolation of %)."""
    parser = configparser.ConfigParser(interpolation=None, strict=True, empty_lines_in_values=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(), source=str(path))
    return parser
