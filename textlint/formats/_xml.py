"""What the XML formats (junit, checkstyle) share: escaping with the stdlib,
after replacing the characters XML 1.0 cannot hold at all.

``xml.sax.saxutils`` escapes ``& < > "`` but writes a control character
(a finding's message may quote one) as it is, which makes the document
ill-formed; XML 1.0 has no way to write U+0000-U+001F (but tab, line feed,
carriage return), a lone surrogate, U+FFFE or U+FFFF, even as a character
reference.  They are written as ``\\uXXXX`` text instead.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _xml_safe(value: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", value)


def text(value) -> str:
    """Element content."""
    return escape(_xml_safe(str(value)))


def attribute(value) -> str:
    """An attribute value with its quotes (line breaks kept as references)."""
    return quoteattr(_xml_safe(str(value)), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def attributes(**values) -> str:
    """``name="value"`` pairs in the order given; None values left out."""
    return " ".join(f"{name}={attribute(value)}" for name, value in values.items() if value is not None)
