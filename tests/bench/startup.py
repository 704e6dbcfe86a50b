"""Start-up: `glossbot define mlm` as a whole process, beside `python -c 'import rapidfuzz'`.

Targets (issue 12): within 6x of the baseline's wall time, and under 40 MiB peak RSS.
Runs alternate between the two commands so both see the same machine load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

RUNS = 9
TARGET_RATIO = 6
TARGET_MIB = 40


def _glossbot() -> list[str]:
    script = Path(sys.executable).parent / "glossbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one run of `argv`."""
    env = {**os.environ, "GLOSSBOT_CONFIG": ""}
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{argv} exited with {process.returncode}")
    return wall, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    ours_argv = [*_glossbot(), "define", "mlm"]
    base_argv = [sys.executable, "-c", "import rapidfuzz"]
    ours, base = [], []
    for _ in range(RUNS):
        ours.append(measure(ours_argv))
        base.append(measure(base_argv))
    wall, rss = statistics.median(w for w, _ in ours), max(m for _, m in ours)
    base_wall, base_rss = statistics.median(w for w, _ in base), max(m for _, m in base)
    print(f"start-up, median of {RUNS} runs (targets: <= x{TARGET_RATIO}, < {TARGET_MIB} MiB)")
    print(
        f"  glossbot define mlm           {wall * 1000:7.0f} ms vs {base_wall * 1000:5.0f} ms "
        f"import rapidfuzz (x{wall / base_wall:.1f})"
    )
    print(
        f"  peak RSS                      {rss:7.1f} MiB vs {base_rss:4.1f} MiB "
        f"(x{rss / base_rss:.1f})"
    )


if __name__ == "__main__":
    main()
