"""The annotations extension by example: Markdown in, HTML out, one case per rule."""

from __future__ import annotations

from markdown import Markdown
from markdown.test_tools import TestCase

from archive_annotations.labels import parse_label
from archive_model.problems import STRICT, SUGGESTION

EXTENSIONS = ["footnotes", "archive_annotations.extension"]


def note_html(kind, number, key, badges, text):
    css_kind = kind or "plain"
    return (
        f'<div aria-labelledby="annotation-{number}-label" class="annotation annotation--{css_kind}" '
        f'id="annotation-{number}" role="note" tabindex="-1">\n'
        f'<p class="annotation__label" id="annotation-{number}-label">'
        f'<span class="annotation__number">Note {number}</span>{badges}</p>\n'
        f"<p>{text}</p>\n"
        f'<p class="annotation__back"><a href="#fnref:{key}">Back to the text</a></p>\n'
        f"</div>"
    )


def entry_html(kind, number, key, badges, text):
    css_kind = kind or "plain"
    return (
        f'<li class="annotation-entry annotation--{css_kind}" id="fn:{key}">\n'
        f"<p>{badges}{text}&#160;"
        f'<a aria-label="Back to note {number} in the text" class="footnote-backref" href="#fnref:{key}" '
        f'title="Jump back to footnote {number} in the text">&#8617;</a></p>\n'
        f"</li>"
    )


def marker_html(number, key, kind=None):
    after = f'<span class="visually-hidden">, {kind}</span>' if kind else ""
    return (
        f'<sup class="annotation-marker" id="fnref:{key}"><a class="footnote-ref annotation-ref" '
        f'href="#annotation-{number}"><span class="visually-hidden">Note </span>{number}{after}</a></sup>'
    )


def section_html(*entries):
    return (
        '<section aria-labelledby="annotations-title" class="annotations">\n'
        '<h2 id="annotations-title">Annotations</h2>\n'
        '<ol class="annotations__list">\n' + "\n".join(entries) + "\n</ol>\n</section>"
    )


BADGE = ' <span class="badge badge--{0}">{1}</span>'
NATO_LINK = '<a href="https://www.nato.int/">NATO</a>'


class TestRendering(TestCase):
    default_kwargs = {"extensions": EXTENSIONS, "output_format": "html5"}

    def test_context_note_becomes_marker_side_note_and_entry_at_the_end(self):
        badge = BADGE.format("context", "Context")
        self.assertMarkdownRenders(
            "Text.[^a]\n\n[^a]: Context: Set up in 2002 ([NATO](https://www.nato.int/)).",
            '<div class="annotated">\n'
            f"<p>Text.{marker_html(1, 'a', 'context')}</p>\n"
            '<div class="annotated__notes" data-pagefind-ignore="all">\n'
            + note_html("context", 1, "a", badge, f"Set up in 2002 ({NATO_LINK}).")
            + "\n</div>\n</div>\n"
            + section_html(entry_html("context", 1, "a", badge.lstrip() + " ", f"Set up in 2002 ({NATO_LINK}).")),
        )

    def test_check_note_shows_its_verdict(self):
        badges = (
            BADGE.format("check", "Check") + ' <span class="verdict verdict--misleading">Verdict: misleading</span>'
        )
        self.assertMarkdownRenders(
            "Text.[^a]\n\n[^a]: Check (misleading): See [NATO](https://www.nato.int/).",
            '<div class="annotated">\n'
            f"<p>Text.{marker_html(1, 'a', 'check')}</p>\n"
            '<div class="annotated__notes" data-pagefind-ignore="all">\n'
            + note_html("check", 1, "a", badges, f"See {NATO_LINK}.")
            + "\n</div>\n</div>\n"
            + section_html(entry_html("check", 1, "a", badges.lstrip() + " ", f"See {NATO_LINK}.")),
        )

    def test_note_goes_after_the_whole_top_level_block_that_holds_its_marker(self):
        badge = BADGE.format("term", "Term")
        self.assertMarkdownRenders(
            "- One[^a]\n- Two\n\nAfter.\n\n[^a]: Term: A word.",
            '<div class="annotated">\n<ul>\n'
            f"<li>One{marker_html(1, 'a', 'term')}</li>\n<li>Two</li>\n</ul>\n"
            '<div class="annotated__notes" data-pagefind-ignore="all">\n'
            + note_html("term", 1, "a", badge, "A word.")
            + "\n</div>\n</div>\n<p>After.</p>\n"
            + section_html(entry_html("term", 1, "a", badge.lstrip() + " ", "A word.")),
        )

    def test_notes_of_one_paragraph_share_its_margin_in_order_and_a_note_without_label_has_no_badge(self):
        badge = BADGE.format("note", "Note")
        self.assertMarkdownRenders(
            "One[^a] and two[^b].\n\n[^a]: Note: First.\n[^b]: Second.",
            '<div class="annotated">\n'
            f"<p>One{marker_html(1, 'a', 'note')} and two{marker_html(2, 'b')}.</p>\n"
            '<div class="annotated__notes" data-pagefind-ignore="all">\n'
            + note_html("note", 1, "a", badge, "First.")
            + "\n"
            + note_html(None, 2, "b", "", "Second.")
            + "\n</div>\n</div>\n"
            + section_html(
                entry_html("note", 1, "a", badge.lstrip() + " ", "First."),
                entry_html(None, 2, "b", "", "Second."),
            ),
        )

    def test_text_without_notes_is_left_alone(self):
        self.assertMarkdownRenders("Plain *text*.", "<p>Plain <em>text</em>.</p>")

    def test_a_marker_in_code_is_not_a_marker(self):
        self.assertMarkdownRenders(
            "```\n[^a]\n```\n\nSee `[^b]`.",
            "<pre><code>[^a]\n</code></pre>\n<p>See <code>[^b]</code>.</p>",
            extensions=[*EXTENSIONS, "fenced_code"],
        )


def render(source: str, md: Markdown | None = None, first_line: int = 10):
    md = md or Markdown(extensions=EXTENSIONS, output_format="html5")
    md.reset()
    md.archive_source = ("summaries/example.md", first_line)
    md.archive_problems = []
    html = md.convert(source)
    return html, md.archive_problems


def messages(problems):
    return [(problem.line, problem.severity, problem.message) for problem in problems]


def test_marker_without_note_is_reported_on_its_line():
    html, problems = render("One.\n\nTwo[^gone].")
    assert messages(problems) == [(12, STRICT, "The marker [^gone] has no note")]
    assert problems[0].path == "summaries/example.md"


def test_note_without_marker_is_reported_on_its_line():
    _, problems = render("One.\n\n[^lost]: Term: A word.")
    assert messages(problems) == [(12, STRICT, "The note [^lost] has no marker in the text")]


def test_unknown_kind_is_reported_and_kept_as_written():
    html, problems = render("One.[^a]\n\n[^a]: Opinion: Mine.")
    assert messages(problems) == [(12, STRICT, "Unknown annotation kind 'Opinion'")]
    assert "Opinion: Mine." in html


def test_unknown_verdict_is_reported():
    _, problems = render("One.[^a]\n\n[^a]: Check (wrong): See [x](https://example.org/).")
    assert messages(problems) == [(12, STRICT, "Unknown verdict 'wrong' in a Check note")]


def test_verdict_on_another_kind_is_reported():
    _, problems = render("One.[^a]\n\n[^a]: Context (accurate): See [x](https://example.org/).")
    assert messages(problems) == [(12, STRICT, "A Context note cannot carry a verdict ('accurate')")]


def test_context_or_check_without_link_is_a_suggestion_but_term_and_note_need_none():
    source = "A[^a] B[^b] C[^c] D[^d]\n\n[^a]: Context: x.\n[^b]: Check (accurate): y.\n[^c]: Term: z.\n[^d]: Note: w."
    _, problems = render(source)
    assert messages(problems) == [
        (12, SUGGESTION, "The Context note [^a] links no source"),
        (13, SUGGESTION, "The Check note [^b] links no source"),
    ]


def test_a_note_used_twice_is_placed_once_beside_its_first_marker():
    html, problems = render("One[^a].\n\nTwo[^a].\n\n[^a]: Term: A word.")
    assert problems == []
    assert html.count('id="annotation-1"') == 1
    assert html.count('href="#annotation-1"') == 2


def test_reused_instance_forgets_the_previous_document():
    md = Markdown(extensions=EXTENSIONS, output_format="html5")
    render("One.[^a]\n\n[^a]: Term: A word.", md)
    html, problems = render("Plain.", md)
    assert problems == []
    assert html == "<p>Plain.</p>"


def test_the_extension_brings_footnotes_when_they_are_not_loaded():
    md = Markdown(extensions=["archive_annotations.extension"], output_format="html5")
    html, problems = render("One.[^a]\n\n[^a]: Term: A word.", md)
    assert problems == []
    assert 'class="annotations"' in html


def test_labels_are_case_insensitive_and_a_link_is_not_a_label():
    assert parse_label("CHECK (Disputed): x").verdict == "disputed"
    assert parse_label("https://example.org").kind is None
    assert parse_label("See: [x](y)").problem == "Unknown annotation kind 'See'"


def test_the_list_stays_where_the_footnotes_place_marker_puts_it():
    html, problems = render("One.[^a]\n\n///Footnotes Go Here///\n\nAfter.\n\n[^a]: Term: A word.")
    assert problems == []
    assert html.index('class="annotations"') < html.index("<p>After.</p>")
