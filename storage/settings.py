"""The organisation's settings, kept in the library so they travel with the file."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from facilitation.settings import HolidayWindow, OrgSettings, SeverityLevel, default_settings
from storage.database import Repository


class SettingsStore(Repository):
    """Reads and writes the ``settings`` table: one JSON value per name."""

    def load(self) -> OrgSettings:
        """The library's settings; anything never set takes the shipped default."""
        values = {
            row["name"]: json.loads(row["value"])
            for row in self._db.query("SELECT name, value FROM settings")
        }
        defaults = default_settings()
        return OrgSettings(
            severity_scale=[SeverityLevel(**level) for level in values["severity_scale"]]
            if "severity_scale" in values
            else defaults.severity_scale,
            policy=values.get("policy", defaults.policy),
            holidays=[
                HolidayWindow(h["name"], date.fromisoformat(h["start"]), date.fromisoformat(h["end"]))
                for h in values.get("holidays", [])
            ],
            glossary=dict(values.get("glossary", {})),
            masked_terms=[str(term) for term in values.get("masked_terms", [])],
        )

    def save(self, settings: OrgSettings) -> None:
        """Store every setting, in one transaction."""
        values: dict[str, Any] = {
            "severity_scale": [
                {"name": lv.name, "description": lv.description} for lv in settings.severity_scale
            ],
            "policy": settings.policy,
            "holidays": [
                {"name": h.name, "start": h.start.isoformat(), "end": h.end.isoformat()}
                for h in settings.holidays
            ],
            "glossary": settings.glossary,
            "masked_terms": list(settings.masked_terms),
        }
        with self._handle.write():
            for name, value in values.items():
                self._db.execute(
                    "INSERT INTO settings(name, value) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    [name, json.dumps(value, ensure_ascii=False)],
                )

    def save_defaults_if_empty(self) -> None:
        """Give a new library the shipped defaults, so they live in the file."""
        if not self._db.execute("SELECT 1 FROM settings LIMIT 1").fetchone():
            self.save(default_settings())
