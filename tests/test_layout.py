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


def _numpydoc_gaps(node) -> list[str]:
    """What a function's docstring lacks of the numpydoc sections: a Parameters section naming each
    argument, and a Returns (or Yields) section unless the function is annotated to return None."""
    import ast

    doc = ast.get_docstring(node) or ""
    args = [
        a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs) if a.arg not in ("self", "cls")
    ]
    args += [f"*{node.args.vararg.arg}"] if node.args.vararg else []
    args += [f"**{node.args.kwarg.arg}"] if node.args.kwarg else []
    gaps = []
    if not re.search(r"^\s*Parameters\n\s*-{10}", doc, flags=re.M):
        gaps.append("no Parameters section")
    else:
        section = re.split(r"^\s*Parameters\n\s*-{10}\n", doc, flags=re.M)[1]
        section = re.split(r"^\s*\w+\n\s*-{3,}\n", section, flags=re.M)[0]
        named = {
            n.strip()
            for line in re.findall(r"^\s*(\**[\w, ]+?)\s*(?::|$)", section, flags=re.M)
            for n in line.split(",")
        }
        missing = [a for a in args if a not in named]
        if missing:
            gaps.append("Parameters does not name " + ", ".join(missing))
    returns_none = isinstance(node.returns, ast.Constant) and node.returns.value is None
    if not returns_none and not re.search(r"^\s*(Returns|Yields)\n\s*-{7}", doc, flags=re.M):
        gaps.append("no Returns section")
    return gaps


def public_functions_with_many_arguments():
    """(path, qualified name, node) of every public function and public method of a public class in
    analysis/ that takes more than two arguments (self and cls aside)."""
    import ast

    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = [(n.name, n) for n in tree.body if isinstance(n, ast.FunctionDef)]
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and not n.name.startswith("_")):
            nodes += [(f"{cls.name}.{n.name}", n) for n in cls.body if isinstance(n, ast.FunctionDef)]
        for name, node in nodes:
            if name.split(".")[-1].startswith("_"):
                continue
            a = node.args
            count = len([x for x in (*a.posonlyargs, *a.args, *a.kwonlyargs) if x.arg not in ("self", "cls")])
            count += bool(a.vararg) + bool(a.kwarg)
            if count > 2:
                yield path, name, node


def test_functions_with_more_than_two_arguments_have_numpydoc_sections():
    gaps = [
        f"{path.relative_to(PROJECT_ROOT)}: {name}: {'; '.join(g)}"
        for path, name, node in public_functions_with_many_arguments()
        if (g := _numpydoc_gaps(node))
    ]
    assert gaps == [], f"{len(gaps)} functions lack numpydoc sections:\n" + "\n".join(gaps)


def test_the_numpydoc_check_can_fail():
    import ast

    bare = ast.parse('def f(a, b, c):\n    """Does f."""\n').body[0]
    assert _numpydoc_gaps(bare) == ["no Parameters section", "no Returns section"]
    partial = ast.parse(
        'def f(a, b, *, c=1) -> None:\n    """Does f.\n\n    Parameters\n    ----------\n    a, b : int\n'
        '        Two numbers.\n    """\n'
    ).body[0]
    assert _numpydoc_gaps(partial) == ["Parameters does not name c"]
    full = ast.parse(
        'def f(a, b, **kw):\n    """Does f.\n\n    Parameters\n    ----------\n    a : int\n        A.\n'
        "    b : int\n        B.\n    **kw\n        Passed on.\n\n"
        '    Returns\n    -------\n    int\n        The sum.\n    """\n'
    ).body[0]
    assert _numpydoc_gaps(full) == []


def test_notebooks_narrate_and_define_no_function():
    """Logic lives in the package: no notebook cell defines a function, a lambda or a class."""
    import ast

    import nbformat

    defined = []
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type != "code":
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    defined.append(f"{path.name}, cell {number}: {type(node).__name__} on line {node.lineno}")
    assert defined == []
