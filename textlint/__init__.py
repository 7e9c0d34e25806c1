"""textlint: find and repair prose damaged on its way between systems.

The public API is small: ``Rule`` (and ``CorpusRule`` for rules that see the
whole run), ``Finding``, ``Fix``, ``Edit``, ``FixPolicy`` (with
``Applicability`` and ``FixAvailability``) and ``hookimpl``; ``lint_text`` and
``fix_text`` for programs that lint strings.
"""
from textlint.version import __version__  # noqa: E402,F401

from textlint.model import (  # noqa: E402
    Applicability,
    CorpusRule,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    FixPolicy,
    Rule,
)
from textlint.plugins import hookimpl  # noqa: E402


def lint_text(text, **kwargs):
    """Lint a string; see :func:`textlint.api.lint_text`."""
    from textlint.api import lint_text as _lint_text

    return _lint_text(text, **kwargs)


def fix_text(text, **kwargs):
    """Fix a string; see :func:`textlint.api.fix_text`."""
    from textlint.api import fix_text as _fix_text

    return _fix_text(text, **kwargs)


__all__ = ["Applicability", "FixAvailability", "FixPolicy", "CorpusRule", "Edit", "Finding", "Fix", "Rule", "hookimpl", "lint_text", "fix_text", "__version__"]
