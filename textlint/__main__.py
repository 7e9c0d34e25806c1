"""``python -m textlint``: always this textlint, whatever ``textlint`` the PATH
finds first (the npm linter of the same name installs one too)."""
import sys

from textlint.cli import main

# A worker process started by "spawn" (Windows, or macOS's default) imports
# the main module again under another name: it must not run the command.
if __name__ == "__main__":
    sys.exit(main())
