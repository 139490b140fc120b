"""A newcomer finds each module where the package says it is: every module of analysis/ is listed,
with what it holds, in analysis/__init__.py's docstring and in the README's layout."""

from __future__ import annotations

import re

import analysis
from analysis.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "analysis"


def modules() -> set[str]:
    """The package's modules: analysis/*.py (``__init__`` aside) and its subpackages."""
    found = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    found |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    return found


def test_the_package_docstring_lists_every_module():
    listed = set(re.findall(r":mod:`analysis\.(\w+)`", analysis.__doc__))
    assert modules() - listed == set(), "modules missing from analysis/__init__.py's list"
    assert listed - modules() == set(), "analysis/__init__.py lists modules that do not exist"


def test_the_readme_layout_lists_every_module():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("analysis/        the helpers package") :]
    layout = layout[: layout.index("data/            ")]
    listed = set(re.findall(r"^  (\w+)\.py ", layout, flags=re.M)) | set(re.findall(r"^  (\w+)/ ", layout, flags=re.M))
    assert modules() - listed == set(), "modules missing from the README's layout"
    assert listed - modules() == set(), "the README's layout lists modules that do not exist"
    # the subpackage's own modules are named on its line
    for module in (PACKAGE / "sources").glob("*.py"):
        if module.stem != "__init__":
            assert f"{module.stem}.py" in layout, module.name


def test_every_public_function_says_what_it_does():
    import ast

    undocumented = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and not ast.get_docstring(node):
                undocumented.append(f"{path.relative_to(PROJECT_ROOT)}: {node.name}")
    assert undocumented == [], "public functions without a docstring"
