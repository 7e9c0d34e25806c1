"""The built-in rule families, one plugin module (or package) per family.

Each module implements the ``textlint_rules`` hook and is registered under
the ``textlint`` entry-point group in pyproject.toml, exactly as a
third-party plugin would be.  Modules import nothing heavy at import time:
ftfy, OpenCC and the frequency tables load when a rule first needs them.
"""
