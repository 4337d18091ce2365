"""`verify` reads the real outputs back: good builds pass, damaged ones report exactly what went missing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, run_cli

SOURCE = Path("source/russia-dprk.yaml")


@pytest.fixture
def outputs(tmp_path, sample_outputs) -> Path:
    """A project folder whose out/ holds a copy of the sample's outputs, to damage."""
    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / SOURCE)
    shutil.copytree(sample_outputs, tmp_path / "out")
    return tmp_path


def places(project: Path) -> dict[str, dict[str, tuple[str, bool]]]:
    """Format -> item path -> (where, found), from verify run in-process on the project."""
    from report_builder.verify import verify
    from report_builder.writers import FORMATS

    (check,) = verify([SOURCE], project, Path("out"), list(FORMATS.values()), None)
    return {o.fmt.name: {path: (p.text, p.found) for path, p in o.places.items()} for o in check.outputs}


def missing(project: Path) -> dict[str, set[str]]:
    return {fmt: {path for path, (_, found) in items.items() if not found} for fmt, items in places(project).items()}


def on(unit: str, where: str) -> bool:
    """Whether a place such as 'p. 3', 'pp. 2–3' or 'slide 5 notes' touches the unit ('p. 3', 'slide 5')."""
    kind, number = unit.rsplit(" ", 1)
    if where == unit or where.startswith(unit + " "):
        return True
    plural = {"p.": "pp.", "slide": "slides"}[kind]
    if where.startswith(plural + " "):
        low, high = where.split(" ")[1].split("–")
        return int(low) <= int(number) <= int(high)
    return False


# Good builds --------------------------------------------------------------------------------


def test_a_good_build_passes_and_says_where_each_item_is(outputs, sample_brief):
    result = run_cli("verify", cwd=outputs)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "source/russia-dprk.yaml"
    assert lines[1].split() == ["item", "docx", "pdf", "pptx"]
    title_row = next(line for line in lines if line.startswith("  sections[0].title "))
    assert re.fullmatch(rf"  sections\[0\]\.title  {re.escape(sample_brief.sections[0].title)} +¶\d+ +p\. \d+ +slide \d+",
                        title_row), title_row
    summaries = lines[-3:]
    for summary, name in zip(summaries, ("docx", "pdf", "pptx")):
        assert summary.startswith(f"out/russia-dprk.{name}: all ") and summary.endswith(" items found")
    found = places(outputs)
    for index, section in enumerate(sample_brief.sections):
        for fmt in ("docx", "pdf", "pptx"):
            assert found[fmt][f"sections[{index}].title"][1], (fmt, section.title)
    assert set(found["docx"]) >= {f"sections[0].paragraphs[{i}]" for i in range(len(sample_brief.sections[0].paragraphs))}
    assert all(f"developments[{i}]" in found[fmt] for i in range(len(sample_brief.developments))
               for fmt in ("docx", "pdf", "pptx"))
    assert all(f"sources[{i}]" in found[fmt] for i in range(len(sample_brief.sources)) for fmt in ("docx", "pdf", "pptx"))


def test_the_handout_is_not_asked_for_paragraphs_its_layout_leaves_out(outputs, sample_brief):
    found = places(outputs)
    section = sample_brief.sections[0]
    assert section.bullets and section.paragraphs
    assert "sections[0].paragraphs[0]" in found["docx"]
    assert "sections[0].paragraphs[0]" not in found["pdf"]  # the handout shows key points
    assert found["pptx"]["sections[0].notes"][0].endswith("notes")


def test_build_verify_checks_what_it_built(tmp_path):
    result = run_cli("build", str(SAMPLE), "--out", "out", "--verify", "--formats", "pdf,pptx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        line for line in result.stdout.splitlines()[-2:] if line.endswith(" items found")
    ]
    assert result.stdout.splitlines()[-2].startswith("out/russia-dprk.pdf: all ")
    assert result.stdout.splitlines()[-1].startswith("out/russia-dprk.pptx: all ")


# Damaged after the fact ---------------------------------------------------------------------


def test_a_paragraph_removed_from_the_word_brief(outputs, sample_brief):
    import docx
    from docx.oxml.ns import qn

    target = outputs / "out" / "russia-dprk.docx"
    document = docx.Document(str(target))
    bullet = sample_brief.sections[1].bullets[1].plain()
    paragraph = next(p for p in document.element.body.iterchildren(qn("w:p"))
                     if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith(bullet[:40]))
    paragraph.getparent().remove(paragraph)
    document.save(str(target))
    assert missing(outputs) == {"docx": {"sections[1].bullets[1]"}, "pdf": set(), "pptx": set()}
    result = run_cli("verify", "--quiet", cwd=outputs)
    assert result.returncode == 1
    assert result.stdout == ""
    line = sample_brief.sections[1].bullets[1].location
    assert result.stderr.splitlines() == [
        f"source/russia-dprk.yaml:{line.line}:{line.column}: sections[1].bullets[1]: key point "
        f"'{bullet[:60]}…' is missing from out/russia-dprk.docx"
    ]


def test_a_headline_removed_from_the_word_brief(outputs, sample_brief):
    import docx
    from docx.oxml.ns import qn

    target = outputs / "out" / "russia-dprk.docx"
    document = docx.Document(str(target))
    headline = sample_brief.sections[0].headline.plain()
    paragraph = next(p for p in document.element.body.iterchildren(qn("w:p"))
                     if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == headline)
    paragraph.getparent().remove(paragraph)
    document.save(str(target))
    assert missing(outputs) == {"docx": {"sections[0].headline"}, "pdf": set(), "pptx": set()}


def test_a_slide_deleted_from_the_deck(outputs, sample_brief):
    import pptx

    before = places(outputs)["pptx"]
    slide_of_section = before["sections[1].title"][0]
    number = int(slide_of_section.split()[1])
    target = outputs / "out" / "russia-dprk.pptx"
    deck = pptx.Presentation(str(target))
    slide_ids = deck.slides._sldIdLst
    slide_ids.remove(list(slide_ids)[number - 1])
    deck.save(str(target))
    expected = {path for path, (where, _) in before.items() if on(f"slide {number}", where)}
    assert "sections[1].title" in expected and "sections[1].bullets[0]" in expected
    assert missing(outputs) == {"docx": set(), "pdf": set(), "pptx": expected}
    result = run_cli("verify", cwd=outputs)
    assert result.returncode == 1
    assert f"out/russia-dprk.pptx: {len(expected)} of {len(before)} items missing" in result.stdout
    assert all(line.endswith("is missing from out/russia-dprk.pptx") for line in result.stderr.splitlines())
    assert len(result.stderr.splitlines()) == len(expected)


def test_a_page_dropped_from_the_pdf(outputs):
    import pypdf

    before = places(outputs)["pdf"]
    pages = {where for where, _ in before.values()}
    assert "p. 2" in pages and "p. 3" in pages
    target = outputs / "out" / "russia-dprk.pdf"
    reader = pypdf.PdfReader(str(target))
    writer = pypdf.PdfWriter()
    for index, page in enumerate(reader.pages):
        if index != 2:
            writer.add_page(page)
    with target.open("wb") as handle:
        writer.write(handle)
    expected = {path for path, (where, _) in before.items() if on("p. 3", where)}
    assert expected
    assert missing(outputs) == {"docx": set(), "pdf": expected, "pptx": set()}
    assert run_cli("verify", "--formats", "pdf", cwd=outputs).returncode == 1


def test_an_output_not_built_or_not_readable(outputs):
    (outputs / "out" / "russia-dprk.pptx").unlink()
    (outputs / "out" / "russia-dprk.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run_cli("verify", "--quiet", cwd=outputs)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("out/russia-dprk.docx: cannot be read as a Word brief: ")
    assert lines[1] == "out/russia-dprk.pptx: not built (run report-builder build)"


def test_an_edit_after_the_build_shows_as_missing_until_rebuilt(outputs, sample_brief):
    brief = outputs / SOURCE
    text = brief.read_text(encoding="utf-8")
    old = f"title: {sample_brief.sections[0].title}\n"
    assert old in text
    brief.write_text(text.replace(old, "title: A new first section title\n", 1), encoding="utf-8")
    assert missing(outputs) == {fmt: {"sections[0].title"} for fmt in ("docx", "pdf", "pptx")}
    assert run_cli("build", "--quiet", "--verify", cwd=outputs).returncode == 0


def test_verify_of_an_invalid_brief_reports_the_brief(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "bad.yaml").write_text("title: Sahel: what changed\n", encoding="utf-8")
    result = run_cli("verify", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("source/bad.yaml:1:13: (yaml): YAML syntax error:")


def test_verify_reads_with_readers_not_the_pdf_writer(sample_outputs):
    import subprocess
    import sys

    probe = ("from report_builder.cli import main\n"
             f"assert main(['verify', '--quiet', '--out', {str(sample_outputs)!r}, {str(SAMPLE)!r}]) == 0\n"
             "import sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert "reportlab" not in result.stdout.split()


# Tables and charts ---------------------------------------------------------------------------

DATA = ROOT / "tests" / "fixtures" / "data" / "tables-charts.yaml"


@pytest.fixture(scope="module")
def data_outputs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data-out")
    result = run_cli("build", str(DATA), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def data_places(out: Path) -> dict[str, dict[str, tuple[str, bool]]]:
    from report_builder.verify import verify
    from report_builder.writers import FORMATS

    (check,) = verify([DATA], ROOT, out, list(FORMATS.values()), None)
    return {o.fmt.name: {path: (p.text, p.found) for path, p in o.places.items()} for o in check.outputs}


def test_tables_and_charts_are_found_in_every_output(data_outputs):
    found = data_places(data_outputs)
    for fmt in ("docx", "pdf", "pptx"):
        for path in ("sections[0].table", "sections[1].chart", "sections[2].chart[0]", "sections[2].chart[1]",
                     "sections[2].table"):
            assert found[fmt][path][1], (fmt, path, found[fmt].get(path))


def test_a_table_row_removed_from_the_word_brief(data_outputs, tmp_path):
    import docx
    from docx.oxml.ns import qn

    out = tmp_path / "out"
    shutil.copytree(data_outputs, out)
    target = out / "tables-charts.docx"
    document = docx.Document(str(target))
    table = next(document.element.body.iterchildren(qn("w:tbl")))
    rows = list(table.iterchildren(qn("w:tr")))
    table.remove(rows[3])
    document.save(str(target))
    found = data_places(out)
    assert {path for path, (_, ok) in found["docx"].items() if not ok} == {"sections[0].table"}


def test_a_chart_slide_deleted_from_the_deck(data_outputs, tmp_path):
    import pptx

    out = tmp_path / "out"
    shutil.copytree(data_outputs, out)
    before = data_places(out)["pptx"]
    number = int(before["sections[1].chart"][0].split()[1])
    target = out / "tables-charts.pptx"
    deck = pptx.Presentation(str(target))
    slide_ids = deck.slides._sldIdLst
    slide_ids.remove(list(slide_ids)[number - 1])
    deck.save(str(target))
    expected = {path for path, (where, _) in before.items() if on(f"slide {number}", where)}
    assert "sections[1].chart" in expected
    assert {path for path, (_, ok) in data_places(out)["pptx"].items() if not ok} == expected
