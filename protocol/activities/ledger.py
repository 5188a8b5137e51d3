"""The ledger's public face for the areas: what an area may use of the ledger, and nothing more."""

from .models import Kind
from .services import ActivityFields, entry_is_joint, ledger_entry_confirm, ledger_entry_record

__all__ = ["ActivityFields", "Kind", "entry_is_joint", "ledger_entry_confirm", "ledger_entry_record"]
