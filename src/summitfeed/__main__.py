"""``python -m summitfeed``: the same as the ``summitfeed`` command."""

from ._main import main

raise SystemExit(main())
