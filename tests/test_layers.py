"""The house plan: every import in src/sourcetrace follows the documented layer order.

Read with ``ast`` (nothing is imported), so an import inside a function counts as much as
one at the top. A module may import its own layer or any layer below; imports under
``if TYPE_CHECKING:`` never run and are exempt. The package's ``__init__`` is the public API
on top of everything and may import anything; no other module imports ``sourcetrace``
itself. A function-level import is allowed only as a documented lazy import (for load cost):
a comment containing "lazy" on its line or on the line just above it (or above the run of
imports it belongs to).
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "sourcetrace"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

# The layer order, bottom to top: (layer name, the top-level modules and packages of
# sourcetrace in it). A module may import its own layer or any layer below. The README
# shows the same table.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("dossier", "errors", "settings", "version", "progress", "models")),
    ("text", ("nlp", "text")),
    ("ingest", ("ingest",)),
    ("attribution", ("attribution",)),
    ("sources", ("sources",)),
    ("stories", ("stories",)),
    ("claims", ("claims",)),
    ("assessment", ("assessment",)),
    ("timeline", ("timeline",)),
    ("output", ("store", "render")),
    ("pipeline", ("pipeline",)),
    ("engines", ("engines",)),
    # Above the stages: they may import any stage, the pipeline included; no stage imports them.
    ("evaluation", ("evaluation",)),
    ("training", ("training",)),
    ("cli", ("cli", "__main__")),
)
# The package itself (`sourcetrace/__init__.py`) is the public API, above every layer.
# `models` holds weights only: anyone may read it, and it imports nothing of sourcetrace.
WEIGHTS_ONLY = "models"
LAYER_OF: dict[str, int] = {
    part: level for level, (_, parts) in enumerate(LAYERS) for part in parts
}


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it is, and how it is guarded."""

    module: str  # dotted name of the importing module
    path: Path
    line: int
    end_line: int
    target: str  # dotted name of the imported module ("sourcetrace" for the package itself)
    in_function: bool
    type_checking: bool
    in_getattr: bool  # inside a module-level __getattr__ (PEP 562): lazy by definition


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def resolve(module: str, package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` reads from."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def is_submodule(dotted: str) -> bool:
    """True when ``dotted`` (sourcetrace.x...) names a module or package file."""
    rel = Path(*dotted.split(".")[1:])
    return (SRC / rel).with_suffix(".py").exists() or (SRC / rel / "__init__.py").exists()


def targets_of(module: str, package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules one import statement reads, once each."""
    if isinstance(node, ast.Import):
        return list(dict.fromkeys(alias.name for alias in node.names))
    source = resolve(module, package, node)
    if source != PACKAGE:
        return [source]
    # `from sourcetrace import x` reads module x when x is one, else the package's namespace.
    named = (f"{source}.{alias.name}" for alias in node.names)
    return list(dict.fromkeys(name if is_submodule(name) else source for name in named))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path, code: str | None = None) -> Iterator[Import]:
    """Every import in one file (or in ``code``, read as if it were that file)."""
    text = path.read_text(encoding="utf-8") if code is None else code
    tree = ast.parse(text, filename=str(path))
    module = module_name(path)

    def walk(
        node: ast.AST, in_function: bool, type_checking: bool, in_getattr: bool
    ) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                targets = targets_of(module, is_package(path), child)
                for target in targets:
                    yield Import(
                        module,
                        path,
                        child.lineno,
                        child.end_lineno or child.lineno,
                        target,
                        in_function,
                        type_checking,
                        in_getattr,
                    )
                continue
            function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            getattr_hook = function and node is tree and getattr(child, "name", "") == "__getattr__"
            guarded = isinstance(child, ast.If) and _is_type_checking(child.test)
            yield from walk(
                child, in_function or function, type_checking or guarded, in_getattr or getattr_hook
            )

    yield from walk(tree, False, False, False)


def source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def top_part(dotted: str) -> str | None:
    """The top-level module of sourcetrace a dotted name lies in (None for the package itself)."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else None


def layer_name(part: str | None) -> str:
    if part is None:
        return "the package sourcetrace (public API)"
    level = LAYER_OF.get(part)
    return f"{LAYERS[level][0]} (layer {level + 1})" if level is not None else "no layer"


def layer_violations() -> list[str]:
    """Each import that runs against the order, as one readable line."""
    found = []
    for path in source_files():
        for imp in imports_of(path):
            if imp.type_checking or not (
                imp.target == PACKAGE or imp.target.startswith(PACKAGE + ".")
            ):
                continue
            if path == SRC / "__init__.py":  # the public API may import anything
                continue
            own, theirs = top_part(imp.module), top_part(imp.target)
            where = f"{path.relative_to(SRC.parent)}:{imp.line}"
            if theirs is None:
                found.append(
                    f"{where}: {imp.module} [{layer_name(own)}] imports the package {PACKAGE} itself "
                    "(the public API, above every layer)"
                )
            elif own == WEIGHTS_ONLY:
                found.append(f"{where}: {imp.module} holds weights only, yet imports {imp.target}")
            elif own in LAYER_OF and theirs in LAYER_OF and LAYER_OF[theirs] > LAYER_OF[own]:
                found.append(
                    f"{where}: {imp.module} [{layer_name(own)}] → {imp.target} [{layer_name(theirs)}]"
                )
    return found


def comments_by_line(path: Path) -> dict[int, str]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return {tok.start[0]: tok.string for tok in tokens if tok.type == tokenize.COMMENT}


def undocumented_function_imports() -> list[str]:
    """Each function-level import with no comment saying it is lazy."""
    found = []
    for path in source_files():
        inner = [imp for imp in imports_of(path) if imp.in_function and not imp.in_getattr]
        if not inner:
            continue
        comments = comments_by_line(path)
        # Lines that hold a function-level import: a comment above a run of them covers the run.
        import_lines = {line for imp in inner for line in range(imp.line, imp.end_line + 1)}
        lines = path.read_text(encoding="utf-8").splitlines()
        seen: set[int] = set()
        for imp in inner:
            if imp.line in seen:  # one report per statement, naming all it imports
                continue
            seen.add(imp.line)
            targets = ", ".join(i.target for i in inner if i.line == imp.line)
            own = any(
                "lazy" in comments.get(n, "").lower() for n in range(imp.line, imp.end_line + 1)
            )
            above = imp.line - 1
            while above in import_lines or (above > 0 and not lines[above - 1].strip()):
                above -= 1  # climb over the run of imports (and blank lines) this one is part of
            if own or "lazy" in comments.get(above, "").lower():
                continue
            found.append(
                f"{path.relative_to(SRC.parent)}:{imp.line}: {imp.module} imports {targets} inside a "
                "function with no comment saying it is lazy (for load cost)"
            )
    return found


def test_every_module_has_a_layer() -> None:
    """A new top-level module or package must be placed in LAYERS (and the README's table)."""
    parts = {top_part(module_name(p)) for p in source_files()} - {None}
    unplaced = sorted(part for part in parts if part not in LAYER_OF)
    assert not unplaced, f"top-level modules in no layer (add them to LAYERS): {unplaced}"


def test_imports_follow_the_layer_order() -> None:
    violations = layer_violations()
    if violations:
        pytest.fail(
            f"{len(violations)} imports run against the layer order (bottom to top: "
            + ", ".join(
                f"{i + 1}. {name} ({'/'.join(parts)})" for i, (name, parts) in enumerate(LAYERS)
            )
            + "):\n"
            + "\n".join(violations),
            pytrace=False,
        )


def test_function_level_imports_are_documented_lazy_imports() -> None:
    undocumented = undocumented_function_imports()
    if undocumented:
        pytest.fail(
            f"{len(undocumented)} undocumented function-level imports:\n" + "\n".join(undocumented),
            pytrace=False,
        )


def test_the_checker_reads_nested_and_relative_imports() -> None:
    """The walker sees imports in functions and under TYPE_CHECKING, and resolves relative ones."""
    code = (
        "from typing import TYPE_CHECKING\n"
        "from . import spans\n"
        "if TYPE_CHECKING:\n"
        "    from sourcetrace.pipeline import analyze\n"
        "def f():\n"
        "    # lazy: torch is slow to import\n"
        "    import torch\n"
        "    from ..claims import embed\n"
    )
    got = {
        (i.target, i.in_function, i.type_checking)
        for i in imports_of(SRC / "text" / "_probe.py", code)
    }
    assert got == {
        ("typing", False, False),
        ("sourcetrace.text", False, False),
        ("sourcetrace.pipeline", False, True),
        ("torch", True, False),
        ("sourcetrace.claims", True, False),
    }
