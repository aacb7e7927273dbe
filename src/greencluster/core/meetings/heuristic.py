"""Constructive heuristic and local search for the slot assignment.

1. Greedy, most constrained first: locked meetings, then by priority, then meetings whose
   participants have the least surplus demand (a meeting between two over-requested
   participants is the cheapest to lose), then fewest allowed slots. Each goes to the feasible
   slot that opens the fewest idle gaps.
2. Ejection chains: an unscheduled meeting takes a slot after the meetings in its way move to
   other slots, recursively up to a small depth (an augmenting path in the slot graph).
3. Plateau moves when no chain exists: a meeting takes the place of blockers of no more total
   priority, which then look for chains themselves; the best schedule seen is kept.
4. Gap compaction: single moves of meetings that reduce idle gaps and keep everything else.

Tables are left to :func:`greencluster.core.meetings.result.assign_tables`; here a slot only
tracks how many general tables and which special tables it uses.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from greencluster.core.meetings.instance import Instance

NO_MEETING = -1

EJECTION_DEPTH = 2
"""How many further moves an ejection chain may make to place one meeting."""


@dataclass(frozen=True, slots=True)
class HeuristicResult:
    slot_of: tuple[int, ...]
    """0-based slot per meeting, -1 when not scheduled."""
    weighted: int
    iterations: int
    seconds: float


class SlotState:
    """Who is busy when, with an undo journal so that failed chains leave no trace."""

    def __init__(self, inst: Instance, rng: random.Random) -> None:
        self.inst = inst
        self.rng = rng
        self.n_slots = inst.slots
        self.busy = [NO_MEETING] * (len(inst.participants) * inst.slots)
        self.slot_of = [NO_MEETING] * inst.size
        self.table_of = [0] * inst.size
        self.general_count = [0] * inst.slots
        self.members: list[list[int]] = [[] for _ in range(inst.slots)]
        self.position = [0] * inst.size
        self.table_user: dict[tuple[int, int], int] = {}
        self.weighted = 0
        self.journal: list[tuple[int, int, int]] = []

    def fits(self, m: int, s: int) -> int | None:
        """The table code for ``m`` in slot ``s`` (0 = a general table) or None if it does not
        fit as things stand."""
        n_slots, busy = self.n_slots, self.busy
        for p in self.inst.parts[m]:
            if busy[p * n_slots + s] != NO_MEETING:
                return None
        if self.inst.general[m] and self.general_count[s] >= self.inst.general_capacity:
            return None
        special = self.inst.special[m]
        if not special:
            return 0
        for t in special:
            if (s, t) not in self.table_user:
                return t
        return None

    def place(self, m: int, s: int, table: int) -> None:
        n_slots = self.n_slots
        for p in self.inst.parts[m]:
            self.busy[p * n_slots + s] = m
        self.slot_of[m] = s
        self.table_of[m] = table
        self.position[m] = len(self.members[s])
        self.members[s].append(m)
        if self.inst.general[m]:
            self.general_count[s] += 1
        if table:
            self.table_user[(s, table)] = m
        self.weighted += self.inst.weight[m]
        self.journal.append((m, s, table))

    def remove(self, m: int) -> int:
        s, table = self.slot_of[m], self.table_of[m]
        n_slots = self.n_slots
        for p in self.inst.parts[m]:
            self.busy[p * n_slots + s] = NO_MEETING
        self.slot_of[m] = NO_MEETING
        members = self.members[s]
        last = members.pop()
        if last != m:
            members[self.position[m]] = last
            self.position[last] = self.position[m]
        if self.inst.general[m]:
            self.general_count[s] -= 1
        if table:
            del self.table_user[(s, table)]
        self.weighted -= self.inst.weight[m]
        self.journal.append((m, -1 - s, table))
        return s

    def mark(self) -> int:
        return len(self.journal)

    def rollback(self, mark: int) -> None:
        while len(self.journal) > mark:
            m, s, table = self.journal.pop()
            if s >= 0:
                self.remove(m)
            else:
                self.place(m, -1 - s, table)
            self.journal.pop()

    def replace(self, m: int, s: int, blockers: set[int]) -> bool:
        """Remove ``blockers`` and put ``m`` in slot ``s``; if ``m`` still does not fit,
        change nothing and return False."""
        mark = self.mark()
        for b in blockers:
            self.remove(b)
        table = self.fits(m, s)
        if table is None:
            self.rollback(mark)
            return False
        self.place(m, s, table)
        return True

    def blockers(self, m: int, s: int) -> set[int]:
        """Meetings that share a participant with ``m`` in slot ``s``."""
        n_slots, busy = self.n_slots, self.busy
        found = {busy[p * n_slots + s] for p in self.inst.parts[m]}
        found.discard(NO_MEETING)
        return found

    def capacity_blockers(self, m: int, s: int, person_blockers: set[int]) -> Iterator[int] | None:
        """None when a table is free for ``m`` in slot ``s`` once the person blockers left;
        otherwise the meetings of which one must leave to free one (possibly none), starting
        at a random place in the slot."""
        inst = self.inst
        if inst.general[m]:
            freed = sum(1 for b in person_blockers if inst.general[b])
            if self.general_count[s] - freed >= inst.general_capacity:
                members = self.members[s]
                k = self.rng.randrange(len(members)) if members else 0
                return (
                    b
                    for b in members[k:] + members[:k]
                    if inst.general[b] and b not in person_blockers
                )
        if inst.special[m]:
            users = [self.table_user.get((s, t)) for t in inst.special[m]]
            if any(u is None or u in person_blockers for u in users):
                return None
            return (u for u in users if u is not None)
        return None

    def gap_delta(self, m: int, s: int) -> int:
        """Change in idle-gap count of ``m``'s participants if ``m`` (unscheduled) went to s."""
        delta, n_slots, busy = 0, self.n_slots, self.busy
        for p in self.inst.parts[m]:
            base = p * n_slots
            left = s > 0 and busy[base + s - 1] != NO_MEETING
            right = s + 1 < n_slots and busy[base + s + 1] != NO_MEETING
            if left and right:
                delta -= 1
            elif (
                not left and not right and any(busy[base + k] != NO_MEETING for k in range(n_slots))
            ):
                delta += 1
        return delta


class Search:
    """Greedy construction plus ejection-chain local search on a :class:`SlotState`."""

    def __init__(
        self, inst: Instance, *, seed: int, preferred: frozenset[int] = frozenset()
    ) -> None:
        self.inst = inst
        self.preferred = preferred
        self.rng = random.Random(seed)
        self.state = SlotState(inst, self.rng)
        self.banned: set[int] = set()
        self.tabu_until = [0] * inst.size
        self.iteration = 0
        usable: list[set[int]] = [set() for _ in inst.participants]
        for m, people in enumerate(inst.parts):
            for p in people:
                usable[p].update(inst.allowed[m])
        self.usable = [tuple(sorted(slots)) for slots in usable]

    def has_room(self, m: int) -> bool:
        """Whether every participant of ``m`` has a free slot left: without one, no chain of
        moves can add ``m`` (only a swap can)."""
        n_slots, busy = self.inst.slots, self.state.busy
        for p in self.inst.parts[m]:
            base = p * n_slots
            if all(busy[base + s] != NO_MEETING for s in self.usable[p]):
                return False
        return True

    # --- construction ----------------------------------------------------------------------

    def order(self) -> list[int]:
        inst = self.inst
        demand = [0] * len(inst.participants)
        supply = [0] * len(inst.participants)
        for m, people in enumerate(inst.parts):
            for p in people:
                demand[p] += 1
                supply[p] = max(supply[p], len(inst.allowed[m]))
        pressure = [d / max(s, 1) for d, s in zip(demand, supply, strict=True)]
        noise = [self.rng.random() for _ in range(inst.size)]
        return sorted(
            range(inst.size),
            key=lambda m: (
                inst.locked[m] < 0,
                m not in self.preferred,
                -inst.weight[m],
                round(max(pressure[p] for p in inst.parts[m]), 1),
                len(inst.allowed[m]),
                noise[m],
            ),
        )

    def construct(self) -> None:
        state = self.state
        for m in self.order():
            if not self.inst.allowed[m]:
                continue
            best: tuple[int, float, int, int] | None = None
            for s in self.inst.allowed[m]:
                table = state.fits(m, s)
                if table is None:
                    continue
                key = (state.gap_delta(m, s), self.rng.random(), s, table)
                if best is None or key < best:
                    best = key
            if best is not None:
                state.place(m, best[2], best[3])
        state.journal.clear()

    # --- ejection chains -------------------------------------------------------------------

    def insert(self, m: int, depth: int) -> bool:
        """Schedule the unscheduled meeting ``m``, moving others along a chain of at most
        ``depth`` further moves; on failure nothing changes."""
        state = self.state
        if (self.inst.general[m] and not self._general_room()) or not self.has_room(m):
            return False
        allowed = self.inst.allowed[m]
        k = self.rng.randrange(len(allowed)) if allowed else 0
        slots = allowed[k:] + allowed[:k]
        for s in slots:
            table = state.fits(m, s)
            if table is not None:
                state.place(m, s, table)
                return True
        if depth <= 0:
            return False
        self.banned.add(m)
        try:
            for s in slots:
                if self._insert_by_ejection(m, s, depth):
                    return True
        finally:
            self.banned.discard(m)
        return False

    def _insert_by_ejection(self, m: int, s: int, depth: int) -> bool:
        state, inst = self.state, self.inst
        blockers = state.blockers(m, s)
        if len(blockers) > 2 or blockers & self.banned:
            return False
        if any(inst.locked[b] >= 0 for b in blockers):
            return False
        extra = state.capacity_blockers(m, s, blockers)
        if extra is not None:
            if blockers or not self._general_room():
                return False
            for b in extra:
                if inst.locked[b] < 0 and b not in self.banned:
                    blockers = {b}
                    break
            else:
                return False
        mark = state.mark()
        if not state.replace(m, s, blockers):
            return False
        if all(self.insert(b, depth - 1) for b in blockers):
            return True
        state.rollback(mark)
        return False

    def _general_room(self) -> bool:
        """Whether some slot has a general table free (else capacity chains cannot end)."""
        cap = self.inst.general_capacity
        return any(c < cap for c in self.state.general_count)

    # --- plateau moves ---------------------------------------------------------------------

    def swap_in(self, m: int, *, strict: bool) -> list[int]:
        """Put ``m`` in place of blockers of less (``strict``) or no more total priority,
        cheapest slot first, sparing meetings the selection MIP holds; return the ejected."""
        state, inst = self.state, self.inst
        options: list[tuple[int, int, float, int, set[int]]] = []
        for s in inst.allowed[m]:
            blockers = state.blockers(m, s)
            extra = state.capacity_blockers(m, s, blockers)
            if extra is not None:
                cheapest = self._cheapest(extra)
                if cheapest is None:
                    continue
                blockers = blockers | {cheapest}
            if any(inst.locked[b] >= 0 or self.tabu_until[b] > self.iteration for b in blockers):
                continue
            cost = sum(inst.weight[b] for b in blockers)
            kept = sum(1 for b in blockers if b in self.preferred)
            if cost < inst.weight[m] or (cost == inst.weight[m] and not strict):
                options.append((cost, kept, self.rng.random(), s, blockers))
        for _, _, _, s, blockers in sorted(options, key=lambda o: o[:3]):
            if not state.replace(m, s, blockers):
                continue
            self.tabu_until[m] = self.iteration + 10 + self.rng.randrange(10)
            return list(blockers)
        return []

    def _cheapest(self, candidates: Iterator[int]) -> int | None:
        """The movable candidate of least priority, preferring ones the selection MIP left
        out; stops at the first of priority 1 left out."""
        inst, best, best_key = self.inst, None, (0, True)
        for b in candidates:
            if inst.locked[b] >= 0 or self.tabu_until[b] > self.iteration:
                continue
            key = (inst.weight[b], b in self.preferred)
            if best is None or key < best_key:
                best, best_key = b, key
                if key == (1, False):
                    break
        return best

    def improve(
        self, deadline: float, target: Callable[[], int] | None = None, *, plateau: bool = True
    ) -> int:
        """Ejection chains and plateau moves until ``deadline`` (perf_counter seconds), until
        the weighted count reaches ``target()`` (a proven bound) or until the search stalls;
        the state ends at the best schedule found."""
        state, inst = self.state, self.inst
        best_weighted = state.weighted
        best = list(state.slot_of)
        best_tables = list(state.table_of)
        stall = 0
        open_list = [m for m in range(inst.size) if state.slot_of[m] < 0 and inst.allowed[m]]
        while open_list and time.perf_counter() < deadline and stall < 200 * inst.size + 1000:
            if target is not None and best_weighted >= target():
                break
            self.iteration += 1
            state.journal.clear()
            self.rng.shuffle(open_list)
            open_list.sort(key=lambda m: (m not in self.preferred, -inst.weight[m]))
            remaining = []
            for m in open_list:
                if state.slot_of[m] >= 0:
                    continue
                if not self.insert(m, EJECTION_DEPTH):
                    remaining.append(m)
                if time.perf_counter() >= deadline:
                    remaining.extend(x for x in open_list if state.slot_of[x] < 0)
                    break
            open_list = list(dict.fromkeys(remaining))
            if state.weighted > best_weighted:
                best_weighted, best, best_tables = (
                    state.weighted,
                    list(state.slot_of),
                    list(state.table_of),
                )
                stall = 0
            if not open_list:
                break
            stall += len(open_list)
            for m in open_list[: 4 * inst.slots]:
                if state.slot_of[m] < 0:
                    open_list.extend(self.swap_in(m, strict=True))
            for m in self.rng.sample(open_list, min(len(open_list), 50) if plateau else 0):
                if state.slot_of[m] < 0:
                    open_list.extend(self.swap_in(m, strict=False))
            open_list = [m for m in dict.fromkeys(open_list) if state.slot_of[m] < 0]
        if state.weighted < best_weighted:
            self.load(best, best_tables)
        state.journal.clear()
        return self.iteration

    def load(self, slot_of: list[int], table_of: list[int]) -> None:
        state = self.state
        for m in range(self.inst.size):
            if state.slot_of[m] >= 0:
                state.remove(m)
        for m, s in enumerate(slot_of):
            if s >= 0:
                state.place(m, s, table_of[m])
        state.journal.clear()

    def load_start(self, start: list[int]) -> None:
        """Locked meetings first, then the given slots wherever they still fit."""
        state, inst = self.state, self.inst
        for m in sorted(range(inst.size), key=lambda m: inst.locked[m] < 0):
            s = inst.locked[m] if inst.locked[m] >= 0 else start[m]
            table = state.fits(m, s) if s >= 0 else None
            if table is not None:
                state.place(m, s, table)
        state.journal.clear()

    # --- gaps ------------------------------------------------------------------------------

    def compact_gaps(self, deadline: float, passes: int = 4) -> None:
        """Lower idle gaps without losing meetings: move a meeting to another slot, or swap
        it with the one meeting in its way there (first improvement, a few passes)."""
        inst = self.inst
        for _ in range(passes):
            improved = False
            for m in range(inst.size):
                if time.perf_counter() >= deadline:
                    return
                if self.state.slot_of[m] >= 0 and inst.locked[m] < 0 and self._relocate_for_gaps(m):
                    improved = True
            if not improved:
                return

    def _relocate_for_gaps(self, m: int) -> bool:
        state, inst = self.state, self.inst
        origin = state.slot_of[m]
        for s in inst.allowed[m]:
            if s == origin:
                continue
            blockers = state.blockers(m, s)
            if len(blockers) > 1:
                continue
            b = blockers.pop() if blockers else NO_MEETING
            if b != NO_MEETING and (inst.locked[b] >= 0 or origin not in inst.allowed[b]):
                continue
            mark = state.mark()
            delta = self._move(m, s)
            if delta is not None and b != NO_MEETING:
                back = self._move(b, origin, evict=False)
                delta = None if back is None else delta + back
            if delta is not None and delta < 0:
                state.journal.clear()
                return True
            state.rollback(mark)
        return False

    def _move(self, m: int, s: int, *, evict: bool = True) -> int | None:
        """Put ``m`` (held or not) in slot ``s``, first taking out the meetings of its
        participants there when ``evict``; the change in blocks of meetings, or None when it
        does not fit (the caller rolls back)."""
        state, parts = self.state, self.inst.parts
        delta = 0
        origin = state.slot_of[m]
        if origin >= 0:
            delta += sum(self._flip(p, origin, busy=False) for p in parts[m])
            state.remove(m)
        for b in state.blockers(m, s) if evict else ():
            delta += sum(self._flip(p, s, busy=False) for p in parts[b])
            state.remove(b)
        table = state.fits(m, s)
        if table is None:
            return None
        delta += sum(self._flip(p, s, busy=True) for p in parts[m])
        state.place(m, s, table)
        return delta

    def _flip(self, p: int, s: int, *, busy: bool) -> int:
        """Change in ``p``'s blocks of meetings if slot ``s`` became busy (or free)."""
        base, n_slots, cells = p * self.inst.slots, self.inst.slots, self.state.busy
        left = s > 0 and cells[base + s - 1] != NO_MEETING
        right = s + 1 < n_slots and cells[base + s + 1] != NO_MEETING
        change = -1 if left and right else (1 if not left and not right else 0)
        return change if busy else -change


def schedule_heuristically(
    inst: Instance,
    *,
    time_limit_s: float,
    seed: int,
    start: list[int] | None = None,
    target: Callable[[], int] | None = None,
    preferred: frozenset[int] = frozenset(),
    stable: bool = False,
) -> HeuristicResult:
    """Best schedule the heuristic finds within ``time_limit_s`` seconds.

    ``start`` (0-based slots, -1 for none) is a feasible schedule to improve instead of
    building one greedily; ``preferred`` meetings (from the selection bound's solution) are
    placed first; ``target()`` is the best known bound, reaching it stops the search.
    ``stable`` (re-scheduling) keeps to strict improvements and skips gap compaction, so that
    meetings move only to make room for others.
    """
    began = time.perf_counter()
    deadline = began + time_limit_s
    search = Search(inst, seed=seed, preferred=preferred)
    if start is None:
        search.construct()
    else:
        search.load_start(start)
    if stable:
        iterations = search.improve(deadline, target, plateau=False)
    else:
        iterations = search.improve(began + 0.85 * time_limit_s, target)
        search.compact_gaps(deadline)
    return HeuristicResult(
        tuple(search.state.slot_of),
        search.state.weighted,
        iterations,
        time.perf_counter() - began,
    )
