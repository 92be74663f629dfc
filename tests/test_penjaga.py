"""tests/penjaga.py: a test process held where pytest-timeout does not reach ends with
every thread's stack in the log, instead of holding the run."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import ROOT


def test_a_held_worker_ends_with_its_stacks_and_the_run_fails(tmp_path):
    (tmp_path / "test_tertahan.py").write_text(
        "import time\n\n\ndef test_tertahan_di_luar_batas_waktu():\n    time.sleep(120)\n\n\ndef test_lain():\n    pass\n")
    start = time.monotonic()
    proc = subprocess.run(
        # pytest-timeout off (``timeout=0``), as when a process is held outside a test's phases.
        [sys.executable, "-m", "pytest", "-p", "penjaga", "-n", "2", "-o", "timeout=0", "-p", "no:cacheprovider",
         str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=100,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tests"), "PENJAGA_DETIK": "4"},
    )
    took = time.monotonic() - start
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and took < 60, (took, out)
    assert "penjaga: tidak ada uji yang bergerak selama" in out, out
    # The held worker's own stack, under its name. (What follows depends on the machine's
    # load: xdist's summary, or the controller's watchdog too when replacing the worker
    # takes longer than its own few seconds here.)
    held = next(part for part in out.split("+++ penjaga: ") if "in test_tertahan_di_luar_batas_waktu" in part)
    assert held.startswith("tidak ada uji yang bergerak selama") and "(gw" in held.splitlines()[0], held
