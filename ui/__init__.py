"""Windows, phase views, the shared screen, item models and dialogs (Qt)."""
