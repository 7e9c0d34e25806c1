"""Family Z: damage peculiar to Chinese text, as tables of what must be found,
fixed and left alone."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from textlint.registry import select_rules
from textlint.testing import Case, check_rule, findings_for, fixed_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "chinese"


# -- Z001 cjk-ascii-punctuation ----------------------------------------------------------------


def test_z001_ascii_punctuation():
    check_rule(
        "Z001",
        valid=[
            "这个版本共修复了 1,024 个问题，发布时间是 10:30。",
            "他在信中写道：“Hello, world.”",
            "他说 \"Hello, world; goodbye: now!\" 然后走了。",
            "访问 https://example.com/a,b:c 获取更多信息。",
            "比分是 3:2，时间 10:30。",
            "代码 `a,b` 和 `x:y` 不是正文。",
            ("代码 `中,文` 不是正文。", "md"),
            ("```\n中文,代码;块\n```\n", "md"),
            "本当にそうですか？はい、そうです。",
            # UTF-8 read as Big5 by a lossy decoder: its "?" are lost bytes, its marks part of the damage
            "    // 憭批?摰儔??math.h 璅瑼葉, ?銝??賣銝剜?典?摨衣閫漲?桐?\n",
            # a Chinese name or title inside an English sentence: the marks are English
            "Thanks for the report go to 王小明; the patch was written by Ann.",
            "Translated by 李华, reviewed by Tom.",
            "See 第三章: the installation chapter.",
            # Japanese documents put half-width ':' and '()' next to kanji on purpose
            "設定ファイル:astro.config.mjs を開きます。\n注意:この機能は実験的です。",
            "한국어 문장,그리고 漢字,혼용.",
            # '?' and '!' that do not end a sentence: mojibake residue, image syntax
            "小程序?yàn为底层技术载体",
            "获奖?/span>",
            ("见下图![图](a.png)", "md"),
            "English only, with: marks; everywhere! Really?",
            "",
        ],
        invalid=[
            Case("幾天前,支付寶小程序", findings=[(1, 4)], fixed="幾天前，支付寶小程序"),
            Case("共识:鉴于;以及", findings=[(1, 3), (1, 6)], fixed="共识：鉴于；以及"),
            Case("真的吗?真的!", findings=[(1, 4), (1, 7)], fixed="真的吗？真的！"),
            Case("你来了!\n好的?", findings=[(1, 4), (2, 3)], fixed="你来了！\n好的？"),
            Case("什么?!", findings=[(1, 3), (1, 4)], fixed="什么？！"),
            # a line of questions is still prose, its "?" question marks
            Case("这是什么?怎么用?为什么要这样?好的,走吧。", findings=[(1, 5), (1, 9), (1, 16), (1, 19)],
                 fixed="这是什么？怎么用？为什么要这样？好的，走吧。"),
            # a question glued to the next sentence: its question word says what the "?" is
            Case("何谓可见性?多个线程之间不能直接通信。", findings=[(1, 6)], fixed="何谓可见性？多个线程之间不能直接通信。"),
            Case("为什麼會這樣?我們來看看。", findings=[(1, 7)], fixed="为什麼會這樣？我們來看看。"),
            Case("其他獎項不同,CEO 特別獎", findings=[(1, 7)], fixed="其他獎項不同，CEO 特別獎"),
            Case("(不在組織架構上體現),由他領銜", findings=[(1, 12)], fixed="(不在組織架構上體現)，由他領銜"),
            Case("「應用中心」,但阿里", findings=[(1, 7)], fixed="「應用中心」，但阿里"),
            Case("使用 React,然后", findings=[(1, 9)], fixed="使用 React，然后"),
            Case("月,2018 年", findings=[(1, 2)], fixed="月，2018 年"),
            # a mark right after a leaked annotation is next to Chinese all the same
            Case("業(yè),CEO", findings=[(1, 6)], fixed="業(yè)，CEO"),
            Case("正文,有误\n\n`代码,无误`\n", findings=[(1, 3)], format="md", fixed="正文，有误\n\n`代码,无误`\n"),
        ],
    )


def test_z001_one_finding_per_mark_and_message():
    found = findings_for("Z001", "甲,乙,丙")
    assert [(line, column) for line, column, _ in found] == [(1, 2), (1, 4)]
    assert "，" in found[0][2]


# -- Z002 pinyin-annotation --------------------------------------------------------------------


def test_z002_pinyin_annotation():
    check_rule(
        "Z002",
        valid=[
            "你好（nǐ hǎo）是最常用的问候语。",
            "谢谢（xiè xie）也很常用。",
            "银行(yínháng)是一个词。",
            "条件(a)和条件(b)都满足。",  # enumerations: no tone, not a reading
            "产品(A1)型号。",
            "技术(xyz)不是拼音。",
            "技术(shǔx)不是拼音。",
            "夹g(shù)载体",  # not right after a Han character (garbled text, M003's business)
            "说明 (shù) 在空格后。",
            "| 字 | 读音 |\n| --- | --- |\n| 好(hǎo) | 三声 |\n",
            ("| 字 | 读音 |\n| --- | --- |\n| 好(hǎo) | 三声 |\n", "md"),
            ("代码 `技術(shù)` 不是正文。", "md"),
            "多音字：“行”（háng）。",
            "多音字：行（xíng）、行（háng）。",  # a character discussed on its own
        ],
        invalid=[
            Case("技術(shù)團(tuán)隊", findings=[(1, 3), (1, 9)], fixed="技術團隊"),
            Case("用(huán)户扫一扫", findings=[(1, 2)], fixed="用户扫一扫"),
            Case("技術（shù）團隊", findings=[(1, 3)], fixed="技術團隊"),
            Case("技術(shu4)團隊", findings=[(1, 3)], fixed="技術團隊"),
            Case("绿(lü4)色和绿(lv4)色", findings=[(1, 2), (1, 10)], fixed="绿色和绿色"),
            Case("订单(tài)。", findings=[(1, 3)], fixed="订单。"),
            Case("內(nèi)部", findings=[(1, 2)], messages=["nèi"]),
            Case("正文(zhèng)有误\n", findings=[(1, 3)], format="md", fixed="正文有误\n"),
        ],
    )


# -- Z003 mixed-chinese-scripts ----------------------------------------------------------------

TRADITIONAL = "該團隊便基於阿里的定位與戰略，探索以小程序為底層技術載體，打通阿里各業務的可行性。"
SIMPLIFIED = "该团队便基于阿里的定位与战略，探索以小程序为底层技术载体，打通阿里各业务的可行性。"


def test_z003_mixed_scripts():
    check_rule(
        "Z003",
        valid=[
            TRADITIONAL,
            SIMPLIFIED,
            "干擾與干涉都是詞，頭髮與發展也是，這裡與公里都對。" + TRADITIONAL,
            "乾隆皇帝著作等身，我们要干活了。" + SIMPLIFIED,
            "房间很乾净。" + SIMPLIFIED,  # 乾 is Simplified too, and no phrase table says otherwise
            "于品海是一位企業家。" + TRADITIONAL,  # a name OpenCC's tables know
            "范先生說了算。" + TRADITIONAL,  # 范 is a Traditional character too
            "這裡和那裏都是對的寫法，臺灣與台灣也是。" + TRADITIONAL,  # variants both accept
            "中文",  # too short to say which script
            "繁體與简体各半：這個那个。",  # not clearly one script
            # left alone, such a character was kept on purpose (a product name) or is mojibake debris
            "有一個叫「猛犸充電」的項目。" + TRADITIONAL,
            "探索以小程序?yàn为榈讓蛹夹g載體。" + TRADITIONAL,
            "可能會影響你怎麽定義這個值。" + TRADITIONAL,  # 麽: a variant, not Simplified
            # Japanese shinjitai look Simplified: 参, 体, 発
            "以下のガイドを参考に、開発体験を自分好みに設定してみましょう。詳しくはドキュメントを参照してください。",
        ],
        invalid=[
            Case(TRADITIONAL.replace("基於", "基于"), findings=[(1, 6)], messages=["於"],
                 fixed=TRADITIONAL, unsafe=True),
            # a character every converter changes, where the text writes it the other way elsewhere
            Case("這是" + TRADITIONAL.replace("打通", "打通这"), findings=[(1, 34)],
                 fixed="這是" + TRADITIONAL.replace("打通", "打通這"), unsafe=True),
            Case("团结。" + SIMPLIFIED.replace("团队", "團队"), findings=[(1, 5)], fixed="团结。" + SIMPLIFIED, unsafe=True),
        ],
    )


def test_z003_fix_is_unsafe():
    text = TRADITIONAL.replace("基於", "基于")
    assert fixed_text("Z003", text) == text


# -- Z004 cjk-latin-spacing --------------------------------------------------------------------

SPACING_INPUTS = [
    "使用Python开发",
    "在GitHub上",
    "2019年3月",
    "第1个",
    "100%的人",
    "Vue.js开发",
    "你好world你好",
    "H5页面",
    "版本v1.2.3发布",
    "A股和3D打印",
    "Wi-Fi网络",
    "已经是 Python 开发",
    "中文  English",
    "用iPhone 15拍的",
    "日本語のテキストABC",
    "한국어ABC테스트",
    "长桥LongBridge App下载",
    "Ruby 2.7版本第1次发布",
    "于3月10日开始",
]


def test_z004_spacing():
    check_rule(
        "Z004",
        valid=["使用 Python 开发", "2019 年 3 月", "中文，English", "中文。English", "《Python》一书", "English only"],
        invalid=[
            Case("使用Python开发", findings=[(1, 2), (1, 8)], fixed="使用 Python 开发"),
            Case("第1个", findings=[(1, 1), (1, 2)], fixed="第 1 个"),
            Case("代码`x`和y\n", findings=[(1, 6)], format="md", fixed="代码`x`和 y\n"),
        ],
    )


@pytest.mark.parametrize("text", SPACING_INPUTS)
def test_z004_matches_autocorrect(text):
    autocorrect = pytest.importorskip("autocorrect_py")
    assert fixed_text("Z004", text) == autocorrect.format(text)


def test_z004_is_off_unless_selected_by_code():
    assert "Z004" not in select_rules(None)
    assert "Z004" not in select_rules(["Z"])
    assert {"Z001", "Z002", "Z003"} <= select_rules(["Z"])
    assert "Z004" in select_rules(["Z004"])
    assert "Z004" in select_rules(["cjk-latin-spacing"])
    assert "Z004" in select_rules(None, extend_select=["Z004"])


# -- fixtures: real text that must stay silent, damaged text that must be found ---------------


@pytest.mark.parametrize("name", ["ja-house-style.mdx", "zh-cn-clean.mdx", "zh-tw-clean.mdx"])
def test_real_prose_stays_silent(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for code in ("Z001", "Z002", "Z003", "Z005"):
        assert findings_for(code, text, "mdx") == [], (name, code)


def test_seed_excerpt_counts_and_fix():
    text = (FIXTURES / "seed-excerpt.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(findings_for("Z002", text)) == 33
    assert len(findings_for("Z001", text)) == 11
    # OpenCC's phrase tables write 並不, 基於, 前後 and 鑒於: converter misses, all four
    z003 = [(line, lines[line - 1][column - 1]) for line, column, _ in findings_for("Z003", text)]
    assert z003 == [(1, "并"), (3, "于"), (4, "后"), (4, "于")]
    assert lines[2][16:18] == "基于"
    fixed = fixed_text("Z002", fixed_text("Z001", text))
    assert "(shù)團" not in fixed and "夹g(shù)" in fixed  # the garbled one is left for M003
    assert "?yàn)" in fixed  # mojibake residue is not a question mark
    assert fixed.replace("，", ",").replace("：", ":") == re.sub(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)", "", text).replace("，", ",")


def test_import_stays_light():
    code = (
        "import sys, textlint.cli, textlint_rules.chinese\n"
        "heavy = {'opencc', 'pypinyin', 'autocorrect_py'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_z003_quick_decision_agrees_with_full_counts():
    from textlint_rules.chinese import scripts as z003

    scripts = z003.Scripts.load()
    if not scripts.has_tables:
        pytest.skip("OpenCC's character tables are not available")
    samples = ["這個", "这个", "這個于是", "这个這個", "後來", "后来", "軟體", "软件", "發", "发", "的", "𠮷"]
    import random

    rnd = random.Random(6)
    for _ in range(3000):
        text = "".join(rnd.choice(samples) for _ in range(rnd.randint(0, 60)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        script, found = z003.script_and_candidates(scripts, text, start, end)
        assert script == z003.script_of(None, scripts, text, start, end), text[start:end]
        if script is None and found:  # "neither script has four of its own"
            assert len(scripts.traditional_only.findall(text, start, end)) < 4
            assert len(scripts.simplified_only.findall(text, start, end)) < 4
        if script is not None:
            keys = scripts.simplified_keys if script == "hant" else scripts.traditional_keys
            assert found == set(keys.findall(text, start, end))


def test_char_class_finds_and_counts_as_a_plain_set_would():
    import random

    from textlint_rules.chinese import scripts as z003

    members = set("這個後發于") | {"𠮷", "𠀀"}
    char_class = z003.CharClass(members)
    rnd = random.Random(11)
    alphabet = list("這個后发于的 a") + ["𠮷", "𠀀", "😀", "𡈽"]
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        expected = [c for c in text[start:end] if c in members]
        assert sorted(char_class.findall(text, start, end)) == sorted(expected)
        for limit in (1, 4, 300):
            assert char_class.count(text, start, end, limit) == min(limit, len(expected))


# -- Z003: a passage wholly in the other script is consistent on its own -----------------------

SIMPLIFIED_ARTICLE = (
    "这篇文章介绍了我们团队在过去一年里的工作，以及接下来的计划。"
    "我们发现，很多读者关心的是如何在两种书写系统之间保持一致。"
)
TRADITIONAL_PASSAGE = "當時的報紙這樣寫道：這個問題並不簡單，需要長時間的觀察與討論。"
TRADITIONAL_ARTICLE = (
    "這篇文章介紹了我們團隊在過去一年裡的工作，以及接下來的計劃。"
    "我們發現，很多讀者關心的是如何在兩種書寫系統之間保持一致。"
)
SIMPLIFIED_PASSAGE = "大陆的译本这样写道：这个问题并不简单，需要长时间的观察与讨论。"


def test_z003_quoted_passage_in_the_other_script_is_consistent():
    check_rule(
        "Z003",
        valid=[
            # a Traditional paragraph quoted in a Simplified article
            SIMPLIFIED_ARTICLE + "\n\n" + TRADITIONAL_PASSAGE + "\n\n" + SIMPLIFIED_ARTICLE + "\n",
            (SIMPLIFIED_ARTICLE + "\n\n" + TRADITIONAL_PASSAGE + "\n\n" + SIMPLIFIED_ARTICLE + "\n", "md"),
            # as a Markdown blockquote, right under the line that introduces it
            (SIMPLIFIED_ARTICLE + "原文如下：\n> " + TRADITIONAL_PASSAGE + "\n\n" + SIMPLIFIED_ARTICLE + "\n", "md"),
            # quoted inline with 「」 and “”
            SIMPLIFIED_ARTICLE + "他引用了一句话：「" + TRADITIONAL_PASSAGE + "」" + SIMPLIFIED_ARTICLE,
            SIMPLIFIED_ARTICLE + "书中写道“" + TRADITIONAL_PASSAGE + "”，" + SIMPLIFIED_ARTICLE,
            # a Simplified paragraph in a Traditional article
            TRADITIONAL_ARTICLE + "\n\n" + SIMPLIFIED_PASSAGE + "\n\n" + TRADITIONAL_ARTICLE + "\n",
            (TRADITIONAL_ARTICLE + "\n\n> " + SIMPLIFIED_PASSAGE + "\n\n" + TRADITIONAL_ARTICLE + "\n", "md"),
            TRADITIONAL_ARTICLE + "譯本寫道「" + SIMPLIFIED_PASSAGE + "」" + TRADITIONAL_ARTICLE,
            # a short heading in the other script, on its own line
            TRADITIONAL_ARTICLE + "\n\n关于团队\n\n" + TRADITIONAL_ARTICLE + "\n",
        ],
        invalid=[
            # the quoted Traditional paragraph is consistent; the Simplified article still
            # carries a converter's leftover, and that is found
            Case("团结。" + SIMPLIFIED_ARTICLE.replace("团队", "團队") + "\n\n" + TRADITIONAL_PASSAGE + "\n",
                 findings=[(1, 13)], messages=["团"],
                 fixed="团结。" + SIMPLIFIED_ARTICLE + "\n\n" + TRADITIONAL_PASSAGE + "\n", unsafe=True),
            # a Traditional paragraph that itself mixes in a Simplified character, in a Simplified article
            Case(SIMPLIFIED_ARTICLE + "\n\n" + TRADITIONAL_PASSAGE.replace("這個", "这個") + "\n",
                 findings=[(3, 11)], messages=["這"],
                 fixed=SIMPLIFIED_ARTICLE + "\n\n" + TRADITIONAL_PASSAGE + "\n", unsafe=True),
            # a Traditional article whose paragraph really mixes the scripts
            Case(TRADITIONAL_ARTICLE + "\n\n" + TRADITIONAL_ARTICLE.replace("這篇", "这篇") + "\n",
                 findings=[(3, 1)], fixed=TRADITIONAL_ARTICLE + "\n\n" + TRADITIONAL_ARTICLE + "\n", unsafe=True),
            Case((TRADITIONAL_ARTICLE + "\n\n" + TRADITIONAL_ARTICLE.replace("這篇", "这篇") + "\n"),
                 findings=[(3, 1)], format="md"),
        ],
    )



def test_z003_other_script_passage_in_a_document_clearly_of_one_script():
    # six paragraphs of one script: the document is decided as a whole, and the
    # quoted passage of the other script is judged on its own
    simplified = "\n\n".join([SIMPLIFIED_ARTICLE] * 6)
    traditional = "\n\n".join([TRADITIONAL_ARTICLE] * 6)
    check_rule(
        "Z003",
        valid=[
            simplified + "\n\n" + TRADITIONAL_PASSAGE + "\n",
            (simplified + "\n\n> " + TRADITIONAL_PASSAGE + "\n", "md"),
            simplified + "书中写道“" + TRADITIONAL_PASSAGE + "”。\n",
            traditional + "\n\n" + SIMPLIFIED_PASSAGE + "\n",
        ],
        invalid=[
            Case(traditional + "\n\n" + SIMPLIFIED_PASSAGE.replace("这个", "這个") + "\n", findings=[(13, 11)],
                 fixed=traditional + "\n\n" + SIMPLIFIED_PASSAGE + "\n", unsafe=True),
            Case(simplified + "\n\n" + TRADITIONAL_PASSAGE.replace("這個", "这個") + "\n", findings=[(13, 11)],
                 fixed=simplified + "\n\n" + TRADITIONAL_PASSAGE + "\n", unsafe=True),
            Case(traditional + "\n\n" + TRADITIONAL_ARTICLE.replace("這篇", "这篇") + "\n", findings=[(13, 1)],
                 format="md"),
        ],
    )

# -- Z004: URLs, paths, e-mail addresses and placeholders are left alone --------------------------


def test_z004_leaves_urls_paths_and_placeholders_alone():
    check_rule(
        "Z004",
        valid=[
            "访问 https://example.org/文档/安装说明v2.html 查看",
            "请打开 http://例子.测试/路径A/页面B 了解详情",
            "打开 ./docs/中文README.md 文件",
            "打开 ../上级目录/配置file 文件",
            "路径 C:\\用户\\文档2 下",
            "路径 ~/下载/安装包v3 中",
            "运行 /usr/本地/bin2 里的程序",
            "格式 %s或%d 都行",
            "替换为 $1或$2 即可",
            "共 {0}个文件，{name}的文件",
            "共 %(count)d个文件",
            "第 %1$s个参数",
            "变量 ${名字}和${HOME}目录",
            ("地址 `src/中文path` 里", "txt"),
            ("地址 `src/中文path` 里", "md"),
            ("访问 https://example.org/文档/安装说明v2.html 查看\n", "md"),
        ],
        invalid=[
            # the edges of a URL or a path are the prose's: a space there changes nothing in them
            Case("访问https://example.org/a 查看", findings=[(1, 2)], fixed="访问 https://example.org/a 查看"),
            Case("联系admin@example.com 获取", findings=[(1, 2)], fixed="联系 admin@example.com 获取"),
            # a percentage is no placeholder; a fraction or A/B is no path
            Case("100%的人", findings=[(1, 4)], fixed="100% 的人"),
            Case("使用A/B测试", findings=[(1, 2), (1, 5)], fixed="使用 A/B 测试"),
            # a Markdown link's ")" ends its URL; a path in parentheses ends at the ")"
            Case("见[链接](https://example.org/文档)和Astro中", format="md", findings=[(1, 30), (1, 35)],
                 fixed="见[链接](https://example.org/文档)和 Astro 中"),
            Case("参见(/usr/lib/文件)和Astro中", findings=[(1, 16), (1, 21)], fixed="参见(/usr/lib/文件)和 Astro 中"),
            # prose around a URL is still checked
            Case("在GitHub上访问 https://github.com/中文项目", findings=[(1, 1), (1, 7)],
                 fixed="在 GitHub 上访问 https://github.com/中文项目"),
        ],
    )


# -- Z001: directives, shortcodes and damage marks --------------------------------------------------


def test_z001_leaves_directives_shortcodes_and_damage_marks_alone():
    check_rule(
        "Z001",
        valid=[
            (":::tip 提示\n这是内容。\n:::\n", "md"),
            ("::: warning 注意\n这里是说明\n:::\n", "md"),
            ("前文\n\n:::提示\n内容\n:::\n", "md"),
            ("前文\n\n:::提示[标题]\n内容\n:::\n", "mdx"),
            ":::注意\n这是一段说明。\n:::\n",
            "示例代码如下::\n\n    print(1)\n",
            "好的:smile:谢谢",
            "收到:+1:明白",
            "会议在12:30开始",
            # lost characters do not make a Spanish or English line Chinese
            "Descripci锟斤拷: texto de prueba, con acentos.",
            "Informaci锟斤拷n; otra l锟斤拷nea: fin",
            "Error 烫烫烫烫: memoria sin iniciar",
            "Fichier 屯屯屯屯, octets perdus",
            "The character 中: means middle, and 文, means writing.",
        ],
        invalid=[
            # next to real Chinese the mark is still found, damage mark or not
            Case("文件名锟斤拷:测试用例", findings=[(1, 7)], fixed="文件名锟斤拷：测试用例"),
            Case("注意:这是内容", findings=[(1, 3)], fixed="注意：这是内容"),
            Case("提示:\n\n:::tip\n内容,完\n:::\n", findings=[(1, 3), (4, 3)], format="md",
                 fixed="提示：\n\n:::tip\n内容，完\n:::\n"),
        ],
    )


# -- Z005 cjk-bracket-mismatch -------------------------------------------------------------------


def test_z005_bracket_and_quote_mismatch():
    check_rule(
        "Z005",
        valid=[
            "他称之为“纸”，而不是“布”。",
            "他稱之為「紙」，而不是『布』。",  # Traditional corner brackets are correct as they are
            "参见（附录一）和【注意】两节。",
            "参见 (附录一) 和 [注意] 两节。",  # ASCII pairs of one width: a house style
            "他说 \"Hello, world\" 然后走了。",  # quotes around English: left alone
            # ASCII quotes around Chinese where that is the text's own style: no full-width quotes
            # elsewhere, no converter's trace; or set off by spaces, as Latin words are
            "他称之为\"纸\"，不是布。",
            "这些 \"群岛\" 很好，“其他”也是，“第三个”也是。",
            "项目的 \"README\" 文件要先读。",
            'He said "中文" means Chinese.',  # an English sentence quoting Chinese
            '配置写成 {"name": "值", "id": 1} 即可。',  # JSON in prose
            '把 title="标题" 写进去。',
            '调用 print("你好") 输出。',
            "「這是」“混用”(a)（b）",
            "這是“一個例子。",  # a lost closing quote: no pair to fix
            "他说\"你好，然后走了。",  # one lost quote: no pair to fix
            "他说“你好，然后\"走\"了”。",  # ASCII quotes nested in full-width ones are pairs of their own
            ("代码 `print(\"你好\")` 和 `f（x)` 不是正文。", "md"),
            ("参见[文档](https://example.org/文档)和脚注[^1]。\n\n[^1]: 说明。\n", "md"),
            "本当に「テスト」です（注意)。ありがとうございます。",  # Japanese
            "",
            "English (only) text \"with\" quotes.",
        ],
        invalid=[
            # ASCII quotes where the text itself writes full-width ones
            Case("他称之为\"纸\"，不是“布”，也不是“绢”。", findings=[(1, 5)],
                 fixed="他称之为“纸”，不是“布”，也不是“绢”。"),
            Case("他稱之為\"紙\"，不是「布」，這是「常見」的寫法。", findings=[(1, 5)],
                 fixed="他稱之為「紙」，不是「布」，這是「常見」的寫法。"),  # the text writes 「」: so does the fix
            # ... or in a text a converter went over (ASCII commas glued to Chinese characters)
            Case("第一段,有逗号;还有分号:和冒号。\n\n他们叫它\"纸\"。\n", findings=[(3, 5)],
                 fixed="第一段,有逗号;还有分号:和冒号。\n\n他们叫它“纸”。\n"),
            Case("他们叫它\"纸\"，我们都知道,这是布。", findings=[(1, 5)],
                 fixed="他们叫它“纸”，我们都知道,这是布。"),
            Case("打开“设置\"页面", findings=[(1, 6)], fixed="打开“设置”页面"),
            Case("打开\"设置”页面", findings=[(1, 3)], fixed="打开“设置”页面"),
            Case("结果（输出乱码)，请重试", findings=[(1, 8)], fixed="结果（输出乱码），请重试"),
            Case("结果(输出乱码），请重试", findings=[(1, 3)], fixed="结果（输出乱码），请重试"),
            Case("【注意]请先备份", findings=[(1, 4)], fixed="【注意】请先备份"),
            Case("[注意】请先备份", findings=[(1, 1)], fixed="【注意】请先备份"),
            Case("他说‘好的'就走了", findings=[(1, 6)], fixed="他说‘好的’就走了"),
            Case("写成“[]\"即可", findings=[(1, 6)], fixed="写成“[]”即可"),
            Case("正文（说明)\n\n`代码（x)`\n", findings=[(1, 6)], format="md", fixed="正文（说明）\n\n`代码（x)`\n"),
            Case("# 标题\n\n他称之为\"纸\"，不是“布”，也不是“绢”。\n", findings=[(3, 5)], format="md",
                 fixed="# 标题\n\n他称之为“纸”，不是“布”，也不是“绢”。\n"),
            Case("- 【注意]请先备份，见[文档](https://example.org/a)。\n", findings=[(1, 6)], format="md",
                 fixed="- 【注意】请先备份，见[文档](https://example.org/a)。\n"),
            Case("> 打开“设置\"页面\n", findings=[(1, 8)], format="md", fixed="> 打开“设置”页面\n"),
            # quotes around a mostly English phrase, or across lines: found, the fix unsafe
            Case("请运行\"npm run build 命令\"再“试”一“次”", findings=[(1, 4)], fixed="请运行\"npm run build 命令\"再“试”一“次”"),
            Case("请运行\"npm run build 命令\"再“试”一“次”", findings=[(1, 4)], unsafe=True,
                 fixed="请运行“npm run build 命令”再“试”一“次”"),
            Case("他说（第一行\n第二行)完", findings=[(2, 4)], fixed="他说（第一行\n第二行)完"),
            Case("他说（第一行\n第二行)完", findings=[(2, 4)], unsafe=True, fixed="他说（第一行\n第二行）完"),
            # crossed widths: each pair is found, neither fix is safe
            Case("結果（見下文 (另一個）交叉)", findings=[(1, 8), (1, 15)], fixed="結果（見下文 (另一個）交叉)"),
        ],
    )


def test_z005_is_registered_in_family_z():
    assert "Z005" in select_rules(None)
    assert "Z005" in select_rules(["Z"])
    assert "Z005" in select_rules(["cjk-bracket-mismatch"])


def test_quoting_article_stays_silent():
    # a Simplified article that quotes Traditional passages (a blockquote, 「」, a paragraph),
    # with VitePress containers, a shortcode, a URL, a path, placeholders, JSON and a footnote
    text = (FIXTURES / "zh-cn-quoting.md").read_text(encoding="utf-8")
    for code in ("Z001", "Z002", "Z003", "Z004", "Z005"):
        assert findings_for(code, text, "md") == [], code


# -- the shared pre-checks: the same answers as one scan with the whole class --------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from textlint_rules import vocabulary  # noqa: E402

_CHARS = st.sampled_from(
    list("a 中\n") + ["\u3400", "\uf900", "\ud800", "\udc00", "\U00010000", "\U00020000", "\U0003134f",
                      "\U00031350", "\U0001f600", "\U0010ffff", "\uffff"]
)


@given(st.lists(_CHARS, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_astral_and_han_pre_checks_agree_with_a_class_scan(text):
    assert vocabulary.holds_astral(text) == bool(re.search("[\U00010000-\U0010ffff]", text))
    saved = vocabulary._ASTRAL_CHUNK
    try:
        vocabulary._ASTRAL_CHUNK = 3  # chunk by chunk, an astral character on any boundary
        assert vocabulary.holds_astral(text) == bool(re.search("[\U00010000-\U0010ffff]", text))
    finally:
        vocabulary._ASTRAL_CHUNK = saved
    assert vocabulary._holds_han(text) == bool(re.search(f"[{vocabulary.HAN}]", text))


@given(
    st.lists(st.sampled_from(list("干于后後里裡裏这這a\n")), max_size=40).map("".join),
    st.sets(st.sampled_from(list("干于后後里裡裏这這")), min_size=1),
    st.integers(0, 40),
    st.integers(0, 40),
)
@settings(max_examples=300, deadline=None)
def test_suspects_found_with_find_are_those_a_class_finds(text, suspects, start, end):
    from textlint_rules.chinese import scripts

    expected = [m.start() for m in scripts._suspect_pattern(frozenset(suspects)).finditer(text, start, end)]
    assert scripts._suspect_offsets(text, suspects, start, end) == expected


@given(st.lists(st.sampled_from(["中", "技", "(", ")", "（", "）", "ji", "jì", "3", " ", "a", "\n"]), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_annotations_found_bracket_by_bracket_are_those_of_one_scan(text):
    import re

    from textlint_rules.chinese import pinyin
    from textlint_rules.chinese.common import _HAN, _PINYIN_LETTERS

    # the one pattern the two per-bracket patterns stand for
    one_scan = re.compile(f"[(（](?<=[{_HAN}][(（])([{_PINYIN_LETTERS}]{{1,7}}[1-5]?)[)）]")
    expected = [(m.span(), m.group(1)) for m in one_scan.finditer(text)]
    assert [(m.span(), m.group(1)) for m in pinyin.annotations(text)] == expected
