"""Font subset tags that differ from file to file, as the PDF specification asks."""

from __future__ import annotations

import hashlib
import re

# reportlab tags every file's first subset of a face "AAAAAA+", its second "AAAAAB+" and so on,
# so two files carry different glyphs under one name; a print shop's RIP that gangs several
# posters on a sheet, or caches fonts by name, may then swap or drop letters.
_TAGGED = re.compile(rb"(/(?:BaseFont|FontName) /)([A-Z]{6})\+([A-Za-z0-9_.-]+)")


def tag_subsets(data: bytes) -> bytes:
    """The PDF with each subset's six-letter tag drawn from the file's own bytes.

    A tag keeps its length, so every offset in the cross-reference table still holds; the
    same file always gets the same tags.
    """
    digest = hashlib.sha256(data).digest()

    def retag(found: re.Match[bytes]) -> bytes:
        key = hashlib.sha256(digest + found[2] + b"+" + found[3]).digest()
        letters = bytes(ord("A") + byte % 26 for byte in key[:6])
        return found[1] + letters + b"+" + found[3]

    return _TAGGED.sub(retag, data)
