"""Partnering-meeting scheduler: as many meetings as can possibly be held, with a proof.

    problem = MeetingProblem(slots=12, tables=60, meetings=(Meeting("m1", ("a", "b")), ...))
    schedule = solve(problem, time_limit_s=30, seed=0, workers=2)
    schedule.summary()            # "scheduled N of at most M possible meetings ..."
    check_schedule(problem, schedule)  # [] when every hard rule holds
    later = reschedule(changed_problem, schedule)  # fewest moved meetings

problem -> heuristic / model (CP-SAT) -> solve -> result -> checks; bounds prove quality.
"""

from greencluster.core.meetings.checks import Violation, check_schedule
from greencluster.core.meetings.generate import generate_event
from greencluster.core.meetings.io import read_problem
from greencluster.core.meetings.problem import InvalidProblem, Meeting, MeetingProblem
from greencluster.core.meetings.reschedule import reschedule
from greencluster.core.meetings.result import Assignment, Schedule
from greencluster.core.meetings.solve import solve

__all__ = [
    "Assignment",
    "InvalidProblem",
    "Meeting",
    "MeetingProblem",
    "Schedule",
    "Violation",
    "check_schedule",
    "generate_event",
    "read_problem",
    "reschedule",
    "solve",
]
