#!/usr/bin/env python3
"""Refreshes the README's code blocks that quote a file (first line `// path`, `# path` in Python).

test/docs/readme.test.ts fails when they drift; run this to bring them back in line.
"""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
readme = root / "README.md"


QUOTE = r"```(ts|python)\n(?://|#) ([\w./-]+\.(?:ts|py))\n[\s\S]*?```"
COMMENT = {"ts": "//", "python": "#"}


def refresh(match):
    language, path = match.group(1), match.group(2)
    source = root / path
    if not source.exists():
        return match.group(0)
    return f"```{language}\n{COMMENT[language]} {path}\n{source.read_text().strip()}\n```"


readme.write_text(re.sub(QUOTE, refresh, readme.read_text()))
