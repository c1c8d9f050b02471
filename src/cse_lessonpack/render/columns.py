"""Table column widths shared by the renderers: by how much text each column holds."""

from __future__ import annotations

import re

from ..model import Table, plain_text

_BREAKS = re.compile(r"[^\S\u00a0]+")  # a line may break at white space, but not a no-break space


def column_widths(table: Table, columns: int) -> list[float]:
    """Each column's share of the width (summing to 1), within sensible limits."""
    lengths = [0] * columns
    for row in (table.header, *table.rows):
        for index, cell in enumerate(row):
            text = plain_text(cell)
            longest_word = max((len(w) for w in _BREAKS.split(text)), default=0)
            lengths[index] = max(lengths[index], min(len(text), 120), longest_word * 2)
    weights = [max(length, 8) ** 0.75 for length in lengths]
    shares = [w / sum(weights) for w in weights]
    floor = 0.12 if columns <= 5 else 0.5 / columns
    shares = [max(share, floor) for share in shares]
    return [share / sum(shares) for share in shares]
