"""The same bytes, sooner: the cache, the snapshot, the index of file states,
the fragments and parts of documents, and the policy that picks a build's
way (:mod:`summitfeed._incremental.policy` has the table).

Nothing in reading, rendering or writing imports this package. Empty of
imports: the quick answer loads some of its modules before anything else.
"""
