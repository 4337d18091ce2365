"""Every validation rule of the content format, with the exact message a user sees."""

from __future__ import annotations

import pytest

from report_builder.errors import ContentError
from report_builder.validate import load_brief

from conftest import FIXTURES

INVALID = FIXTURES / "invalid"
WARNINGS = FIXTURES / "warnings"

ERRORS = {
    "syntax-error.yaml": [
        "3:11: (yaml): YAML syntax error: '[' starts a list written inline, which must end with ']'\n"
        "     3 | sections: [\n"
        "       |           ^\n"
        "  fix: write it on one line, like [a, b]; or remove the '[' and write each item on its own line, "
        "starting with '- '"
    ],
    "duplicate-key.yaml": ["3:1: title: duplicate key 'title' (first defined at line 1)"],
    "unknown-key-suggestion.yaml": ["6:5: sections[0].bulets: unknown key 'bulets'; did you mean 'bullets'?"],
    "unknown-key-no-suggestion.yaml": [
        "3:1: colour: unknown key 'colour'; expected one of: title, subtitle, date, authors, "
        "organization, classification, layout, summary, sections, developments, conclusions, sources"
    ],
    "wrong-type.yaml": ["1:8: title: expected a string, got a list"],
    "not-a-mapping.yaml": ["1:1: (document): expected a brief (a mapping of fields), got a list"],
    "colon-in-text.yaml": [
        "6:9: sections[0].bullets[0]: expected a string, got a mapping "
        "(unquoted text containing ': ' starts a mapping; put the text in quotes)"
    ],
    "section-not-mapping.yaml": ["4:5: sections[0]: expected a section (a mapping of fields), got a string"],
    "chronology-not-bool.yaml": ["5:17: sections[0].chronology: expected true or false, got a string"],
    "missing-title.yaml": ["1:1: title: required field 'title' is missing"],
    "missing-sections.yaml": ["1:1: sections: required field 'sections' is missing"],
    "empty-sections.yaml": ["3:11: sections: needs at least one section"],
    "conclusion-no-text.yaml": ["7:5: conclusions[0].text: required field 'text' is missing"],
    "cited-source-invalid.yaml": ["7:5: sources[0].title: required field 'title' is missing"],
    "judgment-no-text.yaml": ["4:5: summary[0].text: required field 'text' is missing"],
    "bad-date.yaml": ["9:11: developments[1].date: '2024-13-01' is not a valid date"],
    "bad-date-text.yaml": [
        "7:11: developments[0].date: '15 April 2024' is not a valid date; write it as YYYY-MM-DD, YYYY-MM or YYYY"
    ],
    "partial-brief-date.yaml": ["2:7: date: '2024-04' is not a full date; this date needs YYYY-MM-DD"],
    "duplicate-section-id.yaml": ["5:5: sections[1].id: duplicate section id 'background' (first used at line 4)"],
    "duplicate-source-id.yaml": ["9:5: sources[1].id: duplicate source id 'a' (first used at line 7)"],
    "bad-source-id.yaml": ["7:9: sources[0].id: 'has space' is not a valid id; use letters, digits and - _ . : /"],
    "undefined-citation.yaml": [
        "6:9: sections[0].bullets[0]: cites 'kcna-2023', which is not defined in sources; did you mean 'kcna-2024'?"
    ],
    "undefined-development-source.yaml": [
        "9:15: developments[0].sources[0]: cites 'missing-id', which is not defined in sources; "
        "the brief has no `sources:`"
    ],
    "image-missing.yaml": ["6:13: sections[0].image.path: image file 'images/nothing.png' does not exist"],
    "image-outside.yaml": [
        "6:13: sections[0].image.path: image path '../conftest.py' leaves the brief's folder; "
        "keep images beside the YAML file"
    ],
    "source-url-scheme.yaml": ["9:10: sources[0].url: URL 'javascript:alert(1)' is not an http(s) URL"],
    "link-url-scheme.yaml": ["5:17: sections[0].paragraphs: link URL 'file:///etc/passwd' is not an http(s) URL"],
    "not-utf8.yaml": ["1:11: (file): the file is not UTF-8 text (byte 0xe9); save it as UTF-8"],
    "empty.yaml": ["1:1: (file): the file is empty"],
    "comments-only.yaml": ["1:1: (file): the file holds no YAML document"],
    "yaml-tag.yaml": [
        "4:12: sections[0].title: YAML tag '!!python/object/apply:os.system' is not allowed; "
        "briefs hold only plain text, lists and mappings"
    ],
    "billion-laughs.yaml": [
        "6:8: (yaml): aliases expand to more than 100,000 nodes; anchors and aliases may only repeat small pieces of text"
    ],
    "control-raw.yaml": [
        "3:16: (yaml): character U+0007 is not allowed in a YAML file; remove it\n"
        "     3 | subtitle: bell \u2407 here\n"
        "       |                ^"
    ],
    "control-escaped.yaml": [
        "3:11: subtitle: contains the control character U+0007, which Word, PowerPoint and PDF files cannot hold; "
        "remove it"
    ],
    "many-errors.yaml": [
        "2:7: date: '2024-02-30' is not a valid date",
        "4:5: sections[0].titel: unknown key 'titel'; did you mean 'title'?",
        "4:5: sections[0].title: required field 'title' is missing",
        "6:14: sections[1].bullets: expected a list or a string, got a mapping",
        "8:5: sources[0].title: required field 'title' is missing",
        "9:10: sources[0].url: URL 'ftp://example.org' is not an http(s) URL",
    ],
}

WARNING_MESSAGES = {
    "warn-order.yaml": [
        "9:5: warning: developments[1].date: 2023-09-12 comes before the previous development (2024-03); "
        "outputs show developments in date order"
    ],
    "warn-after-brief.yaml": ["7:5: warning: developments[0].date: 2024-05-01 is after the brief's date (2024-04-15)"],
    "warn-uncited.yaml": ["7:5: warning: sources[0]: source 'lonely' is never cited"],
    "warn-no-alt.yaml": [
        "6:7: warning: sections[0].image.alt: image has no alt text; screen readers will only read its caption"
    ],
}


def test_every_invalid_fixture_has_an_expected_message():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(ERRORS)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_message(name):
    display = f"tests/fixtures/invalid/{name}"
    with pytest.raises(ContentError) as caught:
        load_brief(INVALID / name, display)
    assert [str(d) for d in caught.value.diagnostics] == [f"{display}:{line}" for line in ERRORS[name]]


@pytest.mark.parametrize("name", sorted(WARNING_MESSAGES))
def test_warning_message(name):
    display = f"tests/fixtures/warnings/{name}"
    _, warnings = load_brief(WARNINGS / name, display)
    assert [str(d) for d in warnings] == [f"{display}:{line}" for line in WARNING_MESSAGES[name]]


def test_billion_laughs_is_refused_after_work_in_proportion_to_the_file(monkeypatch):
    """Refused by counting, not by expanding: what an alias stands for is weighed once per list, so a
    file of 100 values that would expand to billions takes a few hundred steps (counted, not timed)."""
    from report_builder import reader

    steps = []
    weigh = reader._Builder._weight

    def counted(self, node):
        steps.append(node)
        return weigh(self, node)

    monkeypatch.setattr(reader._Builder, "_weight", counted)
    with pytest.raises(ContentError) as caught:
        load_brief(INVALID / "billion-laughs.yaml")
    assert "aliases expand to more than" in str(caught.value.diagnostics[0])
    assert 0 < len(steps) < 1_000


def test_yaml_tag_runs_nothing(tmp_path):
    marker = tmp_path / "hacked"
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "title: !!python/object/apply:os.system ['touch " + str(marker) + "']\n"
        "date: 2024-04-15\nsections:\n  - title: A\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError):
        load_brief(brief)
    assert not marker.exists()


def test_small_aliases_are_allowed(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "title: &t Shared title\ndate: 2024-04-15\nsections:\n  - title: *t\n", encoding="utf-8"
    )
    loaded, _ = load_brief(brief)
    assert loaded.sections[0].title == "Shared title"


def test_sample_brief_is_valid_without_warnings(sample_brief):
    from conftest import SAMPLE

    _, warnings = load_brief(SAMPLE)
    assert warnings == []
    assert sample_brief.title == "Russia–DPRK Relations: Long-term or Ad-hoc?"


def test_sample_has_every_dated_event_with_the_corrected_lavrov_date(sample_brief):
    dates = {d.date.iso(): d.title.plain() for d in sample_brief.developments}
    for iso in ("2022-02-24", "2023-07-27", "2023-09-12", "2023-10-18", "2023-11-21", "2024-01-16",
                "2024-01-23", "2024-01-27", "2024-03-18", "2024-03-29", "2024-04-08", "2024-04-11"):
        assert iso in dates, iso
    assert "Lavrov" in dates["2023-10-18"]
    assert not any(d.date.iso().startswith("2024-10") for d in sample_brief.developments)
    assert all(d.date.latest <= sample_brief.date for d in sample_brief.developments)


def test_titled_judgments_headlines_and_layout_are_read(fixture_brief):
    brief = fixture_brief("valid/additions.yaml")
    assert brief.layout == "default"
    assert [(j.title, j.text.plain()) for j in brief.summary] == [
        ("Arms flows outpace legal trade", "Recorded deliveries grew three times faster than trade [1]."),
        (None, "A plain string judgment still works."),
    ]
    assert brief.summary[0].text.runs[1].bold
    assert brief.sections[0].headline.plain() == "Deliveries tripled while legal trade stalled [1]"
    assert brief.sections[0].headline.location.line == 10
    assert [(c.title, c.text.plain()) for c in brief.conclusions] == [
        (None, "Plain conclusion."), ("Outlook", "Cooperation continues, more slowly.")]
