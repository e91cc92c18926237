"""One catalog page through MkDocs's page loop, outside of it.

MkDocs builds each page with two private functions of ``mkdocs/commands/build.py``:
``_populate_page`` (Markdown to HTML) and ``_build_page`` (HTML into the theme's
template). ``render_page`` repeats their sequence for a page MkDocs left out of its
loop, so that the catalog's own pages come out as MkDocs would write them. It relies on
these MkDocs internals, and on nothing of MkDocs's outside this module:

- the order of the plugin events and calls of ``_populate_page`` and ``_build_page``
  (``on_pre_page``, ``on_page_markdown``, ``Page.render``, ``on_page_content``;
  ``page.active``, ``on_page_context``, the template, ``on_post_page``), and the
  anchor check ``Page.validate_anchor_links`` that ``build()`` runs after the loop;
- ``mkdocs.commands.build.get_context``, the template context of a page;
- ``config._current_page``, which MkDocs sets while a page is built (Markdown
  extensions and plugins read it);
- ``File.inclusion``: a page left out of the loop is ``EXCLUDED``, and MkDocs turns its
  warnings (a broken link in a description) into notes; it is made ``NOT_IN_NAV``
  while its Markdown is rendered, so that they warn;
- ``Page.render``'s steps, which ``_render_markdown`` repeats with one Markdown converter
  for every page of the same extension settings instead of a new one each (building one
  takes longer than converting an entry's description): the page's own processors from
  ``mkdocs.structure.pages`` are registered again for each page, replacing the last
  page's, and the attributes it sets are set the same way.

tests/test_adapter_internals.py builds a project with this loop and with MkDocs's own,
and compares the pages: a MkDocs release that changes any of this fails it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import markdown
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


@dataclass
class RenderJob:
    """One page to write: its file, title, Markdown body and template."""

    file: File
    title: str
    markdown: str
    template: str


class DocumentationPages(Sequence[File]):
    """``files.documentation_pages()``, listed when first asked for. It is only the
    template context's ``pages``, which neither the theme nor the catalog's templates
    read, and listing it goes over every file of the site: a preview's rebuild that
    renders a few pages need not."""

    def __init__(self, files: Files) -> None:
        self._files: Files | None = files
        self._pages: Sequence[File] = ()

    def _listed(self) -> Sequence[File]:
        if self._files is not None:
            self._pages, self._files = self._files.documentation_pages(), None
        return self._pages

    def __getitem__(self, index: Any) -> Any:
        return self._listed()[index]

    def __len__(self) -> int:
        return len(self._listed())

    def __iter__(self) -> Iterator[File]:
        return iter(self._listed())


@dataclass
class PageLoop:
    """What every page of one build shares."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    pages: Sequence[File]
    """MkDocs's documentation pages (the template context's ``pages``), listed once."""
    converters: dict[str, markdown.Markdown] = field(default_factory=dict, init=False, repr=False)
    """The Markdown converters every page of this loop shares, one for each set of
    extension settings (the plugin words the headings' permalink title in the page's
    language)."""

    def markdown(self) -> markdown.Markdown:
        settings = self.config["mdx_configs"] or {}
        key = repr(settings)
        found = self.converters.get(key)
        if found is None:
            found = self.converters[key] = markdown.Markdown(
                extensions=self.config["markdown_extensions"], extension_configs=settings
            )
        return found


def _render_markdown(page: Page, loop: PageLoop) -> None:
    """``page.render(config, files)``, with the loop's converter."""
    md = loop.markdown()
    md.reset()
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, loop.files, loop.config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(page.file, loop.files, loop.config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown or "")
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


def render_page(job: RenderJob, loop: PageLoop) -> bytes:
    """The page's HTML, through the same events and context as MkDocs's own loop."""
    config, files, nav = loop.config, loop.files, loop.nav
    plugins = config.plugins
    page = Page(job.title, job.file, config)
    config._current_page = page
    try:
        # _populate_page, with the page's source in hand instead of read from a file
        page = plugins.on_pre_page(page, config=config, files=files)
        page.markdown = job.markdown
        page.meta = {"title": job.title, "template": job.template}
        page.markdown = plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        inclusion, job.file.inclusion = job.file.inclusion, InclusionLevel.NOT_IN_NAV
        try:
            _render_markdown(page, loop)
        finally:
            job.file.inclusion = inclusion
        page.content = plugins.on_page_content(
            page.content or "", page=page, config=config, files=files
        )
        # _build_page
        page.active = True
        context = get_context(nav, loop.pages, config, page)
        template = loop.env.get_template(page.meta.get("template", job.template))
        context = plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = plugins.on_post_page(template.render(context), page=page, config=config)
        # build(), after the loop
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        page.active = False
        config._current_page = None
        # Reverse links would keep every rendered page alive through the file.
        job.file.page = None
    return output.encode("utf-8", errors="xmlcharrefreplace")
