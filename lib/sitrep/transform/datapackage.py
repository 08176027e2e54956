"""Describe the clean tables: a Frictionless data package and a README, both from the schemas."""

from __future__ import annotations

import json

from sitrep.transform.hxl import HXL_COLUMNS, HXL_FILE
from sitrep.transform.schema import CLEAN_TABLES

SOURCE = {
    "title": "Situata e përpjekjeve në luftën kundër trafikut të qenieve njerëzore në Shqipëri, janar 2005 – korrik 2006",
    "path": "KVKTNj / CAAHT (USAID), Creative Associates International, Tirana, October 2006",
}


def datapackage() -> dict:
    resources = []
    for table in CLEAN_TABLES.values():
        schema: dict = {
            "fields": [
                {"name": name, "type": kind, "description": text} | ({"format": "%Y-%m-%d"} if kind == "date" else {})
                for name, (kind, text) in table.columns.items()
            ],
            "missingValues": [""],
        }
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": target, "fields": target_column}}
                for column, target, target_column in table.foreign_keys
            ]
        if any(kind == "boolean" for kind, _ in table.columns.values()):
            schema["trueValues"], schema["falseValues"] = ["true"], ["false"]
        resources.append({
            "name": table.name, "path": table.file, "profile": "tabular-data-resource",
            "description": table.description, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": schema,
        })
    resources.append({
        "name": "hxl_3w", "path": HXL_FILE, "profile": "tabular-data-resource", "format": "csv",
        "description": "Who does what where (3W), with HXL hashtags in the second row, for HDX tools.",
        "dialect": {"headerRowCount": 2},
        "schema": {"fields": [{"name": name, "type": kind, "description": f"HXL {tag}"} for name, tag, kind in HXL_COLUMNS]},
    })
    return {
        "profile": "tabular-data-package",
        "name": "sitrep-clean",
        "title": "Anti-trafficking efforts in Albania: clean tables",
        "sources": [SOURCE],
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def datapackage_json() -> str:
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"


def readme() -> str:
    """data/clean/README.md: what each table holds, written from the same schemas."""
    lines = [
        "# Clean tables",
        "",
        "Written by `sitrep clean` from `data/raw/`; do not edit them by hand, edit the raw tables and run it again.",
        "The folder is replaced whole on success, so it always holds one consistent set. Types and keys are in",
        "`datapackage.json` (Frictionless Table Schema); `hxl_3w.csv` is the same data as a 3W table with HXL tags.",
        "`.sitrep-made` marks the folder as written by sitrep: sitrep replaces only folders that carry it (or, from",
        "before it existed, a `provenance.json` of its own), and refuses any other folder given as `--clean`.",
        "",
    ]
    for table in CLEAN_TABLES.values():
        lines += [f"## `{table.file}`", "", table.description, "", "| column | type | meaning |", "| --- | --- | --- |"]
        lines += [f"| `{name}` | {kind} | {text} |" for name, (kind, text) in table.columns.items()]
        lines.append("")
    return "\n".join(lines)
