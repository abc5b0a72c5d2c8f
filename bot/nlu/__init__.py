"""Text -> ParsedRequest, per ../shared/nlu-contract.md; typed answers to an open card in bot.nlu.answers.

Pure: no Slack, no I/O.
"""

from bot.nlu.model import ParsedPatient, ParsedRequest, ParsedWindow
from bot.nlu.parser import parse_request

__all__ = ["ParsedPatient", "ParsedRequest", "ParsedWindow", "parse_request"]
