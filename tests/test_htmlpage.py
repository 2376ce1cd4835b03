from briefing.htmlpage import markdown_to_html


def test_break_before_starts_a_page_at_the_list_item_of_a_call():
    markdown = "- one[^1]\n- two[^2]\n\npara[^1]\n\n[^1]: first\n[^2]: second\n"
    html = markdown_to_html(markdown, page_footnotes=True, break_before=frozenset({"fn2-0"}))
    assert '<li class="break-before"><span class="fn-calls">two' in html
    assert html.count("break-before") == 1
    assert 'id="call-fn1-0"' in html
    assert '<span class="note" id="fn1-0">1. first</span>' in html


def test_a_statements_notes_float_together_after_its_unbreakable_calls():
    markdown = "Said *so* here.[^1][^2] Then this[^2]\n\n[^1]: first & co\n[^2]: second\n"
    html = markdown_to_html(markdown, page_footnotes=True)
    calls = ('<span class="fn-calls">here.<a class="fn-call" id="call-fn1-0" href="#fn1-0">1</a>'
             '<a class="fn-call" id="call-fn2-0" href="#fn2-0">2</a><span class="fn">'
             '<span class="note" id="fn1-0">1. first &amp; co</span><span class="note" id="fn2-0">2. second</span>'
             '</span></span>')
    assert "Said <em>so</em> " + calls + " Then " in html
    assert html.count('class="fn"') == 2  # one float per run of calls, not one per note
