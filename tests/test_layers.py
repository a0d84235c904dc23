"""The package layers: imports go one way and every package imports alone.

Every ``import`` and ``from ... import`` in ``src/dateline`` is read with :mod:`ast`, those
inside functions too (an import put in a function to dodge a loop is still a loop). A package
may import only packages below it in :data:`LAYERS`; modules may form no cycle.
"""

from __future__ import annotations

import ast
import os
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
LAYERS = ("model", "sentences", "store", "ingest", "time", "analyze", "copies",
          "stories", "entities", "summarize", "report", "build", "scale", "web", "cli")


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
