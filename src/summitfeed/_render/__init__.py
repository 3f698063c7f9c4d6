"""Rendering: articles become feed items, feeds and document bytes.

No file is written and nothing forks here. Reading reaches in at two
points only: an article's body read again from its file when it holds none
(:func:`summitfeed._read.articles.read_body`), and the site's article URLs
for template tags that link to another (:mod:`summitfeed._read.links`).
"""
