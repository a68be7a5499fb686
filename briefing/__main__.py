"""`python -m briefing` is the `briefing` command."""

from briefing.cli import main

raise SystemExit(main())
