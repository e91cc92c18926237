"""`campaign` command line: the same library calls the MkDocs plugin makes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import load_catalog
from .problems import errors, summary
from .schema import write_schemas


def _validate(args: argparse.Namespace) -> int:
    catalog, problems = load_catalog(args.root, args.catalog_dir, args.docs_dir, args.news_dir)
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format_text())
    print(
        summary(problems, catalog.files_checked),
        file=sys.stderr if args.format == "github" else sys.stdout,
    )
    return 1 if errors(problems) else 0


def _schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaign", description="Validate and publish the cooperation campaign catalog."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="check the whole catalog and the news front matter"
    )
    validate.add_argument(
        "--root", type=Path, default=Path("."), help="project folder (default: .)"
    )
    validate.add_argument("--catalog-dir", default="catalog", help="relative to --root")
    validate.add_argument("--docs-dir", default="content", help="relative to --root")
    validate.add_argument("--news-dir", default="news", help="relative to --docs-dir")
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github' prints GitHub Actions annotations",
    )
    validate.set_defaults(func=_validate)

    schema = commands.add_parser("schema", help="write a JSON Schema per file kind")
    schema.add_argument("--out", default="schemas", help="folder to write into (default: schemas)")
    schema.set_defaults(func=_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
