"""One-time create forms: a create form carries a token; submitting it again leads to what it created."""
