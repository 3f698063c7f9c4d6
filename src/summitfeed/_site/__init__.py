"""Site settings: from ``summitfeed.toml``, the command line, or the files of
the generator a site was made for.

Empty of imports: the quick answer loads :mod:`summitfeed._site.inputs`.
"""
