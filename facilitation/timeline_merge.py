"""Where a batch of entries (an import) lands in a timeline: among the others by time, as if each had been
entered in turn."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime


def merged_positions(existing: Sequence[datetime | None], added: Sequence[datetime | None]) -> list[int]:
    """The index each added entry has in the merged timeline, in the order they are given.

    Each added entry is placed as ``facilitation.timeline.insertion_index`` places one typed in: a
    timed entry before the first timed entry later than it (after equal times, so file order holds),
    one of unknown time right after the added entry before it (last, when it is the first). The
    existing entries keep their order. Linear in both lengths when the added times ascend, as an
    import's do.

    Args:
        existing: The times of the timeline's entries, in order (None: unknown).
        added: The times of the entries to add, in the order they were read.

    Returns:
        For each added entry, its index in the merged list.
    """
    merged: list[tuple[datetime | None, int]] = [(at, -1) for at in existing]
    start, previous_at, previous_place = 0, None, None
    for number, at in enumerate(added):
        if at is None:
            place = len(merged) if previous_place is None else previous_place + 1
        else:
            # Everything before ``start`` is known to be no later than the previous timed entry added.
            scan = start if previous_at is not None and at >= previous_at else 0
            place = next(
                (i for i in range(scan, len(merged)) if (m := merged[i][0]) is not None and m > at),
                len(merged),
            )
            start, previous_at = place + 1, at
        merged.insert(place, (at, number))
        previous_place = place
    positions = [0] * len(added)
    for index, (_at, number) in enumerate(merged):
        if number >= 0:
            positions[number] = index
    return positions
