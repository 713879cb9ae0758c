"""Copy the browser files the service serves itself into the package, from the npm lock file.

    python scripts/build_assets.py           # npm ci in assets/, then copy into coauthor_graph/api/static/vendor/
    python scripts/build_assets.py --check   # the same into a scratch folder; exit 1 if the package differs

The GraphiQL page and the OpenAPI page load these from the app instead of unpkg and jsdelivr, so they
work with no internet. `assets/package-lock.json` pins every file; the package ships the copies, so a
machine that installs the service needs only Python. The test suite runs `--check`.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
VENDOR = ROOT / "coauthor_graph" / "api" / "static" / "vendor"
FILES = (
    "react/umd/react.production.min.js",
    "react-dom/umd/react-dom.production.min.js",
    "js-cookie/dist/js.cookie.min.js",
    "graphiql/graphiql.min.js",
    "graphiql/graphiql.min.css",
    "@graphiql/plugin-explorer/dist/index.umd.js",
    "@graphiql/plugin-explorer/dist/style.css",
    "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui.css",
    "swagger-ui-dist/favicon-32x32.png",
    "swagger-ui-dist/LICENSE",
    "graphiql/LICENSE",
    "react/LICENSE",
)


def install(folder: Path) -> Path:
    """`npm ci` of the lock file in `folder`: its node_modules."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm (Node 20) is needed to build the assets")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder, check=True)
    return folder / "node_modules"


def copy(modules: Path, vendor: Path) -> None:
    if vendor.exists():
        shutil.rmtree(vendor)
    for name in FILES:
        target = vendor / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(modules / name, target)


def differences(vendor: Path, built: Path) -> list[str]:
    shipped = sorted(str(p.relative_to(vendor)) for p in vendor.rglob("*") if p.is_file())
    wanted = sorted(FILES)
    if shipped != wanted:
        return [f"the package ships {shipped}, the build makes {wanted}"]
    return [name for name in FILES if not filecmp.cmp(vendor / name, built / name, shallow=False)]


def main(arguments: list[str]) -> int:
    if arguments != ["--check"]:
        copy(install(ASSETS), VENDOR)
        print(f"copied {len(FILES)} files into {VENDOR.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(ASSETS / name, folder / name)
        built = folder / "vendor"
        copy(install(folder), built)
        found = differences(VENDOR, built)
    for difference in found:
        print(f"differs from the lock file's build: {difference}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
