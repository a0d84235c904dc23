"""The package layers: imports go one way, every package imports alone, SQL stays in its place.

Every ``import`` and ``from ... import`` in ``src/dateline`` is read with :mod:`ast`, those
inside functions too (an import put in a function to dodge a loop is still a loop). A package
may import only packages below it in :data:`LAYERS`; modules may form no cycle.
SQL is sent only by ``store/`` and by each stage's table module (:data:`TABLE_MODULES`), and a
table is written only by its owner: ``<stage>_*`` tables by that stage's table module, the
others (articles, sources, errors, state) by ``store/``, whose migrations hold every schema.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "dateline"

# The layer order, lowest first (docs/architecture.md repeats it). A package imports only the
# ones before it: the records, the store, then the stages in the order a build runs them, then
# what drives them (build, Spark, web, CLI).
LAYERS = ("model", "sentences", "store", "ingest", "furniture", "time", "analyze", "copies",
          "stories", "entities", "summarize", "report", "build", "scale", "web", "cli")

# The one module of each stage that reads and writes the stage's ``<stage>_*`` tables.
TABLE_MODULES = {
    "analyze": "dateline.analyze.tables",
    "copies": "dateline.copies.tables",
    "furniture": "dateline.furniture.tables",
    "report": "dateline.report.results",
    "stories": "dateline.stories.tables",
}

_SQL = re.compile(r"\b(?:SELECT|INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|"
                  r"(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|VIRTUAL|TRIGGER)|PRAGMA)\b")
_WRITE = re.compile(r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE|REPLACE\s+INTO)"
                    r"\s+([a-z_]+)")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """The ``dateline`` modules that ``module`` imports anywhere in it, with the line."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + [base]).rstrip(".")
            # ``from dateline.x import y`` imports the module dateline.x.y when there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == "dateline" and target != "dateline":
                while target not in MODULES:  # a name inside a module
                    target = target.rsplit(".", 1)[0]
                if target != module:
                    yield target, node.lineno


def _layer(module: str) -> str:
    """The package (or top-level module) of ``module``; ``dateline`` itself is the bottom."""
    return module.split(".")[1] if "." in module else LAYERS[0]


def test_every_package_has_a_layer() -> None:
    packages = {_layer(m) for m in MODULES if m != "dateline"}
    assert packages <= set(LAYERS), f"put {sorted(packages - set(LAYERS))} in LAYERS"


def test_imports_go_down_the_layers() -> None:
    upward = []
    for module, path in MODULES.items():
        if module == "dateline":
            continue
        for target, line in _imports(module, path):
            if {_layer(target), _layer(module)} - set(LAYERS):
                continue  # test_every_package_has_a_layer names it
            if LAYERS.index(_layer(target)) > LAYERS.index(_layer(module)):
                upward.append(f"{path.relative_to(SRC)}:{line} {module} imports {target}")
    assert not upward, "imports that go up the layers:\n" + "\n".join(upward)


def test_no_module_import_cycle() -> None:
    graph = {m: {t for t, _ in _imports(m, p)} for m, p in MODULES.items()}
    cycles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert not cycles, f"modules that import each other: {cycles}"


@pytest.mark.parametrize("package", [p for p in LAYERS if f"dateline.{p}" in MODULES])
def test_each_package_imports_alone(package: str) -> None:
    """A fresh interpreter imports the package with nothing imported before it."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", f"import dateline.{package}"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def _sql(path: Path) -> Iterator[tuple[int, str]]:
    """The string constants of ``path`` that are SQL, and each call of ``execute``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and _SQL.search(node.value):
            yield node.lineno, node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("execute", "executemany", "executescript"):
            yield node.lineno, f".{node.func.attr}()"


def test_sql_only_in_the_store_and_the_table_modules() -> None:
    allowed = set(TABLE_MODULES.values())
    found = [f"{path.relative_to(SRC)}:{line} {text.strip()[:60]!r}"
             for module, path in MODULES.items()
             if _layer(module) != "store" and module not in allowed
             for line, text in _sql(path)]
    assert not found, "SQL outside store/ and the stages' table modules:\n" + "\n".join(found)


def test_each_table_has_one_writer() -> None:
    wrong = []
    for module, path in MODULES.items():
        if module == "dateline.store.migrations":  # every stage's schema, triggers included
            continue
        for line, text in _sql(path):
            for table in _WRITE.findall(text):
                owner = TABLE_MODULES.get(table.split("_")[0], "dateline.store")
                if not (module == owner or module.startswith(f"{owner}.")):
                    wrong.append(f"{path.relative_to(SRC)}:{line} writes {table} ({owner} does)")
    assert not wrong, "tables written outside their owner:\n" + "\n".join(wrong)
