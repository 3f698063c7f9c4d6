"""The ``summitfeed`` command: the quick answer, the options, each command's work.

Empty of imports: :mod:`summitfeed._cli.run` and its quick answer load first,
before anything else, and a package's ``__init__`` runs before its modules.
"""
