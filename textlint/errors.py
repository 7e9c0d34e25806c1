"""Errors raised in one layer and reported by another.

The command line turns each into a message and exit status 2; the modules
that raise them (file discovery, corpus files, the pipeline, the plugins)
sit below it, so the errors live here, below both, and nothing in the
engine imports ``textlint.cli``.  ``ConfigError`` stays with the
configuration it describes (``textlint.config``).
"""
from __future__ import annotations


class UsageError(Exception):
    """The command was asked for something it cannot do; the message says what."""


class PathNotFound(Exception):
    """A path named on the command line does not exist."""


class PluginError(Exception):
    """A plugin failed to load or offered a broken rule."""
