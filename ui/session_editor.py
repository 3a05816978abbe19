"""One open session's changes: written to disk at once, undoable, announced to the views.

Field edits are saved within ``SAVE_DELAY_MS``; items, questions, signals and phase
moves are written durably when they are made and then pushed on the session's undo
stack. Views listen to the signals and never write themselves.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from facilitation.model import (
    HAND_COUNT_KINDS,
    ITEM_LISTS,
    AskedQuestion,
    HandCount,
    Item,
    MoveOnSignal,
    Participant,
    Session,
    StatusChange,
    TimelineEntry,
    next_free_key,
)
from facilitation.phases import Phase
from facilitation.protocols import SessionRepository
from facilitation.timeline import place_after_time_change
from facilitation.timeline_merge import merged_positions

SAVE_DELAY_MS = 400
RETRY_MS = 2000
_PARTICIPANTS = "participants"
_LINKING = {"contributing_factors": "links", "actions": "serves"}
_METADATA = {"regression", "third_party", "customer_impact"}


class _Change(QUndoCommand):
    """A change already made once; redo and undo replay it through the editor.

    A replay that cannot be written puts the stack back where it was, so what
    the stack says and what is on disk never part ways.
    """

    def __init__(
        self, text: str, do: Callable[[], None], undo: Callable[[], None], editor: SessionEditor
    ) -> None:
        super().__init__(text)
        self._do, self._undo, self._editor = do, undo, editor
        self._skip = True  # the change itself was made before the command was pushed

    def redo(self) -> None:
        if self._skip:
            self._skip = False
        elif not self._editor.attempt(self._do):
            self._step_back(self._editor.undo_stack.undo)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
        elif not self._editor.attempt(self._undo):
            self._step_back(self._editor.undo_stack.redo)

    def _step_back(self, move: Callable[[], None]) -> None:
        self._skip = True
        QTimer.singleShot(0, move)


class SessionEditor(QObject):
    """Holds an open session and makes every change to it, durably and undoably."""

    saved = Signal()
    save_problem = Signal(str)
    item_inserted = Signal(str, int)
    item_removed = Signal(str, int)
    item_changed = Signal(str, int)
    item_moved = Signal(str, int, int)
    list_replaced = Signal(str)
    """A list changed in many places at once (an import, or taking it back): read it whole again.

    Sent instead of one ``item_inserted`` or ``item_removed`` per item, which would have every
    view that redraws a whole list (the shared screen, Review) do so thousands of times.
    """
    question_changed = Signal()
    move_on_given = Signal()
    hands_counted = Signal()
    """A show of hands was counted, or the last one taken back: ``session.hand_counts`` changed."""
    hand_count_asked = Signal(str)
    """A show of hands is being taken (``ready`` or ``learned``), or ``""``: it is over."""
    phase_requested = Signal(object)
    field_changed = Signal(str)

    def __init__(
        self, repository: SessionRepository, session: Session, parent: QObject | None = None, author: str = ""
    ) -> None:
        super().__init__(parent)
        assert session.id is not None
        self.repository = repository
        self.author = author  # who is at the keyboard, for the status history
        self.session = session
        self.session_id = session.id
        self.undo_stack = QUndoStack(self)
        self._pending: dict[str, Any] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._keys: set[str] = set()
        self._first_free: dict[str, int] = {}

    # -- fields, saved within a moment ---------------------------------------

    @property
    def has_pending(self) -> bool:
        """Edits wait to be written."""
        return bool(self._pending)

    def change(self, name: str, value: Any) -> None:
        """Note a new value for a session field; it is written shortly, however steady the typing."""
        self._pending[name] = value
        holder = self.session.metadata if name in _METADATA else self.session
        if hasattr(holder, name):
            setattr(holder, name, value)
            self.field_changed.emit(name)
        if not self._timer.isActive():
            self._timer.start(SAVE_DELAY_MS)

    def set_participants(self, participants: list[Participant]) -> None:
        """Write the participant list at once; undo gives the previous list back."""
        before = copy.deepcopy(self.session.participants)
        after = copy.deepcopy(participants)
        if before == after:
            return
        self._write_participants(after)
        self._push(
            "Change the participants",
            lambda: self._write_participants(after, announce=True),
            lambda: self._write_participants(before, announce=True),
        )

    def _write_participants(self, people: list[Participant], announce: bool = False) -> None:
        self.session.participants = copy.deepcopy(people)
        self._pending[_PARTICIPANTS] = self.session.participants
        self.flush()
        if announce:
            self.field_changed.emit(_PARTICIPANTS)

    def set_field(self, name: str, value: Any, undo_text: str = "") -> bool:
        """A discrete change to a session field (a severity picked, a box ticked), written now and undoable.

        Typed text goes through ``change()`` instead: its field has its own undo. A
        suggested wording put in place by the language coach comes here, as one step.
        """
        holder = self.session.metadata if name in _METADATA else self.session
        before = copy.deepcopy(getattr(holder, name))
        if before == value:
            return True
        if not self.attempt(lambda: self._write_field(name, copy.deepcopy(value))):
            return False
        self._push(
            undo_text or f"Change {name.replace('_', ' ')}",
            lambda: self._write_field(name, copy.deepcopy(value)),
            lambda: self._write_field(name, before),
        )
        return True

    def _write_field(self, name: str, value: Any) -> None:
        if name == "status":
            self.flush()
            self.repository.update_fields(self.session_id, changed_by=self.author, status=value)
            self.session.status = value
            self.session.status_history.append(
                StatusChange(value, datetime.now(UTC).astimezone(), self.author)
            )
            self.field_changed.emit(name)
            return
        if name == "tags":
            self.repository.set_tags(self.session_id, value)
            self.session.tags = value
            self.field_changed.emit(name)
            return
        self.change(name, value)
        self.flush()

    def dismiss_field_note(self, name: str, note_key: str) -> bool:
        """Keep a session field's wording as written: the coach's note ``note_key`` on it is set aside.

        Written now and undoable; ``name`` is one of ``title``, ``summary``, ``trigger``,
        ``customer_impact``.
        """
        kept = self.session.dismissed_notes.get(name, [])
        if note_key in kept:
            return True
        after = {**copy.deepcopy(self.session.dismissed_notes), name: [*kept, note_key]}
        return self.set_field("dismissed_notes", after, f"Keep the {name.replace('_', ' ')} as written")

    def replace_ground_rules(self, text: str) -> None:
        """Hold this debrief under a new copy of the policy; undo gives the old copy back."""
        before = self.session.ground_rules

        def put(value: str) -> Callable[[], None]:
            def write() -> None:
                self.change("ground_rules", value)
                self.flush()

            return write

        put(text)()
        self._push("Change the ground rules", put(text), put(before))

    def flush(self) -> None:
        """Write every waiting edit now; keep and retry what cannot be written."""
        self._timer.stop()
        if not self._pending:
            return
        changes, self._pending = self._pending, {}
        people = changes.pop(_PARTICIPANTS, None)
        try:
            if changes:
                self.repository.update_fields(self.session_id, **changes)
                changes = {}
            if people is not None:
                self.repository.set_participants(self.session_id, people)
        except Exception as problem:
            waiting = {**changes, **({} if people is None else {_PARTICIPANTS: people})}
            self._pending = {**waiting, **self._pending}
            self.save_problem.emit(
                f"Your last edits are not on disk yet. {problem} They are kept and tried again."
            )
            self._timer.start(RETRY_MS)
            return
        self.saved.emit()

    def attempt(self, action: Callable[[], None]) -> bool:
        """Run a durable change; on a problem, say so and report False (nothing is half-done)."""
        try:
            action()
        except Exception as problem:
            self.save_problem.emit(f"That change was not made. {problem} Try it again in a moment.")
            return False
        self.saved.emit()
        return True

    # -- items ---------------------------------------------------------------

    def items(self, list_name: str) -> list[Item]:
        """The session's list called ``list_name`` (``timeline``, ``parking_lot`` …)."""
        found: list[Item] = getattr(self.session, list_name)
        return found

    def add_item(self, list_name: str, item: Item, index: int | None = None) -> bool:
        """Add an item, on disk before this returns; False (and a message) when it could not be."""
        position = len(self.items(list_name)) if index is None else index
        if not self.attempt(lambda: self._insert(list_name, position, item)):
            return False
        self._push(
            f"Add {_describe(item)}",
            lambda: self._insert(list_name, position, item),
            lambda: self._delete(list_name, item.key),
        )
        return True

    def edit_item(self, list_name: str, key: str, **changes: Any) -> bool:
        """Change some fields of an item (a new time moves a timeline entry to its place)."""
        item = self._find(list_name, key)
        before = {name: copy.deepcopy(getattr(item, name)) for name in changes}
        if all(before[name] == value for name, value in changes.items()):
            return True
        place = self.items(list_name).index(item)
        if not self.attempt(lambda: self._apply(list_name, key, changes)):
            return False
        self._push(
            f"Edit {_describe(item)}",
            lambda: self._apply(list_name, key, changes),
            lambda: self._apply(list_name, key, before, place),
        )
        return True

    def dismiss_note(self, list_name: str, key: str, note_key: str) -> bool:
        """Keep an item's wording as written: the coach's note ``note_key`` on it is set aside; undoable."""
        item = self._find(list_name, key)
        if note_key in item.dismissed_notes:
            return True
        before = list(item.dismissed_notes)
        after = {"dismissed_notes": [*before, note_key]}
        if not self.attempt(lambda: self._apply(list_name, key, after)):
            return False
        self._push(
            f"Keep {_describe(item)} as written",
            lambda: self._apply(list_name, key, after),
            lambda: self._apply(list_name, key, {"dismissed_notes": before}),
        )
        return True

    def remove_item(self, list_name: str, key: str) -> bool:
        """Delete an item; undo brings it back with the links other items had to it."""
        item = self._find(list_name, key)
        index = self.items(list_name).index(item)
        linking = self._links_to(key)
        if not self.attempt(lambda: self._delete(list_name, key)):
            return False
        self._push(
            f"Delete {_describe(item)}",
            lambda: self._delete(list_name, key),
            lambda: self._restore(list_name, index, item, linking),
        )
        return True

    def reorder(self, list_name: str, key: str, index: int) -> bool:
        """Move an item to ``index`` in its list (learnings are ordered by hand)."""
        entries = self.items(list_name)
        item = self._find(list_name, key)
        source = entries.index(item)
        target = max(0, min(index, len(entries) - 1))
        if source == target:
            return True
        if not self.attempt(lambda: self._apply(list_name, key, {}, target)):
            return False
        self._push(
            f"Move {_describe(item)}",
            lambda: self._apply(list_name, key, {}, target),
            lambda: self._apply(list_name, key, {}, source),
        )
        return True

    def import_entries(self, entries: list[TimelineEntry]) -> bool:
        """Add imported entries to the timeline among the others by time, all in one transaction and
        as one undo step: undo takes them all out again, redo puts them back with the same keys."""
        if not entries:
            return True
        timeline = self.session.timeline
        places = merged_positions([e.at for e in timeline], [e.at for e in entries])
        placed = sorted(zip(places, entries, strict=True), key=lambda pair: pair[0])

        def add() -> None:
            stored = self.repository.add_timeline_entries(self.session_id, list(entries))
            for entry, kept in zip(entries, stored, strict=True):
                entry.key = kept.key
            for index, entry in placed:  # in ascending places, each lands where it belongs
                timeline.insert(index, entry)
            self.list_replaced.emit("timeline")

        def remove() -> None:
            self.repository.delete_items(self.session_id, TimelineEntry, [e.key for e in entries])
            for index, _entry in reversed(placed):
                timeline.pop(index)
            self.list_replaced.emit("timeline")

        if not self.attempt(add):
            return False
        count = len(entries)
        self._push(f"Import {count:,} timeline entr{'y' if count == 1 else 'ies'}", add, remove)
        return True

    # -- questions, signals, phases -----------------------------------------

    def ask(self, text: str, prompt_id: str = "") -> bool:
        """Make ``text`` the question on the shared screen, asked now in the current phase."""
        question = AskedQuestion(text, datetime.now(UTC).astimezone(), self.session.current_phase, prompt_id)

        def do() -> None:
            self.repository.ask_question(self.session_id, question)
            self.session.asked_questions.append(question)
            self.question_changed.emit()

        def undo() -> None:
            self.repository.retract_question(self.session_id)
            self.session.asked_questions.pop()
            self.question_changed.emit()

        if not self.attempt(do):
            return False
        self._push("Ask a question", do, undo)
        return True

    def move_on(self) -> bool:
        """Give the gentle "enough, let's move on" signal."""
        signal = MoveOnSignal(datetime.now(UTC).astimezone(), self.session.current_phase)

        def do() -> None:
            self.repository.record_move_on(self.session_id, signal)
            self.session.move_on_signals.append(signal)
            self.move_on_given.emit()

        def undo() -> None:
            self.repository.retract_move_on(self.session_id)
            self.session.move_on_signals.pop()
            self.move_on_given.emit()

        if not self.attempt(do):
            return False
        self._push("Signal to move on", do, undo)
        return True

    def ask_for_hands(self, kind: str) -> None:
        """Say a show of hands of ``kind`` is being taken, so the room can see the question; ``""`` when over.

        Nothing is written: only ``count_hands`` keeps a count.
        """
        if kind and kind not in HAND_COUNT_KINDS:
            raise ValueError(f"not a kind of hand count: {kind}")
        self.hand_count_asked.emit(kind)

    def count_hands(self, kind: str, hands: int, present: int | None) -> bool:
        """Keep a show of hands taken now in the current phase: how many went up, of how many asked.

        Args:
            kind: ``ready`` (a ready check) or ``learned`` (learned something new today).
            hands: How many hands went up, 0 or more.
            present: How many people were asked (at least ``hands``), or None when not counted.
        """
        if kind not in HAND_COUNT_KINDS or hands < 0 or (present is not None and present < hands):
            raise ValueError(f"not a show of hands: {kind}, {hands} of {present}")
        count = HandCount(kind, self.session.current_phase, hands, present, datetime.now(UTC).astimezone())

        def do() -> None:
            self.repository.record_hand_count(self.session_id, count)
            self.session.hand_counts.append(count)
            self.hands_counted.emit()

        def undo() -> None:
            self.repository.retract_hand_count(self.session_id)
            self.session.hand_counts.pop()
            self.hands_counted.emit()

        if not self.attempt(do):
            return False
        self._push("Ready check" if kind == "ready" else "Show of hands", do, undo)
        return True

    def record_phase_move(self, old: Phase, new: Phase) -> None:
        """Keep a phase move the view has made, so undo can take it back."""
        self.change("current_phase", new.key)
        self.flush()
        self._push(f"Go to {new.label}", lambda: self._show_phase(new), lambda: self._show_phase(old))

    def _show_phase(self, phase: Phase) -> None:
        self.repository.update_fields(self.session_id, current_phase=phase.key)
        self.session.current_phase = phase.key
        self.phase_requested.emit(phase)

    # -- the work itself (each step durable, then mirrored in memory) --------

    def _push(self, text: str, do: Callable[[], None], undo: Callable[[], None]) -> None:
        self.undo_stack.push(_Change(text, do, undo, self))

    def _find(self, list_name: str, key: str) -> Item:
        return next(item for item in self.items(list_name) if item.key == key)

    def _insert(self, list_name: str, index: int, item: Item) -> None:
        if item.key:
            self.repository.add_item(self.session_id, item, index)
        else:
            # Chosen from memory, which is quick; another window may have taken it meanwhile,
            # and then the library picks one from what is on disk.
            item.key = self._free_key(type(item).key_prefix)
            try:
                self.repository.add_item(self.session_id, item, index)
            except Exception:
                item.key = ""
                self.repository.add_item(self.session_id, item, index)
        self.items(list_name).insert(index, item)
        self._keys.add(item.key)
        self.item_inserted.emit(list_name, index)

    def _free_key(self, prefix: str) -> str:
        """The first ``prefix`` + number no item of the session has (``t1``, ``t2`` …), as ``next_free_key``.

        Counting from 1 through a long timeline's keys on every Enter would cost more than the
        write itself, so the keys in use and where the first free number may be are kept
        between calls (and counted again should the lists have changed by other means).
        """
        if len(self._keys) != sum(len(self.items(name)) for name in ITEM_LISTS):
            self._keys = {item.key for item in self.session.items()}
            self._first_free.clear()
        key = next_free_key(prefix, self._keys, self._first_free.get(prefix, 1))
        self._first_free[prefix] = int(key.removeprefix(prefix)) + 1
        return key

    def _note_freed(self, prefix: str, key: str) -> None:
        """A deleted item's number is free again: the next key may take it."""
        number = key.removeprefix(prefix)
        if number.isdigit() and int(number) < self._first_free.get(prefix, 1):
            self._first_free[prefix] = int(number)

    def _delete(self, list_name: str, key: str) -> None:
        item = self._find(list_name, key)
        self.repository.delete_item(self.session_id, type(item), key)
        index = self.items(list_name).index(item)
        self.items(list_name).pop(index)
        self._keys.discard(key)
        self._note_freed(type(item).key_prefix, key)
        for linking_list, field in _LINKING.items():
            for other in self.items(linking_list):
                if key in getattr(other, field):
                    getattr(other, field).remove(key)
        self.item_removed.emit(list_name, index)

    def _restore(
        self, list_name: str, index: int, item: Item, linking: list[tuple[str, str, list[str]]]
    ) -> None:
        self._insert(list_name, index, item)
        for linking_list, key, links in linking:
            self._apply(linking_list, key, {_LINKING[linking_list]: list(links)})

    def _links_to(self, key: str) -> list[tuple[str, str, list[str]]]:
        return [
            (linking_list, other.key, list(getattr(other, field)))
            for linking_list, field in _LINKING.items()
            for other in self.items(linking_list)
            if key in getattr(other, field)
        ]

    def _apply(self, list_name: str, key: str, values: dict[str, Any], position: int | None = None) -> None:
        """Write new values for an item, and its new place when its time changed, in one go."""
        item = self._find(list_name, key)
        entries = self.items(list_name)
        index = entries.index(item)
        updated = copy.copy(item)
        for name, value in values.items():
            setattr(updated, name, copy.deepcopy(value))
        if position is None and list_name == "timeline" and "at" in values:
            trial = [updated if i == index else e for i, e in enumerate(entries)]
            position = place_after_time_change(trial, index)  # type: ignore[arg-type]
        target = index if position is None else max(0, min(position, len(entries) - 1))
        self.repository.update_item(
            self.session_id,
            updated,
            position=None if target == index else target,
            attachments="web_links" in values or "image" in values,
        )
        for name, value in values.items():
            setattr(item, name, copy.deepcopy(value))
        if values:  # a move alone changes nothing to show again (and must not refill an open editor)
            self.item_changed.emit(list_name, index)
        if target != index:
            entries.insert(target, entries.pop(index))
            self.item_moved.emit(list_name, index, target)


def _describe(item: Item) -> str:
    first_line = item.text.splitlines()[0] if item.text else ""
    return f"“{first_line[:40]}”" if first_line else "an item"
