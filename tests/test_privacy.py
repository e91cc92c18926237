"""Contacts in the built site: no e-mail address in harvestable form in any file (pages,
feed, sitemap, the search index), and hidden contacts nowhere at all."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from generator.cli.new_entry import scaffold_text
from generator.model.catalog import RESOURCE

from conftest import article, create_project, html_page, mkdocs_build, visible_text

HIDDEN = {
    "catalog/demands/defect-ai.yaml": """\
        title: AI defect recognition for composite parts
        summary: We look for a team to detect defects in ultrasound scans automatically.
        organization: acme
        fields: [composite-materials]
        contact:
          hidden: true
          name: Secret Person
          email: secret.person@example.com
          phone: +86 555 0100
          url: https://secret.example.com/form
        """,
}
NOWHERE = ["lab@example.com", "secret.person", "Secret Person", "555 0100", "secret.example"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("privacy") / "project", HIDDEN)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def readable(path: Path) -> str:
    """A built file's text; Pagefind's files are gzip-compressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def test_no_file_of_the_site_holds_an_address_or_a_hidden_contact(site):
    files = [p for p in site.rglob("*") if p.is_file()]
    assert [p for p in files if p.suffix == ".pf_fragment"], "the search index was read"
    for path in files:
        text = readable(path)
        for secret in NOWHERE:
            assert secret not in text, (path, secret)


def test_contacts_stay_out_of_the_search_index(site):
    for path in site.glob("pagefind*/fragment/*.pf_fragment"):
        text = readable(path)
        assert "[at]" not in text and "Test office" not in text, path


def test_the_address_is_written_for_people(site):
    contact = article(html_page(site, "resources/composite-lab")).select_one(".catalog-contact")
    assert "lab [at] example [dot] com" in visible_text(contact)
    assert contact.select("a[href^=mailto]") == []


def test_a_hidden_contact_says_so(site):
    contact = article(html_page(site, "demands/defect-ai")).select_one(".catalog-contact")
    assert visible_text(contact) == "Contact The contact details of this entry are not published."


def test_new_entries_offer_the_hidden_key():
    text = scaffold_text(RESOURCE, "x", "../../schemas/resource.schema.json")
    assert "#   hidden: false" in text
