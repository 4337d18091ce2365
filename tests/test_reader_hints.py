"""YAML mistakes everyone makes: the line and column, the line with a caret, and how to fix it.

Each message starts with the usual `FILE:LINE:COL: (yaml): ...` line, so editors can jump to it.
"""

from __future__ import annotations

import pytest

from report_builder.errors import ContentError
from report_builder.validate import load_brief

from conftest import FIXTURES, run_cli

MISTAKES = FIXTURES / "yaml-mistakes"

EXPECTED = {
    'apostrophe-in-single-quotes.yaml': (
        "apostrophe-in-single-quotes.yaml:1:11: (yaml): YAML syntax error: this ' ends the quoted text early; the rest of it is left over\n"
        "     1 | title: 'It's what changed'\n"
        '       |           ^\n'
        "  fix: inside '…', write ' as '', or quote the text with the other kind of quote; the line should read:\n"
        '     1 | title: "It\'s what changed"'
    ),
    'bullet-out-of-line.yaml': (
        "bullet-out-of-line.yaml:7:6: (yaml): YAML syntax error: this '-' item is indented by 5 spaces, but the '-' item on line 6 by 6 spaces\n"
        '     7 |      - Two.\n'
        '       |      ^\n'
        '  fix: indent it by 6 spaces: the fields of one mapping, and the items of one list, start in the same column; the line should read:\n'
        '     7 |       - Two.'
    ),
    'bullets-indented-too-little.yaml': (
        "bullets-indented-too-little.yaml:5:4: (yaml): YAML syntax error: 'bullets:' is indented by 3 spaces, but 'title:' on line 4 by 4 spaces\n"
        '     5 |    bullets:\n'
        '       |    ^\n'
        '  fix: indent it by 4 spaces: the fields of one mapping, and the items of one list, start in the same column; the line should read:\n'
        '     5 |     bullets:'
    ),
    'colon-in-section-title.yaml': (
        "colon-in-section-title.yaml:4:19: (yaml): YAML syntax error: ': ' (a colon and a space) inside unquoted text starts another field\n"
        '     4 |   - title: Outlook: two paths\n'
        '       |                   ^\n'
        '  fix: put the whole text in quotes; the line should read:\n'
        '     4 |   - title: "Outlook: two paths"'
    ),
    'colon-in-title.yaml': (
        "colon-in-title.yaml:1:13: (yaml): YAML syntax error: ': ' (a colon and a space) inside unquoted text starts another field\n"
        '     1 | title: Sahel: what changed\n'
        '       |             ^\n'
        '  fix: put the whole text in quotes; the line should read:\n'
        '     1 | title: "Sahel: what changed"'
    ),
    'comment-in-inline-list.yaml': (
        "comment-in-inline-list.yaml:5:21: (yaml): YAML syntax error: ' #' starts a comment in YAML, which hides the rest of this line, with the bracket that closes it\n"
        '     5 |     bullets: [Point #1, two]\n'
        '       |                     ^\n'
        '  fix: put Point #1 in quotes; the line should read:\n'
        '     5 |     bullets: ["Point #1", two]'
    ),
    'dash-without-space.yaml': (
        "dash-without-space.yaml:6:3: (yaml): YAML syntax error: a list item needs a space after its '-'\n"
        '     6 |   -title: Outlook\n'
        '       |   ^\n'
        "  fix: write '- ' (a dash and a space) before the item; the line should read:\n"
        '     6 |   - title: Outlook'
    ),
    'key-indented.yaml': (
        "key-indented.yaml:2:3: (yaml): YAML syntax error: 'date:' is indented by 2 spaces, but 'title:' on line 1 is not indented\n"
        '     2 |   date: 2024-04-15\n'
        '       |   ^\n'
        '  fix: start it in the first column: the fields of one mapping, and the items of one list, start in the same column; the line should read:\n'
        '     2 | date: 2024-04-15'
    ),
    'link-first.yaml': (
        "link-first.yaml:6:9: (yaml): YAML syntax error: text that starts with '[' must be in quotes; YAML reads '[' as the start of a list written inline, like [a, b]\n"
        '     6 |       - [UN panel](https://example.org) says so.\n'
        '       |         ^\n'
        '  fix: put the whole text in quotes; the line should read:\n'
        '     6 |       - "[UN panel](https://example.org) says so."'
    ),
    'markup-first.yaml': (
        "markup-first.yaml:4:5: (yaml): YAML syntax error: text that starts with '*' must be in quotes; YAML reads '*' as the start of an alias (a reference to an anchor), not italic or bold markup\n"
        '     4 |   - **Arms flows** outpace trade.\n'
        '       |     ^\n'
        '  fix: put the whole text in quotes; the line should read:\n'
        '     4 |   - "**Arms flows** outpace trade."'
    ),
    'no-space-after-colon.yaml': (
        'no-space-after-colon.yaml:1:6: (yaml): YAML syntax error: a field needs a space after its colon\n'
        '     1 | title:Sahel\n'
        '       |      ^\n'
        "  fix: write 'name: value', with a space after the ':'; the line should read:\n"
        '     1 | title: Sahel'
    ),
    'tab.yaml': (
        'tab.yaml:5:1: (yaml): YAML syntax error: a tab in the indentation; YAML indents with spaces only\n'
        '     5 | →bullets:\n'
        '       | ^\n'
        '  fix: replace the tab with spaces; the line should read:\n'
        '     5 |     bullets:'
    ),
    'text-after-quote.yaml': (
        'text-after-quote.yaml:1:15: (yaml): YAML syntax error: text continues after the closing quote (")\n'
        '     1 | title: "Sahel" after the coup\n'
        '       |               ^\n'
        '  fix: a quoted text must be quoted as a whole: put the quotes around all of it; the line should read:\n'
        '     1 | title: \'"Sahel" after the coup\''
    ),
    'unclosed-bracket.yaml': (
        "unclosed-bracket.yaml:3:10: (yaml): YAML syntax error: the '[' here is never closed with ']'\n"
        '     3 | authors: [Ann, Bo\n'
        '       |          ^\n'
        "  fix: close the list with ']' (separate its items with ', '); the line should read:\n"
        '     3 | authors: [Ann, Bo]'
    ),
    'unclosed-quote.yaml': (
        'unclosed-quote.yaml:1:8: (yaml): YAML syntax error: the quote (") that starts here is never closed\n'
        '     1 | title: "Sahel: what changed\n'
        '       |        ^\n'
        '  fix: end the text with a matching "; inside "…", write a double quote as \\"; the line should read:\n'
        '     1 | title: "Sahel: what changed"'
    ),
}

def test_every_mistake_fixture_has_its_expected_message():
    assert sorted(p.name for p in MISTAKES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_located_hint(name):
    with pytest.raises(ContentError) as caught:
        load_brief(MISTAKES / name, name)
    assert [str(d) for d in caught.value.diagnostics] == [EXPECTED[name]]


def test_check_prints_the_hint_under_the_usual_first_line(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: Sahel: what changed\ndate: 2024-04-15\nsections:\n  - title: Background\n",
                     encoding="utf-8")
    result = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "brief.yaml:1:13: (yaml): YAML syntax error: ': ' (a colon and a space) inside unquoted text "
        "starts another field",
        "     1 | title: Sahel: what changed",
        "       |             ^",
        "  fix: put the whole text in quotes; the line should read:",
        '     1 | title: "Sahel: what changed"',
        "1 error",
    ]


def test_the_suggested_line_parses_to_the_intended_text(tmp_path):
    """Applying the fix is enough: the corrected file is valid and keeps the text."""
    from report_builder.reader import parse_yaml

    for name in ("colon-in-title.yaml", "colon-in-section-title.yaml", "markup-first.yaml", "link-first.yaml",
                 "text-after-quote.yaml", "unclosed-quote.yaml", "unclosed-bracket.yaml", "tab.yaml",
                 "bullets-indented-too-little.yaml", "bullet-out-of-line.yaml", "key-indented.yaml",
                 "no-space-after-colon.yaml", "apostrophe-in-single-quotes.yaml",
                 "dash-without-space.yaml", "comment-in-inline-list.yaml"):
        text = (MISTAKES / name).read_text(encoding="utf-8")
        line, corrected = EXPECTED[name].split(":")[1], EXPECTED[name].splitlines()[-1].split(" | ", 1)[1]
        lines = text.split("\n")
        lines[int(line) - 1] = corrected
        fixed = tmp_path / name
        fixed.write_text("\n".join(lines), encoding="utf-8")
        parse_yaml(fixed.read_text(encoding="utf-8"), name)
        brief, _ = load_brief(fixed, name)
        if name == "apostrophe-in-single-quotes.yaml":
            assert brief.title == "It's what changed"


def test_wide_characters_keep_the_caret_under_the_column():
    from report_builder.reader import parse_yaml

    with pytest.raises(ContentError) as caught:
        parse_yaml("title: 러시아와 북한: 관계\n", "b.yaml")
    first, source, caret, *_ = str(caught.value.diagnostics[0]).splitlines()
    assert first.startswith("b.yaml:1:15: (yaml):")
    assert source == "     1 | title: 러시아와 북한: 관계"
    assert caret == "       |" + " " * 21 + "^"  # 7 + 4 * 2 + 1 + 2 * 2 columns


def test_a_mistake_no_rule_knows_keeps_the_parsers_words_and_a_caret():
    from report_builder.reader import parse_yaml

    with pytest.raises(ContentError) as caught:
        parse_yaml("title: T\n---\nother: document\n", "b.yaml")
    assert str(caught.value.diagnostics[0]).splitlines() == [
        "b.yaml:2:1: (yaml): YAML syntax error: but found another document "
        "(expected a single document in the stream that starts at line 1)",
        "     2 | ---",
        "       | ^",
    ]


def test_a_forbidden_character_after_a_wide_one_is_located_on_its_own_line():
    """libyaml counts UTF-8 bytes; the message counts characters, as editors do."""
    from report_builder.reader import parse_yaml

    with pytest.raises(ContentError) as caught:
        parse_yaml('title: "\U00010000\x7f"\ndate: 2024-04-15\n', "b.yaml")
    assert str(caught.value.diagnostics[0]).splitlines() == [
        "b.yaml:1:10: (yaml): character U+007F is not allowed in a YAML file; remove it",
        '     1 | title: "\U00010000\u2421"',
        "       |          ^",
    ]


# ' #' inside unquoted text: valid YAML that quietly cuts the text ----------------------


def test_text_cut_by_a_comment_that_reads_like_content_is_a_located_warning(tmp_path):
    brief = tmp_path / "cut.yaml"
    brief.write_text(
        "title: Issue #5 update\n"
        "date: 2024-04-15  # a real comment\n"
        "subtitle: C# and F#\n"
        "sections:\n"
        "  - title: Background\n"
        "    bullets:\n"
        "      - Point one #hashtag\n"
        "      - 'quoted #x'\n"
        "      - plain # a real comment\n",
        encoding="utf-8",
    )
    brief_model, warnings = load_brief(brief, "cut.yaml")
    assert brief_model.title == "Issue"  # YAML's reading: the warning is how the user learns of it
    assert [str(w) for w in warnings if "' #'" in w.message] == [
        "cut.yaml:1:14: warning: title: ' #' starts a comment in YAML, so this text ends before it: 'Issue', "
        "without '#5 update'\n"
        "     1 | title: Issue #5 update\n"
        "       |              ^\n"
        "  fix: if the rest is part of the text, put the whole text in quotes; the line should read:\n"
        '     1 | title: "Issue #5 update"\n'
        "  (if it is a comment, put a space after the '#')",
        "cut.yaml:7:19: warning: sections[0].bullets[0]: ' #' starts a comment in YAML, so this text ends before "
        "it: 'Point one', without '#hashtag'\n"
        "     7 |       - Point one #hashtag\n"
        "       |                   ^\n"
        "  fix: if the rest is part of the text, put the whole text in quotes; the line should read:\n"
        '     7 |       - "Point one #hashtag"\n'
        "  (if it is a comment, put a space after the '#')",
    ]
    # The suggested line gives the whole text.
    brief.write_text(brief.read_text(encoding="utf-8").replace("title: Issue #5 update", 'title: "Issue #5 update"'),
                     encoding="utf-8")
    assert load_brief(brief, "cut.yaml")[0].title == "Issue #5 update"


def test_a_cut_text_fails_a_strict_check(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "b.yaml").write_text("title: Plan #2\ndate: 2024-04-15\nsections:\n  - title: A\n    bullets: [x]\n",
                                   encoding="utf-8")
    assert run_cli("check", cwd=tmp_path).returncode == 0
    strict = run_cli("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 2 and "source/b.yaml:1:13: warning: title: ' #' starts a comment" in strict.stderr


def test_a_list_item_without_its_space_read_as_text_is_a_located_warning(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: A\n    bullets:\n      -one\n      - two\n",
                     encoding="utf-8")
    _, warnings = load_brief(brief, "b.yaml")
    assert [str(w) for w in warnings] == [
        "b.yaml:6:7: warning: sections[0].bullets: this text starts with '-' and no space, so YAML reads it as "
        "text, not a list item: '-one - two'\n"
        "     6 |       -one\n"
        "       |       ^\n"
        "  fix: if this is a list item, put a space after the '-'; the line should read:\n"
        "     6 |       - one"
    ]


def test_a_value_that_yaml_reads_as_a_comment_is_named_with_the_fix(tmp_path):
    """`title: #1 priority` leaves the value empty: an error where the field is required, else a warning."""
    brief = tmp_path / "b.yaml"
    brief.write_text("title: #1 priority\ndate: 2024-04-15\nsubtitle:   # optional, a real comment\n"
                     "organization: #ops\nsections:\n  - title: A\n    bullets: [x]\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_brief(brief, "b.yaml")
    assert [str(d) for d in caught.value.diagnostics] == [
        "b.yaml:1:8: title: this value is empty: ' #' starts a comment in YAML, so '#1 priority' is not read\n"
        "     1 | title: #1 priority\n"
        "       |        ^\n"
        "  fix: put it in quotes; the line should read:\n"
        '     1 | title: "#1 priority"',
        "b.yaml:4:15: warning: organization: this value is empty: ' #' starts a comment in YAML, so '#ops' is not "
        "read\n"
        "     4 | organization: #ops\n"
        "       |               ^\n"
        "  fix: put it in quotes; the line should read:\n"
        '     4 | organization: "#ops"',
    ]


def test_a_theme_colour_written_with_its_hash_sign(tmp_path):
    layout = tmp_path / "layouts" / "hex"
    layout.mkdir(parents=True)
    (layout / "theme.yaml").write_text("colors:\n  primary: #1B4D3E\n", encoding="utf-8")
    result = run_cli("check", str(FIXTURES.parent.parent / "source" / "russia-dprk.yaml"), "--layout", "hex",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[:5] == [
        "layouts/hex/theme.yaml:2:12: colors.primary: this value is empty: ' #' starts a comment in YAML, so "
        "'#1B4D3E' is not read",
        "     2 |   primary: #1B4D3E",
        "       |            ^",
        "  fix: put it in quotes; the line should read:",
        '     2 |   primary: "#1B4D3E"',
    ]
