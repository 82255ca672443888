#!/usr/bin/env python3
"""Refreshes the README's code blocks that quote a file (first line `// path`) from the files.

test/docs/readme.test.ts fails when they drift; run this to bring them back in line.
"""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
readme = root / "README.md"


def refresh(match):
    path = match.group(1)
    source = root / path
    if not source.exists():
        return match.group(0)
    return f"```ts\n// {path}\n{source.read_text().strip()}\n```"


readme.write_text(re.sub(r"```ts\n// ([\w./-]+\.ts)\n[\s\S]*?```", refresh, readme.read_text()))
