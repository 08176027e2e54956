"""Describe the clean tables: a Frictionless data package and a README, both from the schemas."""

from __future__ import annotations

import json

from sitrep.transform.hxl import HXL_COLUMNS, HXL_FILE, MEASURES
from sitrep.transform.schema import CLEAN_TABLES
from sitrep.transform.vocab import METRICS


def sources(reports) -> list[dict]:
    """One Frictionless source per report, from its report.toml."""
    return [
        {"title": f"{report.publisher}, {report.title}, {report.published}", "path": f"{report.id}/{report.text}",
         "report_id": report.id, "period": report.period, "licence": report.licence, "text_sha256": report.text_sha256}
        for report in reports
    ]


def datapackage(reports=()) -> dict:
    """The Frictionless descriptor of every clean table and of the HXL 3W."""
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
        "name": "hxl_3w", "path": HXL_FILE, "profile": "tabular-data-resource",
        "description": "Who does what where (3W), one row per grant, with HXL hashtags in the second row.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        # Table Dialect: row 1 names the fields; row 2, the hashtags, is skipped as a comment row, not read as data.
        "dialect": {"headerRows": [1], "commentRows": [2]},
        "schema": {
            "fields": [{"name": name, "type": kind, "description": f"{text} HXL: {tag}"}
                       | ({"format": "%Y-%m-%d"} if kind == "date" else {}) for name, tag, kind, text in HXL_COLUMNS],
            "missingValues": [""],
            "primaryKey": ["grant_id"],
        },
    })
    return {
        "profile": "tabular-data-package",
        "name": "sitrep-clean",
        "title": "Anti-trafficking efforts in Albania: clean tables",
        "sources": sources(reports),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def datapackage_json(reports=()) -> str:
    """datapackage.json as written: UTF-8, indented, one trailing newline."""
    return json.dumps(datapackage(reports), ensure_ascii=False, indent=2) + "\n"


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
        "They hold the rows of every report of the dataset: each row's `report_id` names the report it comes from",
        "(`reports.csv`), and its `quote` and `source_line` are of that report's text.",
        "",
    ]
    for table in CLEAN_TABLES.values():
        lines += [f"## `{table.file}`", "", table.description, "", "| column | type | meaning |", "| --- | --- | --- |"]
        lines += [f"| `{name}` | {kind} | {text} |" for name, (kind, text) in table.columns.items()]
        lines.append("")
    return "\n".join(lines + _exports_readme())


# The one-line commands the README gives; tests run them as written.
VALIDATE_COMMAND = ".venv/bin/frictionless validate data/clean/datapackage.json"
COUNT_COMMAND = ('.venv/bin/hxlcount -t adm1+name,loc+type'
                 f' -a "sum(#reached+prevention) as Prevention#reached+prevention" data/clean/{HXL_FILE}')


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _exports_readme() -> list[str]:
    """The two exports, how to read them with their own tools, and what they may not be used for."""
    lines = [
        f"## `{HXL_FILE}`", "",
        "Who does what where (3W), for HXL tools such as libhxl or the HXL Proxy: one row per grant, with the HXL",
        "hashtags in the second row. Its rows can be summed: a grant's figures sit on one row only, under `#adm1` when",
        "they belong to one qark alone. A grant of several qarqe, of the whole country or of no known place has",
        "`#adm1` empty, its qarqe listed in `#loc+name+list` and its kind of place in `#loc+type`, so summing a",
        "measure by `#adm1` gives each qark what the grants chapter shows for it, and summing all rows gives the",
        "report's total.",
        "Each people count has a column of its own, never to be added to another:",
        ", ".join(f"{METRICS[code].label('en')} (`{METRICS[code].hxl}`)" for code in MEASURES) + ".",
        "Results are `#reached`, targets `#targeted`: a target is never a result.",
        "",
        "| column | type | HXL | meaning |", "| --- | --- | --- | --- |",
        *(f"| `{name}` | {kind} | `{tag}` | {_cell(text)} |" for name, tag, kind, text in HXL_COLUMNS),
        "",
        "## Reading the tables with other tools",
        "",
        "`datapackage.json` describes every table, `hxl_3w.csv` included (its hashtag row is declared in the",
        "resource's dialect as a comment row), with types, keys and foreign keys. Check the whole folder with",
        "Frictionless:",
        "",
        "```sh",
        VALIDATE_COMMAND,
        "```",
        "",
        "People reached by prevention per qark, with the grants of several qarqe, of the whole country and of",
        "no known place in rows of their own, with libhxl:",
        "",
        "```sh",
        COUNT_COMMAND,
        "```",
        "",
        "Both tools come with the project's `.venv` (`make report` or `make test` creates it).",
        "",
        "## Privacy",
        "",
        "These tables are the internal, full data: `figures.csv` and `hxl_3w.csv` hold every victim count exactly,",
        "including counts below the public editions' threshold (`--min-cell`). Do not publish this folder as it is.",
        "A public edition of the site hides those counts everywhere, its CSV downloads included; its grants page",
        "offers this 3W as `data/grants-hxl-3w.csv`, with the same columns and hashtags and the small victim counts",
        "marked as in its charts (`<10` at the default `--min-cell`, or hidden where they would give another away).",
        "HXL tools skip those marks when they sum, so wherever the public edition shows a bar, the sum by `#adm1`",
        "is that bar.",
        "",
    ]
    return lines
