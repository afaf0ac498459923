"""The import layers hold: no circle between top-level packages, no Django in the Django-free code.

An AST walk of every ``.py`` file in the repository (migrations included, ``.venv``
and ``var`` left out) that counts imports wherever they are written, inside
functions too. ``config`` (settings, urls, celery, wsgi, asgi) wires every app
together and is left out of the circle check; every other top-level package
(``tests`` and ``benchmarks`` included) must import downward only. The layers
are drawn in docs/architecture.md.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "var", "static", "node_modules", ".git", ".mypy_cache", ".ruff_cache", "build"}
#: The project wiring: it may import every app.
WIRING = "config"
#: Code that runs without Django: packages (folders) and single modules.
DJANGO_FREE = (
    "music",
    "grading/analysis",
    "grading/evidence.py",
    "generation/melody",
    "generation/accompaniment",
    "generation/render",
    "lessons/questions",
    "lessons/curriculum.py",
    "lessons/search.py",
    "tutor/mastery.py",
    "students/skills.py",
    "students/charts.py",
    "studio/engrave.py",
)
FRAMEWORKS = ("django", "rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "celery", "kombu")


def python_files() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, at any depth."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])
            else:
                yield node.lineno, str(node.module)


FILES = list(python_files())
TOP_LEVEL = {module_name(p).split(".")[0] for p in FILES}


def package_graph() -> dict[str, dict[str, list[str]]]:
    """``{importer: {imported: ["file:line", ...]}}`` between top-level packages."""
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in FILES:
        source = module_name(path).split(".")[0]
        for line, name in imports(path):
            target = name.split(".")[0]
            if target in TOP_LEVEL and target != source:
                edges[source][target].append(f"{path.relative_to(ROOT)}:{line}")
    return edges


def strongly_connected(nodes: set[str], edges: dict[str, dict[str, list[str]]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of packages that can reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, {}):
            if nxt not in nodes:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return groups


def test_no_circle_between_top_level_packages() -> None:
    edges = package_graph()
    nodes = TOP_LEVEL - {WIRING}
    circles = [group for group in strongly_connected(nodes, edges) if len(group) > 1]
    lines = [
        f"{a} -> {b}: {', '.join(edges[a][b][:3])}"
        for group in circles for a in sorted(group) for b in sorted(group) if b in edges.get(a, {})
    ]
    assert not circles, "import circle between top-level packages:\n" + "\n".join(lines)


def test_nothing_imports_the_project_wiring() -> None:
    users = [where for source, targets in package_graph().items() if source not in (WIRING, "tests", "benchmarks")
             for where in targets.get(WIRING, [])]
    assert not users, f"only tests and benchmarks may reach into {WIRING}: {users}"


def django_free_files() -> list[Path]:
    out = []
    for entry in DJANGO_FREE:
        path = ROOT / entry
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


def is_django_free(name: str) -> bool:
    path = name.replace(".", "/")
    return any(path == entry.removesuffix(".py") or path.startswith(entry.rstrip("/") + "/") for entry in DJANGO_FREE)


@pytest.mark.parametrize("path", django_free_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_django_free_code_imports_no_framework_and_only_django_free_project_code(path: Path) -> None:
    assert path.exists(), f"{path} is declared Django-free but does not exist"
    wrong = []
    for line, name in imports(path):
        top = name.split(".")[0]
        if top in FRAMEWORKS:
            wrong.append(f"line {line}: {name}")
        elif top in TOP_LEVEL and not is_django_free(name):
            wrong.append(f"line {line}: {name} (project code that is not Django-free)")
    assert not wrong, f"{path.relative_to(ROOT)} must run without Django: " + "; ".join(wrong)


@pytest.mark.parametrize("entry", DJANGO_FREE)
def test_the_packages_around_django_free_code_import_nothing_on_their_own(entry: str) -> None:
    # Importing grading.analysis runs grading/__init__.py first: it must not pull Django in.
    parts = Path(entry).parts
    for depth in range(1, len(parts)):
        init = ROOT.joinpath(*parts[:depth], "__init__.py")
        if init.exists() and not is_django_free(module_name(init)):
            assert not list(imports(init)), f"{init.relative_to(ROOT)} imports something; {entry} would load it"
