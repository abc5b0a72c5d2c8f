"""The vendor stand-ins build on the same loopback server the console uses for Slack."""

from bot.local.loopback import Fault, StubRequest, StubResponse, StubServer

__all__ = ["Fault", "StubRequest", "StubResponse", "StubServer"]
