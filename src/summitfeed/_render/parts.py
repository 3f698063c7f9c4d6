"""A feed document as its parts: a head, the items' fragments, a tail.

Each document format writes an item the same way in every feed of a site,
so a document is assembled from fragments, and an item rendered once (for
an earlier build, or by a reading worker) is not rendered again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from summitfeed._model import Feed, FeedItem

Fragment = bytes | memoryview
"""An item as a document holds it (see :class:`DocumentParts`): bytes, or a
view of the shared memory a reading worker wrote it to."""


class DocumentParts(NamedTuple):
    """A feed document but for its items: ``head``, then each item's
    fragment (joined by ``joiner``), then ``tail``.

    A document is so assembled from fragments, so that an item rendered for
    an earlier build (same settings, same summitfeed) is not rendered again.
    """

    head: bytes
    tail: bytes
    joiner: bytes = b""

    def join(self, items: Iterable[Fragment]) -> bytes:
        """The whole document, with these item fragments in order."""
        return b"".join(self.pieces(items))

    def pieces(self, items: Iterable[Fragment]) -> tuple[Fragment, ...]:
        """The whole document as the pieces it is made of, in order."""
        if not self.joiner:
            return (self.head, *items, self.tail)
        pieces: list[Fragment] = [self.head]
        for item in items:
            pieces += (item, self.joiner)
        if len(pieces) > 1:
            pieces.pop()  # (no joiner after the last item)
        pieces.append(self.tail)
        return tuple(pieces)


ItemRenderer = Callable[[FeedItem], bytes]
"""Renders one item as a document format writes it (see :class:`DocumentParts`)."""


def whole_document(feed: Feed, made: tuple[DocumentParts, ItemRenderer]) -> bytes:
    """``feed``'s document from its parts and its renderer, every item rendered."""
    parts, render = made
    return parts.join(render(item) for item in feed.items)
