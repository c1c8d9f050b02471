"""Run the command line as ``python -m cse_lessonpack``."""

from .cli import main

main()
