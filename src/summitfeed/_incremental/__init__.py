"""The same bytes, sooner: cache, snapshot, index and the parallel and helper executors.

Nothing in reading, rendering or writing imports this package. Empty of
imports: the quick answer loads some of its modules before anything else.
"""
