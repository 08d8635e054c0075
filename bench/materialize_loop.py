"""Materialize every asset again and again (until stopped): the load behind the dashboard benchmark."""

import sys
from pathlib import Path

from pipelines.run import run_all

if __name__ == "__main__":
    while True:
        run_all(Path(sys.argv[1]))
