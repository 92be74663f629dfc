"""One build measured by `invoke bench` (tools/bench.py), in a process of its own:
``python tools/bench_build.py ours|pelican CONTENT OUTPUT`` prints one line of JSON
(exit code, seconds inside the process, peak RSS, link check, pipeline steps, CPU).

Only the standard library is imported before the clock starts, and each kind imports only
what its build needs: plain Pelican's process does not import the kit (``bench.py`` and
``bench_site.py`` do, for the settings and the synthetic site), and the kit's build
imports its modules inside the measured time, as ``./run.sh build`` does."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "pelicanconf.py"


def child_build(kind: str, content: str, output: str) -> dict:
    t0 = time.perf_counter()
    if kind == "ours":
        sys.path.insert(0, str(ROOT / "plugins"))
        from content import build

        stats: dict = {}
        code = build.build(CONF, output, PATH=content, stats=stats, process_ends=True)  # as `invoke build`
        links = dict(stats.get("tautan") or {})
        steps = dict(stats.get("steps") or {})
        steps_cpu = dict(stats.get("steps_cpu") or {})
    else:
        links, steps, steps_cpu = {}, {}, {}
        from pelican import Pelican
        from pelican.log import init as init_logging
        from pelican.settings import read_settings

        init_logging(level=40)
        settings = read_settings(None, override={"PATH": content, "OUTPUT_PATH": output})
        Pelican(settings).run()
        code = 0
    seconds = time.perf_counter() - t0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime  # the whole process and what it waited for
    return {"code": code, "inner": seconds, "rss_kb": max(me.ru_maxrss, kids.ru_maxrss), "tautan": links,
            "steps": steps, "steps_cpu": steps_cpu, "cpu": cpu}


if __name__ == "__main__":
    print(json.dumps(child_build(*sys.argv[1:4])))
