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

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "GLOSSBOT_CONFIG": ""}

RUNS = 9
TARGET_RATIO = 6
TARGET_MIB = 40


def _glossbot() -> list[str]:
    script = Path(sys.executable).parent / "glossbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]


def wall(argv: list[str]) -> float:
    """Wall seconds of one run of `argv`."""
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


PEAK = (
    "import atexit, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write('PEAK ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
)
"""Reports the process's own peak RSS at exit. (The rusage of a child also counts the
forking parent's memory, which the benchmark process would inflate.)"""


def peak_mib(code: str, *args: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PEAK + code, *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    [kib] = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    return int(kib) / 1024


def main() -> None:
    ours_argv = [*_glossbot(), "define", "mlm"]
    base_argv = [sys.executable, "-c", "import rapidfuzz"]
    ours, base = [], []
    for _ in range(RUNS):  # alternating, so both see the same load
        ours.append(wall(ours_argv))
        base.append(wall(base_argv))
    ours_wall, base_wall = statistics.median(ours), statistics.median(base)
    ours_peak = peak_mib(
        "import sys; from adapters.cli import main; main(sys.argv[1:])", "define", "mlm"
    )
    base_peak = peak_mib("import rapidfuzz")
    print(f"start-up, median of {RUNS} runs (targets: <= x{TARGET_RATIO}, < {TARGET_MIB} MiB)")
    print(
        f"  glossbot define mlm   {ours_wall * 1000:6.0f} ms vs {base_wall * 1000:4.0f} ms for "
        f"python -c 'import rapidfuzz' (x{ours_wall / base_wall:.1f})"
    )
    print(
        f"  peak RSS              {ours_peak:6.1f} MiB vs {base_peak:4.1f} MiB "
        f"(x{ours_peak / base_peak:.1f})"
    )


if __name__ == "__main__":
    main()
