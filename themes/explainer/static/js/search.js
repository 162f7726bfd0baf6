// The search page: runs the query from the URL, searches as the reader types,
// narrows by facets, and keeps the URL in step so that results can be shared.
// Uses Pagefind's search API (pagefind/pagefind.js), loaded from the site's own
// folder, so the page works the same at the root of a host and under a sub-path.

const FACETS = [
  ["type", "Type"],
  ["year", "Year"],
  ["topic", "Topic"],
  ["actor", "Actor"],
  ["demand", "Demand"],
];
const TYPE_ORDER = ["Explainer", "Annotated summary", "Actor", "Demand", "Topic"];
// The theme's badge for each type, as on the documents' own pages.
const BADGES = { Explainer: "article", "Annotated summary": "summary", Actor: "actor", Demand: "demand", Topic: "topic" };
const PAGE_SIZE = 10;
const FACET_VALUES_SHOWN = 8;
const TYPING_DELAY_MS = 150;
// Every entity carries its names, folded, in this hidden filter
// (plugins/archive_search/records.py): an exact name leads the results.
const NAME_FILTER = "name";
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2212]/g;

const root = document.querySelector("[data-search]");
const form = root.querySelector(".search-form");
const input = root.querySelector("#search-query");
const status = root.querySelector("[data-search-status]");
const ui = root.querySelector("[data-search-ui]");
const facetsForm = root.querySelector("[data-search-facets]");
const facetsButton = root.querySelector("[data-search-facets-load]");
const list = root.querySelector("[data-search-results]");
const moreButton = root.querySelector("[data-search-more]");
const fallback = root.querySelector("[data-search-fallback]");
const fallbackNote = root.querySelector("[data-search-fallback-note]");
const siteRoot = root.dataset.siteRoot;

const state = { query: "", selected: new Map(), results: [], shown: 0, run: 0, facets: false };
let pagefind = null;
let ready = null;
let typingTimer = null;

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  state.query = params.get("q") || "";
  state.selected = new Map();
  for (const [key] of FACETS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) state.selected.set(key, new Set(values));
  }
  input.value = state.query;
}

function writeUrl() {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const [key] of FACETS) {
    for (const value of [...(state.selected.get(key) || [])].sort()) params.append(key, value);
  }
  const search = params.toString();
  const url = `${window.location.pathname}${search ? `?${search}` : ""}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    window.history.replaceState(null, "", url);
  }
}

function filterOptions() {
  const filters = {};
  for (const [key, values] of state.selected) {
    if (values.size) filters[key] = { any: [...values] };
  }
  return filters;
}

function nameKey(text) {
  return text.normalize("NFC").toLowerCase().replace(DASHES, "-").replace(/\u2019/g, "'").split(/\s+/).filter(Boolean).join(" ");
}

// Entities named exactly as the query, then every full-text match, each once.
async function findResults() {
  const filters = filterOptions();
  const exactFilters = { ...filters, [NAME_FILTER]: { any: [nameKey(state.query)] } };
  // Both searches need the same word chunks: a search by filters alone would
  // fetch the whole index.
  const [found, exact] = await Promise.all([
    pagefind.search(state.query, { filters }),
    pagefind.search(state.query, { filters: exactFilters }),
  ]);
  if (!found) return null;
  const leading = exact ? exact.results : [];
  const leadingIds = new Set(leading.map((result) => result.id));
  found.results = [...leading, ...found.results.filter((result) => !leadingIds.has(result.id))];
  return found;
}

function hasFilters() {
  return [...state.selected.values()].some((values) => values.size > 0);
}

// Pagefind's URLs start at the site's root ("/actors/x/"); links are made
// relative to this page's own idea of the root, never root-absolute.
function siteLink(rawUrl) {
  return siteRoot + rawUrl.replace(/^\/+/, "");
}

// Pagefind's excerpts are text with <mark> around the matched words; only
// text and <mark> are copied into the page.
function excerptNodes(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = excerpt;
  const fragment = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      fragment.append(mark);
    } else {
      fragment.append(document.createTextNode(node.textContent));
    }
  }
  return fragment;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function resultItem(data) {
  const item = element("li", "search-result");
  const meta = element("p", "search-result__meta");
  const type = data.meta.type || "";
  meta.append(element("span", `badge badge--${BADGES[type] || "page"}`, type));
  if (data.meta.date) {
    const time = element("time", "search-result__date", data.meta.date);
    if (data.meta.datetime) time.dateTime = data.meta.datetime;
    meta.append(" ", time);
  }
  const title = element("h3", "search-result__title");
  const link = element("a", "", data.meta.title || data.raw_url);
  link.href = siteLink(data.raw_url || data.url);
  title.append(link);
  const excerpt = element("p", "search-result__excerpt");
  excerpt.append(excerptNodes(data.excerpt || ""));
  item.append(meta, title, excerpt);
  return item;
}

async function showMore(focusFirst) {
  const run = state.run;
  const next = state.results.slice(state.shown, state.shown + PAGE_SIZE);
  const data = await Promise.all(next.map((result) => result.data()));
  if (run !== state.run) return;
  const items = data.map(resultItem);
  list.append(...items);
  state.shown += next.length;
  moreButton.hidden = state.shown >= state.results.length;
  if (focusFirst && items.length) items[0].querySelector("a").focus();
}

function sortedValues(key, totals, counts) {
  const selected = state.selected.get(key) || new Set();
  const values = Object.keys(totals).filter((value) => totals[value] > 0 || selected.has(value));
  for (const value of selected) if (!values.includes(value)) values.push(value);
  if (key === "type") return values.sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
  if (key === "year") return values.sort().reverse();
  return values.sort((a, b) => (counts[b] || 0) - (counts[a] || 0) || a.localeCompare(b));
}

function facetOption(key, value, index, count) {
  const id = `facet-${key}-${index}`;
  const option = element("div", "search-facet__option");
  const box = element("input");
  box.type = "checkbox";
  box.id = id;
  box.name = key;
  box.value = value;
  box.checked = (state.selected.get(key) || new Set()).has(value);
  const label = element("label", "", value);
  label.htmlFor = id;
  label.append(" ", element("span", "count", `(${count})`));
  option.append(box, label);
  return option;
}

function facetFieldset(key, legend, values, counts, openMore) {
  const fieldset = element("fieldset", "search-facet");
  fieldset.append(element("legend", "", legend));
  const options = values.map((value, index) => facetOption(key, value, index, counts[value] || 0));
  fieldset.append(...options.slice(0, FACET_VALUES_SHOWN));
  if (options.length > FACET_VALUES_SHOWN) {
    const more = element("details", "search-facet__more");
    more.dataset.facet = key;
    more.open = openMore;
    more.append(element("summary", "", `${options.length - FACET_VALUES_SHOWN} more`));
    more.append(...options.slice(FACET_VALUES_SHOWN));
    fieldset.append(more);
  }
  return fieldset;
}

function renderFacets(search) {
  if (!state.facets) return;
  const focused = document.activeElement;
  const refocus = focused && focused.type === "checkbox" && facetsForm.contains(focused) ? [focused.name, focused.value] : null;
  const open = new Set([...facetsForm.querySelectorAll("details[open]")].map((details) => details.dataset.facet));
  for (const fieldset of facetsForm.querySelectorAll("fieldset")) fieldset.remove();
  for (const [key, legend] of FACETS) {
    const totals = search.totalFilters[key] || {};
    const counts = search.filters[key] || {};
    const values = sortedValues(key, totals, counts);
    if (values.length) facetsForm.append(facetFieldset(key, legend, values, counts, open.has(key)));
  }
  if (refocus) {
    const box = [...facetsForm.querySelectorAll("input[type=checkbox]")].find(
      (input) => input.name === refocus[0] && input.value === refocus[1],
    );
    if (box) box.focus();
  }
}

function describe(count) {
  const noun = count === 1 ? "result" : "results";
  const what = state.query ? ` for “${state.query}”` : "";
  const narrowed = hasFilters() ? ", narrowed by the ticked filters" : "";
  if (count === 0) return `No results${what}${narrowed}. Check the spelling, try another form of a name, or untick a filter.`;
  return `${count} ${noun}${what}${narrowed}.`;
}

function clearResults() {
  list.replaceChildren();
  for (const fieldset of facetsForm.querySelectorAll("fieldset")) fieldset.remove();
  state.results = [];
  state.shown = 0;
  moreButton.hidden = true;
  ui.hidden = true;
  fallback.hidden = false;
  status.textContent = "";
}

async function runSearch() {
  const run = ++state.run;
  writeUrl();
  if (!(await ready) || run !== state.run) return;
  if (!state.query) {
    clearResults();
    return;
  }
  list.setAttribute("aria-busy", "true");
  const search = await findResults();
  if (run !== state.run || !search) return;
  state.results = search.results;
  state.shown = 0;
  list.replaceChildren();
  renderFacets(search);
  await showMore(false);
  if (run !== state.run) return;
  list.removeAttribute("aria-busy");
  ui.hidden = false;
  fallback.hidden = true;
  status.textContent = describe(search.results.length);
}

function onTyping() {
  state.query = input.value.trim();
  if (pagefind && state.query) pagefind.preload(state.query);
  window.clearTimeout(typingTimer);
  typingTimer = window.setTimeout(runSearch, TYPING_DELAY_MS);
}

function onSubmit(event) {
  event.preventDefault();
  window.clearTimeout(typingTimer);
  state.query = input.value.trim();
  runSearch();
}

function onFacetChange(event) {
  const box = event.target;
  if (box.type !== "checkbox") return;
  const values = state.selected.get(box.name) || new Set();
  if (box.checked) values.add(box.value);
  else values.delete(box.value);
  state.selected.set(box.name, values);
  runSearch();
}

async function loadPagefind() {
  try {
    pagefind = await import(new URL(root.dataset.bundle, document.baseURI).href);
    await pagefind.options({ excerptLength: 24, noWorker: true });
    await pagefind.init();
  } catch (error) {
    status.textContent = "Search could not be loaded. Browse the archive from A to Z below.";
    return false;
  }
  fallbackNote.hidden = true;
  return true;
}

// The facets' counts need every filter file, which grow with the archive and
// make each search slower: they load when the reader asks for facets, or when
// the address already narrows by one.
async function loadFacets(focusFirst) {
  if (!(await ready)) return;
  facetsButton.disabled = true;
  await pagefind.filters();
  state.facets = true;
  facetsButton.hidden = true;
  await runSearch();
  if (focusFirst) facetsForm.querySelector("input[type=checkbox]")?.focus();
}

// Listens at once, so that nothing typed while Pagefind loads is lost.
function start() {
  readUrl();
  input.addEventListener("input", onTyping);
  form.addEventListener("submit", onSubmit);
  facetsForm.addEventListener("change", onFacetChange);
  facetsForm.addEventListener("submit", (event) => event.preventDefault());
  moreButton.addEventListener("click", () => showMore(true));
  facetsButton.addEventListener("click", () => loadFacets(true));
  ready = loadPagefind();
  if (hasFilters()) loadFacets(false);
  else runSearch();
}

start();
