"""The default install's size: `pip install driehoek` against Textual alone (figure 13).

    python bench/install_size.py

Two new virtual environments in bench/out/: one with driehoek installed from this checkout
without extras (what README's first command installs, less the test tools), one with only the
Textual release driehoek runs on (what the minimal yardstick app needs). Each is measured as
`.ci/run` measures it: every file in site-packages beside pip and setuptools. Issue 14's target
is on the size itself (at most 50 MB); the ratio says how much driehoek adds to Textual.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from importlib.metadata import version
from pathlib import Path

from benchlib import BENCH, OUT

_BESIDE = ("pip", "setuptools", "pkg_resources", "_distutils_hack", "distutils-precedence.pth")


def site_packages_mb(env: Path) -> float:
    """MB of site-packages in `env`, pip and setuptools left out."""
    py = env / "bin" / "python"
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    site = Path(purelib)
    total = sum(
        f.stat().st_size
        for top in site.iterdir()
        if not top.name.startswith(_BESIDE)
        for f in ([top] if top.is_file() else top.rglob("*"))
        if f.is_file()
    )
    return total / 1e6


def installed(name: str, *requirement: str) -> float:
    """A new venv with `requirement` pip-installed: its size (the venv is removed after)."""
    env = OUT / f"install-{name}"
    shutil.rmtree(env, ignore_errors=True)
    venv.create(env, with_pip=True)
    try:
        subprocess.run(
            [str(env / "bin" / "python"), "-m", "pip", "install", "-q", *requirement],
            check=True,
            capture_output=True,
        )
        return site_packages_mb(env)
    finally:
        shutil.rmtree(env, ignore_errors=True)


def measure() -> dict[str, float]:
    """driehoek's default install and Textual's alone, in MB."""
    OUT.mkdir(exist_ok=True)
    return {
        "driehoek_mb": installed("driehoek", str(BENCH.parent)),
        "textual_mb": installed("textual", f"textual=={version('textual')}"),
    }


if __name__ == "__main__":
    print(measure(), sysconfig.get_python_version(), file=sys.stderr)
