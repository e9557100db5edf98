"""`make test` collects every app's tests: a tests folder left out of testpaths never runs in CI."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_folder_with_tests_is_in_testpaths():
    testpaths = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"][
            "testpaths"
        ]
    )
    with_tests = {
        path.relative_to(ROOT).parts[0]
        for path in ROOT.glob("*/**/test_*.py")
        if path.relative_to(ROOT).parts[0] not in {".venv", "var", "tools", "node_modules"}
        and not path.relative_to(ROOT).parts[0].startswith(".")
    }
    assert with_tests - testpaths == set(), "add these folders to testpaths in pyproject.toml"
