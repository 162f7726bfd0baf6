"""What a build keeps in memory: Pelican's memo of rendered texts stays small,
and each document's linked text is kept compressed."""

from __future__ import annotations

import copy

from pelican.contents import Content, Page
from pelican.settings import DEFAULT_CONFIG

from archive_build.runner import RecentEntries, rendered_texts_kept
from archive_entities.mentions import PackedText, pack_rendered_text


def page(number: int, text: str | None = None) -> Page:
    text = f"<p>Text {number}</p>" if text is None else text
    context = {"generated_content": {}, "static_content": {}}
    return Page(text, metadata={"title": f"Page {number}"}, settings=copy.deepcopy(DEFAULT_CONFIG), context=context)


def test_recent_entries_forget_the_oldest():
    entries = RecentEntries(3)
    for number in range(5):
        entries[number] = str(number)
    assert entries == {2: "2", 3: "3", 4: "4"}


def test_recent_entries_keep_a_value_set_again():
    entries = RecentEntries(2)
    entries["a"] = 1
    entries["a"] = 2
    entries["b"] = 3
    assert entries == {"a": 2, "b": 3}


def test_rendered_texts_are_kept_only_while_recent():
    pages = [page(number) for number in range(10)]
    with rendered_texts_kept(4):
        texts = [p.get_content("..") for p in pages]
        assert len(Content.get_content.cache) == 4
        assert pages[9].get_content("..") is texts[9]  # a recent one is not rendered again
        assert pages[0].get_content("..") == texts[0]  # an old one is rendered again, the same
    assert not any(key[0] in pages for key in Content.get_content.cache)


def test_the_memo_is_pelicans_own_again_after_the_block():
    before = vars(Content)["get_content"].cache
    with rendered_texts_kept(4):
        assert isinstance(vars(Content)["get_content"].cache, RecentEntries)
    assert vars(Content)["get_content"].cache is before


LINKED = (
    "<p>\u201cNo deployments\u201d, said "
    '<a class="mention mention--actor" href="{filename}/actors/x.md" title="Person">Anna\u2019s envoy</a>'
    ' <a href="#fnref:1">\u21a9\ufe0e</a></p>'
)


def test_packed_text_gives_back_the_same_text():
    assert PackedText(LINKED * 50).text() == LINKED * 50


def test_a_packed_document_renders_as_before():
    before = page(1, LINKED).get_content("..")
    packed = page(1, LINKED)
    pack_rendered_text(packed)
    assert "_content" not in vars(packed)
    assert packed.get_content("..") == before


def test_a_text_set_after_packing_is_the_one_used():
    document = page(1, LINKED)
    pack_rendered_text(document)
    document._content = "<p>Rewritten</p>"
    assert document.get_content("") == "<p>Rewritten</p>"


def test_an_empty_text_is_left_as_it_is():
    document = page(1, "")
    pack_rendered_text(document)
    assert document._content == ""
    assert document.get_content("") == ""
