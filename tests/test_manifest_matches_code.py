"""manifest.yml is valid for Slack and declares exactly what the code registers and calls.

A command in code but not in the manifest never reaches the bot; a scope in
the manifest that the code never uses is a permission a clinic's admin should
not have to grant.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"
CODE = [*ROOT.joinpath("handlers").glob("*.py"), *ROOT.joinpath("bot").rglob("*.py")]

# Web API method (as slack_sdk spells it) -> the bot scope it needs.
SCOPE_OF_METHOD = {
    "chat_postMessage": "chat:write",
    "chat_update": "chat:write",
    "chat_postEphemeral": "chat:write",
    "conversations_open": "im:write",
    "users_info": "users:read",
}
SCOPE_OF_EVENT = {"app_mention": "app_mentions:read", "message.im": "im:history"}


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def source() -> str:
    return "\n".join(path.read_text() for path in CODE if "slack_local" not in path.name and "console" not in path.name)


def test_manifest_is_valid_against_slacks_schema() -> None:
    if not SCHEMA.exists():
        pytest.skip(f"Slack's manifest schema is missing at {SCHEMA} (../shared must sit beside the repo)")
    jsonschema.validate(manifest(), json.loads(SCHEMA.read_text()))


def test_commands_match() -> None:
    in_code = set(re.findall(r'app\.command\("(/[a-z_-]+)"\)', source()))
    declared = {command["command"] for command in manifest()["features"]["slash_commands"]}
    assert in_code == declared == {"/reschedule", "/cancel"}


def test_events_match() -> None:
    in_code = set(re.findall(r'app\.event\("([a-z_]+)"\)', source()))
    declared = set(manifest()["settings"]["event_subscriptions"]["bot_events"])
    # The `message` listener handles DMs only (channel_type "im"), so the manifest subscribes to message.im.
    assert {"message.im" if name == "message" else name for name in in_code} == declared


def test_interactivity_is_on_because_buttons_are_handled() -> None:
    assert "app.action(" in source()
    assert manifest()["settings"]["interactivity"]["is_enabled"] is True


def test_scopes_are_exactly_those_the_code_needs() -> None:
    code = source()
    used_methods = {method for method in SCOPE_OF_METHOD if re.search(rf"\.{method}\(", code)}
    needed = {SCOPE_OF_METHOD[method] for method in used_methods}
    needed |= {SCOPE_OF_EVENT[event] for event in manifest()["settings"]["event_subscriptions"]["bot_events"]}
    needed.add("commands")
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == needed


def test_every_request_url_points_at_the_events_path() -> None:
    data = manifest()
    urls = [command["url"] for command in data["features"]["slash_commands"]]
    urls += [data["settings"]["event_subscriptions"]["request_url"], data["settings"]["interactivity"]["request_url"]]
    assert all(url.startswith("https://") and url.endswith("/slack/events") for url in urls)
