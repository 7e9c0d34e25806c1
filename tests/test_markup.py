"""Family H: HTML tags and entities left in plain text."""
from textlint.testing import Case, check_rule, fixed_text

RU = "Этот инструмент находит ошибки."


def test_h001_html_tag():
    check_rule(
        "H001",
        valid=[
            "If a < b > c then a < c.\n",  # math
            "x<y and y>z\n",
            "I <3 this.\n",
            "Write to <name@example.com> or see <https://example.com/a/b>.\n",
            "Use List<String> or Map<K, V>, and Array<Object>.\n",  # generics
            "In C++, vector<int> and std::map<int, string>.\n",
            "a<b>c is a comparison chain\n",  # bare <b> without </b>
            "Press <Enter> to go on.\n",
            "usage: convert <input> <output> [<source>]\n",  # placeholders named like elements
            # tags named, not used: a metavariable, a range, "the <p> element"
            "The log command learned --diff-merges=<style> and --format=<style>.\n",
            "The pattern now matches <H1>..<H6> headings, and <h2> - <h4> too.\n",
            "Wrap the list in a <ul> element, or use the <table> tag.\n",
            "git commit -m <title>\n",
            "See src/components/header> for details, and/or> this.\n",  # paths, not tags
            "https://example.com/span> is a URL\n",
            ("Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy.<br>\n", "md"),  # inline HTML is markup
            ('наход<p class="x">ит\n', "md"),
            ("<div>\n/span>\n</div>\n", "md"),  # HTML block
            ("```\n</span> and /span>\n```\n", "md"),  # code
            ("Use `</span>` and `/span>` here.\n", "md"),  # inline code
        ],
        invalid=[
            Case(f"{RU[:10]}</span>{RU[10:]}\n", findings=[(1, 11)], fixed=f"{RU}\n", unsafe=True),
            Case("El niño comió una manza<br/>na.\n", findings=[(1, 24)], fixed="El niño comió una manzana.\n",
                 unsafe=True, messages=["<br/>"]),
            Case('Этот инструмент наход<p class="x">ит.\n', findings=[(1, 22)], fixed="Этот инструмент находит.\n",
                 unsafe=True),
            Case("者。/span>\n", findings=[(1, 3)], fixed="者。\n", unsafe=True),  # "<" lost
            Case("?wù)摺?/span>\n", findings=[(1, 7)]),
            Case("one<BR>two\n", findings=[(1, 4)]),
            Case("<p>A paragraph left open\n", findings=[(1, 1)]),  # HTML lets </p> be left out
            Case("text<div>more\n", findings=[(1, 5)]),
            Case("<b>bold</b> text\n", findings=[(1, 1), (1, 8)], fixed="bold text\n", unsafe=True),
            Case('<a href="https://x.com">link</a>\n', findings=[(1, 1), (1, 29)]),
            Case("Text <!-- comment --> more\n", findings=[(1, 6)]),
            Case("Line one<br />\r\nline two\r\n", findings=[(1, 9)], fixed="Line one\r\nline two\r\n", unsafe=True),
            Case("Text\n\nBroken 者。/span> tag.\n", findings=[(3, 10)], format="md"),  # broken in prose
            Case("Text </span> more\n", findings=[(1, 6)], fixed="Text </span> more\n"),  # safe fix: none
        ],
    )


def test_h001_a_tag_that_lost_its_head():
    check_rule(
        "H001",
        valid=[
            'Set href="https://example.org" in the config.\n',  # no ">": an attribute talked about
            ('Klicken Sie <a href="/de/start" class="btn">hier</a>.\n', "md"),  # inline HTML is Markdown
            ('```html\n<a\n  href="/x" target="_blank">x</a>\n```\n', "md"),  # code
            'The JSON holds {"class="x">"} as a string.\n',
        ],
        invalid=[
            Case('腾讯也在布局， href="https://example.cn/cloud/" target="_blank">小程序已经成为焦点。\n',
                 findings=[(1, 8)], fixed="腾讯也在布局，小程序已经成为焦点。\n", unsafe=True,
                 messages=["lost its '<' and name"]),
            Case('See the photo src="/img/a.jpg" alt="Harbour at dusk" /> taken last year.\n',
                 findings=[(1, 14)], fixed="See the photo taken last year.\n", unsafe=True),
            Case('Der Bericht class="lead">beginnt hier.\n', findings=[(1, 12)], format="md"),
            # a whole tag is reported as one, not again for its attributes
            Case('Use <a href="https://example.org" target="_blank">a link</a> here.\n', findings=[(1, 5), (1, 57)]),
        ],
    )


def test_h002_html_entity():
    check_rule(
        "H002",
        valid=[
            "AT&T and R&D and Q&A\n",
            "Tom & Jerry; fish&chips;\n",
            "&notanentity; stays\n",
            "&#0; is no character\n",
            "https://example.com/?a=1&lt=2&ampx=3\n",  # a query string
            "&nbspx and &amp2\n",
            ("A&nbsp;B stay together here.\n", "md"),  # entities are Markdown markup
            ("Use &amp; and &lt;div&gt; here.\n", "md"),
            ("```\n&amp;nbsp;\n```\n", "md"),  # code
            ("Use `&amp;nbsp;` here.\n", "md"),  # inline code
        ],
        invalid=[
            Case("La canción que e&nbsp;scuchamos.\n", findings=[(1, 17)], fixed="La canción que e scuchamos.\n",
                 unsafe=True),
            Case("La canción que e&nbsp;scuchamos.\n", findings=[(1, 17)],
                 fixed="La canción que e&nbsp;scuchamos.\n"),  # unsafe only
            Case("fish &amp; chips\n", findings=[(1, 6)], fixed="fish & chips\n", unsafe=True),
            Case("one&nbsp two\n", findings=[(1, 4)], fixed="one  two\n", unsafe=True),  # ";" lost
            Case("e&#8203;l coche\n", findings=[(1, 2)], fixed="el coche\n", unsafe=True),
            Case("a &#x2014; b &mdash; c &#8212; d\n", findings=[(1, 3), (1, 14), (1, 24)],
                 fixed="a — b — c — d\n", unsafe=True),
            Case("&lt;span&gt;\n", findings=[(1, 1), (1, 9)], fixed="<span>\n", unsafe=True),
            # a string escaped whole is one defect: entities one after another, one finding
            Case("Titel: &#26085;&#26412;&#35486; :: &#12486;&#12473;&#12488;\n", findings=[(1, 8), (1, 36)],
                 fixed="Titel: 日本語 :: テスト\n", unsafe=True, messages=["3 HTML entities", "3 HTML entities"]),
            Case("caf&eacute;&nbsp;cr&egrave;me\n", findings=[(1, 4), (1, 20)], fixed="café crème\n", unsafe=True),
            Case("x &nbsp;\r\ny\r\n", findings=[(1, 3)], fixed="x  \r\ny\r\n", unsafe=True),
            Case("Text &amp;nbsp; here.\n", findings=[(1, 6)], fixed="Text &nbsp; here.\n", format="md", unsafe=True),
        ],
    )


PRE_BLOCK = (
    "Voici le code :\n\n"
    '<pre class="brush: html">&#x3C;ul>\n  &#x3C;li>Premier&#x3C;/li>\n&#x3C;/ul>\n</pre>\n\n'
    "Et la suite du texte.\n"
)


def test_h001_escaped_tags_and_html_blocks_are_not_leaked_tags():
    check_rule(
        "H001",
        valid=[
            (PRE_BLOCK, "md"),  # MDN writes code in a <pre> HTML block with "<" escaped
            (PRE_BLOCK, "mdx"),  # no HTML blocks in MDX: the escaped "<" says it all
            ("说明：\n<pre>\n&#60;/span>\n\n&#60;/div>\n</pre>\n", "md"),  # <pre> spans blank lines
            ("<table>\n<tr><td>/td> cell</td></tr>\n</table>\n", "md"),  # HTML block (CommonMark type 6)
            ('<div class="note">\n  Закройте тег &#x3C;/p> сами.\n</div>\n', "md"),
            ("Schreibe <code>&#x3C;/div></code> ans Ende.\n", "md"),  # inline code element
            ("Schreibe <code>/div></code> ans Ende.\n", "md"),  # its content is code, not prose
            ("<p>Текст</p> и <kbd>/span></kbd>\n", "md"),
            ("Escribe &lt;/li> o &#x3c;/td> o &#060;/tr> para cerrar.\n", "md"),  # "<" escaped
            ("Escribe &lt;/li> o &#x3C;/td> o &LT;/tr> para cerrar.\n", "txt"),  # H002's, not a lost "<"
            ("&#60;/span>と書く\n", "txt"),
        ],
        invalid=[
            # a broken tag in prose after an inline code element is still reported
            Case("Use <code>x</code> and 文字。/span> here.\n", findings=[(1, 27)], format="md"),
            Case("者。/span>\n", findings=[(1, 3)], format="mdx"),
            Case(f"{PRE_BLOCK}\nТекст 者。/span> здесь.\n", findings=[(10, 9)], format="md"),
            Case("Text &amp;/span> lost its <\n", findings=[(1, 11)]),  # "&amp;" escapes no "<"
            # an inline <code> ends with its paragraph: it shields no prose below
            Case("The <code> element.\n\nBroken 者。/span> here, and <code>x</code>.\n", findings=[(3, 10)],
                 format="md"),
        ],
    )


def test_h002_entities_in_html_blocks_and_code_elements_of_markdown():
    check_rule(
        "H002",
        valid=[
            ("<pre>\n&amp;lt;div&amp;gt; is how the escape looks\n</pre>\n", "md"),
            ("<pre>\n&amp;lt;div&amp;gt; is how the escape looks\n</pre>\n", "mdx"),
            ("<table>\n<tr><td>&amp;nbsp;</td></tr>\n</table>\n", "md"),
            ("Tapez <code>&amp;nbsp;</code> pour une espace insécable.\n", "md"),
            ("Schreibe <kbd>&amp;amp;</kbd>.\n", "md"),
        ],
        invalid=[
            Case("Tapez <code>x</code> puis &amp;nbsp; ici.\n", findings=[(1, 27)], format="md"),
        ],
    )


def test_h_fixes_together_are_idempotent():
    text = "Text <p class=\"x\">with &amp;nbsp; and</p> more\n"
    once = fixed_text("H", text, unsafe=True)
    assert once == "Text with   and more\n"
    assert fixed_text("H", once, unsafe=True) == once


def test_an_mdn_page_with_pre_blocks_is_silent():
    from pathlib import Path

    from textlint.testing import findings_for

    folder = Path(__file__).parent / "fixtures" / "dhs"
    for name in ("mdn_pre.md", "mdn_pre.mdx"):
        text = (folder / name).read_text(encoding="utf-8")
        assert findings_for("H", text, name.rsplit(".", 1)[1]) == [], name


# -- the comment's end found with str.find (issue 14) --------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from textlint_rules import markup  # noqa: E402

_TAGGY = st.lists(
    st.sampled_from(["<!--", "-->", "--", "<!", "<", ">", "/span>", "<b>", "</b>", "<a title=\"-->\">", "x", " ", "\n",
                     "中", "<br/>", "-" * 7, "a" * 300]),
    max_size=40,
).map("".join)


@given(_TAGGY)
@settings(max_examples=300, deadline=None)
def test_tag_matches_are_those_of_the_whole_pattern(text):
    assert [m.span() for m in markup.tag_matches(text)] == [m.span() for m in markup.TAG.finditer(text)]


def test_a_comment_is_found_to_its_bound_and_no_further():
    body = markup.COMMENT_BODY
    for size in (body - 1, body, body + 1):
        text = "x <!--" + "y" * size + "--> z"
        assert [m.span() for m in markup.tag_matches(text)] == [m.span() for m in markup.TAG.finditer(text)]
