"""`campaign import`: spreadsheets of entries into catalog files (generator/spreadsheet/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.check.problems import errors
from generator.model.catalog import ENTRY_TYPES

TYPE_CHOICES = [t.plural for t in ENTRY_TYPES] + [t.name for t in ENTRY_TYPES]


def _import(args: argparse.Namespace) -> int:
    from generator.spreadsheet.columns import type_named
    from generator.spreadsheet.importer import ImportError_, Source, import_sheets
    from generator.spreadsheet.write_files import write_all

    entry_type = type_named(args.type) if args.type else None
    if args.template:
        return _template(args)
    if not args.files:
        print("campaign import: name the spreadsheet(s) to import", file=sys.stderr)
        return 2
    sources = [Source(Path(f), f, entry_type) for f in args.files]
    try:
        outcome = import_sheets(
            sources,
            args.root,
            catalog_dir=args.catalog_dir,
            docs_dir=args.docs_dir,
            news_dir=args.news_dir,
            sheet=args.sheet,
            update=args.update,
        )
    except ImportError_ as exc:
        print(f"campaign import: {exc}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    for note in outcome.notes:
        # only the first letter: capitalize() would lowercase 'GB18030 (GBK)' and file names
        print(note[:1].upper() + note[1:], file=sys.stderr)
    for problem in sorted(outcome.problems):
        print(problem.format_text())
    if errors(outcome.problems):
        n = len(errors(outcome.problems))
        print(
            f"{_rows(outcome.rows)} read: {n} error{'s' if n != 1 else ''}. Nothing was written.",
            file=sys.stderr,
        )
        return 1
    new = sum(1 for p in outcome.planned if p.old_text is None)
    updated = len(outcome.planned) - new
    if args.dry_run:
        for item in outcome.planned:
            print(f"# {item.rel} ({'new' if item.old_text is None else 'updated'})")
            print(item.text, end="" if item.text.endswith("\n") else "\n")
        print(
            f"Dry run: {_rows(outcome.rows)} would give {new} new and {updated} updated files; "
            "nothing was written.",
            file=sys.stderr,
        )
        return 0
    try:
        write_all(outcome.planned)
    except OSError as exc:
        print(f"campaign import: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    for item in outcome.planned:
        print(f"{'created' if item.old_text is None else 'updated'} {item.rel}")
    print(
        f"{_rows(outcome.rows)} imported: {new} new and {updated} updated files. "
        "Check them with `campaign validate`, then commit.",
        file=sys.stderr,
    )
    return 0


def _rows(n: int) -> str:
    return f"{n} row{'s' if n != 1 else ''}"


def _template(args: argparse.Namespace) -> int:
    from generator.spreadsheet.columns import type_named
    from generator.spreadsheet.template import TemplateError, write_template

    entry_type = type_named(args.template)
    if entry_type is None or len(args.files) != 1:
        print(
            "campaign import: use --template TYPE OUT.xlsx, TYPE one of "
            + ", ".join(t.plural for t in ENTRY_TYPES),
            file=sys.stderr,
        )
        return 2
    out = Path(args.files[0])
    try:
        write_template(entry_type, out, root=args.root, catalog_dir=args.catalog_dir)
    except TemplateError as exc:
        print(f"campaign import: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out}: fill in one row per {entry_type.name}, then `campaign import {out}`.")
    return 0


def add_import_command(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "import",
        help="spreadsheets (.xlsx, .csv) of entries into catalog files, all or nothing",
        description="Read rows of resources, demands, projects, organizations or "
        "conferences from Excel workbooks or CSV files and write one catalog file per row. "
        "Every problem is listed with its cell; with any problem nothing is written.",
    )
    command.add_argument(
        "files", nargs="*", metavar="FILE", help=".xlsx or .csv files (with --template: OUT)"
    )
    command.add_argument(
        "--type",
        choices=TYPE_CHOICES,
        help="what the rows are (default: from the file or sheet name, e.g. demands.csv)",
    )
    command.add_argument("--sheet", help="the sheet to read (default: the first visible one)")
    command.add_argument(
        "--update",
        action="store_true",
        help="a row whose id exists updates that file: its non-empty cells replace those "
        "keys, the other keys stay",
    )
    command.add_argument(
        "--dry-run", action="store_true", help="print the files it would write; write nothing"
    )
    command.add_argument(
        "--template",
        metavar="TYPE",
        choices=TYPE_CHOICES,
        help="write an empty workbook to fill in for TYPE into FILE (OUT.xlsx)",
    )
    command.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    command.add_argument("--catalog-dir", default="catalog", help="relative to --root")
    command.add_argument("--docs-dir", default="content", help="relative to --root")
    command.add_argument("--news-dir", default="news", help="relative to --docs-dir")
    command.set_defaults(func=_import)
