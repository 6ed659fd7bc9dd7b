"""Text typed to add structure to the minutes: each string a known way into some Markdown reader."""

from __future__ import annotations

HOSTILE = {
    "brief": "| # [x](y) <b> ``` [bold] [/]\n1. list\n- item\n---\n===\n> quote\n"
    "    indented\n&copy; <https://evil.example> trailing \\",
    "one_line": "| # [x](y) <b> ``` [bold] [/] 1. list - item --- === > quote &copy; \\",
    "cells": "| a | b | c |\n|---|---|\n| d | e |",
    "html": "<script>alert(1)</script> <!-- c --> <div>\nblok\n</div>\n<img src=x onerror=y>",
    "links": "[klik](javascript:alert(1)) ![img](x.png)\n[ref]: /url\n[ref] <mail@evil.example>",
    "emphasis": "**vet** __ook__ _schuin_ *ster* ~~weg~~ `code` ``dubbel``",
    "headings": "# kop\n## kop ##\nTitel\n=====\nOnder\n-----\n***\n___",
    "lists": "1) een\n2. twee\n+ plus\n* ster\n10. tien\n- [ ] taak",
    "code": "    code\n\tcode met tab\n```python\nx = 1\n```\n~~~\nnog\n~~~",
    "backslashes": "\\\n\\\\|\na\\|b\neind\\",
    "entities": "&amp; &#35; &#x23; &nbsp; &lt;b&gt;",
    "urls": "https://evil.example www.evil.example",
    "markup": "[@click=app.quit]klik[/] [link=https://x]y[/link] [b]vet",
    "escapes": "\x1b[2J\x1b[H tekst \x1b]52;c;aGk=\x1b\\ \u202eomgekeerd \x9b31m",
    "dutch": "Coördinator Ĳsbrand é 👩‍🎓 ‘citaat’ – “zo”",
    "table_row_in_text": "a\n| --- | --- |\nb",
}
"""What markdown-it (CommonMark with GFM tables) would read as structure."""

OTHER_READERS = {
    # pandoc's Markdown: superscript, subscript, maths, notes, citations, raw TeX, attributes.
    "pandoc_inline": "^sup^ H~2~O $x$ $$x^2$$ 2^10^ [^1] ^[voetnoot] @smith04 [@smith04, p. 3] "
    "-@doe \\textbf{vet} \\emph{x} \\a \\begin{itemize} {#id .klasse} [span]{.x} `x`{=html}",
    # pandoc's Markdown at a line's start: title block, definition lists, fenced divs, example
    # and fancy lists, line blocks, grid and simple tables, captions, YAML metadata.
    "pandoc_lines": "% titel\n% auteur\nterm\n: definitie\n~ ook\n::: {.waarschuwing}\n:::\n"
    "(@) voorbeeld\n(@goed) label\n@. kort\n(a) een\na) twee\nB.  twee\nÀ) drie\niv. vier\n"
    "IV) vier\n#. hekje\n(1) haakjes\n| regel\n+---+---+\n--- ---\nTable: bijschrift\n"
    "table: ook\n---\ntitle: x\n...\n[^1]: noot",
    "pandoc_tables": "a | b\n--|--\nc | d\n+---+---+\n| a | b |\n+===+===+\n  x    y\n----- -----",
    "pandoc_heading_attributes": "Naam {#id} {.unnumbered} {-} {lang=en}",
    # GFM's autolinks (cmark-gfm, GitHub, GitLab) and pandoc's gfm emoji.
    "autolinks": "<https://evil.example/a> https://evil.example/x?y=1 HTTPS://EVIL.EXAMPLE "
    "www.evil.example WWW.Evil.example (www.evil.example) *www.evil.example* "
    "ftp://evil.example http://a.b/(c) :smile: :+1: 10:30:00",
    # A bare e-mail address: linked by GFM readers to exactly itself (see driehoek.mdtext).
    "addresses": "mail@evil.example <mail@evil.example> xmpp:a@evil.example mailto:b@evil.example",
    # GitHub's tag filter and raw HTML in every reader.
    "tagfilter": "<title>t</title> <textarea> <style>x</style> <xmp> <iframe src=x> <noembed> "
    "<noframes> <plaintext> <script>",
    # pandoc's typography: typeset, not other text (see driehoek.mdtext).
    "smart": "\"zo\" 'n auto's -- --- ... Mr. Jansen 's middags ‘al’ “gekruld” e.g. x",
    "figure": '![alt](x.png)\n![fig](y.png "t")\n[![a](b)](c)',
}
"""What cmark-gfm (GitHub, GitLab) or pandoc would read as structure."""

RESEARCH_EXAMPLES = (
    "a | b",
    "# kop",
    "`code`",
    "<script>",
    "[link](javascript:x)",
    "1. lijst",
    "    ingesprongen",
    "&copy;",
    "---",
    "~~x~~",
    "$x$",
    "<https://evil>",
    "eind\\",
)
"""Hostile strings from the research notes (section 4), each a known way to add structure."""
