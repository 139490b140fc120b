"""Dependencies are declared once (pyproject.toml); environment.yml mirrors them exactly."""
from __future__ import annotations

import re
import tomllib

import yaml

from analysis.paths import PROJECT_ROOT

REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(>=\s*[0-9][0-9A-Za-z.]*)?\s*$")


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
    return reqs, pip


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
