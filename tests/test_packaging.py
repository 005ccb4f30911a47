"""The distribution carries everything: each folder of code or data is listed in pyproject.toml.

setuptools ships only the packages named in ``[tool.setuptools] packages`` (and, of a package,
only the data files its ``package-data`` patterns match). A folder added and not listed works in
the checkout and is missing from the wheel; these tests catch that before a user does.
tools/check_wheel.sh then builds and installs the wheel for real.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
#: The design card's folders, installed under the copilote import name.
TOP_FOLDERS = ("decision", "criteria", "scenarios", "dashboards", "data")
_SKIP = {"__pycache__"}


def _package_name(folder: Path) -> str:
    return ".".join(["copilote", *folder.relative_to(ROOT).parts])


def _folders() -> list[Path]:
    found = []
    for top in TOP_FOLDERS:
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]:
            if folder.is_dir() and not _SKIP & set(folder.relative_to(ROOT).parts):
                found.append(folder)
    return found


def _ships(folder: Path) -> bool:
    """True if the folder holds code or data a user needs (not only caches)."""
    return any(f.is_file() and f.suffix not in {".pyc"} for f in folder.iterdir())


def test_every_folder_is_a_listed_package() -> None:
    listed = set(SETUPTOOLS["packages"])
    missing = [
        _package_name(folder)
        for folder in _folders()
        if _ships(folder) and _package_name(folder) not in listed
    ]
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_every_listed_package_exists() -> None:
    mapping = SETUPTOOLS["package-dir"]
    for package in SETUPTOOLS["packages"]:
        parts = package.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in mapping:
                folder = ROOT / mapping[prefix] / Path(*parts[cut:])
                break
        assert folder.is_dir(), f"{package}: no folder {folder}"


@pytest.mark.parametrize("folder", _folders(), ids=lambda f: str(f.relative_to(ROOT)))
def test_every_data_file_ships(folder: Path) -> None:
    """Files other than Python modules are shipped only where package-data matches them."""
    patterns = SETUPTOOLS.get("package-data", {}).get(_package_name(folder), [])
    data_files = [
        f.name
        for f in folder.iterdir()
        if f.is_file() and f.suffix not in {".py", ".pyc"} and f.name != ".gitignore"
    ]
    unshipped = [n for n in data_files if not any(fnmatch.fnmatch(n, p) for p in patterns)]
    assert not unshipped, (
        f"{folder.relative_to(ROOT)}: {unshipped} match no package-data pattern of "
        f"{_package_name(folder)} in pyproject.toml, so the wheel would lack them"
    )


def test_the_wheel_installs_only_copilote() -> None:
    """Every installed package lives under copilote (issue 15: no clash with other projects)."""
    assert all(p == "copilote" or p.startswith("copilote.") for p in SETUPTOOLS["packages"])


def test_the_checkout_links_the_folders() -> None:
    """copilote/ links each top folder, so that the checkout imports as the wheel does."""
    for top in TOP_FOLDERS:
        link = ROOT / "copilote" / top
        assert link.resolve() == (ROOT / top).resolve(), f"copilote/{top} should link ../{top}"
