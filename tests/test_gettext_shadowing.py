"""No module that translates with `_()` may also bind the name `_` (as a throwaway variable).

`_, exc = run(...)` inside a view turns gettext into a local variable for the whole function,
so the view's own `_("Saved.")` raises: four meeting pages answered 500 that way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "matchmaker"


def _calls_gettext(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
        for node in ast.walk(tree)
    )


def underscore_bindings(source: str) -> list[int]:
    """Lines where `_` is bound other than by an import, in a module that calls `_(...)`."""
    tree = ast.parse(source)
    if not _calls_gettext(tree):
        return []
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name)
            and node.id == "_"
            and isinstance(node.ctx, ast.Store | ast.Del)
        ):
            lines.append(node.lineno)  # assignment, unpacking, for, with-as, comprehension, :=
        elif isinstance(node, ast.arg) and node.arg == "_":
            lines.append(node.lineno)
        elif isinstance(node, ast.ExceptHandler) and node.name == "_":
            lines.append(node.lineno)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and (
            node.name == "_"
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name == "_":
            lines.append(node.lineno)
        elif isinstance(node, ast.Global | ast.Nonlocal) and "_" in node.names:
            lines.append(node.lineno)
    return sorted(lines)


@pytest.mark.parametrize(
    "snippet",
    [
        "_, exc = run()",
        "for _ in range(3): pass",
        "with open('f') as _: pass",
        "[1 for _ in range(3)]",
        "{k: 1 for k, _ in pairs}",
        "_ = 1",
        "(_ := 2)",
        "def f(_): pass",
        "try:\n    pass\nexcept ValueError as _:\n    pass",
    ],
)
def test_checker_finds_every_kind_of_binding(snippet):
    source = f"from flask_babel import gettext as _\n{snippet}\nprint(_('Saved.'))\n"
    assert underscore_bindings(source)


def test_checker_accepts_the_gettext_import_and_other_throwaway_names():
    source = (
        "from flask_babel import gettext as _\n"
        "for _item in range(3): pass\n"
        "_result, exc = run()\n"
        "print(_('Saved.'))\n"
    )
    assert underscore_bindings(source) == []


def test_no_module_shadows_gettext():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = underscore_bindings(path.read_text(encoding="utf-8"))
        if lines:
            offenders[str(path.relative_to(PACKAGE.parent))] = lines
    assert offenders == {}, f"`_` is gettext in these modules; bound at lines {offenders}"
