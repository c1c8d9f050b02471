"""The README's promises: its examples are valid content and its Quick start has two commands."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from cse_lessonpack.content import load_library

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"<!-- example: (?P<path>\S+) -->\n```markdown\n(?P<body>.*?)\n```", re.S)


def test_the_example_plan_and_activity_are_valid(lessons_copy: Path) -> None:
    examples = list(EXAMPLE.finditer(README))
    assert {m["path"] for m in examples} == {
        "plans/ks1/02-readme-example.md",
        "activities/readme-circle.md",
    }
    for match in examples:
        (lessons_copy / match["path"]).write_text(match["body"] + "\n", encoding="utf-8")
    library = load_library(lessons_copy)
    plan = next(p for p in library.plans if p.front.id == "ks1-readme-example")
    assert plan.front.before_teaching == "Agree the lesson with your DSL."
    assert "readme-circle" in library.activities


def test_quick_start_has_exactly_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.S)
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "cse-lessonpack build" in commands[0]
    assert "pytest" in commands[1] and ".[test]" in commands[1]


def test_the_filled_in_profile_example_builds(tmp_path: Path) -> None:
    # "A filled-in profile looks like this": a coordinator copies it and builds with it.
    from PIL import Image

    from cse_lessonpack.compose import check_tailoring
    from cse_lessonpack.profile import load_profile

    from .conftest import LESSONS, TEMPLATES

    section = README.split("## Tailoring for a school", 1)[1].split("\n## ", 1)[0]
    (example,) = re.findall(r"```toml\n(.*?)\n```", section, re.S)
    profile = tmp_path / "school.toml"
    profile.write_text(example + "\n", encoding="utf-8")
    Image.new("RGB", (80, 40), "#225588").save(tmp_path / "oakfield-logo.png")
    library = load_library(LESSONS)
    tailoring = load_profile(profile, TEMPLATES, partial(check_tailoring, library))
    assert tailoring.school_name == "Oakfield Academy"
    assert tailoring.dsl is not None and tailoring.dsl.phone
