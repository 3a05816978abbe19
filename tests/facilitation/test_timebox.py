"""The meeting plan and clock: accrual under a fake clock, editing, storing, and both screens' text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.phases import Phase
from facilitation.timebox import (
    DEFAULT_PLAN,
    MeetingClock,
    TimeboxState,
    format_clock,
    format_countdown,
)


class FakeClock:
    """Monotonic seconds that pass only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clock(fake: FakeClock) -> MeetingClock:
    return MeetingClock(now=fake)


def test_the_default_plan_is_a_sixty_minute_meeting_with_most_of_it_on_the_timeline() -> None:
    assert set(DEFAULT_PLAN) == set(Phase)
    assert sum(DEFAULT_PLAN.values()) == 60
    assert DEFAULT_PLAN[Phase.TIMELINE] == 35
    assert all(minutes >= 0 for minutes in DEFAULT_PLAN.values())


def test_a_new_clock_follows_the_default_plan_and_has_spent_nothing(clock: MeetingClock) -> None:
    assert not clock.running
    assert clock.current is None
    assert clock.planned(Phase.TIMELINE) == 35 * 60
    assert clock.meeting_planned() == 60 * 60
    assert clock.meeting_elapsed() == 0
    assert clock.remaining(Phase.TIMELINE) == 35 * 60


def test_time_accrues_to_the_current_phase_only_while_running(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.GROUND_RULES)
    fake.advance(30)
    assert clock.spent(Phase.GROUND_RULES) == 0  # entered, not started

    clock.start()
    assert clock.running
    fake.advance(90)
    assert clock.spent(Phase.GROUND_RULES) == 90
    assert clock.remaining(Phase.GROUND_RULES) == 30
    assert clock.spent(Phase.TIMELINE) == 0


def test_running_before_any_phase_is_entered_counts_for_nothing(clock: MeetingClock, fake: FakeClock) -> None:
    clock.start()
    fake.advance(45)
    assert clock.meeting_elapsed() == 0
    clock.enter(Phase.GROUND_RULES)
    fake.advance(10)
    assert clock.spent(Phase.GROUND_RULES) == 10


def test_pause_keeps_the_time_spent_and_resume_carries_on(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(100)
    clock.pause()
    assert not clock.running
    fake.advance(500)  # a coffee break
    assert clock.spent(Phase.TIMELINE) == 100

    clock.start()  # after a pause, start resumes
    fake.advance(20)
    assert clock.spent(Phase.TIMELINE) == 120


def test_starting_or_pausing_twice_changes_nothing(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(10)
    clock.start()  # must not restart the stretch and lose the 10 seconds
    fake.advance(5)
    clock.pause()
    clock.pause()
    assert clock.spent(Phase.TIMELINE) == 15


def test_switching_phases_moves_the_accrual(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(60)
    clock.enter(Phase.WENT_RIGHT)
    assert clock.current is Phase.WENT_RIGHT
    fake.advance(30)
    clock.enter(Phase.TIMELINE)  # moving back is free and keeps what was spent
    fake.advance(15)

    assert clock.spent(Phase.TIMELINE) == 75
    assert clock.spent(Phase.WENT_RIGHT) == 30


def test_entering_while_paused_accrues_nothing_until_resumed(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(10)
    clock.pause()
    clock.enter(Phase.WENT_WRONG)
    fake.advance(100)
    clock.start()  # after a pause, start resumes
    fake.advance(7)
    assert clock.spent(Phase.TIMELINE) == 10
    assert clock.spent(Phase.WENT_WRONG) == 7


def test_overrun_is_reported_once_the_timebox_is_used_up(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.GROUND_RULES)
    clock.start()
    fake.advance(120)
    assert not clock.overrun(Phase.GROUND_RULES)  # exactly on time
    assert clock.remaining(Phase.GROUND_RULES) == 0
    fake.advance(0.5)
    assert clock.overrun(Phase.GROUND_RULES)
    assert clock.remaining(Phase.GROUND_RULES) == -0.5


def test_extending_adds_minutes_to_the_timebox(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.GROUND_RULES)
    clock.start()
    fake.advance(150)
    assert clock.overrun(Phase.GROUND_RULES)

    clock.extend(Phase.GROUND_RULES)
    assert clock.planned(Phase.GROUND_RULES) == 7 * 60
    assert not clock.overrun(Phase.GROUND_RULES)
    assert clock.remaining(Phase.GROUND_RULES) == 270
    assert clock.meeting_planned() == 65 * 60

    clock.extend(Phase.GROUND_RULES, 2)
    assert clock.planned(Phase.GROUND_RULES) == 9 * 60


def test_an_extension_can_be_taken_back_but_not_below_nothing(clock: MeetingClock) -> None:
    clock.extend(Phase.TIMELINE, 5)
    clock.extend(Phase.TIMELINE, -5)
    assert clock.planned(Phase.TIMELINE) == 35 * 60
    with pytest.raises(ValueError, match=r"^extensions\.timeline is 0, so -1 minutes would take back"):
        clock.extend(Phase.TIMELINE, -1)
    assert clock.planned(Phase.TIMELINE) == 35 * 60


def test_editing_the_plan_keeps_the_extension_on_top(clock: MeetingClock) -> None:
    clock.extend(Phase.TIMELINE, 5)
    clock.set_planned(Phase.TIMELINE, 40)
    assert clock.planned(Phase.TIMELINE) == 45 * 60
    assert clock.meeting_planned() == 70 * 60
    assert clock.snapshot().plan[Phase.TIMELINE] == 40


def test_a_plan_cannot_be_negative(clock: MeetingClock) -> None:
    with pytest.raises(ValueError, match=r"^plan\.went_right is -3, but minutes cannot be negative$"):
        clock.set_planned(Phase.WENT_RIGHT, -3)
    assert clock.planned(Phase.WENT_RIGHT) == 4 * 60


def test_a_phase_planned_at_zero_has_no_timebox(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.REVIEW)
    clock.start()
    fake.advance(300)
    assert not clock.timeboxed(Phase.REVIEW)
    assert not clock.overrun(Phase.REVIEW)
    assert clock.meeting_elapsed() == 300  # still part of the meeting's time

    clock.extend(Phase.REVIEW, 2)
    assert clock.timeboxed(Phase.REVIEW)
    assert clock.overrun(Phase.REVIEW)


def test_a_plan_that_leaves_a_phase_out_gives_it_no_timebox(fake: FakeClock) -> None:
    clock = MeetingClock(plan={Phase.TIMELINE: 20}, now=fake)
    assert clock.planned(Phase.TIMELINE) == 20 * 60
    assert not clock.timeboxed(Phase.ACTIONS)
    assert clock.meeting_planned() == 20 * 60


def test_the_meeting_totals_add_up_every_phase(clock: MeetingClock, fake: FakeClock) -> None:
    clock.start()
    for phase, seconds in [(Phase.GROUND_RULES, 100), (Phase.TIMELINE, 2000), (Phase.WENT_RIGHT, 250)]:
        clock.enter(phase)
        fake.advance(seconds)
    assert clock.meeting_elapsed() == 2350
    assert format_clock(clock.meeting_elapsed(), clock.meeting_planned()) == "39 of 60 min"


def test_a_clock_that_jumps_backwards_takes_no_time_away(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(50)
    assert clock.spent(Phase.TIMELINE) == 50
    fake.advance(-30)
    assert clock.spent(Phase.TIMELINE) == 50
    fake.advance(40)  # back to 10 past the highest reading
    assert clock.spent(Phase.TIMELINE) == 60


def test_a_clock_reopened_from_its_snapshot_carries_on_accruing(clock: MeetingClock, fake: FakeClock) -> None:
    clock.set_planned(Phase.CLASSIFY, 3)
    clock.extend(Phase.TIMELINE, 10)
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(600)
    state = clock.snapshot()  # taken while running: includes the stretch so far
    assert state.spent[Phase.TIMELINE] == 600
    assert state.extensions[Phase.TIMELINE] == 10
    assert state.plan[Phase.CLASSIFY] == 3

    later = FakeClock(start=5.0)  # another run of the app: monotonic time starts elsewhere
    reopened = MeetingClock.from_state(state, now=later)
    assert not reopened.running
    assert reopened.current is None
    assert reopened.planned(Phase.TIMELINE) == 45 * 60
    assert reopened.planned(Phase.CLASSIFY) == 3 * 60
    assert reopened.spent(Phase.TIMELINE) == 600

    reopened.enter(Phase.TIMELINE)
    reopened.start()
    later.advance(60)
    assert reopened.spent(Phase.TIMELINE) == 660
    assert reopened.meeting_elapsed() == 660


def test_a_snapshot_does_not_disturb_the_running_clock(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(10)
    clock.snapshot()
    fake.advance(10)
    assert clock.spent(Phase.TIMELINE) == 20
    assert clock.running


@pytest.mark.parametrize(
    ("plan", "spent", "extensions", "message"),
    [
        ({Phase.TIMELINE: -1}, {}, {}, r"^plan\.timeline is -1, but minutes cannot be negative$"),
        ({}, {Phase.ACTIONS: -2.5}, {}, r"^spent\.actions is -2\.5, but time spent cannot be negative$"),
        ({}, {}, {Phase.WENT_RIGHT: -5}, r"^extensions\.went_right is -5, but minutes cannot be negative$"),
    ],
)
def test_a_clock_refuses_negative_numbers(
    plan: dict[Phase, int], spent: dict[Phase, float], extensions: dict[Phase, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        MeetingClock(plan=plan, spent=spent, extensions=extensions, now=FakeClock())


def test_to_dict_uses_lowercase_phase_names_and_plain_numbers() -> None:
    state = TimeboxState(
        plan={Phase.TIMELINE: 35, Phase.WENT_RIGHT: 4},
        extensions={Phase.TIMELINE: 5},
        spent={Phase.TIMELINE: 61.5, Phase.WENT_RIGHT: 3},
    )
    assert state.to_dict() == {
        "plan": {"timeline": 35, "went_right": 4},
        "extensions": {"timeline": 5},
        "spent": {"timeline": 61.5, "went_right": 3.0},
    }
    assert TimeboxState.from_dict(state.to_dict()) == state


def test_a_snapshot_survives_the_round_trip_through_plain_data(clock: MeetingClock, fake: FakeClock) -> None:
    clock.enter(Phase.TIMELINE)
    clock.start()
    fake.advance(12.25)
    clock.extend(Phase.TIMELINE)
    state = clock.snapshot()
    assert TimeboxState.from_dict(state.to_dict()) == state
    assert set(state.to_dict()["plan"]) == {phase.name.lower() for phase in Phase}


def test_an_empty_timebox_reads_as_the_default_plan_with_nothing_spent() -> None:
    state = TimeboxState.from_dict({})
    assert state == TimeboxState(plan=dict(DEFAULT_PLAN), extensions={}, spent={})
    assert TimeboxState.from_dict({"plan": None}).plan == dict(DEFAULT_PLAN)


def test_whole_minutes_written_as_floats_are_read_as_whole_minutes() -> None:
    state = TimeboxState.from_dict({"plan": {"timeline": 35.0}})
    assert state.plan == {Phase.TIMELINE: 35}
    assert isinstance(state.plan[Phase.TIMELINE], int)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"plan": {"lunch": 30}}, "plan.lunch is 30, but 'lunch' is not a phase of the debrief"),
        ({"spent": {"Timeline": 3.0}}, "spent.Timeline is 3.0, but 'Timeline' is not a phase of the debrief"),
        ({"plan": {"timeline": -5}}, "plan.timeline is -5, but minutes cannot be negative"),
        ({"extensions": {"actions": -1}}, "extensions.actions is -1, but minutes cannot be negative"),
        ({"spent": {"actions": -0.5}}, "spent.actions is -0.5, but time spent cannot be negative"),
        ({"plan": {"timeline": "35"}}, "plan.timeline is '35', but it should be a whole number of minutes"),
        ({"plan": {"timeline": 2.5}}, "plan.timeline is 2.5, but it should be a whole number of minutes"),
        ({"plan": {"timeline": True}}, "plan.timeline is True, but it should be a whole number of minutes"),
        ({"plan": {"timeline": None}}, "plan.timeline is None, but it should be a whole number of minutes"),
        ({"spent": {"timeline": "ten"}}, "spent.timeline is 'ten', but it should be a number of seconds"),
        ({"spent": {"timeline": float("nan")}}, "spent.timeline is nan, but it should be a number"),
        ({"spent": {"timeline": [1]}}, "spent.timeline is [1], but it should be a number of seconds"),
        ({"spent": {"timeline": float("inf")}}, "spent.timeline is inf, but no phase of one debrief takes"),
        ({"spent": {"timeline": 10**400}}, "spent.timeline is 1000"),
        ({"plan": {"timeline": 10**400}}, "plan.timeline is 1000"),
        ({"extensions": [5]}, "extensions is [5], but it should map phase names to numbers"),
        ({"budget": {}}, "'budget' is {}, but a timebox holds only plan, extensions and spent"),
    ],
)
def test_from_dict_refuses_what_it_cannot_read_in_one_sentence(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        TimeboxState.from_dict(data)
    text = str(caught.value)
    assert text.startswith(message)
    assert "\n" not in text


def test_a_refused_phase_name_is_shown_safely_and_briefly() -> None:
    with pytest.raises(ValueError) as caught:
        TimeboxState.from_dict({"plan": {"line\none" + "x" * 100: 1}})
    text = str(caught.value)
    assert "\n" not in text
    assert "line\\none" in text
    assert len(text) < 200


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (725, "12:05"),
        (9, "0:09"),
        (8.2, "0:09"),  # time left rounds up: 0:00 only when the time is up
        (0, "0:00"),
        (-0.0, "0:00"),
        (-0.2, "+0:01"),  # the plus shows the moment a phase overruns
        (-90, "+1:30"),
        (35 * 60, "35:00"),
        (59 * 60 + 59, "59:59"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
        (-3725, "+1:02:05"),
    ],
)
def test_the_countdown_reads_like_a_clock_and_overrun_gently(seconds: float, shown: str) -> None:
    assert format_countdown(seconds) == shown


@given(st.floats(min_value=-100_000, max_value=100_000))
def test_the_countdown_never_uses_a_minus_sign_or_harsh_words(seconds: float) -> None:
    shown = format_countdown(seconds)
    assert "-" not in shown
    assert shown.startswith("+") == (seconds < 0)
    assert not any(word in shown.lower() for word in ("late", "over"))


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), float("-inf")])
def test_the_countdown_refuses_what_is_not_a_time(seconds: float) -> None:
    with pytest.raises(ValueError, match="cannot be shown as a countdown"):
        format_countdown(seconds)


@pytest.mark.parametrize(
    ("elapsed", "planned", "shown"),
    [
        (38 * 60 + 40, 3600, "38 of 60 min"),  # minutes used round down, as a clock counts them
        (0, 3600, "0 of 60 min"),
        (59.9, 3600, "0 of 60 min"),
        (75 * 60, 3600, "75 of 60 min"),
        (125 * 60, 90 * 60, "125 of 90 min"),
    ],
)
def test_the_meeting_clock_shows_minutes_used_of_planned(elapsed: float, planned: float, shown: str) -> None:
    assert format_clock(elapsed, planned) == shown


def test_the_meeting_clock_refuses_what_is_not_a_time() -> None:
    with pytest.raises(ValueError, match="cannot be shown as a meeting clock"):
        format_clock(float("nan"), 3600)


_phases = st.sampled_from(list(Phase))
_operations = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.floats(min_value=0, max_value=10_000)),
        st.tuples(st.just("back"), st.floats(min_value=0, max_value=10_000)),
        st.tuples(st.just("enter"), _phases),
        st.tuples(st.sampled_from(["start", "pause", "reopen"]), st.none()),
        st.tuples(st.just("extend"), _phases),
        st.tuples(st.just("plan"), st.tuples(_phases, st.integers(min_value=0, max_value=120))),
    ),
    max_size=40,
)


@given(_operations)
def test_time_spent_never_decreases_and_the_meeting_is_the_sum_of_its_phases(
    operations: list[tuple[str, object]],
) -> None:
    fake = FakeClock()
    clock = MeetingClock(now=fake)
    before = {phase: 0.0 for phase in Phase}
    for name, argument in operations:
        if name == "advance" and isinstance(argument, float):
            fake.advance(argument)
        elif name == "back" and isinstance(argument, float):
            fake.advance(-argument)  # a misbehaving clock must not take time away
        elif name == "enter" and isinstance(argument, Phase):
            clock.enter(argument)
        elif name == "extend" and isinstance(argument, Phase):
            clock.extend(argument)
        elif name == "plan" and isinstance(argument, tuple):
            clock.set_planned(*argument)
        elif name == "reopen":
            clock = MeetingClock.from_state(TimeboxState.from_dict(clock.snapshot().to_dict()), now=fake)
        else:
            getattr(clock, name)()
        spent = {phase: clock.spent(phase) for phase in Phase}
        assert all(spent[phase] >= before[phase] for phase in Phase)
        assert clock.meeting_elapsed() == sum(spent[phase] for phase in Phase)
        before = spent
