"""Write one set of output files after another until killed (see test_write.py).

Usage: python write_kill_child.py OUT_DIR FIRST_VERSION

Prints "ready" once it is about to start writing, then writes version
FIRST_VERSION, FIRST_VERSION + 1, ... of every file in NAMES, forever.
"""

from __future__ import annotations

import hashlib
import sys

NAMES = ("atom.xml", "feed.json", "feed.xml", "tags/x/feed.xml")


def make_files(version: int) -> dict[str, bytes]:
    """Version ``version`` of every file: a header, a checksum line, then a body."""
    files: dict[str, bytes] = {}
    for index, name in enumerate(NAMES):
        size = 1_000 + (version * 7_919 + index * 104_729) % 200_000
        unit = f"v{version} {name};".encode()
        body = (unit * (size // len(unit) + 1))[:size]
        digest = hashlib.sha256(body).hexdigest()
        files[name] = f"version {version}\nsha256 {digest}\n".encode() + body
    return files


def parse_version(data: bytes) -> int | None:
    """The version of a file made by make_files, or None if it is not complete."""
    try:
        version_line, checksum_line, body = data.split(b"\n", 2)
        label, number = version_line.split(b" ")
        algorithm, digest = checksum_line.split(b" ")
    except ValueError:
        return None
    if label != b"version" or algorithm != b"sha256":
        return None
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    return int(number)


def main(argv: list[str]) -> None:
    from summitfeed._write.files import write_output

    out_dir, version = argv[0], int(argv[1])
    print("ready", flush=True)
    while True:
        write_output(out_dir, make_files(version))
        version += 1


if __name__ == "__main__":
    main(sys.argv[1:])
