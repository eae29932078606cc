"""The bundle's program: `inspector-app` exactly as the installed console script runs it."""

import sys

from inspector_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
