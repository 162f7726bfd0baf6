"""Geometry of the archive's pictures, drawn as inline SVG by the theme.

The positions map puts actors on the left, demands on the right and one line
for each (actor, stance, demand) recorded, labelled with the stance where the
label fits. The month chart draws one bar per month. Only numbers and names
here: the partials turn them into SVG. Pure module.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

from archive_model.model import STANCES

MAP_WIDTH = 800
ROW = 24  # vertical distance between two nodes; twice the label's font size
MAP_TOP = 52  # room for the legend
MAP_BOTTOM = 12
ACTOR_X = 230
DEMAND_X = 500
NODE_GAP = 8
ACTOR_CHARS = 28  # what fits left of the actors' column at 13 px
DEMAND_CHARS = 38  # what fits right of the demands' column
STANCE_FONT_WIDTH = 7.0  # average advance of a character of the 11 px stance label
STANCE_LABEL_HEIGHT = 13
# Spots along a line for its stance label, from the end where lines fan out least.
LABEL_SPOTS = (0.16, 0.32, 0.5, 0.68, 0.84)
PAIR_SPREAD = 10


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


@dataclass
class MapNode:
    entity: object
    x: float
    y: float
    label: str
    focus: bool = False

    @property
    def kind(self) -> str:
        return self.entity.kind

    @property
    def shortened(self) -> bool:
        return self.label != self.entity.title


@dataclass
class MapEdge:
    actor: MapNode
    demand: MapNode
    stance: str
    records: list
    path: str = ""
    label_x: float | None = None
    label_y: float | None = None

    @property
    def description(self) -> str:
        count = len({id(record.document) for record in self.records})
        where = "one document" if count == 1 else f"{count} documents"
        return f"{self.actor.entity.title} {self.stance} {self.demand.entity.title} (recorded in {where})"


@dataclass
class PositionsMap:
    actors: list[MapNode] = field(default_factory=list)
    demands: list[MapNode] = field(default_factory=list)
    edges: list[MapEdge] = field(default_factory=list)
    width: int = MAP_WIDTH
    height: int = 0
    stances: tuple = STANCES
    actors_total: int = 0  # actors with a position, drawn or not

    @property
    def limited(self) -> bool:
        return self.actors_total > len(self.actors)

    @property
    def nodes(self) -> list[MapNode]:
        return self.actors + self.demands

    @property
    def empty(self) -> bool:
        return not self.edges

    def counts(self) -> dict[str, int]:
        counts = {stance: 0 for stance in self.stances}
        for edge in self.edges:
            counts[edge.stance] += 1
        return counts


def group_edges(records) -> dict[tuple[str, str, str], list]:
    grouped: dict[tuple[str, str, str], list] = {}
    for record in records:
        grouped.setdefault((record.actor.slug, record.demand.slug, record.stance), []).append(record)
    return grouped


def is_focus(entity, focus) -> bool:
    return focus is not None and (entity.kind, entity.slug) == (focus.kind, focus.slug)


def column(entities, x, rows, focus, limit) -> list[MapNode]:
    """Nodes one row apart, the shorter column centred against the longer."""
    top = MAP_TOP + ROW / 2 + (rows - len(entities)) * ROW / 2
    return [
        MapNode(entity, x, top + index * ROW, shorten(entity.title, limit), is_focus(entity, focus))
        for index, entity in enumerate(entities)
    ]


def order_demands(demands, actor_rows, grouped) -> list:
    """Demands by the mean row of the actors linked to them, so lines cross less."""
    linked: dict[str, list[int]] = {}
    for actor_slug, demand_slug, _ in grouped:
        linked.setdefault(demand_slug, []).append(actor_rows[actor_slug])

    def centre(demand):
        rows = linked.get(demand.slug, [0])
        return (sum(rows) / len(rows), demand.title.casefold(), demand.slug)

    return sorted(demands, key=centre)


def curve(edge: MapEdge, offset: float) -> tuple[tuple[float, float], ...]:
    x1, y1 = edge.actor.x + NODE_GAP / 2, edge.actor.y
    x2, y2 = edge.demand.x - NODE_GAP / 2, edge.demand.y
    reach = (x2 - x1) * 0.4
    return ((x1, y1), (x1 + reach, y1 + offset), (x2 - reach, y2 + offset), (x2, y2))


def point_on(points, t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def overlaps(box, boxes) -> bool:
    left, top, right, bottom = box
    return any(left < r and other_left < right and top < b and t < bottom for other_left, t, r, b in boxes)


def place_label(edge: MapEdge, points, taken: list, spots=LABEL_SPOTS) -> None:
    """Put the stance label at the first spot along the line that no other label covers."""
    half_width = len(edge.stance) * STANCE_FONT_WIDTH / 2 + 3
    half_height = STANCE_LABEL_HEIGHT / 2
    for t in spots:
        x, y = point_on(points, t)
        box = (x - half_width, y - half_height, x + half_width, y + half_height)
        if not overlaps(box, taken):
            taken.append(box)
            edge.label_x, edge.label_y = round(x, 1), round(y + 4, 1)
            return


def draw_edges(edges: list[MapEdge]) -> None:
    by_pair: dict[tuple[int, int], list[MapEdge]] = {}
    degree: dict[int, int] = {}
    for edge in edges:
        by_pair.setdefault((id(edge.actor), id(edge.demand)), []).append(edge)
        for node in (edge.actor, edge.demand):
            degree[id(node)] = degree.get(id(node), 0) + 1
    taken: list = []
    for edge in edges:
        siblings = by_pair[(id(edge.actor), id(edge.demand))]
        offset = (siblings.index(edge) - (len(siblings) - 1) / 2) * PAIR_SPREAD
        points = curve(edge, offset)
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = (tuple(round(v, 1) for v in p) for p in points)
        edge.path = f"M{x0:g} {y0:g}C{x1:g} {y1:g} {x2:g} {y2:g} {x3:g} {y3:g}"
        crowded_actor = degree[id(edge.actor)] > degree[id(edge.demand)]
        place_label(edge, points, taken, LABEL_SPOTS[::-1] if crowded_actor else LABEL_SPOTS)


def most_active_actors(records, max_actors: int, max_edges: int) -> set[str]:
    """Slugs of the actors with the most positions recorded, as many as fit in
    `max_actors` actors and `max_edges` lines (always the most active one)."""
    counts: dict[str, int] = {}
    lines: dict[str, set] = {}
    titles: dict[str, str] = {}
    for record in records:
        counts[record.actor.slug] = counts.get(record.actor.slug, 0) + 1
        lines.setdefault(record.actor.slug, set()).add((record.demand.slug, record.stance))
        titles[record.actor.slug] = record.actor.title.casefold()
    chosen: set[str] = set()
    drawn = 0
    for slug in sorted(counts, key=lambda slug: (-counts[slug], titles[slug], slug)):
        if len(chosen) == max_actors or (chosen and drawn + len(lines[slug]) > max_edges):
            break
        chosen.add(slug)
        drawn += len(lines[slug])
    return chosen


def positions_map(records, focus=None, max_actors=None, max_edges=None) -> PositionsMap:
    """The map of the given position records; `focus` (an actor or demand) is marked.
    With `max_actors` or `max_edges`, only the most active actors that fit are drawn."""
    records = list(records)
    actors_total = len({record.actor.slug for record in records})
    if max_actors is not None or max_edges is not None:
        limit = max_actors or actors_total
        chosen = most_active_actors(records, limit, max_edges if max_edges is not None else len(records))
        records = [record for record in records if record.actor.slug in chosen]
    grouped = group_edges(records)
    if not grouped:
        return PositionsMap()
    actors = {r.actor.slug: r.actor for r in records}
    demands = {r.demand.slug: r.demand for r in records}
    ordered_actors = sorted(actors.values(), key=lambda a: (a.title.casefold(), a.slug))
    actor_rows = {actor.slug: row for row, actor in enumerate(ordered_actors)}
    ordered_demands = order_demands(demands.values(), actor_rows, grouped)
    rows = max(len(ordered_actors), len(ordered_demands))
    picture = PositionsMap(
        actors=column(ordered_actors, ACTOR_X, rows, focus, ACTOR_CHARS),
        demands=column(ordered_demands, DEMAND_X, rows, focus, DEMAND_CHARS),
        height=int(MAP_TOP + rows * ROW + MAP_BOTTOM),
        actors_total=actors_total,
    )
    actor_nodes = {node.entity.slug: node for node in picture.actors}
    demand_nodes = {node.entity.slug: node for node in picture.demands}
    stance_rank = {stance: rank for rank, stance in enumerate(STANCES)}
    for actor_slug, demand_slug, stance in sorted(
        grouped, key=lambda key: (actor_rows[key[0]], demand_nodes[key[1]].y, stance_rank[key[2]])
    ):
        records_here = grouped[(actor_slug, demand_slug, stance)]
        picture.edges.append(MapEdge(actor_nodes[actor_slug], demand_nodes[demand_slug], stance, records_here))
    draw_edges(picture.edges)
    return picture


CHART_LEFT = 36
CHART_TOP = 24
CHART_PLOT = 120
CHART_BOTTOM = 40
BAR = 26
BAR_GAP = 8
MAX_EMPTY_MONTHS = 3  # a longer run of months without documents is drawn as one gap


def month_name(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


@dataclass
class Bar:
    """One month, or (with `until`) a run of months without documents."""

    year: int
    month: int
    count: int
    x: float
    y: float
    height: float
    shows_year: bool = False
    until: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        first = month_name(self.year, self.month)
        return f"{first} to {month_name(*self.until)}" if self.until else first

    @property
    def short_label(self) -> str:
        return "\u2026" if self.until else calendar.month_abbr[self.month]


@dataclass
class MonthChart:
    bars: list[Bar] = field(default_factory=list)
    width: int = 0
    height: int = CHART_TOP + CHART_PLOT + CHART_BOTTOM
    baseline: int = CHART_TOP + CHART_PLOT
    bar_width: int = BAR
    peak: int = 0

    @property
    def busiest(self) -> Bar | None:
        return max(self.bars, key=lambda bar: (bar.count, -bar.year, -bar.month)) if self.bars else None

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def chart_slots(counts: list[tuple[int, int, int]]) -> list[tuple[int, int, int, tuple | None]]:
    """(year, month, count, until) slots: every month, except that a run of more
    than MAX_EMPTY_MONTHS months without documents becomes one slot."""
    slots: list[tuple[int, int, int, tuple | None]] = []
    empty: list[tuple[int, int]] = []

    def close_run():
        if len(empty) > MAX_EMPTY_MONTHS:
            slots.append((*empty[0], 0, empty[-1]))
        else:
            slots.extend((year, month, 0, None) for year, month in empty)
        empty.clear()

    for year, month, count in counts:
        if count == 0:
            empty.append((year, month))
            continue
        close_run()
        slots.append((year, month, count, None))
    close_run()
    return slots


def month_chart(counts: list[tuple[int, int, int]]) -> MonthChart:
    """Bars for (year, month, count) triples, oldest first. A bar shows its year
    when it is the first, a January, or the first after a gap."""
    chart = MonthChart()
    if not counts:
        return chart
    chart.peak = max(count for _, _, count in counts) or 1
    slots = chart_slots(counts)
    after_gap = True
    for index, (year, month, count, until) in enumerate(slots):
        height = round(CHART_PLOT * count / chart.peak, 1)
        x = CHART_LEFT + index * (BAR + BAR_GAP)
        shows_year = until is None and (after_gap or month == 1)
        chart.bars.append(Bar(year, month, count, x, round(chart.baseline - height, 1), height, shows_year, until))
        after_gap = until is not None
    chart.width = CHART_LEFT + len(slots) * (BAR + BAR_GAP) + BAR_GAP
    return chart
