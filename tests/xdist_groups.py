"""`--dist loadgroup` that works with pytest 9.2: the tests of a module marked
`pytestmark = pytest.mark.xdist_group(...)` go to one worker; every other test goes, on its own,
to whichever worker is free.

pytest-xdist 3.8 tells its scheduler a test's group by appending "@group" to the test's node id,
which pytest 9.2's structured node ids no longer allow (pytest-dev/pytest-xdist#1386): the
groups are silently ignored and a module's once-built data is built by every worker. This
scheduler finds the group in the module's source instead (the controller collects no tests), so
it needs the mark at module level, which is the only way tests/ uses it.
"""

import re
from functools import cache
from pathlib import Path

from xdist.scheduler import LoadGroupScheduling

MODULE_GROUP = re.compile(
    r"^pytestmark\s*=.*xdist_group\(\s*(?:name\s*=\s*)?[\"']([^\"']+)[\"']", re.MULTILINE
)


class ModuleGroupScheduling(LoadGroupScheduling):
    """The tests of one group are one unit of work; the others are a unit each. Units with more
    tests are handed out first, so the groups start early and transactional tests (which empty
    the database) stay last, as pytest-django orders them."""

    def _split_scope(self, nodeid: str) -> str:
        group = _module_group(self.config.rootpath, nodeid.split("::", 1)[0])
        return f"group:{group}" if group else super()._split_scope(nodeid)


@cache
def _module_group(root: Path, path: str) -> str | None:
    try:
        source = (root / path).read_text(encoding="utf-8")
    except OSError:
        return None
    match = MODULE_GROUP.search(source)
    return match.group(1) if match else None
