"""Hypothesis strategies for hostile Markdown: the pieces that defeated the regex-based field
handling (backslash escapes, backtick runs, code spans over lines, reference definitions whose
label spans lines), raw HTML of every kind, and links and images to every scheme, obfuscated."""

from __future__ import annotations

from hypothesis import strategies as st

SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    "vbscript:",
    "data:text/html,",
    "data:image/svg+xml,",
    "file:///etc/",
    "&#106;avascript:",
    "&#x6A;&#x61;vascript:",
    "java&#x09;script:",
    "java&#10;script:",
    "javascript&colon;",
    "java\tscript:",
    " javascript:",
    "\x01javascript:",
    "\\javascript:",
    "java%0ascript:",
    "//evil.example/",
    "#frag",
    "",
    "https://ok.example/",
    "HTTP://ok.example/",
    "mailto:someone@ok.example?subject=",
]
PAYLOADS = ["alert(1)", "a(b)c", "x<y>", "%3Cscript%3E", "a&amp;b", "q?a=1&b=2", '"onmouseover="x']
HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<div onclick=alert(1)>",
    "</div>",
    "<b>",
    "<x-y z=1>",
    "<style>*{}</style>",
    "<!-- comment -->",
    "<!-- open comment",
    "<![CDATA[ <script>x</script> ]]>",
    "<?php evil ?>",
    "<!DOCTYPE x>",
    "<textarea>",
    "&lt;script&gt;",
    "&#60;script&#62;",
]
WORDS = ["word", "two words", "Ünïcödé", "1", "www.example.org", "me@example.org", "https://a.example/x"]
PUNCTUATION = list("*_~[]()<>!`\\&#|{}=:-+.$^@\"'")
BLOCK_STARTS = [
    "\n",
    "\n\n",
    "\n> ",
    "\n- ",
    "\n* ",
    "\n+ ",
    "\n1. ",
    "\n2) ",
    "\n- [ ] ",
    "\n    ",
    "\n   ",
    "\n```",
    "\n~~~",
    "\n```{=html}\n",
    "\n# ",
    "\n### ",
    "\n---\n",
    "\n===\n",
    "\n***\n",
    "\n| a | b |\n| --- | :-: |\n| ",
    "\n> [!NOTE]\n> ",
    "\n[^fn]: ",
    "\n::: {onclick=x}\n",
]


@st.composite
def _url(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(SCHEMES)) + draw(st.sampled_from(PAYLOADS))


def _label() -> st.SearchStrategy[str]:
    """A reference label, sometimes over two lines (the case the old regexes missed)."""
    return st.sampled_from(["ref", "Ref", "a\nb", "x y", "^fn", "`c`"])


@st.composite
def _link(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(["text", "*em*", "`code`", "", "a\nb", "![img](https://i.example/p.png)"]))
    url = draw(_url())
    label = draw(_label())
    forms = [
        f"[{text}]({url})",
        f"![{text}]({url})",
        f"[{text}](<{url}>)",
        f'[{text}]({url} "title")',
        f"<{url}>",
        f"[{text}][{label}]",
        f"[{label}]",
        f"[{label}][]",
        f"\n[{label}]: {url}\n",
        f'\n[{label}]:\n  <{url}>\n  "title"\n',
        f"[{text}]({url}){{onclick=alert(1)}}",
    ]
    return draw(st.sampled_from(forms))


def _atom() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(HTML),
        st.sampled_from(BLOCK_STARTS),
        st.sampled_from(["\\`", "\\", "\\<", "\\[", "\\*", "\\\n", "  \n", "&amp;", "&#0;", "&#32;", " "]),
        st.integers(1, 4).map(lambda n: "`" * n),
        _link(),
    )


def markdown_field() -> st.SearchStrategy[str]:
    """A markdown field assembled from hostile pieces."""
    return st.lists(_atom(), max_size=24).map("".join)


def one_line_text() -> st.SearchStrategy[str]:
    """A text field (title, name): hostile pieces on one line."""
    return markdown_field().map(lambda text: " ".join(text.split()))
