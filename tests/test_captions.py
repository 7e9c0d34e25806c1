"""Family C: lost images and orphan captions: what is found, fixed and left alone."""
from textlint.testing import Case, check_rule, fixed_text, findings_for

P1 = "Ce château médiéval attire des milliers de visiteurs chaque année."
P2 = "Nous avons reçu votre demande et nous vous répondrons très bientôt."


def test_c002_lost_image():
    check_rule(
        "C002",
        valid=[
            "Is it? Yes.\nA question? A line.\n",
            "Q: what now?\nA: nothing.\n",
            "??\n",  # not a lone mark: an exclamation of doubt
            "? is a question mark\n",
            ("Text\n\n```\n?\n```\n", "md"),  # code block
            ("Text\n\n    ?\n", "md"),  # indented code
            "key:\n            ? complex key\n            ?\n",  # deeply indented: YAML, not a lost image
        ],
        invalid=[
            Case(f"{P1}\n?\n{P2}\n", findings=[(2, 1)], fixed=f"{P1}\n?\n{P2}\n"),  # unsafe only
            Case(f"{P1}\n?\n{P2}\n", findings=[(2, 1)], fixed=f"{P1}\n{P2}\n", unsafe=True),
            Case(f"{P1}\r\n?\r\n{P2}\r\n", findings=[(2, 1)], fixed=f"{P1}\r\n{P2}\r\n", unsafe=True),
            Case(f"{P1}\n\n?\n\n{P2}\n", findings=[(3, 1)], fixed=f"{P1}\n\n{P2}\n", unsafe=True),
            Case(f"?\n{P1}\n", findings=[(1, 1)], fixed=f"{P1}\n", unsafe=True),
            Case(f"{P1}\n?", findings=[(2, 1)], fixed=f"{P1}", unsafe=True),  # no final newline
            Case(f"{P1}\n\ufffc\n{P2}\n", findings=[(2, 1)], fixed=f"{P1}\n{P2}\n", unsafe=True),
            Case(f"{P1}\n  ?  \n{P2}\n", findings=[(2, 1)], messages=["'?'"]),
            Case(f"{P1}\n?\n{P2}\n", findings=[(2, 1)], format="md"),  # inside a paragraph
        ],
    )


def test_c001_orphan_caption():
    check_rule(
        "C001",
        valid=[
            "今日股价▲3.2%，成交量明显放大。\n",  # a price move inside a sentence
            "▲3.2% 上证指数\n",  # a number after the symbol
            "指数▲ 上涨\n",  # not at the start of the line
            "▲ 优点：速度快\n▲ 缺点：价格高\n",  # a list of ▲ lines
            "Figure 3 shows the architecture.\n",  # a reference, not a caption
            "The photo: a blurry shot of the team.\n",
            "Photo: " + "a very long line " * 12 + "\n",  # too long to be a caption
            ("# Launch\n\n![The team](img/launch.png)\n▲ The team on stage\n\nIt shipped.\n", "md"),
            ("![The team](img/launch.png)\n\n▲ The team on stage\n", "md"),  # blank line between
            ("![a][ref]\n图：发布会现场\n\n[ref]: a.png\n", "md"),  # reference image
            ('<img src="a.png" alt="">\n\n▲ 图为发布会现场\n', "md"),  # HTML image
            ("![x](a.png)\n▲ 图为发布会现场\n图片来源：网络\n", "md"),  # two caption lines
            ("```\n▲ not a caption\n```\n", "md"),  # code block
            "![x](a.png)\nPhoto: the team\n",  # an image reference in plain text
            "config:\n  image: {\n  image: node:lts\n",  # keys in code are lower case
            "Image: {src}\n",  # a placeholder, not a caption
            "Photo/Video upload settings\n",
        ],
        invalid=[
            Case(f"{P1}\n?\n▲ Photo: the launch event\n{P2}\n", findings=[(3, 1)],
                 fixed=f"{P1}\n?\n{P2}\n", unsafe=True),
            Case("网络报告显示。\n▲ 图为开发团队在发布会现场\n用户扫一扫。\n", findings=[(2, 1)]),
            Case("正文。\n△ 资料图\n", findings=[(2, 1)]),
            Case("正文。\n↑ 点击查看大图\n", findings=[(2, 1)]),
            Case("正文。\n图：发布会现场\n", findings=[(2, 1)]),
            Case("正文。\n圖：發布會現場\n", findings=[(2, 1)]),
            Case("正文。\n图片来源：视觉中国\n", findings=[(2, 1)]),
            Case("正文。\n（图片来源：网络）\n", findings=[(2, 1)]),
            Case("Text.\nFigure 3: The architecture of the system\n", findings=[(2, 1)]),
            Case("Text.\nFig. 2. Results\n", findings=[]),  # "Fig. 2." without a colon is left alone
            Case("Text.\nPhoto: Getty Images\n", findings=[(2, 1)]),
            Case("Text.\nFoto: dpa\n", findings=[(2, 1)]),
            Case("Текст.\nФото: РИА Новости\n", findings=[(2, 1)]),
            Case("Text.\nPhoto by Jane Doe on Unsplash\n", findings=[(2, 1)]),
            Case("本文。\n图/视觉中国\n", findings=[(2, 1)]),
            Case("본문.\n사진=연합뉴스\n", findings=[(2, 1)]),
            Case("本文。\n\u3000\u3000▲ 图为现场\n", findings=[(2, 1)]),  # indented with U+3000
            Case(f"{P1}\r\n▲ Photo\r\n{P2}\r\n", findings=[(2, 1)], fixed=f"{P1}\r\n{P2}\r\n", unsafe=True),
            Case(f"{P1}\n?\n▲ Photo: the launch event\n", findings=[(3, 1)], format="md"),
            Case("# Title\n\nText.\n\n▲ The team on stage\n", findings=[(5, 1)], format="md"),
        ],
    )


def test_lost_image_and_caption_fixed_together_and_idempotent():
    text = f"{P1}\n?\n▲ Photo: the launch event\n?\n{P2}\n"
    assert [f[:2] for f in findings_for("C001", text)] == [(3, 1)]
    once = fixed_text("C", text, unsafe=True)
    assert once == f"{P1}\n{P2}\n"
    assert fixed_text("C", once, unsafe=True) == once


def test_line_scan_finds_what_the_multiline_pattern_finds():
    from textlint_rules import captions

    texts = [
        "?", "?\n", " ?\r\n▲ 图为北京\n?\n", "text\n\u3000?\n\ufffc\ufffc\n    ?\n", "\n\n?",
        "▲ x\n△ y\nFigure 3: a\nimage: {\n图：北京\r\nPhoto by A on Unsplash", "a?\n?b\n??\n",
    ]
    for text in texts:
        for pattern, after_break in (
            (captions._CAPTION_LINE, captions._CAPTION_AFTER_BREAK),
            (captions._LOST_IMAGE_LINE, captions._LOST_IMAGE_AFTER_BREAK),
        ):
            expected = [(m.start(), m.group()) for m in pattern.finditer(text)]
            assert list(captions._matching_lines(text, pattern, after_break)) == expected
