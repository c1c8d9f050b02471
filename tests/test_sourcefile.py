"""Reading YAML and front matter: located errors for malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cse_lessonpack.errors import ContentError
from cse_lessonpack.sourcefile import parse_yaml, read_text, split_front_matter


def _messages(error: ContentError) -> list[str]:
    return [f"{p.line}: {p.message}" for p in error.problems]


def test_duplicate_key_is_an_error_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: one\nversion: '1'\ntitle: two\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        parse_yaml(read_text(path))
    assert _messages(caught.value) == ["3: invalid YAML: duplicated key 'title' (first on line 1)"]


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: [unclosed\nc: 3\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        parse_yaml(read_text(path))
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert problem.message.startswith("invalid YAML: ")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: ok\n")
    assert parse_yaml(read_text(path)).data == {"title": "ok"}


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("title: ok\n".encode("utf-16"))
    with pytest.raises(ContentError) as caught:
        read_text(path)
    assert _messages(caught.value) == ["1: file is UTF-16; expected UTF-8 text"]


def test_latin1_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\ntitle: caf\xe9\n")
    with pytest.raises(ContentError) as caught:
        read_text(path)
    assert _messages(caught.value) == [
        "2: not valid UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]


def test_front_matter_must_be_closed(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nid: x\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        split_front_matter(read_text(path))
    assert _messages(caught.value) == [
        "1: front matter is not closed: expected a second line '---'"
    ]


def test_body_lines_continue_from_the_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nid: x\ntitle: y\n---\nfirst body line\n", encoding="utf-8")
    parts = split_front_matter(read_text(path))
    assert parts.body.first_line == 5
    assert parts.front.line_of(("title",)) == 3


def test_yaml_nested_as_deep_as_libyaml_allows_keeps_its_lines(tmp_path: Path) -> None:
    # LibYAML reads lists nested up to 1,000 deep; walking them for their lines must not overflow
    # Python's stack (a RecursionError traceback from `validate`).
    path = tmp_path / "x.yaml"
    path.write_text("title: one\ndeep: " + "[" * 999 + "]" * 999 + "\n", encoding="utf-8")
    loaded = parse_yaml(read_text(path))
    assert loaded.lines[("deep",)] == 2
    assert loaded.lines[("deep", *[0] * 998)] == 2
