import pytest

from briefing.build import build_brief
from briefing.errors import InputError, VerificationError


def test_footnotes_carry_file_lines_and_the_sources_own_words(case_dir):
    brief = build_brief(case_dir("""
        title: Budget
        sources:
          - {file: a.txt, id: a, outlet: City Times}
        key_points:
          - text: The mayor praised the deal.
            cite:
              - source: a
                quote: 'The mayor called it "a fair deal"'
        """))
    [note] = brief.footnotes
    assert (note.file, note.line_start, note.line_end, note.outlet) == ("a.txt", 4, 4, "City Times")
    assert note.quote == "The mayor called it “a fair deal”"
    assert brief.key_points[0].notes == ["1"]


def test_one_footnote_per_passage_however_often_cited(case_dir):
    brief = build_brief(case_dir("""
        title: T
        sources: [{file: a.txt}]
        key_points:
          - {text: One, cite: [{source: a.txt, quote: officials said}]}
          - {text: Two, cite: [{source: a.txt, quote: officials  said}, {source: a.txt, quote: a fair deal}]}
        """))
    assert [p.notes for p in brief.key_points] == [["1"], ["1", "2"]]
    assert len(brief.footnotes) == 2


def test_chronology_is_sorted_and_footnoted_in_reading_order(case_dir):
    brief = build_brief(case_dir("""
        title: T
        sources: [{file: a.txt}]
        chronology:
          - {id: late, date: 2024-03-05, text: Vote, cite: [{source: a.txt, quote: approved the budget}]}
          - {id: early, date: 2024-03, text: Month, cite: [{source: a.txt, quote: Council votes}]}
          - {id: range, date: 2024-03-01, date_end: 2024-03-02, text: R, cite: [{source: a.txt, quote: mayor}]}
        """))
    assert [(e.id, e.precision) for e in brief.chronology] == [("early", "month"), ("range", "day"), ("late", "day")]
    assert [e.notes for e in brief.chronology] == [["1"], ["2"], ["3"]]


def test_a_quote_not_in_its_source_stops_the_build_with_the_closest_passage(case_dir):
    path = case_dir("""
        title: T
        sources: [{file: a.txt, id: a}]
        key_points:
          - {text: Officials approved it., cite: [{source: a, quote: the council approved the budget on Monday}]}
        """)
    with pytest.raises(VerificationError) as info:
        build_brief(path)
    message = str(info.value)
    assert info.value.exit_code == 1
    assert "key_points[0]: 'Officials approved it.'" in message
    assert "quote not found in a.txt: 'the council approved the budget on Monday'" in message
    assert "closest passage (line 3): 'city council approved the budget on Tuesday" in message


def test_citing_an_unknown_source_is_bad_input(case_dir):
    path = case_dir("""
        title: T
        sources: [{file: a.txt, id: a}]
        key_points: [{text: P, cite: [{source: b, quote: x}]}]
        """)
    with pytest.raises(InputError, match="cites unknown source 'b'; known sources: a"):
        build_brief(path)


THREAD = """Budget row

{Politics: Metro Herald} The city council approved the budget on Tuesday after a long debate that ran
through the night, officials said. The mayor told reporters the deal was fair and said it would fund
schools, roads and the new hospital, according to a statement released by her office, while the
opposition said it would challenge the vote and its leader added that the budget was unlawful.

Link to comment
Share on other sites

I think you are all wrong and the mayor is a crook.

  • Thanks 2
Link to comment
Share on other sites
"""


def _key_point_note(brief):
    [label] = brief.key_points[0].notes
    return next(note for note in brief.footnotes if note.label == label)


def _thread_case(case_dir, quote: str, opinion: bool = False) -> str:
    return case_dir(f"""
        title: Budget
        sources: [{{file: t.txt, id: t}}]
        key_points:
          - text: A statement.
            cite: [{{source: t, quote: "{quote}", opinion: {str(opinion).lower()}}}]
        """, {"t.txt": THREAD})


@pytest.mark.parametrize("quote, words", [
    ("Link to comment", "cites text set aside as boilerplate (post end, lines 8–9)"),
    ("the mayor is a crook", "cites a user's comment (line 11) as fact; word the statement as that user's opinion"),
])
def test_citations_of_what_is_not_evidence_fail(case_dir, quote, words):
    with pytest.raises(VerificationError) as info:
        build_brief(_thread_case(case_dir, quote))
    assert words in str(info.value)


def test_a_comment_cited_as_opinion_is_marked_so(case_dir):
    note = _key_point_note(build_brief(_thread_case(case_dir, "the mayor is a crook", opinion=True)))
    assert note.opinion and not note.embedded


def test_footnote_on_a_pasted_report_names_its_outlet(case_dir):
    brief = build_brief(_thread_case(case_dir, "approved the budget on Tuesday"))
    note = _key_point_note(brief)
    assert (note.outlet, note.embedded, note.line_start) == ("Metro Herald", True, 3)
    assert brief.sources[0].thread and brief.sources[0].reports[0].outlet == "Metro Herald"


def test_case_file_corrects_a_pasted_reports_metadata(case_dir):
    path = _thread_case(case_dir, "approved the budget on Tuesday")
    path.write_text(path.read_text().replace(
        "sources: [{file: t.txt, id: t}]",
        "sources: [{file: t.txt, id: t, reports: [{quote: officials said, outlet: Metro Herald Online, "
        "published: 2024-03-05}]}]"))
    brief = build_brief(path)
    report = brief.sources[0].reports[0]
    assert (report.outlet, report.detected_outlet, report.date) == ("Metro Herald Online", "Metro Herald", "2024-03-05")
    assert _key_point_note(brief).outlet == "Metro Herald Online"


def test_a_report_correction_must_point_into_a_report(case_dir):
    path = _thread_case(case_dir, "approved the budget on Tuesday")
    path.write_text(path.read_text().replace(
        "sources: [{file: t.txt, id: t}]", "sources: [{file: t.txt, id: t, reports: [{quote: mayor is a crook}]}]"))
    with pytest.raises(InputError, match="is not inside a pasted report"):
        build_brief(path)


def test_ach_matrix_has_each_piece_of_evidence_once_with_its_bearing_on_every_hypothesis():
    from briefing.model import Cited, HypothesisEntry, ach_matrix

    shared = Cited(text="Witnesses saw two drones.", notes=["3"])
    hypotheses = [
        HypothesisEntry(id="h1", text="Rebels did it.", notes=["1"], evidence_for=[shared], evidence_against=[]),
        HypothesisEntry(id="h2", text="It was staged.", notes=["2"], evidence_for=[],
                        evidence_against=[Cited(text="Witnesses  saw two drones.", notes=["3"])]),
    ]
    rows = {row.text: row.bearings for row in ach_matrix(hypotheses)}
    assert rows == {"Rebels did it.": ["consistent", "neutral"], "It was staged.": ["neutral", "consistent"],
                    "Witnesses saw two drones.": ["consistent", "inconsistent"]}
