"""Rendering: articles become feed items, feeds and document bytes.

Pure: no file is read or written here, and nothing forks.
"""
