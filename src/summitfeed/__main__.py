"""``python -m summitfeed``: the same as the ``summitfeed`` command."""

from summitfeed._cli.run import run

run()
