/* Shared access to the site's Pagefind indexes, for the header search and the
 * listing facets. Two bundles: "pagefind" indexes the English pages with English
 * stemming, "pagefind-zh" the Chinese pages (/zh/) with Chinese word segmentation.
 * The page's language picks the bundle; a query containing Chinese characters goes to
 * the Chinese one from any page (so 复合材料 typed on an English page finds the
 * Chinese pages). */
(function () {
  "use strict";

  const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const loaded = {};
  const filtersLoaded = {};

  function siteBase() {
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  const pageIsChinese = /^zh\b/i.test(document.documentElement.lang || "");

  function bundleFor(query) {
    return pageIsChinese || (query && CJK.test(query)) ? "pagefind-zh" : "pagefind";
  }

  /* A bundle is split into shards of a few thousand pages (generator/publish/search_shards.py):
   * Pagefind's search time grows with the square of the pages a query matches, so
   * several small searches are much faster than one large one. shards.json lists the
   * shards besides the first, which sits in the bundle's own folder. */
  async function shardsOf(bundleUrl) {
    try {
      const response = await fetch(new URL("shards.json", bundleUrl));
      return response.ok ? (await response.json()).shards : [];
    } catch (error) {
      return [];
    }
  }

  async function load(bundle) {
    if (!loaded[bundle]) {
      const base = siteBase();
      const bundleUrl = new URL(bundle + "/", base);
      const shards = shardsOf(bundleUrl);
      loaded[bundle] = import(new URL("pagefind.js", bundleUrl).href).then(
        async function (pagefind) {
          await pagefind.options({ baseUrl: base.pathname, excerptLength: 24 });
          await pagefind.init();
          await Promise.all((await shards).map(function (path) {
            return pagefind.mergeIndex(new URL(path, bundleUrl).pathname);
          }));
          return pagefind;
        }
      );
    }
    return loaded[bundle];
  }

  /* Pagefind's excerpts are escaped text with <mark> around hits. Rebuild them from
   * text nodes and <mark> elements only, so nothing else can reach the page. */
  function excerptNodes(excerpt) {
    const doc = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html");
    const out = document.createDocumentFragment();
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  window.campaignPagefind = {
    /* The site's root as a URL (the listing's first-choice files are relative to it). */
    siteBase: siteBase,
    load: load,
    bundleFor: bundleFor,
    excerptNodes: excerptNodes,
    /* Runs a search in the right bundle; null when a newer call superseded it.
     * Facet counts need the filter index, which Pagefind fetches only once asked
     * for it; the header search never asks, so its first query stays small. */
    search: async function (query, options, debounceMs, withFilters) {
      const bundle = bundleFor(query);
      const pagefind = await load(bundle);
      if (withFilters) {
        filtersLoaded[bundle] = filtersLoaded[bundle] || pagefind.filters();
        await filtersLoaded[bundle];
      }
      if (debounceMs) {
        return pagefind.debouncedSearch(query || null, options || {}, debounceMs);
      }
      return pagefind.search(query || null, options || {});
    },
  };
})();
