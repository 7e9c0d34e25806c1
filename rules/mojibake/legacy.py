"""M005: a file that is not UTF-8 (the decoder fell back to a legacy
encoding, or bytes would not decode at all)."""
from __future__ import annotations

import re

from textlint import Finding, Fix
from textlint_rules.mojibake.encodings import encoding_name


def _legacy_encoding(doc) -> list[Finding]:
    decoded = doc.decoded
    if decoded.bad_offsets:
        return _invalid_bytes(doc, decoded.bad_offsets)
    if decoded.encoding.lower().replace("_", "-") in ("utf-8", "utf8", "ascii"):
        return []
    first_line_end = doc.text.find("\n")
    end = len(doc.text) if first_line_end < 0 else first_line_end
    name = encoding_name(decoded.encoding)
    if decoded.verdict is not None:  # a legacy code page: the evidence speaks
        from textlint_rules.legacy_encoding import describe

        message, applicability = describe(decoded.verdict, encoding_name)
        if applicability == "safe" and not decoded.certain:
            applicability = "unsafe"  # the bytes do not re-encode exactly
    elif decoded.certain:  # a byte order mark, or the one wide reading that is text
        message, applicability = f"File is encoded as {name}, not UTF-8", "safe"
    else:
        message, applicability = (
            f"File is not UTF-8; it reads best as {name}, but other readings are text too, "
            "so it is not transcoded"
        ), None
    declared = _declared_charset(doc)
    if declared is not None and applicability is not None:
        # transcoding alone would leave the page telling browsers to read UTF-8 as the old code page
        message += f"; the page declares charset={declared}, so it is not transcoded: change both together"
        applicability = None
    fix = None
    if applicability is not None:
        fix = Fix([], applicability, f"Store the file as UTF-8 (from {name})", encoding="utf-8")
    return [Finding(0, end, message, fix=fix, code="M005")]


_CHARSET_DECLARATION = re.compile(r"""<meta\b[^<>]*?\bcharset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _declared_charset(doc) -> str | None:
    """The legacy charset an HTML page's <meta> names, where HTML is the format's markup."""
    if not doc.html_is_markup:
        return None
    declaration = _CHARSET_DECLARATION.search(doc.text, 0, 4096)
    if declaration is None or declaration.group(1).lower().replace("_", "-") in ("utf-8", "utf8"):
        return None
    return declaration.group(1)


def _invalid_bytes(doc, offsets) -> list[Finding]:
    findings = []
    run_start = previous = None
    for offset in list(offsets) + [None]:
        if offset is not None and previous is not None and offset == previous + 1:
            previous = offset
            continue
        if run_start is not None:
            count = previous - run_start + 1
            findings.append(
                Finding(
                    run_start, previous + 1,
                    f"{count} byte{'s' if count > 1 else ''} not valid UTF-8 in a UTF-8 file "
                    "(shown as U+FFFD); the file is never rewritten, so mend it by hand",
                    code="M005",
                )
            )
        run_start = previous = offset
    return findings
