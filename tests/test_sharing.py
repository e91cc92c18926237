"""Issue 15, items 5-7 on a real `mkdocs build --strict`: Open Graph and Twitter meta
on every page, the Share box's QR code, the deploy guard (CI=true / --deploy without
SITE_URL), the printable conference catalog (Chromium prints it to PDF) and the
Chinese news feed."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
import segno
from bs4 import BeautifulSoup
from PIL import Image

from generator.site.qrcode_file import QR_MASK, QR_SCALE, qr_href

from conftest import (
    BUILD_EPOCH,
    CAMPAIGN_FILES,
    article,
    create_project,
    html_page,
    mkdocs_build,
    run,
    serve,
    visible_text,
)

SITE_URL = "https://campaign.example.org/"

FILES: dict[str, str | None] = {
    **CAMPAIGN_FILES,
    # translated, sample, with a contact; presented at acme-river-2020
    "catalog/resources/composite-lab.yaml": """\
        title: Composite testing laboratory
        zh:
          title: 复合材料检测实验室
          summary: 为高校团队提供复合材料力学性能检测。
        summary: Mechanical and thermal testing of fibre composites.
        organization: acme-lab
        fields: [composite-materials]
        kind: testing
        conferences: [acme-river-2020]
        contact:
          name: Test office
          email: lab@example.com
        sample: true
        """,
    # a hidden contact stays hidden in the printed catalog too
    "catalog/demands/defect-ai.yaml": """\
        title: AI defect recognition for composite parts
        summary: We look for a team to detect defects in ultrasound scans automatically.
        organization: acme
        fields: [composite-materials]
        cooperation: joint-rd
        deadline: 2027-03-31
        status: in-negotiation
        conferences: [acme-river-2020]
        contact:
          name: Secret Person
          email: secret@example.com
          hidden: true
        """,
    "content/zh/news/2020-07-08-meeting.md": """\
        ---
        title: 对接会在线举行
        summary: 中文摘要。
        ---

        中文新闻正文。
        """,
}

# acme-river-2020's entries by organization, in the tree's order: Acme, its lab, the
# lab's workshop, then River University (a group before its units).
CATALOG_GROUPS = [
    ("acme", ["AI defect recognition for composite parts"]),
    ("acme-lab", ["Composite testing laboratory"]),
    ("acme-sensors", ["Sensor calibration rig", "Calibration of hot sensors"]),
    ("river-university", ["Low-power satellite navigation chip"]),
]
CATALOG = "conferences/acme-river-2020/catalog"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("sharing") / "project", FILES, page_size=2)
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def og(soup: BeautifulSoup) -> dict[str, str]:
    meta = soup.select("head meta[property^='og:'], head meta[name^='twitter:']")
    return {(m.get("property") or m.get("name")): m["content"] for m in meta}


# --- Open Graph -------------------------------------------------------------------

PAGES = [
    # path, og:type, og:title
    ("", "website", None),
    ("demands", "website", "Demands"),
    ("demands/defect-ai", "article", "AI defect recognition for composite parts"),
    ("resources/composite-lab", "article", "Composite testing laboratory"),
    ("zh/resources/composite-lab", "article", "复合材料检测实验室"),
    ("projects/nav-chip", "article", "Low-power satellite navigation chip"),
    ("conferences/acme-river-2020", "article", "Acme × River matchmaking conference"),
    ("news/2020-07-08-meeting", "article", "Acme and River University meet online"),
    ("zh/news/2020-07-08-meeting", "article", "对接会在线举行"),
    ("news/2021-01-10-results", "article", "Results & next steps"),
    ("zh/demands", "website", "需求"),
    (CATALOG, "website", None),
]


@pytest.mark.parametrize(("path", "kind", "title"), PAGES)
def test_every_page_kind_has_open_graph_and_twitter_meta(site, path, kind, title):
    meta = og(html_page(site, path))
    assert meta["og:url"] == SITE_URL + (path + "/" if path else "")
    assert meta["og:type"] == kind
    if title is not None:
        assert meta["og:title"] == title
    assert meta["og:description"]
    assert meta["og:image"].startswith(SITE_URL)
    # X falls back to og: for these: each is written once
    assert not {"twitter:title", "twitter:description", "twitter:image"} & set(meta)
    assert meta["og:locale"] == ("zh_CN" if path.startswith("zh") else "en_US")
    assert meta["twitter:card"] == "summary_large_image"


def test_open_graph_descriptions_and_images(site):
    demand = og(html_page(site, "demands/defect-ai"))
    assert demand["og:description"].startswith("We look for a team to detect defects")
    assert demand["og:image"] == SITE_URL + "assets/images/og-default.png"
    assert (site / "assets/images/og-default.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a release with its own picture shares that picture
    assert og(html_page(site, "news/2021-01-10-results"))["og:image"] == (
        SITE_URL + "news/images/results.svg"
    )
    # Chinese pages describe themselves in Chinese
    zh = og(html_page(site, "zh/resources/composite-lab"))
    assert zh["og:description"] == "为高校团队提供复合材料力学性能检测。"
    zh_list = og(html_page(site, "zh/demands"))
    assert re.search(r"[\u4e00-\u9fff]", zh_list["og:description"])


def test_open_graph_text_is_escaped(make_project):
    root = make_project(
        {
            "catalog/demands/defect-ai.yaml": """\
                title: 'Quotes " and <script>alert(1)</script>'
                summary: 'A summary with "quotes" & <b>tags</b>.'
                organization: acme
                fields: [composite-materials]
                cooperation: joint-rd
                """
        }
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    raw = (root / "site/demands/defect-ai/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw
    meta = og(BeautifulSoup(raw, "html.parser"))
    assert meta["og:title"] == 'Quotes " and <script>alert(1)</script>'
    assert meta["og:description"] == 'A summary with "quotes" & <b>tags</b>.'


# --- QR codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "code"),
    [
        ("../demands/x/", "../demands/x/qr.png"),
        ("../demands/x", "../demands/x/qr.png"),
        ("x/index.html", "x/qr.png"),
        ("index.html", "qr.png"),
        ("../demands/x.html", "../demands/x.qr.png"),  # without directory URLs
    ],
)
def test_a_pages_code_is_beside_it(page, code):
    assert qr_href(page) == code


def qr_file(path: Path) -> list[list[int]]:
    """The pixels of a written code (0 black, 1 white), as Pillow decodes the PNG: a
    black-and-white picture (1 bit a pixel) with no transparency, through which dark mode
    would show."""
    with Image.open(path) as image:
        assert (image.format, image.mode) == ("PNG", "1")
        assert "transparency" not in image.info
        width, height = image.size
        grey = image.convert("L").tobytes()
    return [[1 if grey[y * width + x] else 0 for x in range(width)] for y in range(height)]


def qr_modules(pixels: list[list[int]]) -> set[tuple[int, int]]:
    """The dark modules of a code drawn QR_SCALE pixels a module: each a square of
    pixels of one colour, black or white."""
    size = len(pixels)
    assert size % QR_SCALE == 0 and {len(row) for row in pixels} == {size}
    dark: set[tuple[int, int]] = set()
    for y in range(0, size, QR_SCALE):
        for x in range(0, size, QR_SCALE):
            square = {pixels[y + j][x + i] for j in range(QR_SCALE) for i in range(QR_SCALE)}
            assert len(square) == 1, f"module ({x // QR_SCALE}, {y // QR_SCALE}) is not one colour"
            if square == {0}:
                dark.add((x // QR_SCALE, y // QR_SCALE))
    return dark


def expected_modules(url: str, border: int) -> set[tuple[int, int]]:
    qr = segno.make(url, error="m", boost_error=False, mask=QR_MASK)
    return {
        (c + border, r + border)
        for r, row in enumerate(qr.matrix)
        for c, bit in enumerate(row)
        if bit
    }


@pytest.mark.parametrize(
    "path",
    [
        "demands/defect-ai",
        "zh/demands/defect-ai",
        "resources/composite-lab",
        "projects/nav-chip",
        "conferences/acme-river-2020",
        "news/2020-07-08-meeting",
        "zh/news/2020-07-08-meeting",
    ],
)
def test_share_box_holds_the_qr_code_of_the_pages_address(site, path):
    body = article(html_page(site, path))
    box = body.select_one("section.catalog-share")
    assert box is not None
    url = SITE_URL + path + "/"
    # a picture of the code, in a file beside the page
    img = box.select_one("img.catalog-qr")
    assert img["src"] == "qr.png"
    assert img["alt"] == (
        "本页网址的二维码" if path.startswith("zh/") else "QR code of this page's address"
    )
    pixels = qr_file(site / path / "qr.png")
    size = len(pixels) // QR_SCALE  # in modules
    qr = segno.make(url, error="m", boost_error=False, mask=QR_MASK)
    border = (size - qr.symbol_size(border=0)[0]) // 2
    assert border == 4  # the quiet zone
    assert qr_modules(pixels) == expected_modules(url, border)
    # ...and not another address's code
    assert qr_modules(pixels) != expected_modules(SITE_URL + "demands/other/", border)
    assert box.select_one(".catalog-share__address a")["href"] == url
    heading = visible_text(box.h2)
    assert heading == ("分享" if path.startswith("zh/") else "Share")


def test_pages_without_their_own_address_have_no_share_box(site):
    assert html_page(site, "demands").select("section.catalog-share") == []
    assert html_page(site, "").select("section.catalog-share") == []


def test_the_share_box_is_printed(site):
    css = (site / "assets/stylesheets/catalog.css").read_text(encoding="utf-8")
    print_rules = css.split("@media print", 1)[1]
    hidden = print_rules.split("display: none", 1)[0]
    assert ".catalog-share" not in hidden


# --- The deploy guard ----------------------------------------------------------------


def local_site_project(make_project) -> Path:
    root = make_project()
    yml = root / "mkdocs.yml"
    yml.write_text(
        yml.read_text().replace(
            "site_url: https://campaign.example.org/\n",
            'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]\n',
        )
    )
    return root


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["-m", "mkdocs", "build", "-f", "mkdocs.yml"], {"CI": "true", "SITE_URL": ""}),
        (["-m", "generator", "build"], {"CI": "true", "SITE_URL": ""}),
        (["-m", "generator", "build", "--deploy"], {"SITE_URL": ""}),
    ],
)
def test_a_build_to_deploy_without_site_url_fails_naming_it(make_project, args, env):
    root = local_site_project(make_project)
    result = run(args, root, env)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_a_build_to_deploy_with_site_url_has_no_local_address(make_project):
    root = local_site_project(make_project)
    env = {"SITE_URL": "https://example.github.io/campaign/", "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    result = run(["-m", "generator", "build", "--deploy", "--strict"], root, env)
    assert result.returncode == 0, result.stderr
    for path in (root / "site").rglob("*"):
        if path.suffix in {".html", ".xml", ".json"}:
            assert "127.0.0.1" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize(
    "env", [{"SITE_URL": ""}, {"SITE_URL": "", "CI": "true", "CAMPAIGN_PREVIEW": "1"}]
)
def test_a_local_build_or_a_ci_preview_may_use_the_local_address(make_project, env):
    root = local_site_project(make_project)
    result = run(["-m", "generator", "build"], root, env)
    assert result.returncode == 0, result.stderr
    assert (root / "site/index.html").exists()


def test_without_site_url_no_relative_address_is_shared(make_project):
    root = make_project()
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("site_url: https://campaign.example.org/\n", ""))
    result = run(["-m", "mkdocs", "build", "-f", "mkdocs.yml"], root)
    assert result.returncode == 0, result.stderr
    soup = html_page(root / "site", "demands/defect-ai")
    meta = og(soup)
    assert meta["og:title"] == "AI defect recognition for composite parts"
    assert "og:url" not in meta and "og:image" not in meta and "twitter:image" not in meta
    assert soup.select("section.catalog-share") == []


# --- The Chinese feed ---------------------------------------------------------------


def test_both_feeds_are_read_in_their_language(site):
    en = feedparser.parse((site / "news/feed.xml").read_bytes())
    zh = feedparser.parse((site / "zh/news/feed.xml").read_bytes())
    assert not en.bozo and not zh.bozo
    assert en.feed.language == "en" and zh.feed.language == "zh-CN"
    assert zh.feed.link == SITE_URL + "zh/news/"
    assert [e.link for e in zh.entries] == [
        e.link.replace(SITE_URL, SITE_URL + "zh/") for e in en.entries
    ]
    meeting = next(e for e in zh.entries if e.link.endswith("2020-07-08-meeting/"))
    assert meeting.title == "对接会在线举行"
    assert meeting.summary == "中文摘要。"
    assert "中文新闻正文" in meeting.content[0].value
    # a release without a Chinese version: its English text, as its Chinese page
    call = next(e for e in zh.entries if e.link.endswith("2021-02-01-call/"))
    assert call.title == "Spring call for entries"
    assert "Send your entries" in call.content[0].value
    english = next(e for e in en.entries if e.link.endswith("2020-07-08-meeting/"))
    assert english.title == "Acme and River University meet online"


@pytest.mark.parametrize(
    ("path", "feed"),
    [
        ("demands/defect-ai", "news/feed.xml"),
        ("", "news/feed.xml"),
        ("zh/demands/defect-ai", "zh/news/feed.xml"),
        ("zh", "zh/news/feed.xml"),
        ("zh/news", "zh/news/feed.xml"),
    ],
)
def test_each_language_announces_its_feed(site, path, feed):
    soup = html_page(site, path)
    [link] = soup.select('head link[type="application/atom+xml"]')
    assert link["rel"] == ["alternate", "feed"]  # not a language version for Material
    target = (site / path / link["href"]).resolve()
    assert target == (site / feed).resolve()


def test_chinese_news_page_subscribes_to_the_chinese_feed(site):
    link = article(html_page(site, "zh/news")).select_one('a[type="application/atom+xml"]')
    assert (site / "zh/news" / link["href"]).resolve() == (site / "zh/news/feed.xml").resolve()
    assert visible_text(link) == "订阅新闻（Atom）"


# --- The printable conference catalog -------------------------------------------------


def test_conference_links_to_its_catalog_in_both_languages(site):
    for prefix in ("", "zh/"):
        body = article(html_page(site, prefix + "conferences/acme-river-2020"))
        link = body.select_one(".catalog-print-link a")
        target = (site / prefix / "conferences/acme-river-2020" / link["href"]).resolve()
        assert target == (site / prefix / CATALOG).resolve()
    assert (site / "zh/conferences/acme-lake-2021/catalog/index.html").exists()


def test_catalog_groups_entries_by_organization_in_tree_order(site):
    body = article(html_page(site, CATALOG))
    groups = body.select("section.catalog-print__group")
    found = [
        (
            g.h2.select("a")[-1]["href"].rstrip("/").rsplit("/", 1)[-1],
            [visible_text(h) for h in g.select(".catalog-print__title")],
        )
        for g in groups
    ]
    assert found == CATALOG_GROUPS
    # each entry: QR of its own page, its contact, a hidden one stays hidden
    for entry in body.select(".catalog-print__entry"):
        link = entry.select_one(".catalog-print__title a")
        url = entry.select_one(".catalog-print__qr figcaption a")["href"]
        assert (site / CATALOG / link["href"]).resolve() == (site / urlpath(url)).resolve()
        img = entry.select_one("img.catalog-qr")
        # the entry's own page's code, not a copy
        assert (site / CATALOG / img["src"]).resolve() == (site / urlpath(url) / "qr.png").resolve()
        assert qr_modules(qr_file(site / urlpath(url) / "qr.png")) == expected_modules(url, 4)
    # every contact section (a landmark) is named by "Contact" and its entry's title
    names = []
    for section in body.select("section.catalog-contact"):
        ids = section["aria-labelledby"].split()
        names.append(" ".join(visible_text(body.select_one(f"#{i}")) for i in ids))
    assert len(names) > 1 and len(set(names)) == len(names), names
    assert all(n.startswith("Contact ") for n in names), names
    text = visible_text(body)
    assert "Secret Person" not in text and "secret" not in text
    assert "The contact details of this entry are not published." in text
    assert "lab [at] example [dot] com" in text
    lab = body.select_one('[data-entry-id="composite-lab"]')
    assert "Sample" in visible_text(lab.select_one(".catalog-kicker"))
    defect = body.select_one('[data-entry-id="defect-ai"]')
    assert "31 March 2027" in visible_text(defect)


def urlpath(url: str) -> str:
    return url.removeprefix(SITE_URL)


def test_chinese_catalog_is_in_chinese(site):
    body = article(html_page(site, "zh/" + CATALOG))
    assert visible_text(body.h1) == "发布条目目录"
    titles = [visible_text(h) for h in body.select(".catalog-print__title")]
    assert "复合材料检测实验室" in titles
    for url in [a["href"] for a in body.select(".catalog-print__qr figcaption a")]:
        assert url.startswith(SITE_URL + "zh/")
    assert body.select_one("[data-campaign-print]").get_text(strip=True) == "打印 / 另存为 PDF"


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_chromium_prints_the_catalog_one_organization_per_page(site, browser, prefix):
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + prefix + CATALOG + "/")
        button = page.locator("[data-campaign-print]")
        button.wait_for(state="visible")  # the script shows it
        page.emulate_media(media="print")
        assert not button.is_visible()
        for chrome in (".md-header", ".md-tabs", ".md-footer", ".md-sidebar"):
            for element in page.locator(chrome).all():
                assert not element.is_visible(), chrome
        titles = page.locator(".catalog-print__title")
        assert titles.count() == sum(len(t) for _, t in CATALOG_GROUPS)
        for i in range(titles.count()):
            assert titles.nth(i).is_visible()
        # each group starts a printed page
        breaks = page.eval_on_selector_all(
            ".catalog-print__group", "els => els.map(e => getComputedStyle(e).breakBefore)"
        )
        assert breaks == ["page"] * len(CATALOG_GROUPS)
        first = page.locator(".catalog-print__qr img").first
        assert first.is_visible()
        first.evaluate("img => img.decode()")  # the code's file is there, and drawn
        assert first.evaluate("img => img.naturalWidth") > 0
        assert first.evaluate("img => img.getBoundingClientRect().height") > 20
        pdf = page.pdf(format="A4")
        page.close()
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) >= len(CATALOG_GROUPS) + 1  # the cover, then one per group


def test_print_button_calls_the_print_dialog(site, browser):
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + CATALOG + "/")
        page.evaluate(
            "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
        )
        page.get_by_role("button", name="Print / save as PDF").click()
        page.wait_for_function("() => window.__printed === 1")
        page.close()
