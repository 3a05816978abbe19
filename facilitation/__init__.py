"""The debrief itself as plain Python: sessions, phases, rules and formats."""
