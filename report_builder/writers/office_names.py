"""Qualified tag names of python-docx and python-pptx worked out once, not on every call.

Both libraries turn a prefixed tag ("w:p") into lxml's "{namespace}p" with
`qn` each time they look for or add a child: some 24,000 calls to write the
sample's Word brief, and python-pptx builds an object for each. The answers
never change, so every module of the library that uses `qn` is given one
that remembers them.
"""

from __future__ import annotations

import sys

_MAX_NAMES = 5000
"""Tags are a few hundred; past this many (a name made from data), start again rather than grow."""


def remember_names(package: str, qn) -> None:
    """Give every loaded module of `package` whose `qn` is the library's own a remembering one."""
    names: dict[str, str] = {}

    def remembered(tag: str) -> str:
        name = names.get(tag)
        if name is None:
            if len(names) >= _MAX_NAMES:
                names.clear()
            name = names[tag] = qn(tag)
        return name

    remembered.__doc__, remembered.__wrapped__ = qn.__doc__, qn
    for module_name, module in list(sys.modules.items()):
        if module_name.partition(".")[0] == package and getattr(module, "qn", None) is qn:
            module.qn = remembered
