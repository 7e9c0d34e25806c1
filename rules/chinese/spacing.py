"""Z004: no space between CJK and Latin letters or digits (off by default)."""
from __future__ import annotations

import bisect

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile
from textlint_rules.vocabulary import HAN as _HAN, has_han
from textlint_rules.chinese.common import _HANGUL, _HANGUL_CHAR, _KANA, _KANA_CHAR


# -- Z004 ---------------------------------------------------------------------------------------

_CJK_LETTERS = _HAN + _KANA + _HANGUL
# The character before a gap where autocorrect puts a space: CJK before a
# Latin letter or digit, or a Latin letter, digit or "%" before CJK.
_SPACING_GAP = lazy_compile(f"[{_CJK_LETTERS}](?=[A-Za-z0-9])|[A-Za-z0-9%](?=[{_CJK_LETTERS}])")

# What a space must not be put into.  Any of these needs one of the trigger
# characters, so a line without them pays one scan.
_VERBATIM_TRIGGER = lazy_compile(r"[/\\@%$`{]")
_NOT_IN_URL = "\\s<>\"'`，。；：！？、（）「」『』《》【】“”‘’|"
_VERBATIM = lazy_compile(
    # a URL: its path may hold CJK, and nothing tells where it ends but a space
    # or a full-width mark; parentheses only in pairs (a Markdown link's ")" ends it)
    f"(?P<url>(?:[A-Za-z][A-Za-z0-9+.-]*://|www\\.)(?:[^{_NOT_IN_URL}()\\[\\]]|\\([^{_NOT_IN_URL}()]*\\))+)"
    r"|(?P<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    # a path: an ASCII head, then separators and segments (which may hold CJK)
    f"|(?P<path>(?<![A-Za-z0-9_.~-])(?:~|\\.{{1,2}}|[A-Za-z]:)?[A-Za-z0-9_.-]*(?:[/\\\\][^{_NOT_IN_URL}/\\\\*?()\\[\\]]+)+[/\\\\]?)"
    r"|(?P<code>`[^`\n]+`)"
    # format placeholders: printf (%s, %1$s, %(count)d), $1 and ${name}, {0} and {name}
    r"|(?P<placeholder>(?<![0-9A-Za-z%])%(?:\([A-Za-z_]\w*\))?[-+#0]*(?:\d+\$)?\d*(?:\.\d+)?[sdifFeEgGxXocrbu@]"
    r"|\$\{[^}\n]{1,40}\}|\$\d{1,2}(?![\d.,])|\{\{?[A-Za-z_0-9.]{0,40}\}\}?)"
)
_FILE_EXTENSION = lazy_compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}(?![A-Za-z0-9])")


def _looks_like_path(text: str, start: int, end: int) -> bool:
    """A ``path`` match that is a path, not ``A/B``, ``1/2`` or ``和/或``: it
    starts at a root (``./``, ``../``, ``~/``, ``C:\\``, ``\\\\``), or it has
    two separators or a file extension."""
    token = text[start:end]
    if token.startswith(("./", "../", "~/", ".\\", "..\\", "\\\\")) or token[1:3] in (":\\", ":/"):
        return True
    return token.count("/") + token.count("\\") >= 2 or _FILE_EXTENSION.search(token) is not None


def _verbatim_spans(doc, line: int) -> tuple[list[int], list[int], list[bool]]:
    """Starts, ends and whether each is a placeholder, of the URLs, e-mail
    addresses, paths, backquoted code and format placeholders on a line.
    Asked only of lines with a gap in their prose, and kept."""
    cache = doc.memo.setdefault("chinese.verbatim", {})
    spans = cache.get(line)
    if spans is None:
        text = doc.text
        start, end = doc.line_span(line)
        starts, ends, placeholders = [], [], []
        if _VERBATIM_TRIGGER.search(text, start, end):
            for match in _VERBATIM.finditer(text, start, end):
                if match.lastgroup == "path" and not _looks_like_path(text, *match.span()):
                    continue
                starts.append(match.start())
                ends.append(match.end())
                placeholders.append(match.lastgroup == "placeholder")
        spans = cache[line] = (starts, ends, placeholders)
    return spans


def _in_verbatim(doc, gap: int) -> bool:
    """Whether the gap before ``text[gap]`` is inside a URL, a path, an
    address or code, or touches a placeholder (``%s或``)."""
    starts, ends, placeholders = _verbatim_spans(doc, doc.line_index(gap))
    if not starts:
        return False
    index = bisect.bisect_right(starts, gap) - 1
    for i in (index, index - 1):
        if i >= 0 and (starts[i] <= gap <= ends[i] if placeholders[i] else starts[i] < gap < ends[i]):
            return True
    return False


class CjkLatinSpacing(textlint.Rule):
    """No space between CJK characters and Latin letters or digits.

    ## What it does
    Finds a CJK character (Han, kana or hangul) directly next to a Latin
    letter or a digit (or a `%` before CJK), where autocorrect and zhlint
    put a space.

    ## Why is this bad?
    It is a house style, widely followed in Chinese technical writing: a space
    sets Latin words and numbers off from the characters around them.
    Off unless selected, because many texts follow the opposite style.

    ## Example
    ```
    使用Python开发
    ```

    ## Use instead
    ```
    使用 Python 开发
    ```

    ## Legitimate uses left alone
    Full-width punctuation next to Latin text (`中文，English`); brackets and
    quotes (`《Python》`); Markdown code. Gaps inside a URL
    (`https://example.org/文档/v2说明.html`), a path (`./docs/中文README.md`,
    `C:\\用户\\文档2`, `~/下载/v3`), an e-mail address or backquoted code
    (in plain text too), and gaps that touch a format placeholder (`%s或%d`,
    `$1或$2`, `%(count)d个`, `${name}`, `{0}`): a space there would change
    what the program or the reader types. The edges of a URL or an address
    are the prose's (`访问 https://…`). A path needs a root (`./`, `~/`, a
    drive), two separators or a file extension: `A/B测试` is prose.

    ## Fix safety
    Safe: a space is inserted, as `autocorrect` does.
    """

    code = "Z004"
    name = "cjk-latin-spacing"
    summary = "No space between CJK and Latin letters or digits"
    family = "Z"
    default_enabled = False
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.SAFE)

    def check(self, doc):
        if not has_han(doc) and not _KANA_CHAR.search(doc.text) and not _HANGUL_CHAR.search(doc.text):
            return
        for match in _SPACING_GAP.finditer(doc.text):
            start, gap = match.start(), match.end()
            if not doc.is_prose(start, gap + 1) or _in_verbatim(doc, gap):
                continue
            yield Finding(
                start,
                gap + 1,
                f"No space between '{doc.text[start]}' and '{doc.text[gap]}'",
                fix=Fix([Edit(gap, gap, " ")], "safe", "Insert a space"),
            )
