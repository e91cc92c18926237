/* Faceted browsing on listing pages. Without JavaScript the page is a plain paginated
 * list; with it, a form of facets (with counts) and free text narrows the whole
 * catalog through the Pagefind index. The state lives in the URL query string, so a
 * filtered view can be shared and the back button steps through earlier states. */
(function () {
  "use strict";

  const form = document.querySelector("[data-catalog-facets]");
  if (!form || !window.campaignPagefind) return;
  const pf = window.campaignPagefind;
  const type = form.dataset.type;
  // Words in the page's language, from the form's data attributes (theme/catalog/macros.html).
  const words = form.dataset;
  function showMoreLabel(extra) {
    return (words.showMore || "Show # more").replace("#", String(extra));
  }
  function matches(n) {
    return n === 1 ? (words.oneMatch || "1 match")
      : (words.manyMatches || "# matches").replace("#", String(n));
  }
  const facets = Array.from(form.querySelectorAll("[data-facet]"));
  const keys = facets.map(function (el) { return el.dataset.facet; });
  const text = form.querySelector("input[name=q]");
  const results = document.querySelector("[data-facet-results]");
  const summary = results.querySelector("[data-facet-summary]");
  const list = results.querySelector("[data-facet-list]");
  const more = results.querySelector("[data-facet-more]");
  const plain = document.querySelector("[data-plain-listing]");
  const pageSize = 50;
  let current = null; // the latest search, for "show more"
  let shown = 0;
  let generation = 0;

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const state = { q: params.get("q") || "", filters: {} };
    keys.forEach(function (key) {
      const values = params.getAll(key);
      if (values.length) state.filters[key] = values;
    });
    return state;
  }

  function writeState(state, replace) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    keys.forEach(function (key) {
      (state.filters[key] || []).forEach(function (v) { params.append(key, v); });
    });
    const query = params.toString();
    const url = window.location.pathname + (query ? "?" + query : "");
    if (url === window.location.pathname + window.location.search) return;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  function formState() {
    const state = { q: text.value.trim(), filters: {} };
    facets.forEach(function (el) {
      const values = Array.from(el.querySelectorAll("input:checked")).map(function (i) {
        return i.value;
      });
      if (values.length) state.filters[el.dataset.facet] = values;
    });
    return state;
  }

  function pagefindFilters(state, without) {
    const filters = { type: type };
    Object.keys(state.filters).forEach(function (key) {
      if (key !== without) filters[key] = { any: state.filters[key] };
    });
    return filters;
  }

  function isEmpty(state) {
    return !state.q && Object.keys(state.filters).length === 0;
  }

  function renderFacet(el, counts, selected) {
    const body = el.querySelector("[data-facet-values]");
    const entries = Object.entries(counts || {}).filter(function (e) {
      return e[1] > 0 || selected.indexOf(e[0]) >= 0;
    });
    entries.sort(function (a, b) { return b[1] - a[1] || a[0].localeCompare(b[0]); });
    const nodes = entries.map(function (entry, i) {
      const label = document.createElement("label");
      label.className = "catalog-facet__value";
      if (i >= 8 && selected.indexOf(entry[0]) < 0) label.dataset.extra = "";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = el.dataset.facet;
      box.value = entry[0];
      box.checked = selected.indexOf(entry[0]) >= 0;
      const name = document.createElement("span");
      name.textContent = entry[0];
      const count = document.createElement("span");
      count.className = "catalog-facet__count";
      count.textContent = String(entry[1]);
      label.append(box, " ", name, " ", count);
      return label;
    });
    body.replaceChildren.apply(body, nodes);
    el.hidden = nodes.length === 0;
    const toggle = el.querySelector("[data-facet-toggle]");
    const extra = nodes.filter(function (n) { return "extra" in n.dataset; }).length;
    toggle.hidden = extra === 0;
    toggle.textContent = el.classList.contains("catalog-facet--open")
      ? (words.showFewer || "Show fewer") : showMoreLabel(extra);
  }

  function resultItem(data) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    li.appendChild(link);
    if (data.meta.organization) {
      li.append(" · ");
      const org = document.createElement("span");
      org.className = "catalog-facet-result__org";
      org.textContent = data.meta.organization;
      li.appendChild(org);
    }
    const p = document.createElement("p");
    if (current && current.query && data.excerpt) p.appendChild(pf.excerptNodes(data.excerpt));
    else p.textContent = data.meta.summary || "";
    li.appendChild(p);
    return li;
  }

  async function showMore() {
    const batch = current.search.results.slice(shown, shown + pageSize);
    const mine = generation;
    const data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== generation) return;
    data.forEach(function (d) { list.appendChild(resultItem(d)); });
    shown += batch.length;
    more.hidden = shown >= current.search.results.length;
  }

  async function update(state) {
    const mine = ++generation;
    // Without a query, results come in index order (by address); a sort index would
    // add a number per page to what every first search downloads.
    const search = await pf.search(state.q, { filters: pagefindFilters(state) }, 0, true);
    // Counts for a facet with a selection ignore that selection, so its other values
    // show how many results choosing them instead (or as well) would give.
    const perFacet = await Promise.all(keys.map(function (key) {
      if (!state.filters[key]) return search;
      return pf.search(state.q, { filters: pagefindFilters(state, key) }, 0, true);
    }));
    if (mine !== generation) return;
    facets.forEach(function (el, i) {
      renderFacet(el, perFacet[i].filters[el.dataset.facet], state.filters[el.dataset.facet] || []);
    });
    const empty = isEmpty(state);
    plain.hidden = !empty;
    results.hidden = empty;
    if (empty) return;
    const n = search.results.length;
    summary.textContent = matches(n);
    current = { search: search, query: state.q };
    shown = 0;
    list.replaceChildren();
    await showMore();
  }

  let typingTimer = null;
  form.addEventListener("change", function (event) {
    if (event.target === text) return;
    const state = formState();
    writeState(state, false);
    update(state);
  });
  text.addEventListener("input", function () {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      const state = formState();
      writeState(state, true);
      update(state);
    }, 200);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      const state = { q: "", filters: {} };
      writeState(state, false);
      update(state);
    }, 0);
  });
  facets.forEach(function (el) {
    el.querySelector("[data-facet-toggle]").addEventListener("click", function () {
      el.classList.toggle("catalog-facet--open");
      const extra = el.querySelectorAll("[data-extra]").length;
      this.textContent = el.classList.contains("catalog-facet--open")
        ? (words.showFewer || "Show fewer") : showMoreLabel(extra);
    });
  });
  more.addEventListener("click", showMore);
  window.addEventListener("popstate", function () {
    const state = readState();
    text.value = state.q;
    update(state);
  });

  const initial = readState();
  text.value = initial.q;
  form.hidden = false;
  update(initial);
})();
