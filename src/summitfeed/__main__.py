"""``python -m summitfeed``: the same as the ``summitfeed`` command."""

from ._cli import main

raise SystemExit(main())
