"""Fair assignment of a round's entries to its judges.

The rules, in order of priority:

1. A judge is never given an entry they have a conflict of interest with.
2. Existing assignments are kept (a judge may already have scored them). An
   existing assignment that has since become a conflict is not counted and is
   reported in ``AssignmentPlan.conflicted`` for the caller to remove.
3. Each entry gets ``k`` judges, or every judge free of conflicts with it if
   there are fewer than ``k`` of those (reported in ``AssignmentPlan.short``).
   Only the gaps are filled, so running the assignment again adds nothing.
4. The judges' workloads (existing plus new assignments) are as even as the
   conflicts and the existing assignments allow: without conflicts or lopsided
   existing assignments, no judge has more than one entry more than another.

How it works. First a greedy pass: entries with the fewest judges free to take
them go first (they have the least choice), and each gap goes to the
least-loaded free judge, ties going to the judge who sorts first. Greedy alone
can leave loads two or more apart when conflicts bite, so a repair pass
follows: while some judge X has at least two entries more than some judge Y,
and X can hand one of their *new* entries to a judge who can hand one of theirs
on ... to Y (each hand-over to a judge free to take that entry and not already
on it), the chain is carried out: X loses one, Y gains one, everyone between
keeps their count. Each chain lowers the sum of squared loads, so the repair
ends; when no chain is left, the loads are the most even possible: the biggest
load is as small, and the smallest as big, as any assignment that keeps the
existing pairs could make them (this is the exchange property of balanced
bipartite assignment; tests check it against every possible assignment of
small panels). Where the ±1 bound still fails, it is because it cannot hold:
a judge conflicted with most entries, or existing assignments already uneven
(for example, a judge who joined the panel after the first run).

Everything is deterministic for the same input: judges and entries are handled
in sorted order, so ids must be sortable (numbers or strings).
"""

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

type Judge = Hashable
type Entry = Hashable
type Pair = tuple[Judge, Entry]


@dataclass(frozen=True)
class AssignmentPlan:
    """What ``assign`` decided.

    ``added``: new (judge, entry) pairs to create. ``conflicted``: existing pairs
    that are now conflicts (not counted; remove them). ``outside``: existing
    pairs whose judge has left the panel or whose entry has left the round (not
    counted). ``loads``: each panel judge's counted assignments once ``added``
    is created. ``short``: entries that get fewer than ``k`` judges because too
    few are free of conflicts, with the number they get.
    """

    added: frozenset[Pair]
    conflicted: frozenset[Pair]
    outside: frozenset[Pair]
    loads: Mapping[Judge, int]
    short: Mapping[Entry, int]


class _Board:
    """The working state: who is on each entry, and which pairs are new."""

    def __init__(self, judges: list[Judge], kept: set[Pair]) -> None:
        self.on: dict[Entry, set[Judge]] = defaultdict(set)
        self.load: dict[Judge, int] = dict.fromkeys(judges, 0)
        self.new: dict[Judge, set[Entry]] = {judge: set() for judge in judges}
        for judge, entry in kept:
            self.on[entry].add(judge)
            self.load[judge] += 1

    def add(self, judge: Judge, entry: Entry) -> None:
        self.on[entry].add(judge)
        self.new[judge].add(entry)
        self.load[judge] += 1

    def move(self, entry: Entry, giver: Judge, taker: Judge) -> None:
        self.on[entry].remove(giver)
        self.new[giver].remove(entry)
        self.load[giver] -= 1
        self.add(taker, entry)


def assign(
    entries: Iterable[Entry],
    judges: Iterable[Judge],
    k: int,
    *,
    conflicts: Iterable[Pair] = frozenset(),
    existing: Iterable[Pair] = frozenset(),
) -> AssignmentPlan:
    """Return the new (judge, entry) pairs that give each entry ``k`` judges fairly."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(
            f"Judges per entry must be a whole number of 0 or more, not {k!r}."
        )
    entries, judges = sorted(set(entries)), sorted(set(judges))
    conflicts, existing = set(conflicts), set(existing)
    in_round, on_panel = set(entries), set(judges)
    conflicted = existing & conflicts
    outside = {
        (j, e)
        for j, e in existing - conflicted
        if j not in on_panel or e not in in_round
    }
    board = _Board(judges, existing - conflicted - outside)
    free = {e: [j for j in judges if (j, e) not in conflicts] for e in entries}
    wanted = {e: max(len(board.on[e]), min(k, len(free[e]))) for e in entries}
    for entry in sorted(entries, key=lambda e: (len(free[e]), e)):
        while len(board.on[entry]) < wanted[entry]:
            choices = [j for j in free[entry] if j not in board.on[entry]]
            board.add(min(choices, key=lambda j: (board.load[j], j)), entry)
    _even_out(board, judges, free)
    added = frozenset((j, e) for j in judges for e in board.new[j])
    return AssignmentPlan(
        added=added,
        conflicted=frozenset(conflicted),
        outside=frozenset(outside),
        loads=dict(board.load),
        short={e: len(board.on[e]) for e in entries if len(board.on[e]) < k},
    )


def _even_out(board: _Board, judges: list[Judge], free: dict[Entry, list[Judge]]):
    """Carry out hand-over chains from heavy to light judges until none is left."""
    while True:
        for source in sorted(judges, key=lambda j: (-board.load[j], j)):
            chain = _chain_from(board, source, judges, free)
            if chain:
                for entry, giver, taker in chain:
                    board.move(entry, giver, taker)
                break
        else:
            return


def _chain_from(
    board: _Board, source: Judge, judges: list[Judge], free: dict[Entry, list[Judge]]
) -> list[tuple[Entry, Judge, Judge]] | None:
    """Find the shortest hand-over chain from ``source`` to a judge two lighter.

    A breadth-first search over "judge A can pass new entry e to judge B";
    among the judges it reaches, the chain ends at the lightest (the nearest
    of those found first), provided it has at least two entries fewer.
    """
    came_from: dict[Judge, tuple[Entry, Judge] | None] = {source: None}
    queue = deque([source])
    while queue:
        giver = queue.popleft()
        for entry in sorted(board.new[giver]):
            for taker in free[entry]:
                if taker not in came_from and taker not in board.on[entry]:
                    came_from[taker] = (entry, giver)
                    queue.append(taker)
    target = min(came_from, key=lambda j: board.load[j])
    if board.load[target] > board.load[source] - 2:
        return None
    chain = []
    while (step := came_from[target]) is not None:
        entry, giver = step
        chain.append((entry, giver, target))
        target = giver
    return chain[::-1]


def reassign_after_conflict(
    entry: Entry,
    judge: Judge,
    judges: Iterable[Judge],
    *,
    conflicts: Iterable[Pair],
    assignments: Iterable[Pair],
) -> Judge | None:
    """Return who should take ``entry`` now that ``judge`` has declared a conflict.

    The least-loaded panel judge (counting ``assignments``, the round's current
    pairs) who has no conflict with the entry and is not already on it; ties go
    to the judge who sorts first. None when nobody is free: the entry then has
    one judge fewer, and the chair should know.
    """
    conflicts, assignments = set(conflicts), set(assignments)
    load: dict[Judge, int] = defaultdict(int)
    for other, _ in assignments - {(judge, entry)}:
        load[other] += 1
    on_entry = {j for j, e in assignments if e == entry}
    candidates = [
        j
        for j in sorted(set(judges))
        if j != judge and j not in on_entry and (j, entry) not in conflicts
    ]
    return min(candidates, key=lambda j: (load[j], j), default=None)
