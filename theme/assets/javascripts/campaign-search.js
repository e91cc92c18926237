/* Header search: Material's search box and result list, filled from Pagefind.
 * Shortcuts as in Material: "/", "s" or "f" opens it, Escape closes it, the arrow
 * keys move through the results. */
(function () {
  "use strict";

  const root = document.querySelector("[data-campaign-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle || !window.campaignPagefind) return;
  const input = root.querySelector("[data-campaign-search-input]");
  const list = root.querySelector("[data-campaign-search-results]");
  const meta = root.querySelector("[data-campaign-search-meta]");
  const form = input.form;
  const shown = 10;
  const pf = window.campaignPagefind;

  function setOpen(open) {
    toggle.checked = open;
    if (open) {
      input.focus();
      // on small screens the box becomes focusable only once the overlay is shown
      setTimeout(function () { if (toggle.checked) input.focus(); }, 50);
    }
  }

  // A conference's or an organization's record names it; an entry's card holds it
  // (the third item: generator/site/cards.py, Card.index_data).
  function organizationOf(meta) {
    if (meta.organization) return meta.organization;
    try {
      const card = JSON.parse(meta.card || "null");
      return Array.isArray(card) ? card[2] || "" : "";
    } catch (error) {
      return "";
    }
  }

  function resultItem(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const type = document.createElement("div");
    type.className = "catalog-search-type";
    type.textContent = data.meta.type || "Page";
    const title = document.createElement("h1");
    title.textContent = data.meta.title || data.url;
    article.append(type, title);
    const organization = organizationOf(data.meta);
    if (organization) {
      const org = document.createElement("p");
      org.className = "catalog-search-organization";
      org.textContent = organization;
      article.appendChild(org);
    }
    const snippet = document.createElement("p");
    snippet.className = "catalog-search-snippet";
    snippet.appendChild(pf.excerptNodes(data.excerpt || ""));
    article.appendChild(snippet);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  // One or two Latin letters prefix-match a large part of the index and keep the
  // search busy while the visitor types on; Chinese characters are words already.
  function tooShort(query) {
    return query.length < 3 && pf.bundleFor(query) === "pagefind";
  }

  async function run() {
    const query = input.value.trim();
    if (query && tooShort(query)) {
      list.replaceChildren();
      delete list.dataset.query;
      meta.textContent = meta.dataset.tooShort || "Type at least 3 letters";
      return;
    }
    // Chinese and other queries use different bundles: fetch only the one needed.
    if (query) pf.load(pf.bundleFor(query));
    if (!query) {
      list.replaceChildren();
      delete list.dataset.query;
      meta.textContent = meta.dataset.placeholder;
      return;
    }
    // A short debounce: long enough to skip keystrokes typed in a burst, short
    // enough to keep the first results well under the 300 ms the site aims for.
    const search = await pf.search(query, {}, 60);
    if (search === null || query !== input.value.trim()) return; // a newer query won
    const data = await Promise.all(search.results.slice(0, shown).map(function (r) {
      return r.data();
    }));
    if (query !== input.value.trim()) return;
    const n = search.results.length;
    // Material's strings in the page's language (partials/campaign-search.html).
    meta.textContent = n === 0 ? (meta.dataset.none || "No matching documents") :
      n === 1 ? (meta.dataset.one || "1 matching document") :
      (meta.dataset.other || "# matching documents").replace("#", String(n));
    list.replaceChildren.apply(list, data.map(resultItem));
    list.dataset.query = query; // which query the list answers (tests, benchmarks)
  }

  meta.dataset.placeholder = meta.textContent;
  // Fetch the index while the visitor is still typing: the first Latin key loads the
  // English bundle, the start of Chinese input (an input method composing) the other.
  input.addEventListener("keydown", function (event) {
    if (!event.isComposing && event.key.length === 1) pf.load(pf.bundleFor(event.key));
  });
  input.addEventListener("compositionstart", function () { pf.load("pagefind-zh"); });
  input.addEventListener("input", run);
  input.addEventListener("focus", function () { setOpen(true); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(run, 0);
  });

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const typing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
          (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        setOpen(true);
      }
      return;
    }
    const links = Array.from(list.querySelectorAll("a"));
    const index = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      setOpen(false);
      input.blur();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(index + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && links.length) {
      event.preventDefault();
      if (index <= 0) input.focus(); else links[index - 1].focus();
    }
  });
})();
