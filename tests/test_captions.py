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
            "今日股价▲3.2%，图为成交量。\n",
            ("![合影](a.png)▲图为机组合影\n", "md"),
            "▲3.2% 上证指数\n",  # a number after the symbol
            "指数▲ 上涨\n",  # not at the start of the line
            "▲ 优点：速度快\n▲ 缺点：价格高\n",  # a list of ▲ lines
            "Expected output:\n▲ Next.js 16.1.6\n- Local: http://localhost:3000\n",  # output of a command
            "▲ [WARNING] Proxy environment variables detected.\n",
            "Tree:\n▲ Upstream\n└── orders (table)\n",
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
            Case(f"{P1}\n?\n▲ Photo: the launch event\nShare\nAdvertisement\n", findings=[(3, 1)]),  # page chrome
            Case("正文。\n↑ 点击查看大图\n", findings=[(2, 1)]),
            Case("正文。\n图：发布会现场\n", findings=[(2, 1)]),
            Case("正文。\n圖：發布會現場\n", findings=[(2, 1)]),
            Case("正文。\n图片来源：视觉中国\n", findings=[(2, 1)]),
            Case("正文。\n（图片来源：网络）\n", findings=[(2, 1)]),
            Case("Text.\nFigure 3: The architecture of the system\n", findings=[(2, 1)]),
            Case("Text.\nFig. 2. Results\n", findings=[(2, 1)]),  # numbered: a caption without a colon too
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
        "图1  界面\n[image]\r\n图片\nFig. 4 Results\n来源：网络\n  *Figure 2: x*\n\u3000下图为北京", "图片",
        "**==> picture [1 x 2] intentionally omitted <==**\nHình 1. Sơ đồ\n",
    ]
    for text in texts:
        for pattern, after_break in (
            (captions.CAPTION_LINE, captions.CAPTION_AFTER_BREAK),
            (captions.LOST_IMAGE_LINE, captions.LOST_IMAGE_AFTER_BREAK),
        ):
            expected = [(m.start(), m.group()) for m in pattern.finditer(text)]
            assert list(captions.matching_lines(text, pattern, after_break)) == expected


# Paragraphs of the articles the captions below are left in (written for these tests).
ZH1 = "新型客机上周完成了首次长途试飞，航程超过四千公里，机组表示一切正常。"
ZH2 = "试飞结束后，工程师们对发动机和起落架进行了全面检查，没有发现问题。"
EN1 = "The new regional jet completed its first long-haul test flight last week."
EN2 = "Engineers inspected the engines and landing gear afterwards and found nothing wrong."
FR1 = "Le nouveau tramway relie désormais la gare au campus en moins de vingt minutes."
FR2 = "La mairie prévoit de prolonger la ligne jusqu'au parc des expositions l'an prochain."
JA1 = "新しい工場は来月から本格的な生産を始める予定だと会社は発表した。"
JA2 = "工場では地元から二百人以上を新たに雇用する計画だという。"


def _between(first: str, lines: list[str], last: str, sep: str = "\n") -> str:
    return sep.join([first, *lines, last]) + sep


def test_c001_captions_without_a_symbol_are_found():
    """Numbered figure captions, labels and credits that scraped pages leave (the placeholders are C002's)."""
    check_rule(
        "C001",
        invalid=[
            # a numbered caption and its credit line: one finding each (see the docstring)
            Case(_between(ZH1, ["图2  某机场官网的航班查询界面", "资料来源:https://example.com/flights"], ZH2),
                 findings=[(2, 1), (3, 1)], fixed=_between(ZH1, [], ZH2), unsafe=True),
            Case(_between(ZH1, ["图 3-1 总装车间的机翼生产线"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["圖4：總裝車間的機翼生產線"], ZH2), findings=[(2, 1)]),
            Case(_between(EN1, ["Fig. 4 Passenger numbers by route, 2019-2023"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["Figure 5. The cockpit of the prototype"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["Figure 2: Fuel burn per seat", "Source: manufacturer's data sheet"], EN2),
                 findings=[(2, 1), (3, 1)]),
            # under a placeholder (C002's): the untitled caption and its credit
            Case(_between(ZH1, ["图片", "试飞当天的机场跑道", "来源：网络"], ZH2), findings=[(3, 1), (4, 1)],
                 fixed=_between(ZH1, ["图片"], ZH2), unsafe=True),
            Case(_between(EN1, ["[image]", "Credit: Jane Doe/Getty Images"], EN2), findings=[(3, 1)]),
            # a short caption that ends with its credit, between two paragraphs
            Case(_between(ZH1, ["新型客机在跑道上滑行 某航空公司官网"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["机组人员在试飞后合影（图片来源：航空公司）"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["新华社记者 王强 摄"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["摄影：李明"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["（图片来源于网络，侵删）"], ZH2), findings=[(2, 1)]),
            Case(_between(EN1, ["Image via Wikimedia Commons"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["The prototype on the runway in Seattle. Photo: Jane Doe"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["Crowds watching the first flight (Getty Images)"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["Photograph: John Smith/Reuters"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["Protesters outside the hangar on Saturday. Photograph: Jane Doe/AP"], EN2),
                 findings=[(2, 1)]),
            Case(_between(EN1, ["Illustration: Jane Doe"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["(Getty Images)", "(Getty Images)"], EN2), findings=[(2, 1), (3, 1)]),  # a credit alone
            Case(_between(EN1, ["", "Getty Images", ""], EN2), findings=[(3, 1)]),
            Case(_between(EN1, ["Credit: Jane Doe"], EN2), findings=[(2, 1)]),
            # "the picture above / below shows"
            Case(_between(ZH1, ["上图：新工厂的总装车间"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["下图为2023年各季度的交付数量"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["图为工人在车间组装机翼"], ZH2), findings=[(2, 1)]),
            # after a lost image, a source line is a credit too
            Case(_between(ZH1, ["?", "来源：网络"], ZH2), findings=[(3, 1)]),
            # a ▲ caption glued into the text: the mark and label are reported, without a fix
            Case(ZH1 + "▲图为机组在跑道上合影" + ZH2 + "\n", findings=[(1, len(ZH1) + 1)],
                 fixed=ZH1 + "▲图为机组在跑道上合影" + ZH2 + "\n", unsafe=True, messages=["glued"]),
            Case("新机型亮相航展“更省油”▲图左为新机型，图右为旧机型" + ZH2 + "\n", findings=[(1, 13)]),
            # a news caption runs to several sentences when it ends with a photo credit in brackets
            Case(_between(EN1, ["", " ".join([EN1, EN2, EN1]) + " (AP Photo/Jane Doe)", ""], EN2), findings=[(3, 1)]),
            Case(_between("انتشلت فرق الإنقاذ عشرات الجثث من البحر بعد أن تحسنت الأحوال الجوية صباح اليوم.",
                          ["سكان يضعون الزهور عند سور القاعة الرياضية (رويترز)"],
                          "وقالت السلطات إن عدد الضحايا قد يرتفع خلال الأيام المقبلة."), findings=[(2, 1)]),
            # after a line too long to be a hard-wrapped one
            Case(" ".join([EN1, EN2, EN1]) + " and so on\nPhoto: Jane Doe\n" + EN2 + "\n", findings=[(2, 1)]),
            # a bilingual caption, as papers print them, without its figure
            Case(_between(ZH1, ["", "图3 总装车间的机翼生产线", "Fig.3 The wing assembly line", ""], ZH2),
                 findings=[(3, 1), (4, 1)], fixed=_between(ZH1, [""], ZH2), unsafe=True),
            # a third and fourth language
            Case(_between(FR1, ["Figure 3 : le tramway à la station Campus"], FR2), findings=[(2, 1)]),
            Case(_between(FR1, ["Photo\u00a0: AFP"], FR2), findings=[(2, 1)]),
            Case(_between(JA1, ["図1\u3000新工場の外観"], JA2), findings=[(2, 1)]),
            Case(_between(JA1, ["写真：共同通信"], JA2), findings=[(2, 1)]),
            Case("Dòng xe mới chạy thử trên đường cao tốc.\nXe chạy thử trên cao tốc. Ảnh: Minh Anh\n"
                 "Các kỹ sư kiểm tra động cơ sau chuyến chạy thử.\n", findings=[(2, 1)]),
            Case("Текст статьи.\nРисунок 2 — Схема новой линии\nПродолжение текста.\n", findings=[(2, 1)]),
            Case("Der Text.\nAbb. 3: Aufbau der neuen Linie\nDer Text geht weiter.\n", findings=[(2, 1)]),
            # Markdown
            Case(_between(EN1, ["", "*Figure 2: The dashboard after the upgrade*", ""], EN2),
                 findings=[(3, 1)], format="md"),
            Case(_between(ZH1, ["", "图2  某机场官网的航班查询界面", "资料来源：https://example.com", ""], ZH2),
                 findings=[(3, 1), (4, 1)], format="md"),
            # a credit that links to its author, or is an autolink
            Case(_between(ZH1, ["", "图片来源：[张三](https://example.com/zhang)", ""], ZH2), findings=[(3, 1)],
                 format="md"),
            Case(_between(ZH1, ["", "图片来源：<https://example.com/zhang>", ""], ZH2), findings=[(3, 1)],
                 format="md"),
            # a credit label after the caption
            Case(_between(ZH1, ["", "試飛當天，機組在跑道上合影。攝：Jane Doe/Reuters", ""], ZH2), findings=[(3, 1)]),
            Case(_between(ZH1, ["机组在跑道上合影 图：航空公司"], ZH2), findings=[(2, 1)]),
            # a credit stands under its picture: the image of the next section is not its own
            Case("**两种方案的对比：**\n\n图片来源：<https://example.com/compare>\n\n**方案二：**\n\n![方案二](b.png)\n",
                 findings=[(3, 1)], format="md"),
            # a news photo's caption dated "(…摄)", its reporter's credit, a gallery of them
            Case(_between(ZH1, ["这是村口新修的水泥路（4月11日摄）。", ZH2, "新华社记者王强摄"], ZH1),
                 findings=[(2, 1), (4, 1)]),
            Case(_between(ZH1, ["", "↑村民在果园里采摘柑橘（10月11日无人机拍摄）。", "↑工人在新建的养老院搭脚手架（10月12日摄）。"],
                          ZH2), findings=[(3, 1), (4, 1)]),
            Case(_between(ZH1, ["图① 村民们在新社区里安居乐业。"], ZH2), findings=[(2, 1)]),
            # a credit that says "taken by …, the same below"
            Case(_between(ZH1, ["", "試飛當天的跑道 王強(Wang Qiang) 拍攝，下同"], ZH2), findings=[(3, 1)]),
        ],
    )


def test_c001_stays_silent_on_headings_prose_and_captions_with_their_image():
    check_rule(
        "C001",
        valid=[
            # headings and labels are short lines too
            ("## Installation\n\nRun the installer.\n", "md"),
            "Installation\n\nRun the installer and follow the prompts.\n",
            "第一章 概述\n本书介绍了飞机制造的基本流程。\n",
            "Step 2: configure the server\nOpen the settings file and set the port.\n",
            ("# 图片\n\n上传图片时请选择清晰的照片。\n", "md"),
            ("Image\n=====\n\nThe image module resizes pictures.\n", "md"),
            "Image\n=====\n\nThe image module resizes pictures.\n",
            ("## Image\n\nThe image component.\n", "md"),
            "获取下沉市场，小程序是利器\n截止今年三月，日活突破两亿。\n",
            # list items and key-value fields
            ("- Photo: a square picture of you\n- Name: your full name\n", "md"),
            ("1. Figure 1: the architecture\n2. Figure 2: the data flow\n", "md"),
            "Photo: a square picture of you\nName: your full name\nEmail: where we write to you\n",
            "Title: Launch\nImage: launch.png\nAuthor: Jane\n",
            "img\nspan\ndiv\n",  # a list of tag names
            # prose that refers to a figure
            "如图所示，系统分为三层。\n",
            "如图1所示，系统分为三层。\n",
            "图1显示了系统的三层结构。\n",
            "图 2 显示了各层之间的调用关系。\n",
            "图1中的虚线表示异步调用，实线表示同步调用，两者的延迟差别很大。\n",
            "Figure 3 shows the architecture.\n",
            "Figure 3.2 shows the data flow between the services.\n",
            "図1は新工場の外観を示す。\n",
            "図 2 に示すように、工場は三つの棟からなる。\n",
            "그림 1에서 보듯이 공장은 세 동으로 이루어져 있다.\n",
            "Рисунок 2 показывает схему новой линии.\n",
            "Abb. 3 zeigt den Aufbau der neuen Linie.\n",
            "Ảnh chụp màn hình cho thấy lỗi xảy ra khi khởi động.\n",
            "Figure 1 : voir le schéma ci-dessous :\n",
            # lists of figures
            "图1 系统架构\n图2 数据流程\n图3 部署方式\n",
            "List of figures\n\nFigure 1: Architecture ........ 12\n\nFigure 2: Data flow ........ 15\n",
            # captions with their image, as converted papers print them
            ("![](images/a1.jpg)  \n图1 总装车间的机翼生产线  \nFig.1 The wing assembly line\n\n" + ZH1 + "\n", "md"),
            "下图为系统的整体架构：\n接下来我们逐层介绍。\n",  # an introduction, ending with a colon
            "上图为写入过程，我们只需要关注何时触发压缩即可。\n",  # a tutorial's sentence about a figure
            "下图为监控面板。可以看到，它有四个区域。\n",
            "图为原始数据的分布曲线，每组五十个点。曲线按编号命名，已有的图不再重画。\n",
            ("图为系统的整体架构\n\n：\n\n如下：\n\n![架构](arch.png)\n", "md"),  # the picture a few blocks below
            "Click the button labelled Photo: it opens the camera.\n",
            "Open the editor. Photo: choose a picture from the library, then press Save to keep it.\n",
            # a hard-wrapped sentence that goes on at a label
            EN1 + "\nThe latency is plotted in the chart that we drew for\n"
            "Figure 3: it drops once the cache is warm.\n",
            "LONDON (Reuters) - Shares fell on Tuesday after the results.\n",
            "The results were first reported by Reuters.\n",
            EN1 + "\n\nReuters\n",  # a wire story's byline
            " ".join([EN1, EN2, EN1]) + " The airline confirmed the order (Reuters)\n",  # a long line: prose
            "CAIRO (Reuters) - " + " ".join([EN1, EN2, EN1]) + "\n",
            "القاهرة (رويترز) - قالت السلطات إن عدد الضحايا قد يرتفع.\n",
            "We trained the model on pictures licensed from Getty Images and Shutterstock.\n",
            "图片上传失败时，请检查网络连接。\n",
            "我们去公园拍摄\n",
            "周末去公园拍摄\n",
            "请注意区分两种格式。图片：支持PNG和JPG两种格式，请在上传前压缩，大小不超过两兆字节，否则无法保存。\n",
            "详情请访问波音官网\n",
            "详见 波音官网\n",
            "相关链接\nPython 官网\nPyPI 主页\n",
            "图片由服务器压缩后返回给客户端。\n",
            "Image from Docker Hub is pulled when the container starts.\n",
            # sources and credits that are not under a picture
            _between(EN1, ["Source: https://github.com/example/project"], EN2),
            _between(ZH1, ["来源：新华社"], ZH2),
            _between(ZH1, ["资料来源：国家统计局"], ZH2),
            ("Credits\n\n- Icons by Jane Doe\n", "md"),
            # table captions: tables are text and survive scraping
            ("Table 1: Supported platforms\n\n| OS | Arch |\n| --- | --- |\n| Linux | x64 |\n", "md"),
            "表1 各版本支持的平台\n平台 架构\nLinux x64\n",
            _between(EN1, ["Table 2. Options of the build command"], EN2),
            _between(ZH1, ["表3  各季度交付数量"], ZH2),
            # a caption with its image in Markdown: right after, a few paragraphs after, or before it
            ("![Dashboard](img/dash.png)\n\nFigure 2: The dashboard\n", "md"),
            ("![Dashboard](img/dash.png)\n*Figure 2: The dashboard*\n", "md"),
            ("![Dashboard](img/dash.png)\n\nThe dashboard lists the runs.\n\nEach run has a status.\n\n"
             "Figure 2: The dashboard\n", "md"),
            ("![总装车间](img/line.png)\n\n" + ZH1 + "\n\n" + ZH2 + "\n\n图3  总装车间\n资料来源：官网\n", "md"),
            ('<img src="a.png" alt="">\n\n' + EN1 + "\n\nPhoto: Jane Doe\n", "md"),
            ("下图为系统的整体架构\n\n![架构](arch.png)\n", "md"),  # the image under its caption
            ("```mermaid\ngraph TD; A-->B\n```\n\nFigure 1: Request flow\n", "md"),  # a diagram in code
            "┌──────┐\n│ app  │\n└──────┘\n\nFigure 1. The parts of the app\n",  # a diagram drawn in text
            ('{{< figure src="flow.png" >}}\n\nFigure 1: Request flow\n', "md"),
            ('<ThemedImage sources={{ light: "a.png", dark: "b.png" }} />\n\nFigure 1: Request flow\n', "mdx"),
            ("**Figure 10. Latency by load**\n\n```\nA line chart: load on x, latency on y\n```\n", "md"),
            ("```\n图片\nimg\n```\n", "md"),
            ("| 图片 | 说明 |\n| --- | --- |\n| img | logo |\n", "md"),
            # rows of tables and word lists
            "▲\tUT\t25B2\tBLACK UP-POINTING TRIANGLE\n△\tuT\t25B3\tWHITE UP-POINTING TRIANGLE\n",
            "圓 3 n\n圖 5 zg\n團 7 n\n",
            "Environmental Protection Agency (EPA)\nThe agency sets limits on emissions.\n",
        ],
    )


def test_c002_placeholder_words_where_the_image_was():
    """A bare `图片` / `[image]` line stands where the image stood: C002, like `?`; C001 keeps to
    what is said about the image (captions and credits)."""
    check_rule(
        "C002",
        invalid=[
            Case(_between(ZH1, ["图片"], ZH2), findings=[(2, 1)], fixed=_between(ZH1, [], ZH2), unsafe=True,
                 messages=["placeholder '图片'"]),
            Case(_between(EN1, ["[image]"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["img"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["Image"], EN2, "\r\n"), findings=[(2, 1)], fixed=_between(EN1, [], EN2, "\r\n"),
                 unsafe=True),
            Case(_between(ZH1, ["【图片】"], ZH2), findings=[(2, 1)]),
            Case(_between(ZH1, ["（相关资料图）"], ZH2), findings=[(2, 1)]),
            Case(_between(EN1, ["", "[Image: the jet on the runway]", ""], EN2), findings=[(3, 1)],
                 fixed=_between(EN1, [""], EN2), unsafe=True),
            Case(_between(FR1, ["[Photo : le tramway]"], FR2), findings=[(2, 1)]),
            # a lost picture in a problem statement: the text that follows ends its sentence
            Case("Explanation 0\n\nimage\n\nThe sums of both halves are equal, so nothing is added.\n",
                 findings=[(3, 1)]),
            # the counter of a slideshow
            Case(_between(ZH1, ["", "图片1/3", ""], ZH2), findings=[(3, 1)], format="md"),
            Case(_between(EN1, ["Photo 2 of 12"], EN2), findings=[(2, 1)]),
            Case(_between(EN1, ["", "[image]", ""], EN2), findings=[(3, 1)], format="md"),
            Case("# 试飞\n\n" + ZH1 + "\n\n图片\n\n" + ZH2 + "\n", findings=[(5, 1)], format="md"),
            # the picture's file name, all that is left of it
            Case(_between(ZH1, ["", "20230412_0931_2.jpg", "", "机组在跑道上合影。记者 王强摄"], ZH2), findings=[(3, 1)]),
            # what a PDF converter writes for a picture it left out
            Case(_between(EN1, ["", "**==> picture [227 x 211] intentionally omitted <==**", ""], EN2),
                 findings=[(3, 1)], format="md"),
            # in order with the `?` lines
            Case(_between(ZH1, ["?", "图片", "\ufffc"], ZH2), findings=[(2, 1), (3, 1), (4, 1)]),
        ],
        valid=[
            ("# 图片\n\n上传图片时请选择清晰的照片。\n", "md"),
            ("## Image\n\nThe image component.\n", "md"),
            "Image\n=====\n\nThe image module resizes pictures.\n",
            "img\nspan\ndiv\n",
            ("```\n图片\nimg\n```\n", "md"),
            # names in docs: a definition over a list item, a type over a signature, a diagram
            ("text\n* stores one line of text\n\nimage\n* stores an image (may be animated?)\n", "md"),
            "| Image | get_image() |\n\nImage\nget_image(width: int, height: int, invert: bool = false) const\n",
            "Camera\n   ↓\nImage\n   ↓\nVision model\n",
            "支持的类型\n\n文本\n图片\n视频\n",
            "支持以下类型：\n\n图片\n\n上传后自动压缩\n",
            ("| 图片 | 说明 |\n| --- | --- |\n| img | logo |\n", "md"),
            ("- 图片\n- 视频\n", "md"),
            "图片上传失败时，请检查网络连接。\n",
            "The ratio is 1/2 of the total.\n",
            "Files:\nlogo.png\nicon.png\nREADME.md\n",
            "首页优化：\n    * 移除统计卡片（总评估、实时拍摄）\n    * 添加用户信息显示\n",
            "设置多个摄像机位置（环绕拍摄）\n配置适当的光照。\n",
            ("Put the logo in the assets folder:\n\n```\nassets/logo.png\n```\n", "md"),
        ],
    )
    # the placeholder is C002's alone, the caption under it C001's
    text = _between(ZH1, ["图片", "图3  试飞当天的跑道"], ZH2)
    assert [f[:2] for f in findings_for("C001", text)] == [(3, 1)]
    assert [f[:2] for f in findings_for("C002", text)] == [(2, 1)]
    assert fixed_text("C", text, unsafe=True) == _between(ZH1, [], ZH2)


def test_a_run_of_lost_image_caption_and_credit_leaves_one_gap():
    """Each line has its own fix; applied together they leave the paragraphs one blank line apart."""
    text = _between(EN1, ["", "?", "Figure 2: Fuel burn per seat", "Source: manufacturer's data sheet", ""], EN2)
    assert [f[:2] for f in findings_for("C001", text)] == [(4, 1), (5, 1)]
    assert [f[:2] for f in findings_for("C002", text)] == [(3, 1)]
    once = fixed_text("C", text, unsafe=True)
    assert once == _between(EN1, [""], EN2)
    assert fixed_text("C", once, unsafe=True) == once
    # the lost image alone, then the captions: the same text in the end
    only_captions = fixed_text("C001", text, unsafe=True)
    assert "Figure 2" not in only_captions and "?" in only_captions
    assert fixed_text("C", only_captions, unsafe=True) == _between(EN1, [""], EN2)


def test_orphan_lines_are_decided_only_as_far_as_asked():
    from textlint.document import Document
    from textlint_rules.captions import LostImage, OrphanCaption, orphan_lines

    text = "▲ 图为现场\n\n图片\n\n▲图：活动照片\n\n" * 200
    doc = Document(text, "a.txt", "txt")
    first = next(iter(OrphanCaption().check(doc)))
    assert (first.start, first.end) == (0, len("▲ 图为现场"))
    orphans = orphan_lines(doc)
    assert orphans.decided < len(orphans.order) / 10  # the rest of the page is not read
    whole = Document(text, "a.txt", "txt")
    assert [(f.start, f.end, f.message, f.fix) for rule in (OrphanCaption(), LostImage()) for f in rule.check(doc)] == [
        (f.start, f.end, f.message, f.fix) for rule in (OrphanCaption(), LostImage()) for f in rule.check(whole)
    ]
