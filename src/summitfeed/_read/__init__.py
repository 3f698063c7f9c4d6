"""Reading: article files (or text, mappings, posts) become checked articles.

Empty of imports: the quick answer loads :mod:`summitfeed._read.discover`
before anything else, and a package's ``__init__`` runs before its modules.
"""
