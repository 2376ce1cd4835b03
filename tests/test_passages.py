import re
from pathlib import Path

from briefing import data
from briefing.passages import _boilerplate_category, layout, set_aside_off_topic

ARTICLE = """World News - Politics - Daily Planet

Council passes budget after long night

By Jane Roe
March 5, 2024

METROPOLIS, KANSAS (Reuters) — The city council approved the budget on Tuesday, officials said.
The mayor called it a fair deal.

Crowds outside the hall (Reuters)

Advertisement - story continues below

Next steps
Officials said the vote opens a new phase.

© 2024 Daily Planet Media
Comments are closed.
"""

THREAD = """Guest views are limited. Please sign in or create an account to continue.

Council budget fight

janedoe
 Share

Mayor wins budget vote

{Politics: Metro Herald} The city council approved the budget on Tuesday after a long debate that
ran through the night, officials said. The mayor told reporters the deal was fair and said it
would fund schools, roads and the new hospital, according to a statement released by her office.
The opposition said it would challenge the vote, and its leader added that the budget was
unlawful, reported the local paper, which quoted three councillors who attended the session.

  • Thanks 3
Link to comment
Share on other sites

2 hours ago, janedoe said:

The city council approved the budget on Tuesday after a long debate that
ran through the night, officials said.

I think you are all wrong about this and I am sick of it.

  • Haha 2
Link to comment
Share on other sites

Metro Herald/ The council's finance chief resigned on Wednesday, two officials said.

Link to comment
Share on other sites
"""


def kinds(text: str) -> list[tuple[str, int, str]]:
    return [(p.kind, p.line_start, p.use) for p in layout(text).passages]


def test_article_passages_and_metadata():
    lay = layout(ARTICLE)
    assert not lay.thread
    assert lay.title == "Council passes budget after long night"
    assert lay.outlet == "Daily Planet Media"
    assert lay.date == "2024-03-05"
    assert kinds(ARTICLE) == [
        ("boilerplate", 1, "set_aside"),   # breadcrumb
        ("headline", 3, "facts"),
        ("byline", 5, "facts"),
        ("byline", 6, "facts"),
        ("body", 8, "facts"),              # the dateline opens the body paragraph
        ("boilerplate", 11, "set_aside"),  # photo caption with credit
        ("boilerplate", 13, "set_aside"),  # advert
        ("headline", 15, "facts"),         # subheading split from its paragraph
        ("body", 16, "facts"),
        ("boilerplate", 18, "set_aside"),  # copyright
        ("boilerplate", 19, "set_aside"),  # comments are closed
    ]


def test_every_non_blank_line_is_in_exactly_one_passage():
    for text in (ARTICLE, THREAD):
        lay = layout(text)
        covered = [n for p in lay.passages for n in range(p.line_start, p.line_end + 1)]
        non_blank = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        assert sorted(covered) == non_blank


def test_passage_spans_are_exact():
    lay = layout(ARTICLE)
    headline = next(p for p in lay.passages if p.kind == "headline")
    assert ARTICLE[headline.start:headline.end] == "Council passes budget after long night"


def test_thread_is_split_into_posts_with_reports_comments_and_quotes():
    lay = layout(THREAD)
    assert lay.thread and lay.title == "Council budget fight"
    by_line = {p.line_start: p for p in lay.passages}
    assert by_line[5].why == "forum user name" and by_line[5].use == "set_aside"
    assert (by_line[8].kind, by_line[8].post, by_line[8].report) == ("headline", 1, 1)
    assert (by_line[10].kind, by_line[10].use) == ("embedded_report", "facts")
    assert (by_line[20].kind, by_line[20].post) == ("quoted_reply", 2)        # "janedoe said:"
    assert by_line[22].kind == "quoted_reply" and by_line[22].use == "set_aside"
    assert (by_line[25].kind, by_line[25].use) == ("user_comment", "opinion")
    assert (by_line[31].kind, by_line[31].post, by_line[31].report) == ("embedded_report", 3, 2)
    assert [(r.number, r.title, r.outlet) for r in lay.reports] == [
        (1, "Mayor wins budget vote", "Metro Herald"), (2, None, "Metro Herald")]
    assert {p.why for p in lay.passages if p.kind == "boilerplate"} >= {"reaction", "post end", "navigation"}


def test_byline_author_and_date_of_a_pasted_report():
    text = THREAD.replace("Mayor wins budget vote\n", "Mayor wins budget vote\nBY JOHN SMITH MAR 05, 2024 3:59 PM ET\n")
    report = layout(text).reports[0]
    assert (report.author, report.date) == ("John Smith", "2024-03-05")


def test_off_topic_post_is_set_aside_with_its_figures():
    on_topic = ("The city council approved the budget for schools and roads after the mayor and the council "
                "debated the spending plan, the finance committee and the opposition councillors said. ")
    off_topic = ("Volcanic eruptions in Iceland sent glowing lava across farmland while geologists measured "
                 "tremors, magma pressure, sulphur gas and ash plumes drifting toward Norway and Scotland. ")
    posts = [on_topic * 2, on_topic + "Taxes rise.", off_topic * 2, on_topic + "Schools gain."]
    thread = "".join(f"Post {i}\n\n{body}\n\nLink to comment\nShare on other sites\n\n" for i, body in enumerate(posts))
    texts = [thread, on_topic * 3]
    [lay, other] = set_aside_off_topic(texts, [layout(t) for t in texts], "City budget")
    off = {p.post for p in lay.passages if p.why.startswith("off-topic")}
    assert off == {3}
    assert all(not p.why.startswith("off-topic") for p in other.passages)


ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "seeds", *sorted((ROOT.parent / "shared" / "eval" / "meantime-dev").glob("*/"))]


def test_the_boilerplate_rules_as_one_pattern_find_the_first_rule_tried_one_by_one():
    rules = [(category, re.compile(f"(?:{pattern})", re.IGNORECASE))
             for category, pattern in (line.split("\t", 1) for line in data.rows("boilerplate.tsv"))]
    lines = {line.strip() for text in (ARTICLE, THREAD) for line in text.splitlines()}
    lines |= {line.strip() for folder in CORPORA for path in folder.glob("*.txt")
              for line in path.read_text(encoding="utf-8").splitlines()}
    # Lines that two rules match, the earlier one only once the bullet is off.
    lines |= {"• read more (Reuters)", "• 12 comments (AP)", "• Thanks 3", "- © 2024 Daily Planet", "• home"}
    for text in filter(None, lines):
        bare = text.lstrip("•·*- ").strip()
        first = next((category for category, pattern in rules if pattern.fullmatch(text) or pattern.fullmatch(bare)),
                     None)
        assert _boilerplate_category(text, bare) == first, text
