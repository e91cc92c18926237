/* Filtering and sorting on listing pages (theme/catalog/listing.html).
 *
 * The page arrives complete: the cards, the filters and their counts over the whole
 * listing are written at build time, so nothing moves when this script starts and a
 * visitor without JavaScript sees the same page. Only when a visitor chooses a filter,
 * types text or another order does the script ask the Pagefind index, then it updates
 * the counts, the "Showing" line and the cards in place. Cards of results are copies of
 * the page's own card template (the macro that wrote the static cards), filled with the
 * card data each entry's page put in the index (generator/site/cards.py).
 *
 * A first choice (one value of one filter, no text, the listing's own order) is
 * answered by a file the build wrote for it (data-first-choice, generator/publish/
 * facet_files.py): the count, the other filters' counts within it and the first page
 * of cards, in one small fetch. Everything else asks Pagefind, and so does "Show more"
 * after a first choice, and a first choice whose file cannot be read.
 *
 * The state lives in the address (?field=composite-materials&status=open&sort=...),
 * with ids rather than labels, so one address works in both languages; the labels that
 * older addresses used are understood and replaced by ids. */
(function () {
  "use strict";

  const browse = document.querySelector("[data-catalog-browse]");
  if (!browse) return;
  const form = browse.querySelector("[data-catalog-facets]");
  const type = browse.dataset.type;
  const pageSize = Number(browse.dataset.pageSize) || 50;
  const summary = document.querySelector("[data-listing-summary]");
  const list = browse.querySelector("[data-card-list]");
  const more = browse.querySelector("[data-results-more]");
  const staticOnly = browse.querySelector("[data-static-only]");
  const template = browse.querySelector("[data-card-template]");
  const toggle = browse.querySelector("[data-filter-toggle]");
  const done = browse.querySelector("[data-filter-done]");
  const sortSelect = browse.querySelector("[data-sort]");
  const text = form.querySelector("input[name=q]");
  const facets = Array.from(form.querySelectorAll("[data-facet]"));
  const keys = facets.map(function (el) { return el.dataset.facet; });
  const listingName = (browse.closest("[class*=catalog-listing--]").className
    .match(/catalog-listing--(\S+)/) || [])[1];
  const defaultSort = sortSelect ? sortSelect.options[0].value : "";
  // The folder of the first-choice files, relative to the site root; their names are
  // filter values as ids are written (generator/publish/facet_files.py, SAFE_VALUE).
  const firstChoiceDir = browse.dataset.firstChoice || "";
  const SAFE_VALUE = /^[a-z0-9][a-z0-9-]{0,79}$/;

  // What the page showed before any choice, to come back to.
  const initial = {
    summary: summary.textContent,
    cards: Array.from(list.children),
  };

  let generation = 0;
  let current = null; // { search, shown }

  function boxes(el) {
    return Array.from(el.querySelectorAll("input[type=checkbox]"));
  }

  /* A value from the address: an id as is, or a label in any language (case and
   * spacing aside) turned into its id. */
  function toId(el, value) {
    const wanted = value.trim().toLowerCase();
    const found = boxes(el).find(function (box) {
      if (box.value === value) return true;
      return box.dataset.aliases.split("|").some(function (alias) {
        return alias.trim().toLowerCase() === wanted;
      });
    });
    return found ? found.value : value;
  }

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const state = { q: (params.get("q") || "").trim(), filters: {}, sort: "" };
    facets.forEach(function (el) {
      const values = params.getAll(el.dataset.facet).map(function (v) { return toId(el, v); });
      if (values.length) state.filters[el.dataset.facet] = values;
    });
    const sort = params.get("sort") || "";
    if (sortSelect && Array.from(sortSelect.options).some(function (o) { return o.value === sort; })) {
      state.sort = sort === defaultSort ? "" : sort;
    }
    return state;
  }

  function address(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    keys.forEach(function (key) {
      (state.filters[key] || []).forEach(function (v) { params.append(key, v); });
    });
    if (state.sort) params.set("sort", state.sort);
    const query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function writeState(state, replace) {
    const url = address(state);
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  function formState() {
    const state = { q: text.value.trim(), filters: {}, sort: "" };
    facets.forEach(function (el) {
      const values = boxes(el).filter(function (b) { return b.checked; })
        .map(function (b) { return b.value; });
      if (values.length) state.filters[el.dataset.facet] = values;
    });
    if (sortSelect && sortSelect.value !== defaultSort) state.sort = sortSelect.value;
    return state;
  }

  function showState(state) {
    text.value = state.q;
    facets.forEach(function (el) {
      const chosen = state.filters[el.dataset.facet] || [];
      boxes(el).forEach(function (b) { b.checked = chosen.indexOf(b.value) >= 0; });
    });
    if (sortSelect) sortSelect.value = state.sort || defaultSort;
    const n = (state.q ? 1 : 0) + Object.keys(state.filters).reduce(function (sum, key) {
      return sum + state.filters[key].length;
    }, 0);
    if (toggle) {
      toggle.textContent = n ? toggle.dataset.labelSome.replace("{n}", String(n))
        : toggle.dataset.label;
    }
  }

  function isPlain(state) {
    return !state.q && !state.sort && Object.keys(state.filters).length === 0;
  }

  function searchOptions(state) {
    const options = { filters: pagefindFilters(state) };
    const sort = state.sort || defaultSort;
    // Without words, Pagefind returns pages by address; the listing's own order is
    // what a visitor expects. With words, the best matches come first unless the
    // visitor chose an order.
    if (sort && (state.sort || !state.q)) {
      options.sort = {};
      options.sort[sort + "-" + listingName] = "asc";
    }
    return options;
  }

  function pagefindFilters(state, without) {
    const filters = { type: type };
    Object.keys(state.filters).forEach(function (key) {
      if (key !== without) filters[key] = { any: state.filters[key] };
    });
    return filters;
  }

  /* Counts: a value's count is what choosing it would give. `counts` null puts back
   * the counts written at build time. A value missing from `counts` has none (an id
   * such as "constructor" is not read from Object's prototype). */
  function showCounts(el, counts) {
    boxes(el).forEach(function (box) {
      const label = box.closest("label");
      const count = label.querySelector("[data-count]");
      const own = counts && Object.prototype.hasOwnProperty.call(counts, box.value);
      const n = counts ? (own && Number(counts[box.value])) || 0 : Number(count.dataset.count);
      count.textContent = String(n);
      label.classList.toggle("catalog-facet__value--none", n === 0 && !box.checked);
    });
  }

  function countText(n) {
    return (n === 1 ? summary.dataset.one : summary.dataset.many).replace("{n}", String(n));
  }

  function showSummary(shown, total) {
    if (total === 0) {
      summary.textContent = summary.dataset.none;
      return;
    }
    summary.textContent = summary.dataset.showing
      .replace("{first}", "1").replace("{last}", String(shown)).replace("{total}", countText(total));
  }

  /* A search result's card: the list Card.index_data writes (generator/site/cards.py),
   * by position; a badge's class is its modifier, "=" marking a status (BADGE_CLASSES). */
  function cardData(list) {
    if (!Array.isArray(list)) return {};
    return {
      type: list[0], title: list[1], organization: list[2], summary: list[3],
      badges: (list[4] || []).map(function (b) {
        const cls = b[0].charAt(0) === "=" ? "catalog-status--" + b[0].slice(1)
          : "catalog-badge--" + b[0];
        return { cls: cls, text: b[1], title: b[2] || "" };
      }),
      fields: list[5] || [], lang: list[6] || ""
    };
  }

  /* A card from the page's template, filled with a search result's card data. */
  function resultCard(result, query) {
    const data = cardData(JSON.parse(result.meta.card || "null"));
    return makeCard(data, result.url, result.meta.title, query ? result.excerpt : "");
  }

  /* A card from the page's template, filled with card data (generator/site/cards.py):
   * text only, through textContent; an excerpt is Pagefind's, rebuilt from text. */
  function makeCard(data, url, fallbackTitle, excerpt) {
    const node = template.content.firstElementChild.cloneNode(true);
    node.className = node.className.replace(/catalog-card--\S*/, "catalog-card--" + data.type);
    const link = node.querySelector(".catalog-card__title > a");
    link.href = url;
    link.textContent = data.title || fallbackTitle || url;
    if (data.lang) link.lang = data.lang;
    const org = node.querySelector(".catalog-card__org");
    if (data.organization) org.textContent = data.organization;
    else org.remove();
    const badges = node.querySelector(".catalog-card__badges");
    const badge = badges.firstElementChild;
    const slot = Array.from(badge.classList).find(function (c) { return c.endsWith("--slot"); });
    badges.replaceChildren();
    (data.badges || []).forEach(function (b) {
      const copy = badge.cloneNode(false);
      copy.classList.remove(slot);
      copy.classList.add(b.cls);
      copy.textContent = b.text;
      if (b.title) copy.title = b.title;
      badges.append(copy, " ");
    });
    const summaryNode = node.querySelector(".catalog-card__summary");
    if (excerpt) {
      summaryNode.replaceChildren(window.campaignPagefind.excerptNodes(excerpt));
    } else if (data.summary) {
      summaryNode.textContent = data.summary;
    } else {
      summaryNode.remove();
    }
    const fields = node.querySelector(".catalog-card__fields");
    if (data.fields && data.fields.length) {
      const chip = fields.firstElementChild;
      fields.replaceChildren.apply(fields, data.fields.map(function (name) {
        const copy = chip.cloneNode(false);
        copy.textContent = name;
        return copy;
      }));
    } else {
      fields.remove();
    }
    return node;
  }

  /* While a search or a batch of cards is on its way the list says so (aria-busy), for
   * screen readers and for anything that waits for the listing to settle. */
  function busy(mine, on) {
    if (mine !== generation) return;
    if (on) list.setAttribute("aria-busy", "true");
    else list.removeAttribute("aria-busy");
  }

  async function showMore(mine) {
    busy(mine, true);
    try {
      await appendCards(mine);
    } finally {
      busy(mine, false);
    }
  }

  async function appendCards(mine) {
    if (!current.search) {
      // The first page came from a first-choice file; the rest comes from Pagefind,
      // which need not count the filters' values for it.
      const search = await window.campaignPagefind.search(
        current.state.q, searchOptions(current.state), 0, false);
      if (mine !== generation || !search) return;
      current.search = search;
    }
    const batch = current.search.results.slice(current.shown, current.shown + pageSize);
    const data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== generation) return;
    const nodes = data.map(function (d) { return resultCard(d, current.query); });
    if (current.shown === 0) list.replaceChildren.apply(list, nodes);
    else list.append.apply(list, nodes);
    current.shown += batch.length;
    const total = current.search.results.length;
    more.hidden = current.shown >= total;
    showSummary(current.shown, total);
  }

  /* The filter and value of a first choice, when the build answered it: null for any
   * other state. */
  function firstChoice(state) {
    if (!firstChoiceDir || state.q || state.sort || typeof DecompressionStream !== "function") {
      return null;
    }
    const chosen = Object.keys(state.filters);
    if (chosen.length !== 1 || state.filters[chosen[0]].length !== 1) return null;
    const key = chosen[0];
    const value = state.filters[key][0];
    const el = facets[keys.indexOf(key)];
    // a value the listing has (so the build wrote its file), named as files are
    if (!SAFE_VALUE.test(value) || !boxes(el).some(function (b) { return b.value === value; })) {
      return null;
    }
    return { key: key, value: value };
  }

  /* The build's answer to a first choice, or null when it cannot be read (the caller
   * then asks Pagefind). The file is gzip-compressed on the server, as Pagefind's are;
   * a server that unpacked it on the way is fine too. */
  async function readFirstChoice(choice) {
    try {
      const url = new URL(firstChoiceDir + choice.key + "/" + choice.value + ".json.gz",
        window.campaignPagefind.siteBase());
      const response = await fetch(url);
      if (!response.ok) return null;
      let bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      }
      const answer = JSON.parse(new TextDecoder().decode(bytes));
      const ok = answer && typeof answer.total === "number" && Array.isArray(answer.cards)
        && answer.counts && typeof answer.counts === "object"
        && answer.cards.length >= Math.min(answer.total, pageSize);
      return ok ? answer : null;
    } catch (error) {
      return null;
    }
  }

  /* A first choice from the build's answer: what runSearch would show, without Pagefind.
   * The chosen filter's own counts are the whole listing's, which the page holds. */
  function showFirstChoice(state, choice, answer) {
    facets.forEach(function (el) {
      const key = el.dataset.facet;
      showCounts(el, key === choice.key ? null : (answer.counts[key] || {}));
    });
    staticOnly.hidden = true;
    const base = window.campaignPagefind.siteBase();
    const nodes = answer.cards.slice(0, pageSize).map(function (c) {
      return makeCard(cardData(c.card), new URL(c.url, base).pathname, "", "");
    });
    current = { search: null, state: state, shown: nodes.length, query: "" };
    list.replaceChildren.apply(list, nodes);
    more.hidden = nodes.length >= answer.total;
    if (answer.total === 0) showSummary(0, 0);
    else showSummary(nodes.length, answer.total);
  }

  function showPlain() {
    current = null;
    list.removeAttribute("aria-busy");
    list.replaceChildren.apply(list, initial.cards);
    summary.textContent = initial.summary;
    more.hidden = true;
    staticOnly.hidden = false;
    facets.forEach(function (el) { showCounts(el, null); });
  }

  async function update(state) {
    const mine = ++generation;
    showState(state);
    if (isPlain(state)) {
      showPlain();
      return;
    }
    busy(mine, true);
    try {
      const choice = firstChoice(state);
      const answer = choice && await readFirstChoice(choice);
      if (mine !== generation) return;
      if (answer) showFirstChoice(state, choice, answer);
      else await runSearch(state, mine);
    } finally {
      busy(mine, false);
    }
  }

  async function runSearch(state, mine) {
    const pf = window.campaignPagefind;
    const search = await pf.search(state.q, searchOptions(state), 0, true);
    // A facet with a choice counts without it, so its other values say what choosing
    // them instead (or as well) would give.
    const perFacet = await Promise.all(keys.map(function (key) {
      if (!state.filters[key]) return search;
      return pf.search(state.q, { filters: pagefindFilters(state, key) }, 0, true);
    }));
    if (mine !== generation || !search) return;
    facets.forEach(function (el, i) {
      showCounts(el, (perFacet[i] && perFacet[i].filters[el.dataset.facet]) || {});
    });
    staticOnly.hidden = true;
    current = { search: search, state: state, shown: 0, query: state.q };
    if (search.results.length === 0) {
      list.replaceChildren();
      more.hidden = true;
      showSummary(0, 0);
      return;
    }
    await appendCards(mine);
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
  // The order's menu sits above the results, outside the form it belongs to.
  if (sortSelect) {
    sortSelect.addEventListener("change", function () {
      const state = formState();
      writeState(state, false);
      update(state);
    });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      const state = { q: "", filters: {}, sort: "" };
      writeState(state, false);
      update(state);
    }, 0);
  });
  facets.forEach(function (el) {
    const button = el.querySelector("[data-facet-toggle]");
    if (!button) return;
    button.addEventListener("click", function () {
      const open = el.classList.toggle("catalog-facet--open");
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? button.dataset.fewer : button.dataset.more;
    });
  });
  more.addEventListener("click", function () { if (current) showMore(generation); });

  /* On a phone the filters open below the button; the link works without this script
   * too (#catalog-filters:target), this keeps the address free of the fragment. */
  function setOpen(open) {
    browse.classList.toggle("catalog-browse--open", open);
    toggle.setAttribute("aria-expanded", String(open));
  }
  if (toggle) {
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(!browse.classList.contains("catalog-browse--open"));
    });
  }
  if (done) {
    done.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(false);
      summary.scrollIntoView({ block: "start" });
      toggle.focus({ preventScroll: true });
    });
  }

  window.addEventListener("popstate", function () { update(readState()); });

  const start = readState();
  // An address written with labels becomes one with ids.
  writeState(start, true);
  if (!isPlain(start)) update(start);
  else showState(start);
})();
