"""The README's table list for analysts names every declared table with its declared key."""

from __future__ import annotations

import re

import yaml
from conftest import REPO


def readme_rows() -> dict[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Table list: grain and keys", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\| `([a-z_]+\.[a-z_<>]+)` \|(.*)", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def test_every_declared_table_is_listed_with_its_key():
    rows = readme_rows()
    assert "bronze.<source>" in rows
    missing, wrong_key = [], []
    for f in sorted((REPO / "schemas" / "tables").glob("*/*.yaml")):
        spec = yaml.safe_load(f.read_text(encoding="utf-8"))
        name = spec["table"]
        if name not in rows:
            missing.append(name)
        elif spec.get("key") and f"`{', '.join(spec['key'])}`" not in rows[name]:
            wrong_key.append(f"{name}: {', '.join(spec['key'])}")
    assert not missing, f"README table list lacks {missing}"
    assert not wrong_key, f"README table list has another key for {wrong_key}"
