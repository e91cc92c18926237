"""Issue #9: one catalog, a site in English (/) and Chinese (/zh/)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import (
    REPO,
    article,
    campaign,
    create_project,
    html_page,
    mkdocs_build,
    serve,
    visible_text,
    with_frame,
)

ZH_FILES: dict[str, str | None] = {
    # translated in full
    "catalog/resources/composite-lab.yaml": """\
        title: Composite testing laboratory
        zh:
          title: 复合材料检测实验室
          summary: 为高校团队提供复合材料力学性能检测。
          description: 可提供拉伸、压缩和剪切试验。
        summary: Mechanical tests of composite coupons for university teams.
        organization: acme-lab
        fields: [composite-materials]
        kind: testing
        description: Tension, compression and shear tests.
        """,
    # no translation at all
    "catalog/demands/sensor-calibration.yaml": """\
        title: Calibration of navigation sensors
        summary: Looking for a lab to calibrate inertial navigation sensors.
        organization: acme
        fields: [satellite-navigation]
        cooperation: testing
        """,
    "content/zh/index.md": """\
        ---
        title: 首页
        ---

        # 校企合作

        中文首页。
        """,
    "content/zh/news/2020-07-08-meeting.md": """\
        ---
        title: 对接会在线举行
        summary: 中文摘要。
        ---

        中文新闻正文。
        """,
}

TABLE = yaml.safe_load((REPO / "generator/site/locale/zh.yaml").read_text(encoding="utf-8"))


def test_every_template_string_has_a_chinese_translation() -> None:
    """Each literal t("…") of the theme, and each facet label, is in the table."""
    keys: set[str] = set()
    for path in (REPO / "theme").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""(?<![.\w])t\((?:"([^"]*)"|'([^']*)')\s*[,)]""", text):
            keys.add(match.group(1) if match.group(1) is not None else match.group(2))
        for call in re.findall(r"facet_form\(\"\w+\", \[(.*)\]\)", text):
            keys |= set(re.findall(r"""\("\w+", "([^"]+)"\)""", call))
    missing = sorted(keys - set(TABLE["strings"]))
    assert keys and missing == []


def test_choice_values_have_chinese_labels() -> None:
    from generator.model import formats as models

    values = set()
    for alias in (
        models.OrganizationKind,
        models.ResourceKind,
        models.Cooperation,
        models.DemandStatus,
        models.Seeking,
        models.ConferenceFormat,
    ):
        values |= set(alias.__args__)
    assert sorted(values - set(TABLE["labels"])) == []


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("bilingual") / "project", ZH_FILES)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def test_every_page_has_a_chinese_counterpart_with_the_right_lang(site: Path) -> None:
    english = {
        p.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("zh/", "pagefind"))
    }
    assert "resources/composite-lab/index.html" in english
    for rel in english:
        if rel in ("about/index.html",):  # hand-written, no Chinese version in this project
            continue
        assert (site / "zh" / rel).is_file(), rel
    assert html_page(site, "resources/composite-lab").html["lang"] == "en"
    assert html_page(site, "zh/resources/composite-lab").html["lang"] == "zh"


def test_translated_entry_is_shown_in_chinese(site: Path) -> None:
    soup = html_page(site, "zh/resources/composite-lab")
    text = visible_text(article(soup))
    assert soup.h1.get_text() == "复合材料检测实验室"
    assert "为高校团队提供复合材料力学性能检测。" in text
    assert "可提供拉伸、压缩和剪切试验。" in text
    assert "Tension, compression" not in text
    assert "暂无中文版本" not in text
    # labels come from the translation table, Material's strings from its zh file
    assert "技术领域" in text and "类型" in text and "检测试验" in text
    assert soup.title.get_text().startswith("复合材料检测实验室")
    # Material's search placeholder in Chinese, in the header's search box
    framed = BeautifulSoup(
        with_frame(site / "zh/resources/composite-lab/index.html"), "html.parser"
    )
    assert "键入以开始搜索" in visible_text(framed)
    # the English page keeps English labels and shows the Chinese title as a subtitle
    en = html_page(site, "resources/composite-lab")
    en_text = visible_text(article(en))
    assert en.h1.get_text() == "Composite testing laboratory"
    assert "复合材料检测实验室" in en_text and "Fields" in en_text and "技术领域" not in en_text


def test_untranslated_entry_falls_back_to_english_with_a_notice(site: Path) -> None:
    soup = html_page(site, "zh/demands/sensor-calibration")
    node = article(soup)
    assert "本条目暂无中文版本" in visible_text(node)
    assert soup.h1.get_text() == "Calibration of navigation sensors"
    assert soup.h1["lang"] == "en"
    lead = node.select_one(".catalog-lead")
    assert lead is not None and lead["lang"] == "en"
    assert "状态" in visible_text(node)  # the labels are still Chinese


def test_links_on_chinese_pages_stay_in_chinese(site: Path) -> None:
    node = article(html_page(site, "zh/resources/composite-lab"))
    hrefs = [a["href"] for a in node.select("a[href]") if not a["href"].startswith("#")]
    assert hrefs and all("zh/" in h or h.startswith("../") for h in hrefs)
    assert any(h.endswith("organizations/acme-lab/") for h in hrefs)
    # relative links from /zh/resources/composite-lab/ resolve under /zh/
    assert "../../organizations/acme-lab/" in hrefs


def test_chinese_navigation_and_header(site: Path) -> None:
    soup = html_page(site, "zh/resources/composite-lab")
    tabs = [(a.get_text(strip=True), a["href"]) for a in soup.select("a.md-nav__link")]
    assert ("资源", "../") in tabs
    assert ("首页", "../../") in tabs  # /zh/
    en_tabs = [a.get_text(strip=True) for a in html_page(site, "").select("a.md-nav__link")]
    assert "Resources" in en_tabs and "资源" not in en_tabs


def test_language_selector_points_to_the_same_page(site: Path) -> None:
    en = html_page(site, "resources/composite-lab")
    links = {a["hreflang"]: a["href"] for a in en.select("a.md-select__link")}
    assert links == {"en": "./", "zh": "../../zh/resources/composite-lab/"}
    zh = html_page(site, "zh/resources/composite-lab")
    links = {a["hreflang"]: a["href"] for a in zh.select("a.md-select__link")}
    assert links == {"en": "../../../resources/composite-lab/", "zh": "./"}


def test_chinese_sitemap_lists_the_chinese_pages(site: Path) -> None:
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "zh/sitemap.xml").read_text("utf-8"))
    assert "https://campaign.example.org/zh/resources/composite-lab/" in locs
    assert all(loc.startswith("https://campaign.example.org/zh/") for loc in locs)
    everything = (site / "sitemap.xml").read_text("utf-8")
    assert len(locs) == everything.count("<loc>https://campaign.example.org/zh/")


SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def test_sitemap_names_each_pages_other_language_and_head_has_no_root_hreflang(
    site: Path,
) -> None:
    """Search engines learn each page's counterpart from the sitemap; <head> carries no
    hreflang link to the language roots, which would say the Chinese version of every
    page is the Chinese home page (and make Material's script fetch sitemaps)."""
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    alternates = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }
    base = "https://campaign.example.org/"
    entry = {
        "en": base + "resources/composite-lab/",
        "zh": base + "zh/resources/composite-lab/",
        "x-default": base + "resources/composite-lab/",
    }
    assert alternates[base + "resources/composite-lab/"] == entry
    assert alternates[base + "zh/resources/composite-lab/"] == entry
    assert alternates[base + "zh/"]["en"] == base
    # a listing (rendered by MkDocs's own loop) too, and every address is a page
    assert alternates[base + "demands/"]["zh"] == base + "zh/demands/"
    for links in alternates.values():
        for href in links.values():
            path = href.removeprefix(base)
            assert (site / path / "index.html").is_file(), href
    for page in ("", "resources/composite-lab", "zh/demands"):
        assert html_page(site, page).select("link[hreflang]") == []


def test_news_release_in_both_languages(site: Path) -> None:
    zh = html_page(site, "zh/news/2020-07-08-meeting")
    text = visible_text(article(zh))
    assert zh.h1.get_text() == "对接会在线举行"
    assert "中文新闻正文。" in text and "暂无中文版本" not in text
    en = html_page(site, "news/2020-07-08-meeting")
    assert "中文新闻正文" not in visible_text(article(en))


def test_chinese_search_indexes_only_chinese_pages(site: Path) -> None:
    import json

    zh = json.loads((site / "pagefind-zh/pagefind-entry.json").read_text("utf-8"))
    en = json.loads((site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    zh_pages = zh["languages"]["zh"]["page_count"]
    en_pages = en["languages"]["en"]["page_count"]
    indexed = [
        p for p in (site / "zh").rglob("index.html") if "data-pagefind-body" in p.read_text("utf-8")
    ]
    assert zh_pages == len(indexed)
    assert en_pages > 0


def test_missing_news_translation_falls_back(make_project) -> None:
    root = make_project({"content/zh/news/2020-07-08-meeting.md": None})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    soup = html_page(root / "site", "zh/news/2020-07-08-meeting")
    text = visible_text(article(soup))
    assert "本新闻稿暂无中文版本" in text


def test_missing_chinese_home_falls_back_to_the_english_one(make_project) -> None:
    """Every page's language selector and rel=alternate links lead to zh/: without
    content/zh/index.md it is the English home's text, with the notice, and its links
    reach the pages the English home links to."""
    root = make_project(
        {
            "content/index.md": """\
                ---
                template: catalog/home.html
                ---

                # Test campaign home

                See [the news](news/index.md), [about us](about.md) and [the resources][r].

                [r]: resources/index.md
                """,
            "content/about.md": "# About\n\nWho we are.\n",
        }
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    home = html_page(site, "zh")
    assert home.html["lang"] == "zh"
    assert "本页暂无中文版本" in visible_text(home)
    assert "Test campaign home" in visible_text(article(home))
    assert "Test campaign home" in visible_text(article(home).select_one("[lang=en]"))
    content = [a["href"] for a in article(home).select("p a[href]")]
    assert content[:3] == ["../news/", "../about/", "../resources/"]
    for page in ("", "resources/composite-lab", "zh/resources/composite-lab"):
        soup = html_page(site, page)
        zh = {a["href"] for a in soup.select("a.md-select__link[hreflang=zh]")}
        assert zh and all((site / page / href / "index.html").resolve().is_file() for href in zh)
    assert html_page(site, "").select_one("a.md-select__link[hreflang=zh]")["href"] == "zh/"
    assert campaign(["check-links", "site"], root).returncode == 0


def test_chinese_release_without_english_is_reported(make_project) -> None:
    root = make_project(
        {"content/zh/news/2021-01-01-only-chinese.md": "---\ntitle: 只有中文\n---\n正文\n"}
    )
    result = campaign(["validate", "--missing-translation", "off"], root)
    assert result.returncode == 1
    assert (
        "content/zh/news/2021-01-01-only-chinese.md:1:1: no English release "
        "news/2021-01-01-only-chinese.md" in result.stdout
    )


def test_old_title_zh_key_says_how_to_move_it(make_project) -> None:
    root = make_project(
        {
            "catalog/resources/old.yaml": """\
                title: Old style
                title_zh: 旧格式
                summary: Written before the zh block.
                organization: acme
                fields: [composite-materials]
                """
        }
    )
    result = campaign(["validate", "--missing-translation", "off"], root)
    assert result.returncode == 1
    assert "catalog/resources/old.yaml:2:1: unknown key 'title_zh'; the Chinese title now goes" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("level", "code", "prefix"), [("off", 0, None), ("warning", 0, "warning: "), ("error", 1, "")]
)
def test_validate_reports_missing_translations_at_the_chosen_level(
    make_project, level: str, code: int, prefix: str | None
) -> None:
    root = make_project(ZH_FILES)
    result = campaign(["validate", "--missing-translation", level], root)
    assert result.returncode == code, result.stdout
    line = (
        f"catalog/demands/sensor-calibration.yaml:1:1: {prefix}no Chinese translation: add a "
        "'zh:' block with title: and summary: indented under it"
    )
    if prefix is None:
        assert "no Chinese" not in result.stdout
    else:
        assert line in result.stdout
        # the translated entry and the translated home page are not reported
        assert "composite-lab" not in result.stdout
        assert "content/index.md" not in result.stdout


def test_validate_names_the_missing_part_of_a_zh_block(make_project) -> None:
    root = make_project(
        {
            "catalog/resources/half.yaml": """\
                title: Half translated
                summary: English summary.
                zh:
                  title: 一半
                organization: acme
                fields: [composite-materials]
                """
        }
    )
    result = campaign(["validate", "--missing-translation", "error", "catalog/resources"], root)
    assert result.returncode == 1
    assert (
        "catalog/resources/half.yaml:3:1: zh: the Chinese summary is missing: add summary: "
        "under 'zh:'" in result.stdout
    )


@pytest.mark.parametrize(("level", "code"), [("warning", 1), ("error", 1), ("off", 0)])
def test_build_setting_missing_translation(make_project, level: str, code: int) -> None:
    root = make_project(ZH_FILES)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      page_size:", f'      missing_translation: "{level}"\n      page_size:'),
        encoding="utf-8",
    )
    result = mkdocs_build(root)  # --strict
    assert result.returncode == code, result.stderr
    if level != "off":
        assert "catalog/demands/sensor-calibration.yaml:1:1: " in result.stderr
        assert "no Chinese translation" in result.stderr


def test_shipped_site_is_fully_translated() -> None:
    result = campaign(["validate", "--missing-translation", "error"], REPO)
    assert result.returncode == 0, result.stdout


# --- in the browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[str]:
    """The project served where its site_url says, so Material's sitemap lookups match."""
    root = create_project(tmp_path_factory.mktemp("switch") / "project", ZH_FILES)
    (root / "site").mkdir()
    with serve(root / "site") as url:
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text("utf-8").replace("https://campaign.example.org/", url), "utf-8"
        )
        result = mkdocs_build(root)
        assert result.returncode == 0, result.stderr
        yield url


@pytest.fixture
def page(browser, served) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


def switch_language(page, name: str) -> None:
    page.hover(".md-header .md-select")
    page.get_by_role("link", name=name, exact=True).click()


def test_language_selector_switches_to_the_same_entry_and_back(page, served: str) -> None:
    page.goto(served + "resources/composite-lab/")
    assert page.locator("html").get_attribute("lang") == "en"
    switch_language(page, "中文")
    page.wait_for_function("() => location.pathname === '/zh/resources/composite-lab/'")
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator("h1").first.inner_text() == "复合材料检测实验室"
    switch_language(page, "English")
    page.wait_for_function("() => location.pathname === '/resources/composite-lab/'")
    assert page.locator("h1").first.inner_text() == "Composite testing laboratory"


def test_chinese_search_on_a_chinese_page(page, served: str) -> None:
    page.goto(served + "zh/")
    page.locator("[data-campaign-search-input]").fill("复合材料")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-campaign-search-results] li').length > 0"
    )
    links = page.eval_on_selector_all(
        "[data-campaign-search-results] li a", "as => as.map(a => a.pathname)"
    )
    assert "/zh/resources/composite-lab/" in links
    assert all(link.startswith("/zh/") for link in links)
    meta = page.locator("[data-campaign-search-meta]").inner_text()
    assert "符合条件的结果" in meta  # Material's Chinese string


def test_english_query_on_a_chinese_page_finds_the_fallback_text(page, served: str) -> None:
    page.goto(served + "zh/")
    page.locator("[data-campaign-search-input]").fill("inertial")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-campaign-search-results] li').length > 0"
    )
    links = page.eval_on_selector_all(
        "[data-campaign-search-results] li a", "as => as.map(a => a.pathname)"
    )
    assert "/zh/demands/sensor-calibration/" in links
