"""Family C (not built yet)."""
import textlint


@textlint.hookimpl
def textlint_rules():
    return []
