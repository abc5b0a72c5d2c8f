"""manifest.yml is valid for Slack and declares exactly what the code registers and calls.

A command in code but not in the manifest never reaches the bot; a scope in
the manifest that the code never uses is a permission a clinic's admin should
not have to grant.
"""

from __future__ import annotations

import ast
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
SCOPELESS_METHODS = {"auth_test", "apps_connections_open"}
"""Web API methods that need no bot scope: Bolt calls auth.test at start-up to learn who the bot is;
apps.connections.open (Socket Mode) is called with the app-level token, whose connections:write scope is
granted when that token is made, not in the manifest."""
LISTENER_KINDS = {"command", "event", "action", "middleware"}
"""What the manifest declares (commands, events, interactivity); a shortcut, view or options listener needs more."""
NOT_LISTENERS = {"error", "dispatch"}
"""Calls on the app that register no listener: the error handler, and the HTTP edge handing a request to Bolt."""


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


def calls_on(receiver: str, shape: str = r"[a-z_]+[a-zA-Z_]*") -> set[str]:
    """Methods of `shape` called on `receiver` (or `self.receiver`, `x.receiver`) in the product code; read from
    the syntax tree, so comments and docstrings do not count."""
    found = set()
    for path in CODE:
        if "slack_local" in path.name or "console" in path.name or "bot/local" in path.as_posix():
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
                if name == receiver and re.fullmatch(shape, node.func.attr):
                    found.add(node.func.attr)
    return found


def test_every_web_api_method_the_code_calls_is_one_whose_scope_is_known() -> None:
    """A new call (say reactions_add) must be added above with its scope, so the scope check cannot miss it."""
    called = calls_on("client", shape=r"[a-z]+_[a-zA-Z_]+")  # Web API names: chat_postMessage, not close
    assert {"chat_postMessage", "conversations_open"} <= called, "the Web API calls were not found"
    assert "api_call" not in called, "a raw api_call hides its method (and its scope) from this check"
    assert called - SCOPE_OF_METHOD.keys() - SCOPELESS_METHODS == set()


def test_the_code_registers_only_the_kinds_of_listener_the_manifest_declares() -> None:
    """A shortcut, modal or options listener would need manifest features that are not declared."""
    kinds = calls_on("app") - NOT_LISTENERS
    assert {"command", "event", "action"} <= kinds
    assert kinds <= LISTENER_KINDS, kinds - LISTENER_KINDS
