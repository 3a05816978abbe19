"""Where Takeaways keeps its files on this computer."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "Takeaways"

# platformdirs is imported where it is used: with --db, start-up never needs it.


def default_library() -> Path:
    """The library used when no ``--db`` is given, in the user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.sqlite"


def config_folder() -> Path:
    """The folder for an organisation's own prompt banks and word lists."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """Where unexpected problems are written down, for a report."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "takeaways.log"
