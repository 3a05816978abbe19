"""The organisation's settings in the library: every setting round trips, masked terms included."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.settings import HolidayWindow, OrgSettings, SeverityLevel, default_settings
from storage.library import Library, open_library
from tests.strategies import some_text

FROZEN = sorted((Path(__file__).parent.parent / "fixtures").glob("library-v*.sqlite"))


def _full_settings() -> OrgSettings:
    return OrgSettings(
        severity_scale=[SeverityLevel("Sev-1", "Customers can't work"), SeverityLevel("Sev-2")],
        policy="We learn, we do not blame.",
        holidays=[HolidayWindow("Winter freeze", date(2026, 12, 18), date(2027, 1, 4))],
        glossary={"IC": "incident commander"},
        masked_terms=["Acme Corp", "acme-prod-db-3", "Ærøskøbing", "客户"],
    )


def test_every_setting_round_trips_through_the_library(library_path: Path) -> None:
    with open_library(library_path, create=True) as library:
        library.settings.save(_full_settings())
        assert library.settings.load() == _full_settings()
    with open_library(library_path) as library:
        assert library.settings.load() == _full_settings()


def test_masked_terms_are_stored_as_a_json_list_of_their_own(library: Library) -> None:
    library.settings.save(_full_settings())
    row = library.db.execute("SELECT value FROM settings WHERE name = 'masked_terms'").fetchone()
    assert json.loads(row[0]) == ["Acme Corp", "acme-prod-db-3", "Ærøskøbing", "客户"]
    assert "Ærøskøbing" in row[0]  # written as text, not \\u escapes


def test_a_new_library_masks_nothing() -> None:
    assert default_settings().masked_terms == []


def test_a_library_that_never_stored_masked_terms_reads_none(library: Library) -> None:
    library.settings.save(_full_settings())
    with library.handle.write():
        library.db.execute("DELETE FROM settings WHERE name = 'masked_terms'")
    loaded = library.settings.load()
    assert loaded.masked_terms == []
    assert loaded.glossary == {"IC": "incident commander"}


def test_a_library_of_every_released_schema_reads_no_masked_terms(tmp_path: Path) -> None:
    for frozen in FROZEN:
        path = tmp_path / frozen.name
        shutil.copyfile(frozen, path)
        with open_library(path) as library:
            assert library.settings.load().masked_terms == [], frozen.name


def test_clearing_the_masked_terms_stores_an_empty_list(library: Library) -> None:
    library.settings.save(_full_settings())
    library.settings.save(OrgSettings(policy="p"))
    assert library.settings.load().masked_terms == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(some_text, max_size=6))
def test_any_masked_terms_round_trip(library: Library, terms: list[str]) -> None:
    library.settings.save(OrgSettings(masked_terms=terms))
    assert library.settings.load().masked_terms == terms
