"""npm packages the tests run under Node 20: installed on first use into a folder of the tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def ensure_installed(folder: Path, package: str, version: str = "latest") -> None:
    """`npm install` the package into `folder` unless it is there already."""
    if (folder / "node_modules" / package / "package.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is needed to run {package} (Node 20 with npm)")
    subprocess.run(
        [npm, "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", f"{package}@{version}"],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    )
