"""List pages of bounded size: a topic's documents, the timelines by year, the
positions table in tiles of actors and demands.

Every list keeps a first page at its own address and puts the rest one link
away, so a page's size does not grow with the archive. Pure module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .timeline import TimelineEntry, Year, group_by_month

DOCUMENTS_PER_PAGE = 50
ENTRIES_PER_PAGE = 150  # timeline entries on one page of a year
ACTORS_PER_TILE = 25  # rows of one page of the positions table
DEMANDS_PER_TILE = 20  # columns of one page of the positions table


def page_url(base_url: str, number: int) -> str:
    """The first page at `base_url`, the next at `base_url` + `2/`, ..."""
    return base_url if number == 1 else f"{base_url}{number}/"


def save_as(url: str) -> str:
    return f"{url}index.html"


def cut(items: list, size: int) -> list[list]:
    """Items in runs of `size`; one empty run when there is none."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


@dataclass
class Page:
    """One page of a list: its items, its number and the addresses of every page."""

    number: int
    items: list
    urls: list[str]

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def count(self) -> int:
        return len(self.urls)


def pages(items: list, size: int, base_url: str) -> list[Page]:
    runs = cut(items, size)
    urls = [page_url(base_url, number) for number in range(1, len(runs) + 1)]
    return [Page(number, run, urls) for number, run in enumerate(runs, start=1)]


@dataclass(frozen=True)
class YearLink:
    year: int
    count: int
    url: str


@dataclass
class TimelinePage:
    """A page of a timeline: the entries of one year (or of the newest period)."""

    url: str
    years: list[Year]
    year: int | None = None  # None on the page of the newest entries
    page: Page | None = None  # its place among the pages of its year

    @property
    def entries(self) -> list[TimelineEntry]:
        return [entry for year in self.years for month in year.months for entry in month.entries]


@dataclass
class TimelineBook:
    """A timeline cut into pages: the newest entries, then each year's pages."""

    base_url: str
    latest: TimelinePage
    years: list[YearLink] = field(default_factory=list)
    pages: list[TimelinePage] = field(default_factory=list)
    total: int = 0

    @property
    def is_complete_on_first_page(self) -> bool:
        return len(self.latest.entries) == self.total


def timeline_book(entries: list[TimelineEntry], base_url: str, newest: int, per_page: int = ENTRIES_PER_PAGE):
    """`entries` newest first; the first page shows the `newest` of them, and every
    year has pages of at most `per_page` entries at `base_url`/YEAR/, /YEAR/2/, ..."""
    by_year: dict[int, list[TimelineEntry]] = {}
    for entry in entries:
        by_year.setdefault(entry.day.year, []).append(entry)
    book = TimelineBook(base_url, TimelinePage(base_url, group_by_month(entries[:newest])), total=len(entries))
    for year, year_entries in by_year.items():
        for page in pages(year_entries, per_page, f"{base_url}{year}/"):
            book.pages.append(TimelinePage(page.url, group_by_month(page.items), year, page))
        book.years.append(YearLink(year, len(year_entries), f"{base_url}{year}/"))
    return book


@dataclass
class Tile:
    """One page of the positions table: a run of actors by a run of demands."""

    actors: list
    demands: list
    actor_run: int  # 1-based
    demand_run: int
    url: str


@dataclass
class TileGrid:
    """The positions table cut into tiles; `tiles[(actor run, demand run)]`."""

    table: object
    actor_runs: list[list]
    demand_runs: list[list]
    tiles: dict[tuple[int, int], Tile]

    def tile(self, actor_run: int, demand_run: int) -> Tile:
        return self.tiles[(actor_run, demand_run)]

    def __iter__(self):
        return iter(self.tiles[key] for key in sorted(self.tiles))


def tile_url(base_url: str, actor_run: int, demand_run: int) -> str:
    return base_url if (actor_run, demand_run) == (1, 1) else f"{base_url}{actor_run}-{demand_run}/"


def tile_grid(table, base_url: str, actors_per_tile=ACTORS_PER_TILE, demands_per_tile=DEMANDS_PER_TILE) -> TileGrid:
    """`table` has `actors` and `demands` in order (archive_entities' PositionTable)."""
    actor_runs = cut(list(table.actors), actors_per_tile)
    demand_runs = cut(list(table.demands), demands_per_tile)
    tiles = {}
    for a, actors in enumerate(actor_runs, start=1):
        for d, demands in enumerate(demand_runs, start=1):
            tiles[(a, d)] = Tile(actors, demands, a, d, tile_url(base_url, a, d))
    return TileGrid(table, actor_runs, demand_runs, tiles)
