"""A task's process as on a machine where `./run.sh serve` installed requirements.lock alone.

The tests' environment also holds the test tools (requirements-test.lock). The tests that
run tasks as a site's user does put this folder on ``PYTHONPATH``: Python imports this
module as it starts, and from then on a module that only the test lock installs cannot be
imported (``ModuleNotFoundError``, as without it), so a build, check or preview that needs
one fails in the tests as it would on a fresh machine or in a site's CI.

Which modules those are is worked out once per test process (``hidden``, about 0.2 s: every
installed distribution's file list is read) and handed to the processes it starts in
``HIDE``; a process started without it works them out itself.
"""

import importlib.abc
import os
import re
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]
HIDE = "RUNTIME_ONLY_HIDE"


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> set[str]:
    text = (KIT / lock).read_text(encoding="utf-8")
    return {_name(re.split(r"[=\[ ]", line, maxsplit=1)[0]) for line in text.splitlines() if re.match(r"[A-Za-z0-9]", line)}


def hidden() -> str:
    """The top-level modules only the test lock's distributions provide, comma-separated."""
    import importlib.metadata

    test_only = _pins("requirements-test.lock") - _pins("requirements.lock")
    return ",".join(sorted(
        module for module, dists in importlib.metadata.packages_distributions().items()
        if dists and all(_name(d) in test_only for d in dists)
    ))


class RuntimeOnly(importlib.abc.MetaPathFinder):
    def __init__(self, modules):
        self.modules = frozenset(modules)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.modules:
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (only requirements-test.lock installs it; ./run.sh serve does not)",
                name=fullname,
            )
        return None


if __name__ == "sitecustomize":  # imported by Python as it starts, not by the tests' conftest
    sys.meta_path.insert(0, RuntimeOnly(filter(None, (os.environ.get(HIDE) or hidden()).split(","))))
