import sys

from textlint.cli import main

sys.exit(main())
