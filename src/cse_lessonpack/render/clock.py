"""PDF rendering that no build machine's SOURCE_DATE_EPOCH setting can change."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def without_source_date_epoch() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH while reportlab starts a file.

    reportlab seeds every file's /ID (and so the subset tags drawn from the file's bytes) with
    that variable when it is set, so the same content gave other bytes on a machine that sets it
    for other builds. The files' dates come from the content (``Meta.date``) either way.
    """
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
