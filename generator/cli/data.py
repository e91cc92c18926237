"""`campaign match` and `campaign export`: the suggestions and the open data of a build,
from the command line, through the same library calls the MkDocs plugin makes."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.check.problems import errors, summary
from generator.derive.expiry import is_expired
from generator.load.build_date import BuildDateError
from generator.model.catalog import TYPES_BY_NAME, Catalog
from generator.model.wording import label
from generator.pipeline import CatalogInvalid, Options, Site, build
from generator.publish.export import FORMATS, write_files

if TYPE_CHECKING:
    from generator.derive.match_results import Match

SUGGESTIONS = 5
"""``matching.SUGGESTIONS`` (a test checks), repeated so that building the command line
does not import the matching engine and numpy, which only `campaign match` needs."""


def _built(args: argparse.Namespace, command: str, **stages: Any) -> Site | None:
    """The pipeline's stages up to the ones ``command`` needs (``pipeline.Options``
    flags), or None after printing why they stopped."""
    options = Options(
        catalog_dir=args.catalog_dir, docs_dir=args.docs_dir, news_dir=args.news_dir, **stages
    )
    try:
        return build(args.root, options)
    except CatalogInvalid as exc:
        problems = exc.checked.problems
        for problem in errors(problems):
            print(problem.format_text(), file=sys.stderr)
        found = summary(problems, exc.checked.catalog.files_checked)
        print(
            f"campaign {command}: the catalog has errors ({found}) Fix them first; "
            "`campaign validate` lists them.",
            file=sys.stderr,
        )
    except BuildDateError as exc:
        print(f"campaign {command}: {exc}", file=sys.stderr)
    return None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def format_match(number: int, match: Match, catalog: Catalog) -> list[str]:
    offer = match.offer
    org = offer.refs["organization"][0].model.name if offer.refs.get("organization") else ""
    fields = [catalog.fields[f].name for f in match.shared_fields if f in catalog.fields]
    lines = [
        f"{number:2d}. {match.score:.2f}  {offer.type.name} {offer.id}",
        f"          {offer.label}" + (f" — {org}" if org else ""),
    ]
    if fields:
        lines.append(f"          shared fields: {', '.join(fields)}")
    if match.shared_terms:
        lines.append(f"          shared terms: {', '.join(match.shared_terms)}")
    return lines


def _match(args: argparse.Namespace) -> int:
    from generator.derive.matching import MIN_SCORE, Matcher

    site = _built(args, "match", matches=False, plans=False, export=False)
    if site is None:
        return 1
    catalog, today = site.catalog, site.today
    demand = catalog.demands.get(args.demand_id)
    if demand is None:
        hint = difflib.get_close_matches(args.demand_id, list(catalog.demands), n=1)
        other = [
            t.name for t in TYPES_BY_NAME.values() if args.demand_id in catalog.entries[t.plural]
        ]
        reason = (
            f"'{args.demand_id}' is a {other[0]}, not a demand"
            if other
            else f"no demand '{args.demand_id}' in {args.catalog_dir}/demands/"
        )
        suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
        print(f"campaign match: {reason}{suggestion}", file=sys.stderr)
        return 1
    org = demand.refs["organization"][0].model.name if demand.refs.get("organization") else ""
    print(f"{demand.label} ({demand.id})")
    print(
        f"{org} · {label(demand.model.status)}"
        + (f" · deadline {demand.model.deadline}" if demand.model.deadline else "")
    )
    matcher = Matcher(catalog, today)
    if demand.id not in matcher.demand_row:
        why = (
            f"its deadline ({demand.model.deadline}) has passed"
            if is_expired(demand, today)
            else f"it is {label(demand.model.status).lower()}"
        )
        print(f"No partners are suggested on {today}: {why}.")
        return 0
    found = matcher.suggest([matcher.demand_row[demand.id]], args.limit)[demand.id]
    if not found:
        print(
            f"No resource or project is close enough (score {MIN_SCORE} or more) "
            f"among {len(matcher.offers)}."
        )
        return 0
    print(
        f"Suggested partners on {today}, best {len(found)} of "
        f"{len(matcher.offers)} resources and projects:"
    )
    for number, match in enumerate(found, start=1):
        print("\n".join(format_match(number, match, catalog)))
    return 0


def _export(args: argparse.Namespace) -> int:
    formats = tuple(args.format or FORMATS)
    site = _built(args, "export", matches=False, plans=False, export_formats=formats)
    if site is None:
        return 1
    try:
        paths = write_files(site.export, Path(args.out))
    except OSError as exc:
        print(f"campaign export: cannot write into {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


def _catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    parser.add_argument("--catalog-dir", default="catalog", help="relative to --root")
    parser.add_argument("--docs-dir", default="content", help="relative to --root")
    parser.add_argument("--news-dir", default="news", help="relative to --docs-dir")


def add_data_commands(commands: Any) -> None:
    """Add `match` and `export` to the `campaign` subcommands."""
    match = commands.add_parser(
        "match",
        help="suggest partners for a demand, with the reasons",
        description="Print the resources and projects that best match a demand, as the "
        "demand's page shows them: score, shared fields and strongest shared terms.",
    )
    match.add_argument("demand_id", metavar="DEMAND_ID", help="id of the demand")
    match.add_argument(
        "--limit",
        type=_positive,
        default=SUGGESTIONS,
        metavar="N",
        help=f"how many suggestions (default: {SUGGESTIONS})",
    )
    _catalog_options(match)
    match.set_defaults(func=_match)

    export = commands.add_parser(
        "export",
        help="write the catalog as open data (catalog.json and one CSV per type)",
        description="Write the same files the site publishes under /export/.",
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        action="append",
        help="json or csv; repeat for both (default: both)",
    )
    export.add_argument("--out", default="export", help="folder to write into (default: export)")
    _catalog_options(export)
    export.set_defaults(func=_export)
