"""`python -m armsledger …` runs the command-line interface."""

from armsledger.cli import main

main()
