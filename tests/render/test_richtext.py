"""Text for reportlab paragraphs: escaping, the fallback face and plain zeros."""

from __future__ import annotations

from cse_lessonpack.render.richtext import plain_zeros


def test_plain_zeros_take_the_face_their_place_asks_for_and_never_touch_markup() -> None:
    text = '<b>Childline 0800</b> or <i>1<b>0</b></i> <a href="https://x0.org" color="#4B2A70"><u>x0</u></a>'
    assert plain_zeros(text, "lato") == (
        '<b>Childline <font face="lato-bold">0</font>8<font face="lato-bold">0</font>'
        '<font face="lato-bold">0</font></b> or <i>1<b><font face="lato-bolditalic">0</font></b></i> '
        '<a href="https://x0.org" color="#4B2A70"><u>x<font face="lato-regular">0</font></u></a>'
    )
    assert plain_zeros("Call 999.", "lato") == "Call 999."
