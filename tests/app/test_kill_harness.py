"""A short round of the crash harness in every run of the tests: each writer killed twice, nothing lost.

The long run (200 kills and more) is ``python tests/app/kill_harness.py --kills 200``.
"""

from __future__ import annotations

from pathlib import Path

from tests.app.kill_harness import WRITERS, run

KILLS_PER_WRITER = 2


def test_killing_every_writer_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    names = list(WRITERS)
    tallies = run(KILLS_PER_WRITER * len(names), seed=11, names=names, folder=tmp_path, say=lambda line: None)

    assert {name: tally.trials for name, tally in tallies.items()} == dict.fromkeys(names, KILLS_PER_WRITER)
    assert [loss for tally in tallies.values() for loss in tally.losses] == []
    assert sum(tally.killed for tally in tallies.values()) > 0  # the kills did land while writing
