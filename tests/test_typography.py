"""Dates stay whole on a line: wrapped in text, never in a tag or an attribute."""
from hypothesis import given, strategies as st

from gongkai.typography import unbroken_dates


def test_dates_in_text_are_wrapped_and_attributes_are_untouched():
    html = '<td title="a > 2021-01-01">2021-07-16 至 2021-08-01</td><a href="/x-2021-01-01/">第 12021-01-011 号</a>'
    assert unbroken_dates(html) == (
        '<td title="a > 2021-01-01"><span class="gk-date">2021-07-16</span> 至 <span class="gk-date">2021-08-01</span></td>'
        '<a href="/x-2021-01-01/">第 12021-01-011 号</a>')


@given(st.text(alphabet="<>\"'=ab 0123456789-", max_size=80))
def test_the_text_is_unchanged_apart_from_the_wrapping(html):
    assert unbroken_dates(html).replace('<span class="gk-date">', "").replace("</span>", "") == html.replace("</span>", "")
