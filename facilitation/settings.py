"""Organisation settings that travel with a library: severity scale, policy, calendar, glossary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SeverityLevel:
    """One step of the severity scale.

    Attributes:
        name: As written on every incident (``Sev-2``).
        description: What the level means, shown as a tooltip and in the PDF.
    """

    name: str
    description: str = ""


@dataclass(frozen=True)
class HolidayWindow:
    """A holiday or change-freeze window in the organisation's calendar.

    Attributes:
        name: How people call it (``Winter freeze``).
        start: First day, inclusive.
        end: Last day, inclusive.
    """

    name: str
    start: date
    end: date


@dataclass
class OrgSettings:
    """What an organisation sets once and every session shares.

    Attributes:
        severity_scale: Levels from most to least severe.
        policy: The written blameless policy shown in the Ground rules phase.
        holidays: Holiday and freeze windows.
        glossary: Acronyms and internal names, each with its meaning.
        masked_terms: Customer names, host names and other words that a public export
            replaces by ``[masked]`` (whole words, in any case; see ``facilitation.audience``).
    """

    severity_scale: list[SeverityLevel] = field(default_factory=list)
    policy: str = ""
    holidays: list[HolidayWindow] = field(default_factory=list)
    glossary: dict[str, str] = field(default_factory=dict)
    masked_terms: list[str] = field(default_factory=list)

    def severity_names(self) -> list[str]:
        """The scale's level names, most severe first."""
        return [level.name for level in self.severity_scale]


def default_settings() -> OrgSettings:
    """The settings a new library starts with, from the shipped resources."""
    import tomllib  # only a new library needs it; kept off the start-up path

    import resources

    scale = tomllib.loads(resources.read_text("severity.toml"))["level"]
    return OrgSettings(
        severity_scale=[SeverityLevel(str(lv["name"]), str(lv["description"])) for lv in scale],
        policy=resources.read_text("policy.md"),
    )


def _severity_shape(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def normalise_severity(text: str, scale: list[str]) -> str | None:
    """The scale's spelling of a severity written another common way.

    ``Sev2``, ``SEV-2`` and ``sev 2`` all name ``Sev-2``.

    Args:
        text: The severity as someone wrote it.
        scale: The level names of the organisation's scale.

    Returns:
        The matching level name, or None when it names no level.
    """
    shape = _severity_shape(text)
    for name in scale:
        if _severity_shape(name) == shape:
            return name
    return None
