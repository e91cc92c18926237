"""Issue #5 end to end: suggestions on demand, offer and conference pages, expired
demands, JSON-LD, the sitemap, /export/ and the `match` and `export` commands, on real
`mkdocs build --strict` runs of a small project."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import (
    BUILD_DATE,
    BUILD_EPOCH,
    article,
    create_project,
    html_page,
    mkdocs_build,
    run,
    search_record,
    visible_text,
)

SITE_URL = "https://campaign.example.org/"

# The base project (conftest.BASE_FILES) plus offers that answer its demand 'defect-ai'
# (Acme, composites, in negotiation until 2027), an expired and a closed demand that
# offers must not be pointed to, and a second field-only candidate.
MATCH_FILES: dict[str, str | None] = {
    "catalog/organizations/city-lab.yaml": """\
        name: City Testing Laboratory
        kind: government
        """,
    "catalog/projects/river-defect-ai.yaml": """\
        title: Deep learning defect recognition in ultrasound scans
        zh:
          title: 超声图像缺陷深度学习识别
        summary: Neural networks that find defects in ultrasound scans of composite parts.
        organization: river-university
        fields: [composite-materials]
        keywords: [defect recognition, ultrasound, 缺陷识别]
        conferences: [acme-river-2020]
        """,
    "catalog/resources/city-ultrasound.yaml": """\
        title: Ultrasound inspection service
        summary: Ultrasound scans of composite parts, with raw data for analysis.
        organization: city-lab
        fields: [composite-materials]
        kind: testing
        """,
    "catalog/demands/old-call.yaml": """\
        title: Defect recognition in ultrasound scans (old call)
        summary: We looked for defect recognition in ultrasound scans of composite parts.
        organization: city-lab
        fields: [composite-materials]
        deadline: 2021-03-14
        conferences: [acme-river-2020]
        """,
    "catalog/demands/done-call.yaml": """\
        title: Ultrasound defect recognition (closed)
        summary: Defect recognition in ultrasound scans of composite parts.
        organization: city-lab
        fields: [composite-materials]
        status: closed
        """,
    "catalog/demands/due-today.yaml": """\
        title: Navigation chip for wearables
        summary: A low-power satellite navigation chip for a wearable.
        organization: acme-lab
        fields: [satellite-navigation]
        deadline: 2021-03-15
        """,
}

ENV = {"SOURCE_DATE_EPOCH": BUILD_EPOCH}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("matching") / "project", MATCH_FILES)
    result = mkdocs_build(root, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "site"


def section(body, anchor: str):
    heading = body.select_one(f"h2#{anchor}")
    return heading.find_parent("section") if heading else None


def suggestions(node) -> list[tuple[str, str]]:
    """(partner title, score text) of each item of a match list."""
    return [
        (
            visible_text(li.select_one(":scope > p:nth-of-type(1) a")),
            visible_text(li.select_one(".catalog-match__score")),
        )
        for li in node.select("ol.catalog-matches > li")
    ]


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('head script[type="application/ld+json"]')]


# --- Pages --------------------------------------------------------------------------


def test_demand_page_suggests_partners_with_strength_and_reasons(site):
    body = article(html_page(site, "demands/defect-ai"))
    found = section(body, "suggested-partners")
    assert visible_text(found.h2) == "Suggested partners 2"
    items = suggestions(found)
    # the search index is about the entry itself, not the entries it is matched with,
    # nor the labels and badges around its facts
    indexed = search_record(site, "/demands/defect-ai/")["content"]
    assert "defect" in indexed.lower()
    left_out = ("Suggested partners", "Ultrasound inspection service", "Organization", "Deadline")
    for words in left_out:
        assert words not in indexed, words
    # Acme's own lab (a unit of Acme) is not suggested; the two outside offers are
    assert [title for title, _ in items] == [
        "Deep learning defect recognition in ultrasound scans",
        "Ultrasound inspection service",
    ]
    # the strength in words, not the score (that is for `campaign match` and the export)
    assert [strength for _, strength in items] == ["Good match", "Good match"]
    assert "0." not in visible_text(found)
    first = found.select_one("ol.catalog-matches > li")
    assert visible_text(first.select_one(".catalog-badge")) == "Project"
    assert visible_text(first.select_one(".catalog-match__org")) == "· River University"
    why = visible_text(first.select_one(":scope > p:nth-of-type(2)"))
    assert why.startswith("Shared fields: Composite materials · 复合材料 .")
    assert "Shared terms:" in why and "defect" in why
    link = first.select_one(":scope > p:nth-of-type(1) a")["href"]
    assert link == "../../projects/river-defect-ai/"


def test_offer_pages_list_the_open_demands_they_could_serve(site):
    body = article(html_page(site, "projects/river-defect-ai"))
    found = section(body, "demands-served")
    # the expired and the closed call say the same things, but are no longer looking
    assert [t for t, _ in suggestions(found)] == ["AI defect recognition for composite parts"]
    assert visible_text(found.select_one(".catalog-status--in-negotiation")) == "In negotiation"
    resource = article(html_page(site, "resources/city-ultrasound"))
    found = section(resource, "demands-served")
    assert visible_text(found.h2) == "Demands this could serve 1"
    assert [t for t, _ in suggestions(found)] == ["AI defect recognition for composite parts"]
    assert "Shared fields: Composite materials" in visible_text(found)
    # the lab of Acme's own unit is never pointed to Acme's demand
    lab = article(html_page(site, "resources/composite-lab"))
    assert section(lab, "demands-served") is None


def test_conference_page_lists_the_best_pairs_presented_there(site):
    body = article(html_page(site, "conferences/acme-river-2020"))
    found = section(body, "best-matches")
    assert visible_text(found.h2) == "Best matches among the entries presented 1"
    head = found.select_one("ol.catalog-matches > li > p:nth-of-type(1)")
    assert [visible_text(a) for a in head.select("a")] == [
        "AI defect recognition for composite parts",
        "Deep learning defect recognition in ultrasound scans",
    ]
    assert "Shared fields: Composite materials" in visible_text(found)


def test_expired_demand_is_marked_and_gets_no_suggestions(site):
    body = article(html_page(site, "demands/old-call"))
    facts = {
        visible_text(dt): visible_text(dt.find_next_sibling("dd"))
        for dt in body.select("dl.catalog-facts dt")
    }
    assert facts["Status"] == "Open Expired"
    badge = body.select_one(".catalog-status--expired")
    assert badge["title"] == "The deadline (14 March 2021) has passed"
    found = section(body, "suggested-partners")
    assert visible_text(found.h2) == "Suggested partners"
    assert "deadline of this demand has passed" in visible_text(found)
    assert found.select("li") == []
    # in the listing too
    rows = {
        visible_text(card.select_one(".catalog-card__title > a")): card
        for card in article(html_page(site, "demands")).select(".catalog-card")
    }
    assert rows["Defect recognition in ultrasound scans (old call)"].select_one(
        ".catalog-status--expired"
    )
    assert not rows["AI defect recognition for composite parts"].select_one(
        ".catalog-status--expired"
    )
    # the deadline day itself is not past; a closed demand is closed, not expired
    assert not article(html_page(site, "demands/due-today")).select_one(".catalog-status--expired")
    closed = article(html_page(site, "demands/done-call"))
    assert not closed.select_one(".catalog-status--expired")
    assert section(closed, "suggested-partners") is None


# --- JSON-LD ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "schema_type", "name_key", "name"),
    [
        ("demands/defect-ai", "Demand", "name", "AI defect recognition for composite parts"),
        ("resources/composite-lab", "Offer", "name", "Composite testing laboratory"),
        ("projects/nav-chip", "ResearchProject", "name", "Low-power satellite navigation chip"),
        ("organizations/acme", "Organization", "name", "Acme Aerospace Group"),
        ("organizations/river-university", "CollegeOrUniversity", "name", "River University"),
        ("organizations/acme-lab", "ResearchOrganization", "name", "Acme Materials Lab"),
        ("organizations/city-lab", "GovernmentOrganization", "name", "City Testing Laboratory"),
        ("conferences/acme-river-2020", "Event", "name", "Acme × River matchmaking conference"),
        (
            "news/2020-07-08-meeting",
            "NewsArticle",
            "headline",
            "Acme and River University meet online",
        ),
    ],
)
def test_every_detail_page_embeds_json_ld(site, path, schema_type, name_key, name):
    [data] = json_ld(html_page(site, path))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data[name_key] == name
    assert data["url"] == SITE_URL + path + "/"


def test_json_ld_links_the_entities(site):
    [demand] = json_ld(html_page(site, "demands/defect-ai"))
    assert demand["validThrough"] == "2027-03-31"
    assert demand["@reverse"]["seeks"] == {
        "@type": "Organization",
        "name": "Acme Aerospace Group",
        "url": SITE_URL + "organizations/acme/",
    }
    assert demand["itemOffered"]["category"] == ["Composite materials"]
    [resource] = json_ld(html_page(site, "resources/composite-lab"))
    assert resource["offeredBy"]["url"] == SITE_URL + "organizations/acme-lab/"
    assert resource["itemOffered"]["serviceType"] == "testing"
    [event] = json_ld(html_page(site, "conferences/acme-river-2020"))
    assert event["startDate"] == "2020-07-08"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert [o["name"] for o in event["organizer"]] == ["Acme Aerospace Group", "River University"]
    [news] = json_ld(html_page(site, "news/2020-07-08-meeting"))
    assert news["datePublished"] == "2020-07-08"
    assert news["about"][0]["url"] == SITE_URL + "conferences/acme-river-2020/"
    # listings and hand-written pages have none
    assert json_ld(html_page(site, "demands")) == []
    assert json_ld(html_page(site, "")) == []


def test_hostile_text_cannot_leave_the_json_ld(make_project):
    hostile = "</script><script>alert(1)</script> & <!-- x"
    root = make_project(
        {
            "catalog/demands/defect-ai.yaml": f"""\
                title: '{hostile}'
                summary: "a\\u2028b </SCRIPT > <b>bold</b>"
                organization: acme
                fields: [composite-materials]
                """
        }
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    raw = (root / "site/demands/defect-ai/index.html").read_text(encoding="utf-8")
    start = raw.index('<script type="application/ld+json">')
    script = raw[start : raw.index("</script>", start)]
    # nothing that could end the element, open a comment or a tag
    for unsafe in ("</", "<!--", "<script", "<b>", "&"):
        assert unsafe not in script.split(">", 1)[1].lower()
    assert "\\u003c/script\\u003e" in script
    soup = html_page(root / "site", "demands/defect-ai")
    [data] = json_ld(soup)
    assert data["name"] == hostile
    assert data["description"] == "a\u2028b </SCRIPT > <b>bold</b>"
    # no script was added: only Material's, the search scripts and the JSON-LD
    assert [s for s in soup.select("script") if "alert" in (s.string or "")] == [
        soup.select_one('script[type="application/ld+json"]')
    ]
    # the page shows the title as text
    assert visible_text(article(soup).h1) == hostile


# --- Sitemap ------------------------------------------------------------------------


def test_sitemap_lists_generated_pages(site):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)}
    pages = {
        SITE_URL + p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if p.parent != site and not p.parent.name.startswith("pagefind")
    }
    assert pages <= locs
    for path in ("demands/defect-ai/", "projects/river-defect-ai/", "timeline/", "news/2020/"):
        assert SITE_URL + path in locs
    assert len(pages) >= 20


# --- Export -------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def test_catalog_json_resolves_references(site):
    data = json.loads((site / "export/catalog.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2  # 2: counts are of real entries, samples in sample_counts
    assert data["build_date"] == BUILD_DATE
    assert data["counts"]["demands"] == 4
    demands = {d["id"]: d for d in data["demands"]}
    assert list(demands) == sorted(demands)
    defect = demands["defect-ai"]
    assert defect["organization"] == {
        "id": "acme",
        "name": "Acme Aerospace Group",
        "url": "organizations/acme/",
    }
    assert defect["fields"] == [
        {"id": "composite-materials", "name": "Composite materials", "name_zh": "复合材料"}
    ]
    assert defect["conferences"][0]["url"] == "conferences/acme-river-2020/"
    assert defect["deadline"] == "2027-03-31" and defect["status"] == "in-negotiation"
    assert {d: v["expired"] for d, v in demands.items()} == {
        "defect-ai": False,
        "done-call": False,
        "due-today": False,
        "old-call": True,
    }
    conference = data["conferences"][0]
    assert [h["id"] for h in conference["hosts"]] == ["acme", "river-university"]
    assert conference["projects"][0]["name"] == "Low-power satellite navigation chip"
    org = {o["id"]: o for o in data["organizations"]}["acme-lab"]
    assert org["parent"]["name"] == "Acme Aerospace Group"
    assert data["news"][0]["conference"]["id"] == "acme-river-2020"
    # every address leads to a built page
    for kind in ("organizations", "conferences", "resources", "demands", "projects", "news"):
        for record in data[kind]:
            assert (site / record["url"] / "index.html").is_file(), record["url"]


def test_csv_files_one_row_per_entry(site):
    demands = read_csv(site / "export/demands.csv")
    assert [row["id"] for row in demands] == ["defect-ai", "done-call", "due-today", "old-call"]
    row = demands[0]
    assert row["title"] == "AI defect recognition for composite parts"
    assert row["organization"] == "acme"
    assert row["organization_name"] == "Acme Aerospace Group"
    assert row["field_names"] == "Composite materials"
    assert row["url"] == "demands/defect-ai/"
    assert row["expired"] == "false" and demands[3]["expired"] == "true"
    resources = {r["id"]: r for r in read_csv(site / "export/resources.csv")}
    lab = resources["composite-lab"]
    assert lab["keywords"] == "复合材料; CFRP"  # lists joined with "; "
    # written out as on the pages: the public files are no harvest of addresses (issue #8)
    assert lab["contact_email"] == "lab [at] example [dot] com"
    assert lab["description"].startswith("## Equipment\n")
    conferences = read_csv(site / "export/conferences.csv")
    assert conferences[0]["hosts"] == "acme; river-university"
    assert conferences[0]["host_names"] == "Acme Aerospace Group; River University"
    for name in ("organizations", "projects", "news"):
        assert read_csv(site / f"export/{name}.csv")


def test_csv_cells_cannot_become_formulas(make_project):
    root = make_project(
        {
            "catalog/projects/nav-chip.yaml": """\
                title: "=HYPERLINK(\\"http://example.com\\")"
                summary: "@SUM(1)"
                organization: river-university
                fields: [satellite-navigation]
                keywords: ["+1", "-1", plain]
                """
        }
    )
    assert mkdocs_build(root).returncode == 0
    [row] = read_csv(root / "site/export/projects.csv")
    assert row["title"] == '\'=HYPERLINK("http://example.com")'
    assert row["summary"] == "'@SUM(1)"
    assert row["keywords"] == "'+1; '-1; plain"
    # JSON keeps the text as written
    data = json.loads((root / "site/export/catalog.json").read_text(encoding="utf-8"))
    assert data["projects"][0]["title"] == '=HYPERLINK("http://example.com")'


def test_export_command_writes_the_same_files_as_the_build(project, tmp_path):
    out = tmp_path / "open-data"
    result = run(["-m", "generator", "export", "--out", str(out)], project, ENV)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in (project / "site/export").iterdir())
    assert written == [
        "catalog.json",
        "conferences.csv",
        "demands.csv",
        "news.csv",
        "organizations.csv",
        "projects.csv",
        "resources.csv",
    ]
    for name in written:
        assert (out / name).read_bytes() == (project / "site/export" / name).read_bytes(), name
    assert sorted(result.stdout.splitlines()) == [str(out / n) for n in written]
    # one format only
    only = tmp_path / "json-only"
    result = run(
        ["-m", "generator", "export", "--format", "json", "--out", str(only)], project, ENV
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in only.iterdir()] == ["catalog.json"]


# --- `campaign match` ---------------------------------------------------------------


def match(project: Path, *args: str):
    return run(["-m", "generator", "match", *args], project, ENV)


def test_match_command_prints_suggestions_with_reasons(project):
    result = match(project, "defect-ai")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "AI defect recognition for composite parts (defect-ai)"
    assert lines[1] == "Acme Aerospace Group · In negotiation · deadline 2027-03-31"
    assert lines[2] == (f"Suggested partners on {BUILD_DATE}, best 2 of 4 resources and projects:")
    assert lines[3].startswith(" 1. 0.") and lines[3].endswith("  project river-defect-ai")
    assert lines[4].strip() == (
        "Deep learning defect recognition in ultrasound scans — River University"
    )
    assert lines[5].strip() == "shared fields: Composite materials"
    assert lines[6].strip().startswith("shared terms: ") and "defect" in lines[6]
    assert lines[7].startswith(" 2. 0.") and lines[7].endswith("resource city-ultrasound")
    # the same suggestions as the page, in the same order
    limited = match(project, "defect-ai", "--limit", "1")
    assert limited.stdout.splitlines()[3] == lines[3]
    assert " 2. " not in limited.stdout


def test_match_command_explains_why_a_demand_gets_none(project):
    expired = match(project, "old-call")
    assert expired.returncode == 0
    assert expired.stdout.splitlines()[-1] == (
        f"No partners are suggested on {BUILD_DATE}: its deadline (2021-03-14) has passed."
    )
    closed = match(project, "done-call")
    assert closed.stdout.splitlines()[-1] == (
        f"No partners are suggested on {BUILD_DATE}: it is closed."
    )


def test_match_command_rejects_bad_input_clearly(project, tmp_path):
    unknown = match(project, "defect-aj")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == (
        "campaign match: no demand 'defect-aj' in catalog/demands/; did you mean 'defect-ai'?"
    )
    project_id = match(project, "nav-chip")
    assert project_id.returncode == 1
    assert project_id.stderr.strip() == "campaign match: 'nav-chip' is a project, not a demand"
    zero = match(project, "defect-ai", "--limit", "0")
    assert zero.returncode == 2
    assert "argument --limit: '0' is not a whole number of 1 or more" in zero.stderr
    # a broken catalog: its errors with their location, no traceback
    broken = create_project(
        tmp_path / "broken", {"catalog/demands/defect-ai.yaml": "title: [unclosed\n"}
    )
    for command in (["match", "defect-ai"], ["export", "--out", str(tmp_path / "x")]):
        result = run(["-m", "generator", *command, "--root", str(broken)], tmp_path, ENV)
        assert result.returncode == 1
        assert "catalog/demands/defect-ai.yaml:2:1:" in result.stderr
        assert f"campaign {command[0]}: the catalog has errors" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_match_command_with_nothing_close_enough(make_project):
    root = make_project(
        {
            "catalog/demands/defect-ai.yaml": """\
                title: Archive digitisation
                summary: Scan paper reports.
                organization: acme
                fields: [composite-materials]
                """,
        }
    )
    # the only composites offer is the lab of Acme's own unit; the chip shares nothing
    result = match(root, "defect-ai")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "No resource or project is close enough (score 0.1 or more) among 2."
    )


def test_export_command_reports_a_folder_it_cannot_write(project, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    result = run(["-m", "generator", "export", "--out", str(blocker)], project, ENV)
    assert result.returncode == 1
    assert result.stderr.strip() == f"campaign export: cannot write into {blocker}: File exists"
    assert "Traceback" not in result.stderr
