"""The layers hold: no package imports one above it (import-linter, the contract in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("accsm", "bench", "imports", "public", "opendata", "meetings", "people", "sources", "core")


def lint_imports(folder):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)},
    )


@pytest.fixture
def checkout_copy(tmp_path):
    """The packages and the contract, copied so that a test can break them."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_layers_contract_is_kept_by_the_code():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Imports only go down the layers KEPT" in result.stdout


def test_layers_contract_fails_when_core_imports_a_record_app(checkout_copy):
    models = checkout_copy / "core" / "models.py"
    models.write_text(models.read_text() + "\nfrom people.models import Country  # noqa\n")
    result = lint_imports(checkout_copy)
    assert result.returncode != 0
    assert "Imports only go down the layers BROKEN" in result.stdout
    assert "core.models -> people.models" in result.stdout
