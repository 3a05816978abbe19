"""The holiday and freeze calendar as a TOML file: read one in, write one out.

The shape is one ``[[window]]`` table per window, with ``name``, ``start`` and ``end``; dates are
TOML dates (``start = 2026-12-20``) or strings (``start = "2026-12-20"``), both ends inclusive.
"""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

from facilitation.messages import echo
from facilitation.settings import HolidayWindow


def parse_holidays_toml(text: str) -> list[HolidayWindow]:
    """The windows in a holiday calendar file, in their order.

    Raises:
        ValueError: One plain sentence naming the window and the field to fix.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ValueError(
            f"The calendar file cannot be read as TOML ({problem}); fix that spot and import it again."
        ) from None
    unknown = sorted(set(document) - {"window"})
    if unknown:
        raise ValueError(
            f"The calendar file has '{echo(unknown[0])}' where only [[window]] tables belong; "
            "remove it or put it inside a window."
        )
    tables = document.get("window", [])
    if not isinstance(tables, list):
        raise ValueError("'window' needs to be a list of [[window]] tables; write each as [[window]].")
    return [_window(number, table) for number, table in enumerate(tables, start=1)]


def _window(number: int, table: Any) -> HolidayWindow:
    if not isinstance(table, dict):
        raise ValueError(f"Window {number} is not a table; write it as [[window]] with name, start and end.")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f'Window {number} has no name; give it one, e.g. name = "Winter freeze".')
    label = f"Window {number} ('{echo(name.strip())}')"
    unknown = sorted(set(table) - {"name", "start", "end"})
    if unknown:
        raise ValueError(f"{label} has a field '{echo(unknown[0])}'; only name, start and end are read.")
    start = _day(label, "start", table.get("start"))
    end = _day(label, "end", table.get("end"))
    if end < start:
        raise ValueError(
            f"{label} ends on {end.isoformat()}, before it starts on {start.isoformat()}; swap the two."
        )
    return HolidayWindow(name.strip(), start, end)


def _day(label: str, field: str, value: Any) -> date:
    if value is None:
        raise ValueError(f"{label} has no {field} date; add one as {field} = 2026-12-20.")
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = echo(value if isinstance(value, str) else str(value))
    raise ValueError(f"{label} has {field} '{shown}', which is not a day; write it as YYYY-MM-DD.")
