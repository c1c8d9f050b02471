"""Table column widths shared by the renderers: by how much text each column holds."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Block, Callout, Heading, Letter, Table, Worksheet, plain_text

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


def width_basis(blocks: tuple[Block, ...]) -> dict[int, Table]:
    """For each table (by id) that shares its section with others of the same header, one
    table holding all their rows, to size every one of them by: tables with the same columns on
    the same page (a section's helplines for pupils and for adults) then line up, instead of
    each taking widths from its own few rows."""
    groups: dict[tuple[int, str, int], list[Table]] = {}
    section = 0

    def walk(found: tuple[Block, ...], top: bool) -> None:
        nonlocal section
        for block in found:
            if top and isinstance(block, Heading) and block.level == 1:
                section += 1
            elif isinstance(block, Table):
                header = "\t".join(plain_text(cell) for cell in block.header)
                key = (section, header, max(len(r) for r in (block.header, *block.rows)))
                groups.setdefault(key, []).append(block)
            elif isinstance(block, Letter):  # pages of their own, under a heading of the pack
                walk(block.blocks, top)
            elif isinstance(block, Callout | Worksheet):
                walk(block.blocks, False)

    walk(blocks, True)
    basis: dict[int, Table] = {}
    for tables in groups.values():
        if len(tables) > 1:
            merged = Table(tables[0].header, tuple(row for t in tables for row in t.rows))
            basis.update((id(t), merged) for t in tables)
    return basis


def fit_unbreakable(
    shares: list[float],
    table: Table,
    columns: int,
    measure: Callable[[str, bool], float],
    total: float,
    padding: float,
) -> list[float]:
    """Widen columns whose longest unbreakable word (a phone number, a web address) would not
    fit, taking the room from the others; ``measure(word, in_header)`` is its width in the
    units of ``total``, the table's width, and ``padding`` a cell's padding in those units."""
    need = [0.0] * columns
    for row_index, row in enumerate((table.header, *table.rows)):
        for index, content in enumerate(row):
            for word in _BREAKS.split(plain_text(content)):
                width = measure(word, row_index == 0) + padding
                need[index] = max(need[index], min(width, total * 0.6))
    # A column with nothing in its body is for pupils to write or draw in: it gets its whole
    # heading on one line ("My picture or word" broken over three lines left a strip too
    # narrow to draw in), within a third of the table.
    for index, heading in enumerate(table.header[:columns]):
        if table.rows and not any(
            plain_text(row[index]).strip() for row in table.rows if index < len(row)
        ):
            width = measure(plain_text(heading).strip(), True) + padding
            need[index] = max(need[index], min(width, total / 3))
    minimum = [n / total for n in need]
    if sum(minimum) >= 1:
        return [m / sum(minimum) for m in minimum]
    fixed = [max(share, low) for share, low in zip(shares, minimum, strict=True)]
    spare = [i for i in range(columns) if fixed[i] > minimum[i]]
    excess = sum(fixed) - 1
    while excess > 1e-6 and spare:
        room = sum(fixed[i] - minimum[i] for i in spare)
        for i in spare:
            fixed[i] -= excess * (fixed[i] - minimum[i]) / room
        excess = sum(fixed) - 1
        spare = [i for i in spare if fixed[i] > minimum[i] + 1e-9]
    return fixed


def choice_columns(widths: list[float], room: float, gap: float) -> int:
    """How many choices to circle go on each line: all of them when they fit on one line, the
    ``gap`` between each; else as many as equal columns as wide as the widest allow, spread so
    that no line holds one alone ("Block and report." under three others read as a new row)."""
    count = len(widths)
    if sum(widths) + gap * (count - 1) <= room:
        return count
    most = max(1, int((room + gap) // (max(widths) + gap)))
    lines = -(-count // most)
    return -(-count // lines)
