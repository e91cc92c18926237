"""`campaign` command line: the same library calls the MkDocs plugin makes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from generator.check.changed_files import GitError, changed_since, select
from generator.check.problems import errors, summary
from generator.check.site_links import check_links
from generator.check.translations import LEVELS
from generator.cli.data import add_data_commands
from generator.cli.import_command import add_import_command
from generator.cli.new_entry import ScaffoldError, create_entry
from generator.model.catalog import TYPES_BY_NAME
from generator.model.json_schema import write_schemas
from generator.pipeline import Options, check
from generator.processes import pause_collector


def _selected_paths(args: argparse.Namespace) -> list[str] | None:
    """Root-relative paths to report on, or None for the whole catalog."""
    if not args.paths and args.changed_since is None:
        return None
    root = args.root.resolve()
    selected = []
    for path in args.paths:
        try:
            selected.append(Path(path).resolve().relative_to(root).as_posix())
        except ValueError:
            raise ValueError(f"{path} is outside the project folder {args.root}") from None
    if args.changed_since is not None:
        selected += changed_since(args.root, args.changed_since)
    return selected


def _validate(args: argparse.Namespace) -> int:
    try:
        paths = _selected_paths(args)
    except (GitError, ValueError) as exc:
        print(f"campaign validate: {exc}", file=sys.stderr)
        return 1
    # The process ends after the report: a cycle collection walking the whole loaded
    # catalog would only cost time.
    pause_collector()
    result = check(
        args.root,
        Options(
            catalog_dir=args.catalog_dir,
            docs_dir=args.docs_dir,
            news_dir=args.news_dir,
            missing_translation=args.missing_translation,
        ),
    )
    catalog = result.catalog
    problems = sorted(result.problems + result.translations)
    checked = catalog.files_checked
    if paths is not None:
        selection = select(catalog, problems, paths, args.catalog_dir)
        problems, checked = selection.problems, selection.files_checked
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format_text())
    print(
        summary(problems, checked),
        file=sys.stderr if args.format == "github" else sys.stdout,
    )
    return 1 if errors(problems) else 0


def _schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def _new(args: argparse.Namespace) -> int:
    try:
        path = create_entry(args.root, TYPES_BY_NAME[args.type], args.id, args.catalog_dir)
    except ScaffoldError as exc:
        print(f"campaign new: {exc}", file=sys.stderr)
        return 1
    print(f"Created {path}: replace every TODO, then run `campaign validate`.")
    return 0


def _check_links(args: argparse.Namespace) -> int:
    site = Path(args.site_dir)
    if not (site / "index.html").is_file():
        print(f"campaign check-links: {site} is not a built site (no index.html)", file=sys.stderr)
        return 1
    broken, pages = check_links(site, urlsplit(args.base_url).path or "/")
    for link in broken:
        print(link.format())
    s = "" if len(broken) == 1 else "s"
    print(
        f"{pages} pages checked: {len(broken)} broken link{s}."
        if broken
        else f"{pages} pages checked, no broken links."
    )
    return 1 if broken else 0


def _build(args: argparse.Namespace) -> int:
    # MkDocs and Jinja are imported only to build, which keeps `validate` quick to start
    from generator.adapter.build import BuildFailed, build_site, default_epoch, mkdocs_logging
    from generator.site.sharing import DEPLOY_FLAG

    config_file = Path(args.config_file)
    if not config_file.is_file():
        print(f"campaign build: no file {config_file}", file=sys.stderr)
        return 1
    default_epoch(config_file.resolve().parent)
    if args.deploy:
        # the plugin refuses a build to publish without SITE_URL (sharing.deploy_problem)
        os.environ[DEPLOY_FLAG] = "1"
    with mkdocs_logging(logging.WARNING if args.quiet else logging.INFO):
        try:
            site = build_site(config_file, args.site_dir, strict=args.strict or None)
        except BuildFailed as exc:
            print(f"campaign build: {exc} The previous site is unchanged.", file=sys.stderr)
            return 1
    if not args.quiet:
        print(f"Site ready in {site}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaign", description="Validate and publish the cooperation campaign catalog."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate",
        help="check the catalog and the news front matter",
        description="Check the whole catalog, or with PATHs or --changed-since only those "
        "files and the files that name the entries in them.",
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to report on (default: all)"
    )
    validate.add_argument(
        "--changed-since",
        metavar="REF",
        help="report on files changed since the branch left REF (e.g. origin/main), "
        "including uncommitted ones",
    )
    validate.add_argument(
        "--root", type=Path, default=Path("."), help="project folder (default: .)"
    )
    validate.add_argument("--catalog-dir", default="catalog", help="relative to --root")
    validate.add_argument("--docs-dir", default="content", help="relative to --root")
    validate.add_argument("--news-dir", default="news", help="relative to --docs-dir")
    validate.add_argument(
        "--missing-translation",
        choices=LEVELS,
        default="off",
        help="how to report entries, releases and pages without a Chinese version: "
        "off (default), warning, or error (fails the check); `make validate` uses warning",
    )
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github' prints GitHub Actions annotations",
    )
    validate.set_defaults(func=_validate)

    new = commands.add_parser(
        "new", help="start a new entry: a commented file listing every key and its values"
    )
    new.add_argument("type", choices=list(TYPES_BY_NAME), help="what kind of entry")
    new.add_argument("id", help="the new entry's id, which becomes its file name")
    new.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    new.add_argument("--catalog-dir", default="catalog", help="relative to --root")
    new.set_defaults(func=_new)

    build = commands.add_parser(
        "build",
        help="build the site; the previous one is replaced only when the build succeeds",
    )
    build.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="MkDocs configuration (default: mkdocs.yml)",
    )
    build.add_argument(
        "-d", "--site-dir", type=Path, help="where the site goes (default: site_dir of the config)"
    )
    build.add_argument(
        "--strict", action="store_true", help="fail on warnings, as `mkdocs build --strict`"
    )
    build.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only warnings and errors, not the progress of each phase",
    )
    build.add_argument(
        "--deploy",
        action="store_true",
        help="a build to publish (as CI=true): fails unless SITE_URL gives the public address",
    )
    build.set_defaults(func=_build)

    links = commands.add_parser(
        "check-links", help="check the internal links and #anchors of a built site"
    )
    links.add_argument("site_dir", metavar="SITE_DIR", help="the built site, e.g. site")
    links.add_argument(
        "--base-url",
        default="/",
        help="the site's address (site_url), to follow links that start with / (default: /)",
    )
    links.set_defaults(func=_check_links)

    add_data_commands(commands)
    add_import_command(commands)

    schema = commands.add_parser("schema", help="write a JSON Schema per file kind")
    schema.add_argument("--out", default="schemas", help="folder to write into (default: schemas)")
    schema.set_defaults(func=_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
