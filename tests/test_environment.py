"""Dependencies are declared once (pyproject.toml); environment.yml mirrors them exactly, and
requirements.lock (`make lock`) pins every package, theirs included, to one exact version."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from analysis.paths import PROJECT_ROOT

REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(>=\s*[0-9][0-9A-Za-z.]*)?\s*$")
LOCK = PROJECT_ROOT / "requirements.lock"
# conda-forge names that differ from PyPI's. conda-forge's `igraph` is the C library; the Python
# package that PyPI calls igraph is `python-igraph` there.
CONDA_TO_PYPI = {"python-igraph": "igraph", "python-duckdb": "duckdb"}


def parse(spec: str) -> tuple[str, str]:
    m = REQ.match(spec)
    assert m, f"cannot read requirement {spec!r}"
    return m.group(1).lower().replace("_", "-"), (m.group(2) or "").replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(parse(s) for s in data["project"]["dependencies"])


def conda_requirements() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    plain = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    reqs = dict(parse(s) for s in plain)
    return {CONDA_TO_PYPI.get(name, name): bound for name, bound in reqs.items()}, pip


def test_environment_yml_matches_pyproject():
    conda, _ = conda_requirements()
    conda.pop("python"), conda.pop("pip")
    assert conda == pyproject_requirements()


def test_environment_yml_installs_the_project_editable():
    conda, pip = conda_requirements()
    assert "pip" in conda and conda["python"].startswith(">=3.11")
    assert pip == [["-e ."]]


def test_every_dependency_has_a_lower_bound():
    assert all(bound.startswith(">=") for bound in pyproject_requirements().values())


def test_environment_yml_maps_conda_names():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    names = {parse(d)[0] for d in env["dependencies"] if isinstance(d, str)}
    assert "python-igraph" in names and "igraph" not in names  # `igraph` would be the C library


# The environments the lock must cover: the Pythons that pyproject.toml allows, on each platform.
LOCK_ENVIRONMENTS = [
    {
        "python_version": full.rsplit(".", 1)[0],
        "python_full_version": full,
        "sys_platform": sys_platform,
        "platform_system": system,
        "os_name": os_name,
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_machine": machine,
    }
    for full in ("3.11.0", "3.11.9", "3.12.0", "3.13.0", "3.14.0")
    for sys_platform, system, os_name, machine in [
        ("linux", "Linux", "posix", "x86_64"),
        ("darwin", "Darwin", "posix", "arm64"),
        ("win32", "Windows", "nt", "AMD64"),
    ]
]


def lock_pins(text: str) -> dict[str, list[tuple[Version, Marker | None]]]:
    """Every package of a lock file's text with its pinned versions (one per environment marker).

    Raises ValueError on any line that is not an exact `name==version` pin (with an optional
    `; marker` and `--hash` options), a comment, a blank or a continuation.
    """
    pins: dict[str, list[tuple[Version, Marker | None]]] = {}
    for line in re.sub(r"\\\n", " ", text).splitlines():
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        line = re.sub(r"\s--hash=\S+", "", " " + line).strip()
        if not line:
            continue
        if line.startswith("-"):
            raise ValueError(f"not a pin: {line!r}")
        req = Requirement(line)
        specs = list(req.specifier)
        if req.url or req.extras or len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            raise ValueError(f"not an exact == pin: {line!r}")
        pins.setdefault(canonicalize_name(req.name), []).append((Version(specs[0].version), req.marker))
    return pins


def lock_problems(requirements: list[str], lock_text: str) -> list[str]:
    """What is wrong with a lock for these requirements: in each environment of LOCK_ENVIRONMENTS,
    each requirement must be pinned exactly once, to a version that satisfies its bound."""
    pins = lock_pins(lock_text)
    problems = []
    for spec in requirements:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        for env in LOCK_ENVIRONMENTS:
            chosen = [v for v, marker in pins.get(name, []) if marker is None or marker.evaluate(env)]
            where = f"Python {env['python_full_version']} on {env['sys_platform']}"
            if len(chosen) != 1:
                problems.append(f"{name}: {len(chosen)} pins for {where}, not one")
            elif not req.specifier.contains(chosen[0], prereleases=True):
                problems.append(f"{name}: {chosen[0]} for {where} does not satisfy {req.specifier}")
    return problems


def test_lock_pins_every_dependency_within_its_bound():
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert lock_problems(data["project"]["dependencies"], LOCK.read_text(encoding="utf-8")) == []


def test_every_line_of_the_lock_is_an_exact_pin():
    pins = lock_pins(LOCK.read_text(encoding="utf-8"))  # raises on any other line
    assert len(pins) > len(pyproject_requirements())  # the dependencies' own dependencies too


def test_lock_problems_are_found():
    good = "numpy==2.0.1\n    # via pandas\npandas==2.2.3 \\\n    --hash=sha256:abc\n"
    assert lock_problems(["numpy>=1.26", "pandas>=2.2"], good) == []
    below = lock_problems(["numpy>=1.26"], "numpy==1.25.2\n")
    assert below and all("1.25.2" in p and ">=1.26" in p for p in below)
    missing = lock_problems(["igraph>=0.11"], good)
    assert len(missing) == len(LOCK_ENVIRONMENTS) and all(p.startswith("igraph: 0 pins") for p in missing)
    only_new = "numpy==2.0.1 ; python_full_version >= '3.12'\n"
    assert {p.split(" for ")[1] for p in lock_problems(["numpy>=1.26"], only_new)} == {
        f"Python {v} on {s}, not one" for v in ("3.11.0", "3.11.9") for s in ("linux", "darwin", "win32")
    }
    twice = "numpy==2.0.1\nnumpy==2.1.0 ; sys_platform == 'win32'\n"
    assert lock_problems(["numpy>=1.26"], twice) == [
        f"numpy: 2 pins for Python {v} on win32, not one" for v in ("3.11.0", "3.11.9", "3.12.0", "3.13.0", "3.14.0")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "numpy>=1.26",
        "numpy",
        "numpy==2.*",
        "numpy==2.0.1,<3",
        "-e .",
        "--index-url https://example.org/simple",
        "numpy @ https://example.org/n.whl",
    ],
)
def test_lock_lines_that_are_not_exact_pins_are_refused(line):
    with pytest.raises(ValueError):
        lock_pins(f"pandas==2.2.3\n{line}\n")
