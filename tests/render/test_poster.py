"""The poster renderer: numbers, page boxes, QR code, colours, print finishing and determinism."""

from __future__ import annotations

import io
import re
from dataclasses import astuple, replace
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

from cse_lessonpack import colour, wording
from cse_lessonpack.content import Library
from cse_lessonpack.model import KeyStage
from cse_lessonpack.poster import Poster, PosterHelpline, PrintOptions
from cse_lessonpack.posters import compose_poster, load_posters
from cse_lessonpack.profile import Tailoring, tailoring_from_data
from cse_lessonpack.render.poster import (
    DESIGNS,
    PosterFitError,
    colour_pairs,
    geometry,
    inks,
    preview_png,
    render_poster,
    type_sizes,
)
from cse_lessonpack.typography import straighten

from ..conftest import TEMPLATES
from ..textextract import normalise, pdf_pages

AUDIENCES = ("parents", "primary-pupils", "secondary-pupils", "staff")
SIZES = ("A4", "A3", "A2")
TRIM = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55), "A2": (1190.55, 1683.78)}
TRIM_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594)}
MM = 72 / 25.4
LONG_NAME = (
    "The Church of England Voluntary Aided Federation of Saint Bartholomew and Saint Mary "
    "Magdalene Primary, Infant and Nursery Schools of Newcastle-under-Lyme and District"
)


@pytest.fixture(scope="module")
def posters(library: Library, tailoring: Tailoring) -> dict[str, Poster]:
    return {
        name: compose_poster(library, tailoring, source)
        for name, source in load_posters(library, TEMPLATES).items()
    }


@pytest.fixture(scope="module")
def rendered(posters: dict[str, Poster]) -> dict[tuple[str, str], bytes]:
    return {
        (name, size): render_poster(poster, PrintOptions(size))  # type: ignore[arg-type]
        for name, poster in posters.items()
        for size in SIZES
    }


def school_tailoring(folder: Path, name: str, **brand: str) -> Tailoring:
    logo = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    for x in range(40, 260):
        for y in range(40, 160):
            logo.putpixel((x, y), (20, 110, 60, 255))
    logo.save(folder / "logo.png")
    data = {
        "school": {"name": name, "logo": "logo.png"},
        "safeguarding": {"dsl_name": "Ms J Patel", "dsl_location": "the Pastoral Office"},
        "brand": brand,
    }
    return tailoring_from_data(data, folder / "school.toml", {}, TEMPLATES)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Tailoring:
    return school_tailoring(tmp_path_factory.mktemp("school"), "Oakfield Academy")


def boxes(pdf: bytes) -> dict[str, tuple[float, ...]]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return {
        name: tuple(round(float(v), 2) for v in box)
        for name, box in (
            ("media", page.mediabox),
            ("trim", page.trimbox),
            ("bleed", page.bleedbox),
        )
    }


def content_tokens(pdf: bytes) -> list[str]:
    """The page's content stream as operator and operand tokens, text strings removed."""
    stream = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert stream is not None
    raw = stream.get_data().decode("latin-1")
    return re.sub(r"\((?:\\.|[^\\)])*\)", " ", raw).split()


def fill_colours(tokens: list[str]) -> set[str]:
    """Every RGB fill colour set on the page, as #RRGGBB."""
    found = set()
    for index, token in enumerate(tokens):
        if token == "rg":
            r, g, b = (round(float(v) * 255) for v in tokens[index - 3 : index])
            found.add(f"#{r:02X}{g:02X}{b:02X}")
    return found


def render_image(pdf: bytes, dpi: float) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image: Image.Image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
        return image
    finally:
        document.close()


def pixel(image: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    value = image.convert("RGB").getpixel((x, y))
    assert isinstance(value, tuple)
    return (int(value[0]), int(value[1]), int(value[2]))


def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return max(abs(p - q) for p, q in zip(a, b, strict=True)) <= 2


# --- what the poster says ---------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_helpline_number_is_printed_exactly_as_in_helplines_yaml(
    library: Library, rendered: dict[tuple[str, str], bytes], audience: str, size: str
) -> None:
    text = pdf_pages(rendered[(audience, size)])[0]
    spec = load_posters(library, TEMPLATES, [audience])[audience].spec
    for entry in spec.helplines:
        helpline = library.helplines[entry.id]
        expected = helpline.phone or (helpline.website or "").removeprefix("https://www.")
        assert expected in text, (entry.id, expected)


@pytest.mark.parametrize("size", SIZES)
def test_the_secondary_posters_childline_note_keeps_call_or_chat_online_together(
    rendered: dict[tuple[str, str], bytes], size: str
) -> None:
    # A4 and A3 broke "… Call, or / chat online.", leaving "or" at a line's end.
    lines = [
        normalise(line) for line in pdf_pages(rendered[("secondary-pupils", size)])[0].splitlines()
    ]
    assert any(line.endswith("Call or chat online.") for line in lines), lines
    assert not any(line.endswith((" or", " Call")) for line in lines), lines


def test_the_numbers_checked_line_and_website_are_printed(
    rendered: dict[tuple[str, str], bytes],
) -> None:
    for (audience, _), pdf in rendered.items():
        text = normalise(pdf_pages(pdf)[0])
        assert "Numbers checked on 28 November 2026" in text
        site = "childline.org.uk" if audience == "primary-pupils" else "www.knowaboutcse.co.uk"
        assert site in text


def test_the_primary_poster_as_printed_passes_the_ks1_vocabulary_gate(
    library: Library, rendered: dict[tuple[str, str], bytes]
) -> None:
    stage = library.stages[KeyStage.KS1]
    text = pdf_pages(rendered[("primary-pupils", "A3")])[0]
    assert wording.gate(text, stage, stage.years) == []


def test_a_school_poster_shows_the_school_and_whom_to_talk_to(
    library: Library, school: Tailoring
) -> None:
    source = load_posters(library, TEMPLATES, ["primary-pupils"])["primary-pupils"]
    pdf = render_poster(compose_poster(library, school, source), PrintOptions("A4"))
    text = normalise(pdf_pages(pdf)[0])
    assert "Oakfield Academy" in text
    assert "talk to ms j patel in the pastoral office" in text.lower()
    images = [name for name in PdfReader(io.BytesIO(pdf)).pages[0].images]
    assert len(images) == 1  # the school's logo


@pytest.mark.parametrize("size", SIZES)
def test_the_plain_staff_poster_has_lines_to_write_the_dsl_in(
    rendered: dict[tuple[str, str], bytes], size: str
) -> None:
    # "Tell the DSL today" needs a name: printed without a school, the poster asks for one, and
    # for a number to reach them on (a reviewer found no room for a phone or extension).
    text = normalise(pdf_pages(rendered[("staff", size)])[0])
    assert (
        "Our Designated Safeguarding Lead Name, and the deputy’s name Where to find them "
        "Phone or extension" in text
    )
    assert "Where to find them" not in normalise(pdf_pages(rendered[("parents", size)])[0])


def test_a_school_staff_poster_names_its_dsl_instead_of_lines(
    library: Library, school: Tailoring
) -> None:
    source = load_posters(library, TEMPLATES, ["staff"])["staff"]
    pdf = render_poster(compose_poster(library, school, source), PrintOptions("A4"))
    text = normalise(pdf_pages(pdf)[0])
    assert "Where to find them" not in text
    assert "Talk to Ms J Patel in the Pastoral Office" in text


@pytest.mark.parametrize("size", SIZES)
def test_a_school_staff_poster_names_the_deputy_inside_the_margins(
    library: Library, school: Tailoring, size: str
) -> None:
    assert school.dsl is not None
    named = "Mr R Shah or <b>Mrs K Hill</b> & {{ x }}"  # a profile's text, shown as typed
    deputy = replace(school, dsl=replace(school.dsl, deputy=named))
    source = load_posters(library, TEMPLATES, ["staff"])["staff"]
    poster = compose_poster(library, deputy, source)
    pdf = render_poster(poster, PrintOptions(size))  # type: ignore[arg-type]
    text = normalise(pdf_pages(pdf)[0])
    assert f"Talk to Ms J Patel in the Pastoral Office. Deputies: {named}." in text
    dpi = 36
    margin_px = int((DESIGNS[size].margin - 3) * dpi / 72)
    assert edge_strips_are_clear(render_image(pdf, dpi), margin_px)
    # The line costs the poster a little of its scale, never the numbers' smallest size.
    sizes = type_sizes(poster, PrintOptions(size))  # type: ignore[arg-type]
    assert sizes.number >= DESIGNS[size].number_min
    assert min(sizes.headline, sizes.number) > max(sizes.text, sizes.action)


def test_untrusted_text_is_shown_literally(library: Library, tmp_path: Path) -> None:
    tricky = 'St Mary & St John <b>"Primary"</b> {{ x }}'
    tailored = school_tailoring(tmp_path, tricky)
    source = load_posters(library, TEMPLATES, ["staff"])["staff"]
    pdf = render_poster(compose_poster(library, tailored, source), PrintOptions("A4"))
    assert tricky in straighten(normalise(pdf_pages(pdf)[0]))


# --- layout -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_headline_and_numbers_are_the_largest_type(posters: dict[str, Poster], size: str) -> None:
    for poster in posters.values():
        sizes = type_sizes(poster, PrintOptions(size))  # type: ignore[arg-type]
        others = (sizes.text, sizes.action, sizes.strap, sizes.website, sizes.small)
        assert min(sizes.headline, sizes.number) > max(others), (poster.audience, sizes)


def test_a3_numbers_are_readable_from_two_metres(posters: dict[str, Poster]) -> None:
    for poster in posters.values():
        assert type_sizes(poster, PrintOptions("A3")).number >= 60, poster.audience


def test_each_size_is_designed_rather_than_scaled() -> None:
    # Type grows with reading distance, but margins, small print and the QR code do not grow in
    # proportion to the paper.
    linear = TRIM["A3"][0] / TRIM["A4"][0]
    a4, a3 = DESIGNS["A4"], DESIGNS["A3"]
    assert a3.small / a4.small < linear
    assert a3.qr / a4.qr < linear
    assert a3.margin / a4.margin < linear


def edge_strips_are_clear(image: Image.Image, margin_px: int) -> bool:
    """True when every row of the left and right margins, and every column of the top and
    bottom margins, is one colour: nothing is drawn inside the margins."""
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    for y in range(height):
        for xs in (range(margin_px), range(width - margin_px, width)):
            if len({pixels[x, y] for x in xs}) > 1:
                return False
    for x in range(width):
        for ys in (range(margin_px), range(height - margin_px, height)):
            if len({pixels[x, y] for y in ys}) > 1:
                return False
    return True


@pytest.mark.parametrize("size", SIZES)
def test_nothing_is_drawn_inside_the_margins(
    rendered: dict[tuple[str, str], bytes], size: str
) -> None:
    dpi = 36
    margin_px = int((DESIGNS[size].margin - 3) * dpi / 72)
    for audience in AUDIENCES:
        image = render_image(rendered[(audience, size)], dpi)
        assert edge_strips_are_clear(image, margin_px), audience


def long_name_parents(library: Library, folder: Path, size: str) -> bytes:
    """The parents' poster for a school with a very long name, at ``size``."""
    tailored = school_tailoring(folder, LONG_NAME)
    source = load_posters(library, TEMPLATES, ["parents"])["parents"]
    return render_poster(compose_poster(library, tailored, source), PrintOptions(size))  # type: ignore[arg-type]


@pytest.mark.parametrize("size", SIZES)
def test_a_long_school_name_stays_inside_the_margins(
    library: Library, tmp_path: Path, size: str
) -> None:
    pdf = long_name_parents(library, tmp_path, size)
    assert LONG_NAME in normalise(pdf_pages(pdf)[0])
    dpi = 36
    margin_px = int((DESIGNS[size].margin - 3) * dpi / 72)
    assert edge_strips_are_clear(render_image(pdf, dpi), margin_px)


@pytest.mark.parametrize("size", SIZES)
def test_a_long_school_names_lines_keep_clear_of_its_tiles_edge(
    library: Library, tmp_path: Path, size: str
) -> None:
    # The name's longest line ended 1.5-1.7 mm from the white tile's edge on A4: a print shop
    # asks for more, as a trim or a slip of registration would seem to cut into it.
    pdf = long_name_parents(library, tmp_path, size)
    dpi = 150
    image = render_image(pdf, dpi)
    seen = image.load()
    assert seen is not None
    edge_x = int((TRIM_MM[size][0] * MM - DESIGNS[size].margin) * dpi / 72) - 3
    white = (255, 255, 255)
    rows = [y for y in range(int(image.height * 0.25)) if seen[edge_x, y] == white]
    assert rows  # the tile, at the page's right margin
    gaps = []
    for y in rows:
        x = edge_x
        while x > 0 and min(seen[x, y]) > 200:  # white or nearly: no ink yet
            x -= 1
        gaps.append((edge_x + 3 - x) / dpi * 25.4)
    assert min(gaps) >= 2.0, f"{min(gaps):.2f} mm"


# The school's logo must be known from where each size is read: at least this tall (mm), unless
# the picture has too few pixels to print that large at 150 pixels an inch.
LOGO_MIN_MM = {"A4": 18, "A3": 25, "A2": 36}


def crest_tailoring(
    folder: Path, pixels: tuple[int, int], name: str = "Oakfield Academy", **safeguarding: str
) -> Tailoring:
    """A school whose logo is a shield ``pixels`` wide and high, filling its picture."""
    logo = Image.new("RGBA", pixels, (0, 0, 0, 0))
    width, height = pixels
    ImageDraw.Draw(logo).polygon(
        [(0, 0), (width - 1, 0), (width - 1, height * 0.6), (width / 2, height - 1)],
        fill=(20, 60, 140, 255),
    )
    logo.save(folder / "crest.png")
    data = {
        "school": {"name": name, "logo": "crest.png"},
        "safeguarding": {
            "dsl_name": "Ms J Patel",
            "dsl_location": "the Pastoral Office",
            "dsl_phone": "01632 960123",
            "deputy_dsl": "Mr R Shah or Mrs K Hill",
            **safeguarding,
        },
    }
    return tailoring_from_data(data, folder / "school.toml", {}, TEMPLATES)


def placed_images(pdf: bytes) -> list[tuple[float, float]]:
    """The width and height (mm) at which each picture is drawn on the page."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved = []
    placed = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            m = matrix
            matrix = (
                a * m[0] + b * m[2],
                a * m[1] + b * m[3],
                c * m[0] + d * m[2],
                c * m[1] + d * m[3],
                e * m[0] + f * m[2] + m[4],
                e * m[1] + f * m[3] + m[5],
            )
        elif operator == b"Do":
            placed.append((abs(matrix[0]) / MM, abs(matrix[3]) / MM))
    return placed


def type_size_of(pdf: bytes, word: str) -> float:
    """The smallest size (pt) at which a piece of text holding ``word`` is set."""
    sizes = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if word in text:
            sizes.append(size * abs(tm[3] or 1) * abs(cm[3] or 1))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert sizes, word
    return min(sizes)


@pytest.mark.parametrize("audience", ["staff", "parents", "primary-pupils"])
@pytest.mark.parametrize("pixels", [(1200, 1200), (400, 200), (300, 600)])
@pytest.mark.parametrize("size", SIZES)
def test_a_school_logo_is_big_enough_to_know_from_where_the_poster_is_read(
    library: Library, tmp_path: Path, size: str, pixels: tuple[int, int], audience: str
) -> None:
    # A square 1200 x 1200 crest printed 8 mm wide on A4, a 400 x 200 one 34 mm wide on A2.
    school = crest_tailoring(tmp_path, pixels)
    source = load_posters(library, TEMPLATES, [audience])[audience]
    poster = compose_poster(library, school, source)
    pdf = render_poster(poster, PrintOptions(size))  # type: ignore[arg-type]
    (placed,) = placed_images(pdf)
    width, height = placed
    wide, high = pixels
    assert abs(width / height - wide / high) < 0.01  # its shape kept
    assert wide / (width / 25.4) >= 149.9  # never enlarged past 150 pixels an inch
    assert width <= TRIM_MM[size][0] * 0.25  # and never wider than a quarter of the page
    assert height >= min(LOGO_MIN_MM[size], high / 150 * 25.4) - 0.05, placed
    if audience == "staff":  # the fullest poster with a school keeps its deputy's line
        assert "Deputies: Mr R Shah or Mrs K Hill." in normalise(pdf_pages(pdf)[0])


@pytest.mark.parametrize("size", SIZES)
def test_a_long_school_name_is_never_smaller_than_the_small_print(
    library: Library, tmp_path: Path, size: str
) -> None:
    school = crest_tailoring(tmp_path, (1200, 1200), LONG_NAME)
    for audience in ("staff", "parents", "primary-pupils"):
        source = load_posters(library, TEMPLATES, [audience])[audience]
        pdf = render_poster(compose_poster(library, school, source), PrintOptions(size))  # type: ignore[arg-type]
        assert LONG_NAME in normalise(pdf_pages(pdf)[0])
        assert type_size_of(pdf, "Bartholomew") >= DESIGNS[size].small - 0.05, audience
        (placed,) = placed_images(pdf)
        assert placed[1] >= LOGO_MIN_MM[size] - 0.05, audience


@pytest.mark.parametrize("size", SIZES)
def test_adults_posters_print_the_dsls_phone_large_under_their_name(
    library: Library, tmp_path: Path, size: str
) -> None:
    # In the DSL's sentence, the number staff ring first printed at 15 pt on A4, beside
    # national numbers at 38.
    school = crest_tailoring(tmp_path, (1200, 1200))
    for audience in ("staff", "parents"):
        source = load_posters(library, TEMPLATES, [audience])[audience]
        poster = compose_poster(library, school, source)
        pdf = render_poster(poster, PrintOptions(size))  # type: ignore[arg-type]
        text = normalise(pdf_pages(pdf)[0])
        assert "Talk to Ms J Patel in the Pastoral Office" in text
        (placed,) = placed_images(pdf)
        assert placed[1] >= LOGO_MIN_MM[size] - 0.05, audience  # never at the logo's cost
        if audience == "parents" and ", on 01632 960123." in text:
            # The fullest poster, with a square crest, has no room for it: back in the
            # sentence, rather than refused or the logo made smaller.
            continue
        assert "Talk to Ms J Patel in the Pastoral Office. 01632 960123" in text, audience
        number = type_sizes(poster, PrintOptions(size)).number  # type: ignore[arg-type]
        assert type_size_of(pdf, "960123") >= number * 0.6 - 0.05, audience
    # Pupils are pointed to the person, as on their pages: no phone.
    source = load_posters(library, TEMPLATES, ["secondary-pupils"])["secondary-pupils"]
    pdf = render_poster(compose_poster(library, school, source), PrintOptions(size))  # type: ignore[arg-type]
    assert "960123" not in normalise(pdf_pages(pdf)[0])


def test_a_school_logo_gives_way_a_little_before_a_poster_is_refused(
    library: Library, tmp_path: Path
) -> None:
    # A DSL line that takes two lines fills the parents' poster at A4: the crest is made shorter
    # than its usual minimum rather than the poster refused, but stays well above its old 8 mm.
    school = crest_tailoring(
        tmp_path,
        (1200, 1200),
        dsl_name="Mrs Katherine Worthington-Smythe",
        dsl_location="the Pastoral Support Office by the main reception",
    )
    source = load_posters(library, TEMPLATES, ["parents"])["parents"]
    pdf = render_poster(compose_poster(library, school, source), PrintOptions("A4"))
    (placed,) = placed_images(pdf)
    assert LOGO_MIN_MM["A4"] * 0.7 - 0.05 <= placed[1] <= LOGO_MIN_MM["A4"] + 0.05
    assert "Worthington-Smythe" in normalise(pdf_pages(pdf)[0])


def test_words_that_cannot_fit_are_refused(posters: dict[str, Poster]) -> None:
    long = "A point long enough to wrap onto several lines of the poster at any size. " * 2
    crowded = replace(
        posters["parents"],
        points=(long, long, long, long),
        helplines=tuple(
            PosterHelpline(f"Line {n}", "0808 800 5000", long, "phone") for n in "123456"
        ),
    )
    with pytest.raises(PosterFitError, match="do not fit on A4"):
        render_poster(crowded, PrintOptions("A4"))


# --- page boxes and print finishing -----------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_page_size_is_exactly_the_trim_size(
    rendered: dict[tuple[str, str], bytes], size: str
) -> None:
    width, height = TRIM[size]
    for audience in AUDIENCES:
        found = boxes(rendered[(audience, size)])
        assert found["media"] == (0, 0, width, height)
        assert found["trim"] == found["bleed"] == found["media"]


@pytest.mark.parametrize("size", SIZES)
def test_bleed_adds_to_every_side_and_sets_the_trim_and_bleed_boxes(
    posters: dict[str, Poster], size: str
) -> None:
    width_mm, height_mm = TRIM_MM[size]
    pdf = render_poster(posters["staff"], PrintOptions(size, bleed_mm=3))  # type: ignore[arg-type]
    found = boxes(pdf)
    media = (0, 0, round((width_mm + 6) * MM, 2), round((height_mm + 6) * MM, 2))
    assert found["media"] == media
    assert found["trim"] == (
        round(3 * MM, 2),
        round(3 * MM, 2),
        round((3 + width_mm) * MM, 2),
        round((3 + height_mm) * MM, 2),
    )
    assert found["bleed"] == found["media"]


def test_background_colour_runs_into_the_bleed(posters: dict[str, Poster]) -> None:
    poster = posters["staff"]
    pdf = render_poster(poster, PrintOptions("A4", bleed_mm=3))
    image = render_image(pdf, 72)
    band = colour.rgb(inks(poster.theme).band)
    # The outermost pixels of the page (in the bleed) at the top and bottom bands.
    for x, y in ((1, 1), (image.width - 2, 1), (1, image.height - 2), (image.width - 2, 4)):
        assert near(pixel(image, x, y), band)


def test_crop_marks_sit_outside_the_bleed(posters: dict[str, Poster]) -> None:
    options = PrintOptions("A4", bleed_mm=3, crop_marks=True)
    pdf = render_poster(posters["staff"], options)
    found = boxes(pdf)
    box = geometry(options)
    assert found["trim"] == tuple(round(v, 2) for v in box.trim_box)
    assert found["bleed"] == tuple(round(v, 2) for v in box.bleed_box)
    left = box.trim_box[0]
    assert left - box.bleed_box[0] == pytest.approx(3 * MM)
    assert found["media"][2] > found["bleed"][2]  # a slug for the marks
    dpi = 288
    image = render_image(pdf, dpi)

    def at(x_pt: float, y_from_top_pt: float) -> tuple[int, int, int]:
        return pixel(image, round(x_pt * dpi / 72), round(y_from_top_pt * dpi / 72))

    # Along the trim line, above the top-left corner: white in the bleed gap, dark on the mark.
    top = box.media[3] - box.trim_box[3]
    assert at(left, top - 3.5 * MM) == (255, 255, 255)  # just outside the bleed
    assert max(at(left, top - 7 * MM)) < 128  # on the mark


def test_cmyk_writes_every_colour_as_cmyk(library: Library, school: Tailoring) -> None:
    source = load_posters(library, TEMPLATES, ["parents"])["parents"]
    poster = compose_poster(library, school, source)
    pdf = render_poster(poster, PrintOptions("A3", bleed_mm=3, crop_marks=True, cmyk=True))
    tokens = content_tokens(pdf)
    assert "rg" not in tokens and "RG" not in tokens
    assert "k" in tokens and "K" in tokens
    (logo,) = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert logo.image is not None and logo.image.mode == "CMYK"  # the school's logo too
    # Separated as the vector colours are, with the grey in black ink: PIL's own conversion used
    # no black, so a black logo printed as three full inks.
    green = [round(v * 255) for v in colour.cmyk("#146E3C")]  # the test logo's colour
    pixel = logo.image.getpixel((logo.image.width // 2, logo.image.height // 2))
    assert all(abs(a - b) <= 1 for a, b in zip(pixel, green, strict=True)), (pixel, green)
    assert logo.image.getpixel((0, 0)) == (0, 0, 0, 0)  # white paper takes no ink
    plain = content_tokens(render_poster(poster, PrintOptions("A3")))
    assert "rg" in plain  # the test would notice RGB


def test_cmyk_uses_the_brands_chosen_inks_and_pure_black_text(posters: dict[str, Poster]) -> None:
    pdf = render_poster(posters["staff"], PrintOptions("A4", cmyk=True))
    tokens = content_tokens(pdf)
    fills = {
        tuple(round(float(v), 2) for v in tokens[i - 4 : i])
        for i, token in enumerate(tokens)
        if token == "k"
    }
    # The campaign's violet as brand.yaml gives it, not the formula's greyer C39 M66 Y0 K52;
    # text in black ink alone, not 89 % black screened into dots.
    assert (0.88, 1.0, 0.17, 0.16) in fills
    assert (0.0, 0.0, 0.0, 1.0) in fills
    assert not any(f[:3] == (0.0, 0.0, 0.0) and 0.85 < f[3] < 1 for f in fills)
    assert (0.39, 0.66, 0.0, 0.52) not in fills


def test_every_colour_drawn_is_one_of_the_layouts_colours(
    rendered: dict[tuple[str, str], bytes], posters: dict[str, Poster]
) -> None:
    # So the pairs that colour_pairs() reports are the colours the page really uses.
    allowed = set(astuple(inks(posters["staff"].theme)))
    for pdf in rendered.values():
        assert fill_colours(content_tokens(pdf)) <= allowed


# --- colours ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "brand",
    [
        {},
        {"primary": "#006747", "accent": "#B5E3D8"},
        # Just dark enough for white text, but not for numbers on the pale helpline cards.
        {"primary": "#767676", "accent": "#7FD3F7"},
    ],
)
def test_text_contrast_is_at_least_4_5_to_1(tmp_path: Path, brand: dict[str, str]) -> None:
    tailored = school_tailoring(tmp_path, "Oakfield Academy", **brand)
    for where, text, background in colour_pairs(tailored.theme):
        assert colour.contrast(text, background) >= 4.5, (where, text, background)


def test_the_schools_box_is_tinted_with_the_schools_own_colour(tmp_path: Path) -> None:
    # A green school's "Talk to Mrs K Hall" box was the campaign's lavender.
    green = school_tailoring(tmp_path, "Brook Lane High School", primary="#0B6E4F").theme
    assert inks(green).school_card == colour.tint("#0B6E4F", 0.9) == "#E7F0ED"
    assert colour.contrast(inks(green).text, inks(green).school_card) >= 4.5
    campaign = school_tailoring(tmp_path, "Brook Lane High School").theme
    assert inks(campaign).school_card == "#F2EDF8"  # the brand's own fill, unchanged


def test_numbers_fall_back_to_the_text_colour_when_the_brand_colour_is_too_pale(
    tmp_path: Path,
) -> None:
    theme = school_tailoring(tmp_path, "Oakfield Academy", primary="#767676").theme
    assert inks(theme).number == theme.text


# --- QR code ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_the_qr_code_decodes_to_the_website(
    rendered: dict[tuple[str, str], bytes], posters: dict[str, Poster], size: str
) -> None:
    pdf = rendered[("parents", size)]
    found = zxingcpp.read_barcodes(render_image(pdf, 100 if size == "A2" else 144))
    codes = [c for c in found if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert [c.text for c in codes] == [posters["parents"].website]
    assert codes[0].ec_level in {"M", "Q", "H"}


def test_the_primary_pupils_poster_leaves_out_the_campaigns_name_and_points_to_childline(
    rendered: dict[tuple[str, str], bytes], library: Library
) -> None:
    # "CSE" stands for words a young child's pages keep out; the logo, the strapline and the
    # campaign's site for adults were on the poster on their wall.
    pdf = rendered[("primary-pupils", "A4")]
    (text,) = pdf_pages(pdf)
    assert "CSE" not in text and "Know the signs" not in text
    childline = library.helplines["childline"].website
    assert "childline.org.uk" in text
    found = zxingcpp.read_barcodes(render_image(pdf, 144))
    assert [c.text for c in found] == [childline]
    (parents,) = pdf_pages(rendered[("parents", "A4")])
    assert "knowaboutcse.co.uk" in parents  # adults' posters keep the campaign's site
    # Nor does the file: a PDF viewer shows its title in the window, on a classroom screen.
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    assert info.title == "Poster: Primary pupils (Key Stages 1 and 2)"
    assert not any("CSE" in str(v) for v in info.values())


def test_the_qr_code_decodes_in_cmyk_with_bleed(posters: dict[str, Poster]) -> None:
    pdf = render_poster(
        posters["staff"], PrintOptions("A4", bleed_mm=5, crop_marks=True, cmyk=True)
    )
    found = zxingcpp.read_barcodes(render_image(pdf, 144))
    assert [c.text for c in found] == ["https://www.knowaboutcse.co.uk"]


# --- the file ---------------------------------------------------------------------------------


def test_a_posters_bytes_do_not_depend_on_source_date_epoch(
    posters: dict[str, Poster], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render_poster(posters["secondary-pupils"], PrintOptions("A4"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render_poster(posters["secondary-pupils"], PrintOptions("A4")) == first


def test_same_poster_gives_the_same_bytes(posters: dict[str, Poster]) -> None:
    for options in (PrintOptions("A3"), PrintOptions("A2", bleed_mm=3, crop_marks=True, cmyk=True)):
        first = render_poster(posters["secondary-pupils"], options)
        assert render_poster(posters["secondary-pupils"], options) == first
        assert preview_png(first) == preview_png(
            render_poster(posters["secondary-pupils"], options)
        )


def test_metadata_and_embedded_fonts(rendered: dict[tuple[str, str], bytes]) -> None:
    pdf = rendered[("parents", "A3")]
    reader = PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == "Know About CSE poster: Parents and carers"
    assert info.author == "Staffordshire and Stoke-on-Trent Safeguarding Children Boards"
    assert info.subject and info.subject.startswith("Know the signs. Report it.")
    assert "poster" in str(info.get("/Keywords")) and "A3" in str(info.get("/Keywords"))
    assert info.get("/CreationDate") == "D:20261128000000+00'00'"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"  # type: ignore[index]
    fonts = reader.pages[0]["/Resources"].get_object()["/Font"]  # type: ignore[index]
    for ref in fonts.values():
        font = ref.get_object()
        assert "Helvetica" not in str(font["/BaseFont"])
        descendant = font.get("/DescendantFonts")
        descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), font


def test_preview_is_a_png_of_the_trimmed_poster(posters: dict[str, Poster]) -> None:
    pdf = render_poster(posters["staff"], PrintOptions("A3", bleed_mm=3, crop_marks=True))
    image = Image.open(io.BytesIO(preview_png(pdf)))
    assert image.format == "PNG"
    assert image.width == 600
    assert image.height == pytest.approx(600 * 420 / 297, abs=2)
    # Trimmed: the top-left pixel is the header band, not the white slug or a crop mark.
    band = colour.rgb(inks(posters["staff"].theme).band)
    assert near(pixel(image, 0, 0), band)


def test_posters_print_typographic_quotes(library: Library, tmp_path: Path) -> None:
    # The secondary poster's "Search 'Report Remove'" and every "don't" once came out straight,
    # beside the packs' curly ones.
    tailored = school_tailoring(tmp_path, "St Bart's Academy")
    for name, source in load_posters(library, TEMPLATES, list(AUDIENCES)).items():
        text = normalise(
            pdf_pages(render_poster(compose_poster(library, tailored, source), PrintOptions("A4")))[
                0
            ]
        )
        assert '"' not in text and "'" not in text, name
        assert "St Bart\u2019s Academy" in text


@pytest.mark.parametrize("size", SIZES)
def test_a_school_names_initials_stay_on_one_line(
    library: Library, tmp_path: Path, size: str
) -> None:
    # The name's balanced lines read "St Bartholomew's C of / E (VC) Primary School".
    tailored = school_tailoring(tmp_path, "St Bartholomew's C of E (VC) Primary School")
    source = load_posters(library, TEMPLATES, ["primary-pupils"])["primary-pupils"]
    pdf = render_poster(compose_poster(library, tailored, source), PrintOptions(size))  # type: ignore[arg-type]
    lines = [" ".join(line.split()) for line in pdf_pages(pdf)[0].splitlines()]
    named = [line for line in lines if "Bartholomew" in line or "Primary School" in line]
    assert len(named) == 2 and "C of E" in named[0], named


@pytest.mark.parametrize(
    "name", ["The King's CE School, Wolverhampton", "Wolstanton High School, Newcastle-under-Lyme"]
)
@pytest.mark.parametrize("size", SIZES)
def test_a_long_last_word_is_not_cut_to_keep_it_with_the_one_before(
    library: Library, tmp_path: Path, name: str, size: str
) -> None:
    # Kept with the word before it, "School, Wolverhampton" was one word wider than the name's
    # room on an A2 poster with a wide logo, and reportlab cut it: "Scho / ol, Wolverhampton".
    logo = Image.new("RGB", (1200, 300), (20, 110, 60))
    logo.save(tmp_path / "logo.png")
    data = {
        "school": {"name": name, "logo": "logo.png"},
        "safeguarding": {"dsl_name": "Ms J Patel", "dsl_location": "the Pastoral Office"},
    }
    tailored = tailoring_from_data(data, tmp_path / "school.toml", {}, TEMPLATES)
    source = load_posters(library, TEMPLATES, ["parents"])["parents"]
    pdf = render_poster(compose_poster(library, tailored, source), PrintOptions(size))  # type: ignore[arg-type]
    words = set(pdf_pages(pdf)[0].split())
    assert set(name.replace("'", "\u2019").split()) <= words
