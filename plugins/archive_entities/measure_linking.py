"""Measure the mention linker alone on a generated corpus (a benchmark, not a test).

    python3 plugins/archive_entities/measure_linking.py [--documents 5000] [--actors 500]

Writes nothing. Generates rendered HTML documents of about 800 words that
mention actors by name and by alias (each actor has a name and three aliases),
then times building the automaton and linking every document (processor
seconds, so other work on the machine does not count; the median of three runs):

- every actor mentioned and known;
- five actors mentioned and known;
- five actors mentioned, every actor known: against the line before, the cost
  of a bigger automaton alone, which should be none.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive_entities.linker import Target, link_mentions  # noqa: E402
from archive_entities.matcher import MentionMatcher  # noqa: E402


def word_list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYLLABLES = word_list("ka ro vin tal mor ben sa lu dre vok an tes nor ith gal por ve zan mir col")
WORDS = word_list(
    "the a of to and in on for with that this from by as at security proposal talks treaty border forces "
    "alliance meeting response draft position council delegation official report said wrote"
)


def actor_names(count: int, seed: int) -> list[tuple[str, ...]]:
    """A name and three aliases per actor, all distinct."""
    rng, used, actors = random.Random(seed), set(), []
    while len(actors) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        if word in used:
            continue
        used.add(word)
        number = len(actors)
        actors.append((f"Anna {word}", word, f"{word} government", f"{word[:2].upper()}X{number}"))
    return actors


def paragraph(rng: random.Random, actors) -> str:
    words = [rng.choice(WORDS) for _ in range(90)]
    for _ in range(rng.randint(2, 4)):
        words.insert(rng.randrange(len(words)), rng.choice(rng.choice(actors)))
    return "<p>" + " ".join(words).capitalize() + ".</p>"


def document(rng: random.Random, actors) -> str:
    parts = [f"<h2 id='s'>{rng.choice(rng.choice(actors))} and the talks</h2>"]
    parts += [paragraph(rng, actors) for _ in range(8)]
    parts.append(
        f"<p>See <a href='https://example.org'>{rng.choice(actors)[0]}</a> and <code>{rng.choice(actors)[1]}</code>"
        "<sup id='fnref:1'><a class='footnote-ref' href='#fn:1'>1</a></sup></p>"
    )
    return "\n".join(parts)


def link_all(documents, actors) -> float:
    started = time.process_time()
    matcher = MentionMatcher((name, number) for number, names in enumerate(actors) for name in names)
    targets = {number: Target(f"{{filename}}/actors/a{number}.md", "Role", "actor") for number in range(len(actors))}
    for text in documents:
        link_mentions(text, matcher, targets)
    return time.process_time() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--actors", type=int, default=500)
    parser.add_argument("--few", type=int, default=5)
    arguments = parser.parse_args(argv)
    actors = actor_names(arguments.actors, seed=2022)
    few_actors = actors[: arguments.few]
    documents = [document(random.Random(n), actors) for n in range(arguments.documents)]
    few_documents = [document(random.Random(n), few_actors) for n in range(arguments.documents)]
    words = sum(len(text.split()) for text in documents)
    many = statistics.median(link_all(documents, actors) for _ in range(3))
    few = statistics.median(link_all(few_documents, few_actors) for _ in range(3))
    big_automaton = statistics.median(link_all(few_documents, actors) for _ in range(3))
    print(f"{arguments.documents} documents, {words} words; each actor has a name and 3 aliases")
    each = many / arguments.documents * 1000
    print(f"{len(actors)} actors mentioned and known: {many:.2f} s ({each:.2f} ms a document)")
    print(f"{len(few_actors)} actors mentioned and known: {few:.2f} s (ratio {many / few:.2f})")
    print(
        f"{len(few_actors)} actors mentioned, {len(actors)} known: {big_automaton:.2f} s"
        f" (ratio to {len(few_actors)} known {big_automaton / few:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
