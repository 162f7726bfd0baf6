"""The mention matcher and the HTML linker: one test per matching rule."""

from archive_entities.linker import Target, link_mentions, sentence_around
from archive_entities.matcher import MentionMatcher

NAMES = [
    ("NATO", "nato"),
    ("North Atlantic Treaty Organization", "nato"),
    ("Russia", "russia"),
    ("Russia\u2013NATO Council", "council"),
    ("United States", "usa"),
    ("US", "usa"),
    ("Alexander Fomin", "fomin"),
    ("\u0424\u043e\u043c\u0438\u043d", "fomin"),
    ("No further NATO enlargement", "enlargement"),
]
MATCHER = MentionMatcher(NAMES)
TARGETS = {key: Target(f"{{filename}}/x/{key}.md", f"role of {key}", "actor") for _, key in NAMES}


def found(text):
    return [(text[m.start : m.end], m.key) for m in MATCHER.find(text)]


def linked(html, skip_key=None):
    return link_mentions(html, MATCHER, TARGETS, skip_key=skip_key)


def test_whole_words_only():
    assert found("NATOS and ANATO and NATO-ish") == [("NATO", "nato")]
    assert found("NATO.") == [("NATO", "nato")]


def test_longest_match_wins():
    assert found("The Russia\u2013NATO Council met.") == [("Russia\u2013NATO Council", "council")]
    assert found("no further NATO enlargement") == [("no further NATO enlargement", "enlargement")]


def test_possessive_counts_as_a_mention():
    assert found("NATO's answer") == [("NATO", "nato")]
    assert found("NATO\u2019s answer") == [("NATO", "nato")]
    assert found("Russia\u2019s demand") == [("Russia", "russia")]


def test_capitals_match_only_as_written():
    assert found("nato and Nato") == []
    assert found("NATO") == [("NATO", "nato")]


def test_short_forms_match_only_as_written():
    assert found("Tell us about the US.") == [("US", "usa")]


def test_other_names_match_in_any_case():
    assert found("RUSSIA and russia") == [("RUSSIA", "russia"), ("russia", "russia")]
    assert found("the united states") == [("united states", "usa")]


def test_cyrillic_names_match_as_whole_words():
    assert found("\u0424\u043e\u043c\u0438\u043d \u0441\u043a\u0430\u0437\u0430\u043b") == [
        ("\u0424\u043e\u043c\u0438\u043d", "fomin")
    ]
    assert found("\u0424\u043e\u043c\u0438\u043d\u0430") == []


def test_dash_and_hyphen_variants_are_one():
    for dash in "-\u2010\u2011\u2012\u2013\u2014\u2212":
        text = f"the Russia{dash}NATO Council"
        assert found(text) == [(f"Russia{dash}NATO Council", "council")], repr(dash)


def test_line_breaks_inside_a_name():
    assert found("Alexander\nFomin") == [("Alexander\nFomin", "fomin")]


def test_a_name_over_an_indented_line_break_is_one_mention():
    text = "at the Russia\u2013NATO\n    Council, then  NATO and  Russia"
    assert found(text) == [
        ("Russia\u2013NATO\n    Council", "council"),
        ("NATO", "nato"),
        ("Russia", "russia"),
    ]


def test_one_automaton_holds_every_distinct_name():
    assert MATCHER.size == len({name.lower() for name, _ in NAMES})
    assert MentionMatcher([]).find("NATO") == []


def test_first_mention_is_linked_later_ones_counted():
    result = linked("<p>NATO met. NATO spoke. NATO left.</p>")
    assert result.html.count("<a ") == 1
    assert result.html.startswith(
        '<p><a class="mention mention--actor" href="{filename}/x/nato.md" title="role of nato">NATO</a> met.'
    )
    assert result.counts == {"nato": 3}


def test_no_links_inside_links_code_or_pre():
    html = '<p><a href="https://x">NATO</a> <code>NATO</code></p><pre>NATO</pre><p>Russia</p>'
    result = linked(html)
    assert "nato" not in result.counts
    assert result.counts == {"russia": 1}


def test_no_links_inside_headings():
    result = linked("<h2 id='n'>NATO</h2><h6>Russia</h6><p>Russia</p>")
    assert result.html.startswith("<h2 id='n'>NATO</h2><h6>Russia</h6><p><a ")
    assert result.counts == {"russia": 1}


def test_no_links_in_footnote_markers_or_backlinks():
    html = (
        '<p>Text.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">US</a></sup></p>'
        '<ol><li id="fn:1"><p>Note. <a class="footnote-backref" href="#fnref:1">US</a></p></li></ol>'
    )
    result = linked(html)
    assert result.counts == {}
    assert result.html == html


def test_footnote_text_itself_is_linked():
    result = linked('<div class="footnote"><ol><li id="fn:1"><p>NATO said so.</p></li></ol></div>')
    assert result.counts == {"nato": 1}


def test_an_entity_page_never_links_to_itself():
    result = linked("<p>NATO and Russia</p>", skip_key="nato")
    assert "x/nato.md" not in result.html
    assert result.counts == {"russia": 1}


def test_entities_and_escapes_in_text_are_understood():
    result = linked("<p>NATO&rsquo;s view &amp; Russia&ndash;NATO Council</p>")
    assert result.counts == {"nato": 1, "council": 1}
    assert "&amp;" in result.html
    assert '">Russia\u2013NATO Council</a>' in result.html


def test_names_across_inline_tags_are_not_joined():
    assert linked("<p>United <em>States</em></p>").counts == {}


def test_snippet_is_the_sentence_of_the_first_mention():
    result = linked("<h2>Intro</h2><p>First sentence. Then <em>NATO</em> spoke, firmly! After.</p>")
    assert result.snippets["nato"] == "Then NATO spoke, firmly!"


def test_snippet_is_trimmed_around_the_mention():
    words = " ".join(["word"] * 100)
    plain = f"{words} NATO {words}."
    start = plain.index("NATO")
    snippet = sentence_around(plain, start, start + 4)
    assert len(snippet) <= 242 and "NATO" in snippet
    assert snippet.startswith("\u2026word ") and snippet.endswith(" word\u2026"), "cut at whole words"
