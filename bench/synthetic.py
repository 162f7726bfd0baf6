"""A synthetic archive in the project's content model, for the benchmark.

`write_archive(folder, Shape(...))` writes actors (with aliases), demands,
topics, annotated summaries (sources, positions, footnote annotations) and
explainers of 600-1,200 words that mention actors by name and alias. The same
shape and seed always give the same files. The text is nonsense English built
from a fixed vocabulary, but every file is valid content: a strict build passes.
Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path


def word_list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYLLABLES = word_list(
    "ka ro vin tal mor ben sa lu dre vok an tes nor ith gal por ve zan mir col has "
    "ul bri den fa ko set yar qui len dor pa ste gri mon tu el rav ois"
)
FIRST_NAMES = word_list(
    "Anna Boris Clara Dmitri Elena Felix Greta Hugo Irina Jonas Katya Lars Mila "
    "Nikolai Olga Pavel Rosa Sergei Tanja Ulrich Vera Wim Yana Zofia"
)
WORDS = word_list(
    "the a of to and in on for with that this from by as at which their its "
    "agreement security proposal talks government ministry statement treaty border "
    "forces exercise guarantee alliance negotiation meeting response draft letter "
    "position question answer envoy council delegation official report week month "
    "region deployment missile troops weapons dialogue principle commitment said "
    "wrote argued stated rejected welcomed proposed repeated warned noted described "
    "insisted confirmed asked offered called considered reviewed new formal written "
    "public early later further mutual legal binding regional military diplomatic "
    "clear open firm limited broader separate direct careful not also only still "
    "again soon already then both each other more most"
)
KINDS = ("person", "person", "person", "organisation", "state", "media")
STANCES = ("demands", "supports", "rejects", "discusses")
OUTCOMES = ("open", "rejected", "partly-met", "met", "withdrawn")
DEMAND_PHRASES = (
    "No deployments near {}",
    "Limits on exercises in {}",
    "Written guarantees for {}",
    "Withdrawal of forces from {}",
    "Talks on arms control in {}",
)
FIRST_DAY = datetime.date(2015, 1, 1)


@dataclass(frozen=True)
class Shape:
    """How big the synthetic archive is."""

    documents: int = 1000
    actors: int = 100
    demands: int = 30
    topics: int = 10
    seed: int = 2022
    summary_share: float = 0.7


@dataclass(frozen=True)
class Entity:
    slug: str
    title: str
    aliases: tuple[str, ...]


class ArchiveWriter:
    """Writes one synthetic archive; every choice comes from one seeded random."""

    def __init__(self, folder: Path, shape: Shape):
        self.folder = Path(folder)
        self.shape = shape
        self.random = random.Random(shape.seed)
        self.used_words: set[str] = set()
        self.files: dict[str, str] = {}

    def coined_word(self) -> str:
        """A new capitalised word no other name uses, so every name is unique."""
        while True:
            count = self.random.choice((2, 3, 3, 4))
            word = "".join(self.random.choice(SYLLABLES) for _ in range(count)).capitalize()
            if word not in self.used_words and word.lower() not in WORDS:
                self.used_words.add(word)
                return word

    def write(self) -> dict[str, str]:
        self.topics = [self.topic(n) for n in range(self.shape.topics)]
        self.actors: list[Entity] = []
        for number in range(self.shape.actors):
            self.actors.append(self.actor(number))
        self.demands = [self.demand(n) for n in range(self.shape.demands)]
        for number in range(self.shape.documents):
            if self.random.random() < self.shape.summary_share:
                self.summary(number)
            else:
                self.article(number)
        self.files["pages/about.md"] = "Title: About\n\nA synthetic archive written for the benchmark.\n"
        for relative, text in self.files.items():
            path = self.folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return self.files

    def topic(self, number: int) -> Entity:
        word = self.coined_word()
        entity = Entity(f"topic-{number:04d}", f"{word} security", ())
        self.files[f"topics/{entity.slug}.md"] = header(
            Title=entity.title,
            Summary=f"How the states around {word} arrange their security.",
        ) + self.paragraphs(1, 40, 80)
        return entity

    def actor(self, number: int) -> Entity:
        kind = self.random.choice(KINDS)
        word = self.coined_word()
        if kind == "person":
            title, aliases = f"{self.random.choice(FIRST_NAMES)} {word}", (word,)
        elif kind == "state":
            title, aliases = f"Republic of {word}", (word, f"{word} government")
        elif kind == "media":
            title, aliases = f"{word} Herald", (f"the {word} Herald",)
        else:
            title, aliases = f"{word} Defence Council", (f"{word} Council",)
        entity = Entity(f"actor-{number:04d}", title, aliases)
        fields = {"Title": title, "Kind": kind, "Aliases": ", ".join(aliases), "Role": f"Synthetic {kind}"}
        if self.actors and self.random.random() < 0.3:
            fields["Affiliation"] = self.random.choice(self.actors).title
        self.files[f"actors/{entity.slug}.md"] = header(**fields) + self.paragraphs(1, 40, 80)
        return entity

    def demand(self, number: int) -> Entity:
        word = self.coined_word()
        title = self.random.choice(DEMAND_PHRASES).format(word)
        entity = Entity(f"demand-{number:04d}", title, (f"the {word} demand",))
        makers = self.random.sample(self.actors, min(2, len(self.actors)))
        self.files[f"demands/{entity.slug}.md"] = header(
            Title=title,
            Aliases=entity.aliases[0],
            **{"Made-by": makers[0].title, "Addressed-to": makers[-1].title},
            Outcome=self.random.choice(OUTCOMES),
            Topics=self.random.choice(self.topics).title,
        ) + self.paragraphs(1, 40, 80)
        return entity

    def references(self) -> tuple[list[Entity], list[Entity], list[Entity]]:
        actors = self.random.sample(self.actors, min(len(self.actors), self.random.randint(2, 5)))
        demands = self.random.sample(self.demands, min(len(self.demands), self.random.randint(1, 3)))
        topics = self.random.sample(self.topics, min(len(self.topics), self.random.randint(1, 2)))
        return actors, demands, topics

    def document_fields(self, number: int, actors, demands, topics) -> dict[str, str]:
        day = FIRST_DAY + datetime.timedelta(days=number % 3650)
        return {
            "Title": f"{actors[0].title} on {demands[0].title}, part {number + 1}",
            "Date": day.isoformat(),
            "Summary": f"What {actors[0].title} said about {demands[0].title}.",
            "Topics": ", ".join(t.title for t in topics),
            "Actors": ", ".join(a.title for a in actors),
            "Demands": ", ".join(d.title for d in demands),
        }

    def summary(self, number: int) -> None:
        actors, demands, topics = self.references()
        fields = self.document_fields(number, actors, demands, topics)
        positions = [
            f"{self.random.choice(actors).title} | {self.random.choice(STANCES)} | {demand.title}" for demand in demands
        ]
        fields.update(
            {
                "Source": f"{self.random.choice(self.actors).aliases[0]} press service",
                "Source-URL": f"https://example.org/sources/{number}",
                "Source-Date": fields["Date"],
                "Source-Language": "English",
                "Positions": "\n    " + "\n    ".join(positions),
            }
        )
        key_points = "".join(f"- {self.sentence(actors)}\n" for _ in range(3))
        body = f"## Key points\n\n{key_points}\n## Summary\n\n" + self.annotated_body(actors)
        self.files[f"summaries/summary-{number:05d}.md"] = header(**fields) + body

    def article(self, number: int) -> None:
        actors, demands, topics = self.references()
        fields = self.document_fields(number, actors, demands, topics)
        body = f"## The question\n\n{self.annotated_body(actors)}"
        self.files[f"articles/article-{number:05d}.md"] = header(**fields) + body

    def annotated_body(self, actors) -> str:
        """600-1,200 words in paragraphs, with footnote annotations and links."""
        words = self.random.randint(600, 1200)
        paragraphs, notes, count = [], [], 0
        while count < words:
            paragraph = " ".join(self.sentence(actors) for _ in range(self.random.randint(4, 8)))
            if self.random.random() < 0.5:  # as in the archive, most facts link their source
                paragraph += f" ([source](https://example.org/sources/{len(paragraphs)}))"
            count += len(paragraph.split())
            if self.random.random() < 0.4:
                number = len(notes) + 1
                paragraph += f"[^{number}]"
                notes.append(
                    f"[^{number}]: Context: {self.sentence(actors)} "
                    f"[Source {number}](https://example.org/context/{number})."
                )
            paragraphs.append(paragraph)
        if not notes:
            paragraphs[-1] += "[^1]"
            notes.append("[^1]: Context: The synthetic note [Source](https://example.org/context/1).")
        return "\n\n".join(paragraphs) + "\n\n" + "\n".join(notes) + "\n"

    def sentence(self, actors) -> str:
        """Words, often an actor's name or alias, and the punctuation of real
        prose: possessives, quoted phrases and dashes (which smarty rewrites)."""
        words = [self.random.choice(WORDS) for _ in range(self.random.randint(8, 18))]
        if actors and self.random.random() < 0.6:
            actor = self.random.choice(actors)
            name = self.random.choice((actor.title, *actor.aliases))
            words.insert(self.random.randrange(len(words)), f"{name}'s" if self.random.random() < 0.25 else name)
        chance = self.random.random()
        if chance < 0.1:
            start = self.random.randrange(len(words) - 3)
            words[start] = f'"{words[start]}'
            words[start + 3] = f'{words[start + 3]}"'
        elif chance < 0.15:
            words.insert(self.random.randrange(1, len(words)), "--")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraphs(self, count: int, low: int, high: int) -> str:
        texts = []
        for _ in range(count):
            sentences = max(1, self.random.randint(low, high) // 12)
            texts.append(" ".join(self.sentence([]) for _ in range(sentences)))
        return "\n\n".join(texts) + "\n"


def header(**fields: str) -> str:
    lines = [f"{key}:{'' if value.startswith(chr(10)) else ' '}{value}" for key, value in fields.items() if value]
    return "\n".join(lines) + "\n\n"


def write_archive(folder: Path, shape: Shape) -> dict[str, str]:
    """Write the archive into `folder`; returns {relative path: text}."""
    return ArchiveWriter(folder, shape).write()
