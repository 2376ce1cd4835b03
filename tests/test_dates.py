import pytest

from briefing.dates import absolute_dates


@pytest.mark.parametrize("text, value", [
    ("BY JANE ROE NOV 07, 2021 3:59 PM ET", "2021-11-07"),
    ("2021-11-08 02:16", "2021-11-08"),
    ("Thursday, November 11, 2021 8:37 PM", "2021-11-11"),
    ("On 11/7/2021 at 8:40 AM", "2021-11-07"),
    ("Published August 25, 2021 at 9:07am", "2021-08-25"),
    ("on 3 January 2020", "2020-01-03"),
    ("Sept. 3, 2020", "2020-09-03"),
    ("May 5, 2020", "2020-05-05"),
])
def test_full_dates(text, value):
    [found] = absolute_dates(text)
    assert found.value == value


@pytest.mark.parametrize("text", ["2021-02-30", "it may 5 2020", "February 30, 2021", "13/13/2020"])
def test_not_dates(text):
    assert absolute_dates(text) == []


def test_offsets():
    text = "Filed January 3, 2020 in Baghdad"
    [found] = absolute_dates(text)
    assert text[found.start:found.end] == "January 3, 2020"
