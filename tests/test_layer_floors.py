"""Every import between apps points down the floors drawn in docs/architecture.md ("The layers").

``tests/test_layers.py`` fails on a circle; this pins the order itself. An import can point up a
floor without closing a circle (``studio`` reaching into ``students``, which never imports it), and
the map says which way each arrow goes. A new top-level package fails here until it gets a floor.
"""

from __future__ import annotations

from tests.test_layers import TOP_LEVEL, package_graph

#: The floors of docs/architecture.md: a package imports only packages on lower floors.
FLOORS = {
    "config": 8,
    "students": 7,
    "studio": 7,
    "lessons": 6,
    "generation": 5,
    "grading": 4,
    "tutor": 3,
    "music": 1,
}
#: Above every floor: they may import anything, and nothing but each other imports them.
ABOVE = {"tests", "benchmarks", "scripts", "manage"}


def test_every_top_level_package_has_a_floor() -> None:
    floorless = TOP_LEVEL - ABOVE - set(FLOORS)
    assert not floorless, f"put these on a floor of docs/architecture.md: {sorted(floorless)}"


def test_every_import_between_apps_points_to_a_lower_floor() -> None:
    upward = [
        f"{source} (floor {FLOORS[source]}) -> {target} (floor {FLOORS[target]}): {', '.join(where[:3])}"
        for source, targets in package_graph().items() if source in FLOORS
        for target, where in targets.items() if target in FLOORS and FLOORS[target] >= FLOORS[source]
    ]
    assert not upward, "imports that do not point down a floor:\n" + "\n".join(upward)


def test_nothing_but_tests_and_benchmarks_imports_them() -> None:
    users = [f"{source} -> {target}: {where[0]}" for source, targets in package_graph().items() if source not in ABOVE
             for target, where in targets.items() if target in ABOVE]
    assert not users, "\n".join(users)
