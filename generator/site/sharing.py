"""Sharing: a page's absolute address (Open Graph, the Share box's QR code) and the
deploy guard that keeps localhost addresses out of a published site."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from jinja2 import pass_context

from generator.site.conference_catalog import catalog_uri
from generator.site.qrcode_file import qr_href, write_qr_file
from generator.site.urls import absolute_url

DEPLOY_FLAG = "CAMPAIGN_DEPLOY"
"""Set to 1 by `campaign build --deploy`; CI=true (GitHub Actions and most CI) too."""
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"}
OG_IMAGE = "assets/images/og-default.png"
"""The site's default share picture (1200 × 630), relative to the site root."""


PREVIEW_FLAG = "CAMPAIGN_PREVIEW"
"""Set to 1 by a CI build that is not published (the pull-request preview)."""


def deploying(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this build is one to publish: `campaign build --deploy`, or any build on
    a CI machine (CI=true) that does not say it is a preview (CAMPAIGN_PREVIEW=1)."""
    env = os.environ if environ is None else environ
    if env.get(DEPLOY_FLAG) == "1":
        return True
    on_ci = env.get("CI", "").strip().lower() in {"true", "1"}
    return on_ci and env.get(PREVIEW_FLAG) != "1"


def is_local(site_url: str | None) -> bool:
    """True for no address or a localhost one (mkdocs.yml's default without SITE_URL)."""
    if not site_url:
        return True
    host = (urlsplit(site_url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost") or not host


def deploy_problem(site_url: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The error of a build for deployment without a public address, else None."""
    if not deploying(environ) or not is_local(site_url):
        return None
    shown = site_url or "nothing"
    return (
        f"SITE_URL is not set: this is a build for deployment (CI=true or --deploy) and "
        f"site_url would be {shown}, so the feed, canonical links, QR codes, structured "
        "data and sitemap would point at a local address. Set SITE_URL to the address "
        "the site is published at, e.g. SITE_URL=https://example.github.io/campaign/."
    )


@pass_context
def page_address(context: Any, url: str | None = None) -> str:
    """The absolute address of the page being rendered (or of ``url``, site-relative)."""
    config = context.get("config")
    site_url = str(config.site_url) if config and config.site_url else None
    if url is None:
        page = context.get("page")
        url = page.url if page is not None else ""
    return absolute_url(site_url, url)


@pass_context
def own_qr_code(context: Any) -> str:
    """Write the QR code of the page being rendered beside it (``qr.png``, see
    qrcode_file.py) and return its address relative to the page. The page writes its own
    code because only it knows its address and folder, in whichever loop and process
    renders it; the conference catalogs show the entries' codes from there."""
    page = context["page"]
    return write_qr_file(page.file.abs_dest_path, page_address(context))


def sharing_globals() -> dict[str, Any]:
    """The Jinja globals the share box and the social meta use."""
    return {
        "page_address": page_address,
        "own_qr_code": own_qr_code,
        "qr_href": qr_href,
        "og_default_image": OG_IMAGE,
        "conference_catalog_uri": catalog_uri,
    }
