"""Stand-ins for judging's arithmetic while it is written on another branch.

``judging.assignment`` and ``judging.pairwise`` come from the arithmetic branch.
Until it is merged, ``install()`` puts a minimal private version of the two
functions the workspace calls in their place, so the workspace's tests can run.
Once the real modules exist, ``install()`` does nothing and the tests use them.
"""

import importlib
import sys
import types
from itertools import combinations


def _reassign_after_conflict(entry, judge, judges, *, conflicts, assignments):
    """Return the least-loaded free judge (the lowest id on a tie), or None."""
    conflicts, assignments = set(conflicts), set(assignments) - {(judge, entry)}
    on_entry = {other for other, held in assignments if held == entry}
    free = [
        other
        for other in sorted(set(judges))
        if other != judge and other not in on_entry and (other, entry) not in conflicts
    ]
    loads = {other: sum(1 for j, _e in assignments if j == other) for other in free}
    return min(free, key=lambda other: (loads[other], other), default=None)


def _next_pair(items, choices, *, judge_seen, rng):
    """Return a random pair of ``items`` the judge has not seen, or None."""
    unseen = [
        pair for pair in combinations(items, 2) if frozenset(pair) not in judge_seen
    ]
    return rng.choice(unseen) if unseen else None


FALLBACKS = {
    "judging.assignment": {"reassign_after_conflict": _reassign_after_conflict},
    "judging.pairwise": {"next_pair": _next_pair},
}


def install() -> list[str]:
    """Put a stand-in in place of each arithmetic module not there yet."""
    installed = []
    for name, functions in FALLBACKS.items():
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            module = types.ModuleType(name)
            module.__dict__.update(functions)
            sys.modules[name] = module
            installed.append(name)
    return installed
