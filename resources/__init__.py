"""Data files that ship with Takeaways; this module only says where they are."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable


def path(name: str) -> Traversable:
    """The shipped resource file called ``name``."""
    return resources.files(__name__).joinpath(name)


def read_text(name: str) -> str:
    """The text of the shipped resource file called ``name``."""
    return path(name).read_text(encoding="utf-8")
