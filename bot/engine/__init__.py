"""The conversation: explicit slots, one current step, pure transitions, declared in one steps table."""

from bot.engine.context import Parse
from bot.engine.engine import ConversationEngine
from bot.engine.state import FINAL_STEPS, Action, Conversation, Intent, Said, Step

__all__ = ["FINAL_STEPS", "Action", "Conversation", "ConversationEngine", "Intent", "Parse", "Said", "Step"]
