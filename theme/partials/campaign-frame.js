{#-
  The header's colour-scheme toggles and search box, and the phone's navigation drawer,
  written once per language into a cached script (generator/adapter/frame_script.py)
  instead of into every page: together they were about a fifth of an entry page.
  partials/header.html leaves an empty slot where each part goes and loads this script
  right after them, so the parts are in place, and the chosen colour scheme applied,
  before anything after the header is read: Material's script and ours find the same
  page they found when the parts were written into it. Only these parts move: they do
  nothing without JavaScript anyway (the toggles start hidden and the search needs
  script), while what a visitor without it can use (tabs, language selector, contents)
  stays in the page.

  `parts` are the partials rendered in this language, with a page's white space
  (`collapse`), their links relative to the site root behind `mark`; the script puts the page's way to the root in their
  place, so every link is what MkDocs would have written.
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set parts = {} -%}
{%- if config.theme.palette and not config.theme.palette is mapping -%}
  {%- set palette -%}{% include "partials/palette.html" %}{%- endset -%}
  {%- set _ = parts.update({"palette": collapse(palette) | trim}) -%}
{%- endif -%}
{%- if campaign_search == "pagefind" -%}
  {%- set search -%}{% include "partials/campaign-search.html" %}{%- endset -%}
  {%- set _ = parts.update({"search": collapse(search) | trim}) -%}
{%- endif -%}
{%- set palette_script -%}
  {%- if not config.theme.palette is mapping -%}{% include "partials/javascripts/palette.html" %}{%- endif -%}
{%- endset -%}
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script.getAttribute("src");
  var root = src.slice(0, src.lastIndexOf("assets/"));
  var parts = {{ parts | tojson }};
  var slots = script.parentNode.querySelectorAll("[data-campaign-frame]");
  for (var i = 0; i < slots.length; i++) {
    var html = parts[slots[i].getAttribute("data-campaign-frame")];
    if (html) slots[i].outerHTML = html.split({{ (mark ~ "/") | tojson }}).join(root);
  }
})();
{{ palette_script | replace("<script>", "") | replace("</script>", "") | trim }}
{#- The drawer of a page outside the navigation, when the navigation is one level of
    pages: the tabs' entries, the active one lit as the tabs light it. Filled before
    Material's script starts (it waits for the same event, registered later). -#}
document.addEventListener("DOMContentLoaded", function () {
  var list = document.querySelector("[data-campaign-drawer]");
  var tabs = document.querySelectorAll(".md-tabs__item");
  if (!list || !tabs.length) return;
  list.removeAttribute("data-campaign-drawer");
  for (var i = 0; i < tabs.length; i++) {
    var tab = tabs[i].querySelector("a");
    var item = document.createElement("li");
    item.className = "md-nav__item";
    if (tabs[i].classList.contains("md-tabs__item--active")) item.className += " md-nav__item--active";
    var link = item.appendChild(document.createElement("a"));
    link.href = tab.getAttribute("href");
    link.className = "md-nav__link";
    var label = link.appendChild(document.createElement("span"));
    label.className = "md-ellipsis";
    label.textContent = tab.textContent.trim();
    list.appendChild(item);
  }
});
