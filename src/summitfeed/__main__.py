"""``python -m summitfeed``: the same as the ``summitfeed`` command."""

from ._main import run

run()
