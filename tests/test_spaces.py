"""Family S: what each rule must find, what it must fix, and what it must leave alone."""
from textlint.testing import Case, check_rule, findings_for

NBSP, NNBSP, ZWSP, ZWJ, ZWNJ, BOM = "\u00a0", "\u202f", "\u200b", "\u200d", "\u200c", "\ufeff"


def test_s001_stray_nbsp():
    check_rule(
        "S001",
        valid=[
            "Plain spaces only.",
            f"Bonjour{NBSP}: comment ça va{NNBSP}?",  # French spacing before : and ?
            f"Il a dit «{NBSP}oui{NBSP}» hier.",  # inside guillemets
            f"It weighs 10{NBSP}kg and costs 1{NBSP}000{NBSP}€.",  # number and unit
            f"Siehe z.{NBSP}B. Kapitel{NBSP}3.",  # abbreviation, number
            f"Ответ{NBSP}— да.",  # before a dash (Russian typography)
            (f"Text\n\n```\ncode{NBSP}here\n```\n", "md"),  # code block
            (f"Use `a{NBSP}b` inline.", "md"),  # inline code
            (f"- ☑️{NBSP * 8}**done**\n- ☑️{NBSP * 8}**open**\n", "md"),  # layout: Markdown collapses plain spaces
            "cafÃ\u00a0 is mojibake, not a stray NBSP",  # UTF-8 'à' as cp1252: M001's
        ],
        invalid=[
            Case(
                f"Für Rückfragen stehen wir{NBSP}Ihnen gerne zur Verfügung.",
                findings=[(1, 26)],
                fixed="Für Rückfragen stehen wir Ihnen gerne zur Verfügung.",
                messages=["U+00A0 NO-BREAK SPACE"],
            ),
            Case(f"two{NBSP}{NBSP}spaces", findings=[(1, 4)], fixed="two  spaces", messages=["2 × U+00A0"]),
            Case(f"narrow{NNBSP}one", findings=[(1, 7)], fixed="narrow one", messages=["U+202F"]),
            Case(f"line one\r\nword{NBSP}word\r\n", findings=[(2, 5)], fixed="line one\r\nword word\r\n"),
            Case(f"Prose with a{NBSP}stray.\n", findings=[(1, 13)], format="md"),
            Case(f"two{NBSP}{NBSP}spaces in Markdown\n", findings=[(1, 4)], format="md"),  # a pair is no layout
            Case(f"a gap{NBSP * 8}in plain text\n", findings=[(1, 6)]),  # plain text keeps plain spaces
        ],
    )


def test_s001_typography_of_short_words_is_left_alone():
    # Russian, Ukrainian and Bulgarian typography binds a word of one or two
    # letters to the next word; Czech, Slovak and Polish bind one-letter
    # prepositions and conjunctions
    check_rule(
        "S001",
        valid=[
            f"Мы едем в{NBSP}Самару и{NBSP}Пермь, а{NBSP}потом к{NBSP}морю.",
            f"Я{NBSP}знаю: о{NBSP}нём говорят с{NBSP}уважением у{NBSP}нас.",
            f"В{NBSP}среду не{NBSP}было ни{NBSP}души, но{NBSP}мы на{NBSP}месте.",  # two letters too
            f"Знал{NBSP}бы он, пришёл{NBSP}ли бы он{NBSP}же.",  # before the particles бы, ли, же
            f"Ми їдемо у{NBSP}Київ і{NBSP}Львів.",  # Ukrainian
            f"Живея в{NBSP}София с{NBSP}семейството си.",  # Bulgarian
            f"Поэт А.{NBSP}С.{NBSP}Пушкин родился 6{NBSP}июня 1799{NBSP}г.",  # initials, day and month, year
            f"Это, т.{NBSP}е. главное, см.{NBSP}выше.",  # short abbreviations
            f"Дом №{NBSP}5, §{NBSP}12 устава.",
            f"Москва{NBSP}— столица.",  # before a dash
            f"Jedeme v{NBSP}Praze a{NBSP}Brně k{NBSP}přátelům s{NBSP}dětmi.",  # Czech
            f"V{NBSP}létě jsme byli u{NBSP}moře i{NBSP}v{NBSP}horách.",
            f"Bol som v{NBSP}Bratislave s{NBSP}priateľmi a{NBSP}rodinou.",  # Slovak
            f"Pojechałem w{NBSP}góry z{NBSP}żoną i{NBSP}psem, a{NBSP}potem o{NBSP}świcie wróciłem.",  # Polish
            (f"Мы едем в{NBSP}Самару.\n", "md"),
        ],
        invalid=[
            # a non-breaking space after a longer word is no such typography
            Case(f"Мы едем{NBSP}в Самару.", findings=[(1, 8)], fixed="Мы едем в Самару."),
            Case(f"Этот{NBSP}инструмент находит ошибки.", findings=[(1, 5)]),
            Case(f"Jedeme{NBSP}v Praze a Brně.", findings=[(1, 7)]),
            Case(f"в{NBSP}{NBSP}Самару", findings=[(1, 2)]),  # doubled: not typography
            # Latin one-letter words outside Czech, Slovak and Polish text stay
            # suspicious: English, French, Spanish and Portuguese typography
            # does not bind them, and a pasted NBSP lands there as anywhere
            Case(f"Bring a{NBSP}towel and a map.", findings=[(1, 8)], fixed="Bring a towel and a map."),
            Case(f"Then I{NBSP}left.", findings=[(1, 7)]),
            Case(f"Le logiciel a{NBSP}fini hier.", findings=[(1, 14)]),
            Case(f"Ana e{NBSP}o irmão viajaram.", findings=[(1, 6)]),
            Case(f"O{NBSP}menino e a menina.", findings=[(1, 2)]),
            Case(f"Вот and w{NBSP}English", findings=[(1, 10)]),  # a Latin "w" is no Cyrillic word
        ],
    )


def test_s002_zero_width_character():
    check_rule(
        "S002",
        valid=[
            "Nothing invisible here.",
            f"Family: 👨{ZWJ}👩{ZWJ}👧 and 👩🏽{ZWJ}💻 and 🏳️{ZWJ}🌈",  # emoji sequences
            f"می{ZWNJ}خواهم",  # Persian ZWNJ
            f"क्{ZWJ}ष and र्{ZWNJ}य",  # Devanagari
            f"ภาษา{ZWSP}ไทย",  # Thai word boundary
            (f"```\nx{ZWSP}y\n```\n", "md"),
        ],
        invalid=[
            Case(f"Für Rückfragen stehen wir I{ZWSP}hnen gerne.", findings=[(1, 28)],
                 fixed="Für Rückfragen stehen wir Ihnen gerne.", messages=["U+200B ZERO WIDTH SPACE"]),
            Case(f"现{ZWSP}{ZWSP}在", findings=[(1, 2)], fixed="现在", messages=["2 × U+200B"]),
            Case(f"word{ZWJ}joiner and a\u2060b", findings=[(1, 5), (1, 18)], fixed="wordjoiner and ab"),
            Case(f"ZWNJ{ZWNJ}in English", findings=[(1, 5)], fixed="ZWNJin English"),
        ],
    )


def test_s003_unusual_space():
    check_rule(
        "S003",
        valid=[
            "中文\u3000段落",  # ideographic space in CJK text
            "\u3000\u3000段落缩进",  # indent
            "Le prix\u2009: 10\u2009000 €",  # French thin spaces, thousands separator
            "1\u2009024 bytes",
        ],
        invalid=[
            Case("The quick\u2003brown fox", findings=[(1, 10)], fixed="The quick brown fox", messages=["U+2003 EM SPACE"]),
            Case("Latin\u3000text", findings=[(1, 6)], fixed="Latin text"),
            Case("hair\u200aspace", findings=[(1, 5)], fixed="hair space"),
            Case("first\u2028second", findings=[(1, 6)], fixed="first\u2028second"),  # unsafe only
            Case("first\u2028second", findings=[(1, 6)], fixed="first\nsecond", unsafe=True),
            Case("para one\u2029para two\u2003end", findings=[(1, 9), (1, 18)],
                 fixed="para one\u2029para two end"),  # one safe, one unsafe fix in one text
        ],
    )


def test_s003_declares_both_fix_kinds_it_emits():
    from textlint.registry import all_rules

    assert all_rules()["S003"].declared_applicabilities() == {"safe", "unsafe"}  # str enums equal their values


def test_s004_bidi_control():
    check_rule(
        "S004",
        valid=[
            "שלום \u200fעולם",  # RLM in Hebrew text
            "مرحبا \u2067abc\u2069 بالعالم",  # isolate in Arabic text
        ],
        invalid=[
            Case("Les élèves à la biblio\u202dthèque.", findings=[(1, 23)],
                 fixed="Les élèves à la biblio\u202dthèque.", messages=["U+202D"]),  # unsafe: safe fix leaves it
            Case("access\u202e level", findings=[(1, 7)], fixed="access level", unsafe=True),
            Case("mark\u200e in English", findings=[(1, 5)]),
        ],
    )


def test_s005_control_character():
    check_rule(
        "S005",
        valid=[
            "tab\tand\r\nCRLF are fine\n",
            "page one\n\x0c\npage two",  # form feed as a page break
            "cafÃ\u0083 sloppy cp1252 mojibake is M001's",
        ],
        invalid=[
            Case("visiteur\x00s", findings=[(1, 9)], fixed="visiteurs", messages=["U+0000 NULL"]),
            Case("bell\x07 and del\x7f", findings=[(1, 5), (1, 14)], fixed="bell and del"),
            Case("colour \x1b[31mred\x1b[0m text", findings=[(1, 8), (1, 16)], fixed="colour red text",
                 messages=["escape sequence"]),
            Case("C1 \x85 control", findings=[(1, 4)], fixed="C1  control"),
        ],
    )


def test_s006_stray_bom():
    check_rule(
        "S006",
        valid=[f"{BOM}a string that starts with its BOM"],
        invalid=[
            Case(f"first file\n{BOM}second file", findings=[(2, 1)], fixed="first file\nsecond file",
                 messages=["U+FEFF"]),
        ],
    )


def test_finding_spans_exactly_the_characters():
    text = f"ab{NBSP}{NBSP}cd"
    (line, column, message), = findings_for("S001", text)
    assert (line, column) == (1, 3)
    from textlint.api import lint_text

    (diagnostic,) = lint_text(text, select=["S001"])
    assert (diagnostic.column, diagnostic.end_column) == (3, 5)
    assert diagnostic.fix["edits"] == [{"line": 1, "column": 3, "end_line": 1, "end_column": 5, "content": "  "}]


def test_disable_comments_in_markdown():
    text = (
        "<!-- textlint-disable S001 -->\n"
        f"a{NBSP}b\n"
        "<!-- textlint-enable S001 -->\n"
        f"c{NBSP}d\n"
        "<!-- textlint-disable-next-line -->\n"
        f"e{NBSP}f\n"
    )
    assert [(line, column) for line, column, _ in findings_for("S001", text, "md")] == [(4, 2)]
    # directives are the same in every format (tests/test_suppression.py)
    assert [(line, column) for line, column, _ in findings_for("S001", text, "txt")] == [(4, 2)]


def test_s001_indentation_of_non_breaking_spaces_even_in_code():
    code = "```js\nfunction f() {\n\u00a0 \u00a0 return 1;\n}\n```\n"
    check_rule(
        "S001",
        valid=[(f"```js\nconst s = '{NBSP}';\n```\n", "md")],  # NBSP inside a code string is code
        invalid=[
            Case(code, findings=[(3, 1)], format="md", fixed=code.replace("\u00a0", " "),
                 messages=["Indentation made of non-breaking spaces: 2 × U+00A0"]),
        ],
    )


def test_short_word_typography_fixtures_are_silent():
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "dhs"
    for name in ("ru_typograf.txt", "uk_typograf.txt", "cs_sk_pl_typograf.txt"):
        text = (folder / name).read_text(encoding="utf-8")
        assert NBSP in text
        assert findings_for("S", text) == [], name


# -- a page dense with the family's characters (issue 14) ----------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import textlint_rules.spaces as spaces  # noqa: E402
from textlint.document import Document  # noqa: E402

_SPACY = st.lists(
    st.sampled_from(list("ab 中\n\t") + list("\u00a0\u202f\u2007\u200b\u200d\u2003\u3000\u2028\u202e\u2066\x00\x1b[31m\x85\ufeff")),
    max_size=80,
).map("".join)


def _findings(text, fmt):
    doc = Document(text, f"a.{fmt}", fmt)
    return [(f.code, f.start, f.end, f.message) for rule in spaces.textlint_rules() for f in rule.check(doc)]


@given(_SPACY, st.sampled_from(["txt", "md"]))
@settings(max_examples=200, deadline=None)
def test_a_dense_page_is_scanned_with_the_same_findings_as_run_by_run(text, fmt):
    saved = spaces.DENSE_EVERY
    try:
        spaces.DENSE_EVERY = 10**9  # every page dense: each rule scans the whole text
        dense = _findings(text, fmt)
        spaces.DENSE_EVERY = 1  # no page dense: run by run
        sparse = _findings(text, fmt)
    finally:
        spaces.DENSE_EVERY = saved
    assert dense == sparse


# -- the printable pre-check: chunks that hold none of the family are not scanned -----------------


def test_every_character_of_the_family_is_unprintable_and_tab_and_line_breaks_are_not_of_it():
    assert not any(char.isprintable() for char in spaces.FAMILY)
    assert not spaces.FAMILY & set("\t\n\r")


_PAGE_PARTS = st.sampled_from(
    ["a", "中", " ", "\n", "\r\n", "\t", "\u00ad", "\ue000", "\U0001f600", "a" * 700, "中" * 900]
    + sorted(spaces.FAMILY)
)


@given(st.lists(_PAGE_PARTS, max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_runs_found_chunk_by_chunk_are_the_runs_of_one_scan(text):
    # long parts put runs on and across the 1,024-character chunk boundaries
    expected = [m.span() for m in spaces._FAMILY_CHARACTERS.finditer(text)]
    assert list(spaces._runs_in(text)) == expected
    saved = spaces._BLOCK
    try:
        spaces._BLOCK = 2 * spaces._CHUNK  # and on block boundaries
        assert list(spaces._runs_in(text)) == expected
    finally:
        spaces._BLOCK = saved


def _indentation_by_line_start(doc, start):
    """_indentation_at without its look at the character before: from the line's start."""
    text = doc.text
    line_start = doc.line_starts[doc.line_index(start)]
    end = spaces._INDENTATION.match(text, line_start).end()
    if start >= end or end - line_start < 2 or end >= len(text) or text[end] in "\r\n":
        return None
    return line_start, end


@given(st.lists(st.sampled_from(list("a \t\n\r\u00a0\u202f\u2007\u2003")), min_size=1, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_indentation_is_the_same_whatever_the_character_before_says(text):
    doc = Document(text, "a.txt", "txt")
    for start in range(len(text)):
        assert spaces._indentation_at(doc, start) == _indentation_by_line_start(doc, start)
