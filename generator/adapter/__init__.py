"""The MkDocs adapter: the only package that imports MkDocs.

``plugin.py`` is MkDocs's events only, each handed to a module of its own: the catalog's
stages (``catalog_build.py``), its files (``site_files.py``), the Jinja environment
(``template_env.py``) and page context (``page_context.py``), the feeds, the pages it
renders outside MkDocs's loop (``own_pages.py``, ``render.py``, and ``page_loop.py``,
the one module that copies MkDocs's private page loop), the Pagefind index, and what
`mkdocs serve` keeps between builds (``serve_cache.py``, ``site_reuse.py``). ``build.py``
is the build command (`campaign build`).
"""
