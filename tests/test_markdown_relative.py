"""render.markdown.relative is posixpath.relpath for paths of the docs tree."""
import posixpath

from hypothesis import given
from hypothesis import strategies as st

from gongkai.render.markdown import relative

PART = st.sampled_from(["documents", "decisions", "2021", "a", "index.md", "x.md", ".", "", "..", "lfg-2021-01"])


@given(st.lists(PART, max_size=5), st.lists(PART, max_size=5))
def test_relative_is_relpath(start, target):
    from_page, to_path = "/".join(start + ["page.md"]), "/".join(target) or "index.md"
    assert relative(from_page, to_path) == posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
