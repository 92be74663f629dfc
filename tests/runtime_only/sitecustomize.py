"""A task's process as on a machine where `./run.sh serve` installed requirements.lock alone.

The tests' environment also holds the test tools (requirements-test.lock). The tests that
run tasks as a site's user does put this folder on ``PYTHONPATH``: Python imports this
module as it starts, and from then on a module that only the test lock installs cannot be
imported (``ModuleNotFoundError``, as without it), so a build, check or preview that needs
one fails in the tests as it would on a fresh machine or in a site's CI.
"""

import importlib.abc
import importlib.metadata
import re
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> set[str]:
    text = (KIT / lock).read_text(encoding="utf-8")
    return {_name(re.split(r"[=\[ ]", line, maxsplit=1)[0]) for line in text.splitlines() if re.match(r"[A-Za-z0-9]", line)}


TEST_ONLY = _pins("requirements-test.lock") - _pins("requirements.lock")
BLOCKED = frozenset(
    module for module, dists in importlib.metadata.packages_distributions().items()
    if dists and all(_name(d) in TEST_ONLY for d in dists)
)


class RuntimeOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (only requirements-test.lock installs it; ./run.sh serve does not)",
                name=fullname,
            )
        return None


sys.meta_path.insert(0, RuntimeOnly())
