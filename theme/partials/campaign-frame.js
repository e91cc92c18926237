{#-
  The frame's parts that only work with JavaScript, written once per language into a
  cached script (generator/adapter/frame_script.py) instead of into every page:
  - the header's colour-scheme toggles and search box, and the phone's navigation
    drawer of a catalog page (together about a fifth of an entry page);
  - Material's scope and storage helpers, its configuration (`__config`), the
    back-to-top button and the content-tab scripts, the same on every page of a
    language but for the way to the site root.
  partials/header.html leaves an empty slot where each header part goes and loads this
  script right after them, so the parts are in place, the helpers defined and the
  chosen colour scheme applied before anything after the header is read: Material's
  script and ours find the page they found when the parts were written into it. The
  back-to-top button's slot comes later in the page and is filled when the page has
  been read, before Material's script starts (it waits for the same event, registered
  later). Only these parts move: they do nothing without JavaScript anyway (the toggles
  and the button start hidden, and the search needs script), while what a visitor
  without it can use (tabs, language selector, contents) stays in the page.

  `parts` are the partials rendered in this language, with a page's white space
  (`collapse`), their links relative to the site root behind `mark`; the script puts
  the page's way to the root in their place, so every link is what MkDocs would have
  written. Where Material's scripts and configuration name the site root itself
  (MkDocs's `base_url`), `mark` stands in quotes and becomes `__campaign_base`.
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
{%- if "navigation.top" in features -%}
  {%- set top -%}{% include "partials/top.html" %}{%- endset -%}
  {%- set _ = parts.update({"top": collapse(top) | trim}) -%}
{%- endif -%}
{%- set quoted_mark = '"' ~ mark ~ '"' -%}
{%- set scope_script -%}
  {%- if "announce.dismiss" not in features -%}{% include "partials/javascripts/base.html" %}{%- endif -%}
{%- endset -%}
{%- set content_script -%}{% include "partials/javascripts/content.html" %}{%- endset -%}
{%- set config_json -%}
  {%- if campaign_search == "pagefind" -%}{% include "partials/campaign-config.html" %}{%- endif -%}
{%- endset -%}
{%- set palette_script -%}
  {%- if not config.theme.palette is mapping -%}{% include "partials/javascripts/palette.html" %}{%- endif -%}
{%- endset -%}
{#- MkDocs's base_url of the page: "../.." two folders down, "." at the root, and the
    path itself where a page links from the root (404.html). -#}
var __campaign_base = (function (src) {
  var root = src.slice(0, src.lastIndexOf("assets/"));
  return root.charAt(0) === "/" ? root : root.replace(/\/$/, "") || ".";
})(document.currentScript.getAttribute("src"));
{{ scope_script | replace("<script>", "") | replace("</script>", "") | trim | replace(quoted_mark, "__campaign_base") }}
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script.getAttribute("src");
  var root = src.slice(0, src.lastIndexOf("assets/"));
  var parts = {{ parts | tojson }};
  var fill = function (slots) {
    for (var i = 0; i < slots.length; i++) {
      var html = parts[slots[i].getAttribute("data-campaign-frame")];
      if (html) slots[i].outerHTML = html.split({{ (mark ~ "/") | tojson }}).join(root);
    }
  };
  var config = {{ config_json | tojson }};
  if (config) {
    var element = document.createElement("script");
    element.id = "__config";
    element.type = "application/json";
    element.textContent = config.split({{ quoted_mark | tojson }}).join(JSON.stringify(__campaign_base));
    document.head.appendChild(element);
  }
  fill(script.parentNode.querySelectorAll("[data-campaign-frame]"));
  document.addEventListener("DOMContentLoaded", function () {
    fill(document.querySelectorAll("[data-campaign-frame]"));
  });
})();
{{ palette_script | replace("<script>", "") | replace("</script>", "") | trim }}
{# Material's content-tab scripts, which a page carries right after its content. -#}
document.addEventListener("DOMContentLoaded", function () {
  {{ content_script | replace("<script>", "") | replace("</script>", ";") | trim }}
});
{# The drawer of a page outside the navigation, when the navigation is one level of
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
