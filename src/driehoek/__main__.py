"""`python -m driehoek` runs the command line."""

from driehoek.cli import main

raise SystemExit(main())
