"""Typed domain errors raised by the core engines.

The CLI and the web layer turn them into clear messages; nothing in core prints.
"""

from __future__ import annotations

from dataclasses import dataclass


class GreenClusterError(Exception):
    """Base class of every domain error raised by GreenCluster."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one input row.

    ``row`` is numbered as a spreadsheet shows it (the header is row 1, the first data row
    is row 2); for JSON input it is the 1-based position of the record plus one, so that the
    numbering is the same whichever format a file came in. ``row`` is ``None`` for problems
    with the file as a whole (missing column, unreadable file).
    """

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(GreenClusterError):
    """Bad input: carries every problem found, each with its row and column."""

    def __init__(self, errors: list[RowError] | RowError | str, *, source: str | None = None):
        if isinstance(errors, str):
            errors = [RowError(None, None, errors)]
        elif isinstance(errors, RowError):
            errors = [errors]
        self.errors: list[RowError] = list(errors)
        self.source = source
        super().__init__(self.describe())

    def describe(self, limit: int = 50) -> str:
        head = f"{self.source}: " if self.source else ""
        lines = [str(e) for e in self.errors[:limit]]
        more = len(self.errors) - limit
        if more > 0:
            lines.append(f"... and {more} more errors")
        if len(lines) == 1:
            return head + lines[0]
        return head + f"{len(self.errors)} errors\n" + "\n".join("  " + line for line in lines)


class InfeasibleError(GreenClusterError):
    """The problem as stated has no feasible solution."""


class SolverTimeout(GreenClusterError):
    """The solver hit its time limit without a result the caller accepted."""
