"""Family D: repeated lines, repeated paragraphs, boilerplate across files."""
import json

import pytest

from conftest import run_cli
from textlint.runner import RunOptions, run
from textlint.testing import Case, check_rule, findings_for, fixed_text

LONG = "The launch went well, and the team shipped the new version on time for once in its history."
OTHER = "Nothing else happened that week, apart from the usual meetings about the next release."


def test_d001_repeated_line():
    check_rule(
        "D001",
        valid=[
            "Row, row, row your boat\nGently down the stream\n\nRow, row, row your boat\n",  # refrain
            # a stanza repeats a line on purpose
            "Happy new year to you\nHappy new year to you\nHappy new year dear Lena\nHappy new year to you!\n\n"
            "We hope the year is kind to you.\n",
            "月亮走我也走\n月亮走我也走\n我送阿哥到村口\n到村口\n",
            "if(WIN32)\n  add_definitions(-DWIN)\nendif()\nendif()\n",  # code in a .txt file
            "    return 0;\n    return 0;\n}\n",
            "Read more\n\nRead more\n",  # not consecutive
            "----------\n----------\n",  # separators
            "1\n1\n",  # numbers
            "?\n?\n",  # lost images (C002)
            ("| name | value |\n|------|-------|\n| a    | 1     |\n| a    | 1     |\n", "md"),  # table
            ("- yes\n- yes\n", "md"),  # list items that look alike
            ("* Read more\n* Read more\n", "md"),
            ("```\nprint(1)\nprint(1)\n```\n", "md"),  # code
            ("    x = 1\n    x = 1\n", "md"),  # indented code
            ("# Same\n# Same\n", "md"),  # headings are separate blocks
            ("<div>\n<p>x</p>\n<p>x</p>\n</div>\n", "md"),  # HTML block
        ],
        invalid=[
            Case("Intro.\n查看案例\n查看案例\n查看案例\n", findings=[(3, 1), (4, 1)],
                 fixed="Intro.\n查看案例\n", messages=["查看案例"]),
            Case("Intro.\r\nRead more\r\nRead more\r\nEnd.\r\n", findings=[(3, 1)],
                 fixed="Intro.\r\nRead more\r\nEnd.\r\n"),
            Case("Read more\nRead more", findings=[(2, 1)], fixed="Read more"),  # no final newline
            Case("Read more \nRead more\n", findings=[(2, 1)], fixed="Read more \n"),  # trailing space
            Case("Text.\nRead more\nRead more\n", findings=[(3, 1)], fixed="Text.\nRead more\n", format="md"),
            Case("- Intro\n  Read more\n  Read more\n", findings=[(3, 3)], format="md"),  # one list paragraph
            # debris in a block shaped like a stanza is still debris
            Case("Our team wrote this post\nRead more\nRead more\nSee you all next week\n", findings=[(3, 1)],
                 fixed="Our team wrote this post\nRead more\nSee you all next week\n"),
            # a repeated sentence in prose is no stanza: reported, removed only unsafely
            Case("The meeting moved to Thursday afternoon because of the holiday.\n"
                 "The meeting moved to Thursday afternoon because of the holiday.\n", findings=[(2, 1)]),
        ],
    )


def test_d001_fix_is_unsafe_for_lines_that_may_repeat_on_purpose():
    # lyrics, chants, poems and rows repeat a line on purpose: reported, but
    # only an unsafe fix removes the repeat
    song = "Nobody here is growing older\nNobody here is growing older\nNobody here is growing older\n"
    chant = "Hey, hey, wir sind wieder da\nHey, hey, wir sind wieder da\n"
    poem = "Снег идёт, снег идёт.\nСнег идёт, снег идёт.\n"
    check_rule(
        "D001",
        invalid=[
            Case(song, findings=[(2, 1), (3, 1)], fixed=song),
            Case(song, findings=[(2, 1), (3, 1)], fixed="Nobody here is growing older\n", unsafe=True),
            Case(chant, findings=[(2, 1)], fixed=chant),
            Case(poem, findings=[(2, 1)], fixed=poem),
            Case(poem, findings=[(2, 1)], fixed="Снег идёт, снег идёт.\n", unsafe=True),
            Case("Ha!\nHa!\nHa!\n", findings=[(2, 1), (3, 1)], fixed="Ha!\nHa!\nHa!\n"),
            Case("| oui | non |\n| oui | non |\n", findings=[(2, 1)], fixed="| oui | non |\n| oui | non |\n"),
            Case("More\nMore\n", findings=[(2, 1)], fixed="More\nMore\n"),  # a chant, or a label: unsure
            Case("雨が降る\n雨が降る\n", findings=[(2, 1)], fixed="雨が降る\n雨が降る\n"),
            Case("[Chapter one](one.md)\n[Chapter one](one.md)\n", findings=[(2, 1)],
                 fixed="[Chapter one](one.md)\n[Chapter one](one.md)\n"),
            Case('<a href="/c/2">第二章</a>\n<a href="/c/2">第二章</a>\n', findings=[(2, 1)],
                 fixed='<a href="/c/2">第二章</a>\n<a href="/c/2">第二章</a>\n'),
            Case("Never again.\nNever again.\n", findings=[(2, 1)], fixed="Never again.\nNever again.\n",
                 format="md"),
        ],
    )


def test_d001_fix_is_safe_for_scraped_link_labels_and_urls():
    def gone(label: str, fmt: str = "txt") -> Case:
        return Case(f"Intro.\n{label}\n{label}\n{label}\nEnd.\n", findings=[(3, 1), (4, 1)],
                    fixed=f"Intro.\n{label}\nEnd.\n", format=fmt)

    check_rule(
        "D001",
        invalid=[
            gone("Read more"), gone("READ MORE »"), gone("Continue reading →"), gone("Click here"),
            gone("Share"), gone("Tweet"), gone("Like"), gone("Reply"), gone("See more..."),
            gone("查看更多"), gone("阅读原文"), gone("閱讀原文"), gone("点击查看"), gone("分享"), gone("收藏"),
            gone("点赞"), gone("【查看详情】"), gone("查看案例"),
            gone("続きを読む"), gone("もっと見る"), gone("シェア"),
            gone("Weiterlesen"), gone("Mehr erfahren"), gone("Teilen"),
            gone("Lire la suite"), gone("En savoir plus"), gone("Partager"),
            gone("Leer más"), gone("Seguir leyendo"), gone("Compartir"),
            gone("Читать далее"), gone("Подробнее"), gone("Поделиться"),
            gone("https://example.com/articles/42"), gone("<https://example.org/a?b=1>"),
            gone("**Weiterlesen**", "md"),
            # a link's destination is no prose in Markdown (not reported there), text in plain text
            gone("[Read more](https://example.com/post/7)"), gone("[https://example.com/x](https://example.com/x)"),
            gone('<a href="https://example.com/p/3">阅读全文</a>'), gone("- Read more"), gone("• Mehr erfahren"),
        ],
    )
    # one text, both kinds: the label goes, the refrain stays
    mixed = "Read more\nRead more\nOh la la\nOh la la\n"
    assert fixed_text("D001", mixed) == "Read more\nOh la la\nOh la la\n"
    assert fixed_text("D001", mixed, unsafe=True) == "Read more\nOh la la\n"


def test_d001_extra_debris_option():
    text = "Texto.\nSaiba mais\nSaiba mais\n"
    check_rule("D001", invalid=[Case(text, findings=[(3, 1)], fixed=text)])
    check_rule("D001", invalid=[Case(text, findings=[(3, 1)], fixed="Texto.\nSaiba mais\n")],
               options={"extra-debris": ["saiba mais"]})


def test_d001_extra_debris_must_be_strings(project):
    (project / "textlint.toml").write_text('[rules.D001]\nextra-debris = [1, 2]\n', encoding="utf-8")
    (project / "a.txt").write_text("x\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "a.txt", cwd=project)
    assert result.code == 2 and "extra-debris" in result.err, result


def test_d001_rule_text_says_which_lines_go_safely():
    result = run_cli("rule", "D001")
    assert result.code == 0, result
    for words in ("Fix safety", "Options", "extra-debris", "Read more", "查看案例", "続きを読む", "unsafe"):
        assert words in result.out, words


def test_d001_seed_keeps_one_label_of_fifteen():
    from conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    assert text.count("查看案例") == 15
    assert fixed_text("D001", text).count("查看案例") == 1


def test_d001_fix_is_idempotent():
    text = "Intro.\n" + "查看案例\n" * 15
    once = fixed_text("D001", text)
    assert once == "Intro.\n查看案例\n"
    assert fixed_text("D001", once) == once


def test_d002_repeated_paragraph():
    check_rule(
        "D002",
        valid=[
            f"{LONG}\n\n{OTHER}\n",
            "Yes.\n\nNo.\n\nYes.\n",  # short
            # a lead-in to the block below it: docs repeat these by design
            ("The same can be done through the C interface with the following snippet:\n\n```c\nf(1);\n```\n\n"
             "The same can be done through the C interface with the following snippet:\n\n```c\nf(2);\n```\n", "md"),
            "args: '*' [vfpdef] (',' vfpdef ['=' test])* [',' ['**' vfpdef [',']]]\n\nother\n\n"
            "args: '*' [vfpdef] (',' vfpdef ['=' test])* [',' ['**' vfpdef [',']]]\n",  # a grammar in a .txt
            "下面的例子展示了如何通过命令行完成同样的配置工作，请按顺序执行：\n\n第一步。\n\n"
            "下面的例子展示了如何通过命令行完成同样的配置工作，请按顺序执行：\n\n第二步。\n",
            # verse: a chorus may come back
            "Row, row, row your boat\nGently down the stream\nMerrily, merrily, merrily\n\n"
            "Life is but a dream\n\nRow, row, row your boat\nGently down the stream\nMerrily, merrily, merrily\n",
            f"{LONG}\n{LONG}\n",  # consecutive: D001's finding
            (f"## One\n\n{LONG}\n\n## Two\n\n{LONG}\n", "md"),  # a note repeated under two headings
            (f"{LONG}\n\n```\n{LONG}\n```\n", "md"),  # code
            (f"<h4>One</h4>\n\n{LONG}\n\n<h4>Two</h4>\n\n{LONG}\n", "mdx"),  # HTML headings
            # MDX: markdown-it lets a line of JSX swallow the indented fence after it
            (f"<Tabs>\n    ```js\n    {LONG}\n    ```\n</Tabs>\n\n<Tabs>\n    ```js\n    {LONG}\n    ```\n</Tabs>\n",
             "mdx"),
        ],
        invalid=[
            Case(f"{LONG}\n\n{OTHER}\n\n{LONG}\n", findings=[(5, 1)], fixed=f"{LONG}\n\n{OTHER}\n", unsafe=True,
                 messages=["line 1"]),
            Case(f"{LONG}\r\n\r\n{OTHER}\r\n\r\n{LONG}\r\n", findings=[(5, 1)],
                 fixed=f"{LONG}\r\n\r\n{OTHER}\r\n", unsafe=True),
            Case(f"{LONG}\n{OTHER}\n{LONG}\n", findings=[(3, 1)], fixed=f"{LONG}\n{OTHER}\n", unsafe=True),
            Case(f"{LONG}\n\n{OTHER}\n\n{LONG}\n\nEnd.\n", findings=[(5, 1)],
                 fixed=f"{LONG}\n\n{OTHER}\n\nEnd.\n", unsafe=True),
            Case(f"# Title\n\n{LONG}\n\n{OTHER}\n\n{LONG}\n", findings=[(7, 1)], format="md"),
            Case("支付宝小程序为阿里巴巴电商业务板块极大地拓展了用户渠道，打通了各个业务部门。\n\n其他。\n\n"
                 "支付宝小程序为阿里巴巴电商业务板块极大地拓展了用户渠道，打通了各个业务部门。\n", findings=[(5, 1)]),
        ],
    )
    # safe fixing leaves a repeated paragraph alone
    assert fixed_text("D002", f"{LONG}\n\n{OTHER}\n\n{LONG}\n") == f"{LONG}\n\n{OTHER}\n\n{LONG}\n"


def test_d002_options():
    text = "Short but repeated text.\n\nOther.\n\nShort but repeated text.\n"
    check_rule("D002", valid=[text])
    check_rule("D002", invalid=[Case(text, findings=[(5, 1)])], options={"min-length": 10, "min-line-length": 10})


FOOTER = ["阅读原文", "Share this article", "© 2024 Example Media. All rights reserved."]
TOPICS = ["rivers", "mountains", "cities", "forests", "deserts", "islands", "glaciers", "valleys", "lakes", "coasts"]


def _article(number: int) -> str:
    topic = TOPICS[number % len(TOPICS)]
    return (
        f"Article {number}: notes on {topic}\n"
        f"This is article number {number}, and it talks about {topic} in its own words.\n"
        f"The {topic} of region {number * 7} differ from those seen elsewhere.\n"
    )


def _corpus(folder, files: int, with_footer: int, suffix: str = "txt"):
    for number in range(files):
        footer = "\n".join(FOOTER) + "\n" if number < with_footer else ""
        (folder / f"article{number:02}.{suffix}").write_text(_article(number) + footer, encoding="utf-8")


def _boilerplate(folder, *extra: str) -> list[dict]:
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "D003", *extra, str(folder))
    assert result.code in (0, 1), result
    return json.loads(result.out)


@pytest.mark.parametrize("suffix", ["txt", "md"])
def test_d003_finds_exactly_the_shared_footer(project, suffix):
    _corpus(project, 30, 30, suffix)
    found = _boilerplate(project)
    by_file: dict[str, list[int]] = {}
    for item in found:
        assert item["code"] == "D003"
        by_file.setdefault(item["path"], []).append(item["line"])
    assert len(by_file) == 30
    assert all(lines == [4, 5, 6] for lines in by_file.values()), by_file
    assert "30 of 30 documents" in found[0]["message"]


def test_d003_silent_when_only_three_files_share_it(project):
    _corpus(project, 30, 3)
    assert _boilerplate(project) == []


def test_d003_silent_below_min_files(project):
    _corpus(project, 4, 4)
    assert _boilerplate(project) == []


def test_d003_off_by_default_and_silent_on_one_text(project):
    _corpus(project, 30, 30)
    result = run_cli("check", "--no-cache", "--format", "json", str(project))
    assert all(item["code"] != "D003" for item in json.loads(result.out or "[]"))
    check_rule("D003", valid=["\n".join(FOOTER) + "\n"])  # no corpus: nothing to compare with


def test_d003_through_the_runner_with_a_pool(project):
    _corpus(project, 30, 30)
    options = RunOptions(select=["D003"], use_cache=False, jobs=2)
    results = list(run([str(project)], options))
    assert sum(len(r.diagnostics) for r in results) == 90


def test_d003_options(project):
    _corpus(project, 30, 3)
    (project / "textlint.toml").write_text("[rules.D003]\nmin-files = 3\nmin-fraction = 0.05\n", encoding="utf-8")
    assert len(_boilerplate(project)) == 9
    (project / "textlint.toml").write_text("[rules.D003]\nmin-fraction = 0.5\n", encoding="utf-8")
    assert _boilerplate(project) == []  # 3 of 30 is below half


@pytest.mark.parametrize(
    "options",
    ["min-files = 1", "min-fraction = 0", "min-fraction = 1.5", "max-length = 0", "min-files = 'many'", "limit = 3"],
)
def test_d003_bad_options_are_a_configuration_error(project, options):
    _corpus(project, 6, 6)
    (project / "textlint.toml").write_text(f"[rules.D003]\n{options}\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--select", "D003", str(project))
    assert result.code == 2, result
    assert "D003" in result.err


def test_d003_fix_removes_the_footer(project):
    _corpus(project, 10, 10)
    result = run_cli("fix", "--no-cache", "--unsafe-fixes", "--select", "D003", str(project))
    assert result.code in (0, 1), result
    assert (project / "article03.txt").read_text(encoding="utf-8") == _article(3)


def test_d003_merge_is_associative():
    from textlint.document import Document
    from textlint.registry import all_rules

    rule = all_rules()["D003"]
    summaries = [rule.summarize(Document(_article(n) + "\n".join(FOOTER))) for n in range(6)]
    whole = rule.merge(summaries)
    parts = rule.merge([rule.merge(summaries[:2]), rule.merge(summaries[2:])])
    assert whole == parts
    assert whole["files"] == 6


# -- D001 without a Markdown parse -------------------------------------------------------------

QUICK_CASES = [
    "Read more\nRead more\n",
    "Intro.\n\nRead more\nRead more\n\n```\ncode\n```\n",  # before the first fence
    "- item\n\n  Read more\n  Read more\n",  # a paragraph continuing a list item
    "Read more\nRead more\n:--\n",  # ':--' could be a table's delimiter row
    "a | b\nRead more\nRead more\n",
    "Read more\nRead more\n===\n",  # a setext heading
    "Read more\nRead more\n---\n",
    "```\nx\n```\n\nRead more\nRead more\n",  # after a fence: the parse decides
    "---\ntitle: x\n---\nRead more\nRead more\n",  # front matter
    "Read\rmore\nRead more\nRead more\n",  # a lone CR is a line break to markdown-it
    "<!-- footer -->\n<!-- footer -->\n",
    "   <!-- footer -->\n   <!-- footer -->\n",
    "Text\n<!-- footer -->\n<!-- footer -->\n",
    "```\n<!-- footer -->\n<!-- footer -->\n```\n",
    "> quote\n<!-- footer -->\n<!-- footer -->\n",
    "    <!-- footer -->\n    <!-- footer -->\n",
    "```\nx\n```\nRead more\nRead more\n",  # a paragraph right after a fence
    "```\nRead more\nRead more\n```\n\nRead more\nRead more\n",  # in a fence, then after it
    "~~~~\nRead more\n~~~\nRead more\n",  # a shorter closer does not close
    "```\nRead more\nRead more\n",  # a fence left open
    "- a\n```\nRead more\nRead more\n```\n- b\n- b\n",
    "```\nx\n```\n    Read more\n    Read more\n",
]


@pytest.mark.parametrize("fmt", ["md", "mdx"])
@pytest.mark.parametrize("text", QUICK_CASES)
def test_quick_same_paragraph_agrees_with_the_parse(text, fmt):
    from textlint.document import Document
    from textlint.markdown import quick_same_paragraph

    quick_doc, parsed = Document(text, "x." + fmt, fmt), Document(text, "x." + fmt, fmt)
    for index in range(1, len(parsed.lines)):
        if not (parsed.lines[index].strip() and parsed.lines[index - 1].strip()):
            continue
        quick = quick_same_paragraph(quick_doc, index)
        if quick is None:
            continue
        block = parsed.block_at(index)
        same = block is not None and block.kind == "paragraph" and block is parsed.block_at(index - 1)
        assert quick == same, (text, index)


def test_d001_answers_plain_markdown_without_parsing():
    from textlint.document import Document
    from textlint.registry import all_rules

    rule = all_rules()["D001"]
    doc = Document("# Title\n\nRead more\nRead more\n\n<!-- f -->\n<!-- f -->\n", "x.md", "md")
    assert [doc.line_index(f.start) for f in rule.check(doc)] == [3]
    assert doc._structure is None


def test_d002_leaves_indented_blocks_in_plain_text_alone():
    block = '    {\n        "StackName": "arn:aws:cloudformation:us-east-1:123456789012:stack/demo/1",\n    }\n'
    text = f"First example:\n\n{block}\nSecond example:\n\n{block}"
    check_rule("D002", valid=[text])
    prose = "The launch went well, and the team shipped on time for once, to everyone's surprise."
    check_rule("D002", invalid=[Case(f"{prose}\n\nMiddle.\n\n{prose}\n", findings=[(5, 1)])])


def test_d002_plain_text_sections_start_at_heading_like_lines():
    note = "For more information, see the chapter on volumes in the user guide of the service."
    text = f"**Example 1**\n\nThe first example.\n\n{note}\n\n**Example 2**\n\nThe second example.\n\n{note}\n"
    check_rule("D002", valid=[text, text.replace("**Example 1**", "Example one").replace("**Example 2**", "Example two")])
    scraped = f"Title of the article\n\n{note}\n\nA paragraph in between, long enough to be a paragraph of prose.\n\n{note}\n"
    check_rule("D002", invalid=[Case(scraped, findings=[(7, 1)])])


def test_d002_tokens_are_not_paragraphs():
    token = "MIICiTCCAfICCQD6m7oRw0uXOjANBgkqhkiG9w0BAQUFADCBiDELMAkGA1UEBhMC"
    check_rule("D002", valid=[f"Certificate:\n{token}\nmore\n\nAgain:\n{token}\nend\n"])


def test_d002_needs_no_parse_for_a_note_repeated_under_two_headings():
    from textlint.document import Document
    from textlint.registry import all_rules

    rule = all_rules()["D002"]
    note = "If you used this experimental feature before, remove its flag from your configuration file."
    text = f"# Guide\n\n## Changed: one\n\n{note}\n\n```\ncode\n```\n\n## Changed: two\n\n<Aside>\n\n{note}\n"
    doc = Document(text, "x.mdx", "mdx")
    assert list(rule.check(doc)) == []
    assert doc._structure is None  # the headings alone tell the copies apart
    scraped = text.replace("## Changed: two\n\n", "")
    doc = Document(scraped, "x.mdx", "mdx")
    assert [doc.line_index(f.start) for f in rule.check(doc)] == [text.count("\n", 0, text.rindex(note)) - 2]


def test_d002_pre_check_does_not_take_a_comment_in_a_fence_for_a_heading():
    note = "If you used this experimental feature before, remove its flag from your configuration file."
    text = f"# Guide\n\n{note}\n\n```sh\n# install it\n\nnpm install thing\n```\n\n{note}\n"
    check_rule("D002", invalid=[Case(text, findings=[(text.count("\n", 0, text.rindex(note)) + 1, 1)], format="md")])


def test_d001_song_keeps_its_refrain_under_the_safe_fix():
    from pathlib import Path

    text = (Path(__file__).parent / "fixtures" / "dhs" / "song.txt").read_text(encoding="utf-8")
    found = findings_for("D001", text)
    # the stanza's repeated line is the song's own: not even reported; the
    # chant, the table row and the link label are
    assert [line for line, _, _ in found] == [10, 11, 16, 19, 20]
    safe = fixed_text("D001", text)
    assert safe == text.replace("Read more\n", "", 2)  # only the link label goes
    unsafe = fixed_text("D001", text, unsafe=True)
    assert unsafe.count("Nobody here is getting older,") == 2 and unsafe.count("Ha!") == 1


# -- D002's pre-check visits only the repeated lines: the same answer as a walk over every block ---

from itertools import accumulate  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from textlint.document import Document  # noqa: E402
from textlint_rules import repeats  # noqa: E402

_NOTE = "If you used this experimental feature before, remove its flag from your configuration."


def _repeated_chunk_by_every_block(doc, repeated, min_width):
    """The pre-check as it was: every block between blank lines, from _text_paragraphs."""
    seen = set()
    headings_above = list(accumulate(repeats._heading_lines(repeats._stripped_lines(doc))))
    for first, last, _ in repeats._text_paragraphs(doc):
        lines = [line.strip() for line in doc.lines[first:last + 1]]
        section = headings_above[last]
        if not all(line in repeated for line in lines):
            continue
        chunk = "\n".join(lines)
        if repeats._CODE_LIKE.search(chunk) or repeats.width(chunk) < min_width:
            continue
        if (section, chunk) in seen:
            return True
        seen.add((section, chunk))
    return False


_LINES = st.sampled_from(
    ["", "  ", "\r", _NOTE, f"  {_NOTE}\r", "Short line.", "# Heading", "Title", "=====", "```", "x = 1;",
     "Another sentence that repeats, long enough to be a paragraph of prose.", "code {"]
)


@given(st.lists(_LINES, max_size=24).map("\n".join), st.sampled_from([0, 60]))
@settings(max_examples=400, deadline=None)
def test_d002_pre_check_over_repeated_lines_agrees_with_every_block(text, min_width):
    doc = Document(text, "a.md", "md")
    counts = repeats.Counter(repeats._stripped_lines(doc))
    repeated = {line for line, n in counts.items() if n > 1 and line and repeats._LETTER.search(line)}
    assert repeats._repeated_chunk(doc, repeated, min_width) == _repeated_chunk_by_every_block(
        doc, repeated, min_width
    )
