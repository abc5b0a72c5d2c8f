"""The conversation: explicit slots, one current step, pure transitions."""

from bot.engine.engine import ConversationEngine, Parse
from bot.engine.state import FINAL_STEPS, Action, Conversation, Intent, Step

__all__ = ["FINAL_STEPS", "Action", "Conversation", "ConversationEngine", "Intent", "Parse", "Step"]
