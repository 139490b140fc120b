"""Keep the column tables of data/README.md in step with data/datapackage.json.

The human codebook's per-table column tables are generated from the package descriptor and
sit between ``<!-- columns:NAME -->`` and ``<!-- /columns:NAME -->`` markers; the prose around
them is written by hand. ``python -m analysis.codebook`` rewrites the tables after a schema
change; a test fails while they differ.
"""

from __future__ import annotations

import json
import re
import sys

from .paths import DATA_DIR, DATAPACKAGE

README = DATA_DIR / "README.md"


def column_table(resource: dict) -> str:
    """Markdown table of a resource's columns, then its keys."""
    lines = ["| Column | Type | Definition | Constraints |", "|---|---|---|---|"]
    for f in resource["schema"]["fields"]:
        c = f.get("constraints", {})
        cons = []
        if c.get("required"):
            cons.append("required")
        if c.get("unique"):
            cons.append("unique")
        if "enum" in c:
            cons.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
        if "minimum" in c:
            cons.append(f"≥ {c['minimum']}")
        if "maximum" in c:
            cons.append(f"≤ {c['maximum']}")
        if "pattern" in c:
            cons.append(f"form `{c['pattern']}`")
        if "maxLength" in c:
            cons.append(f"≤ {c['maxLength']} characters")
        lines.append(f"| `{f['name']}` | {f['type']} | {f['description']} | {'; '.join(cons)} |")
    schema = resource["schema"]
    keys = [f"Primary key: {' + '.join(f'`{k}`' for k in schema.get('primaryKey', []))}."]
    for fk in schema.get("foreignKeys", []):
        keys.append(f"`{fk['fields']}` → `{fk['reference']['resource']}.{fk['reference']['fields']}`.")
    for lfk in resource.get("x-listForeignKeys", []):
        keys.append(
            f"each `;`-separated item of `{lfk['field']}` → "
            f"`{lfk['reference']['resource']}.{lfk['reference']['field']}`."
        )
    return "\n".join(lines) + "\n\n" + " ".join(keys)


def render(readme_text: str, descriptor: dict) -> str:
    """The README with every marked column table regenerated."""
    for r in descriptor["resources"]:
        name = r["name"]
        pattern = re.compile(rf"(<!-- columns:{name} -->\n).*?(\n<!-- /columns:{name} -->)", re.S)
        if not pattern.search(readme_text):
            raise ValueError(f"data/README.md has no <!-- columns:{name} --> block")
        table = column_table(r)
        readme_text = pattern.sub(lambda m, table=table: m.group(1) + table + m.group(2), readme_text)
    return readme_text


def main() -> int:
    """``python -m analysis.codebook``: rewrite the column tables of data/README.md from
    data/datapackage.json; 0 when done.
    """
    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    text = README.read_text(encoding="utf-8")
    new = render(text, descriptor)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"updated the column tables in {README}")
    else:
        print("data/README.md is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
