// Colloquy search: Pagefind's JavaScript API behind a form, filters with
// counts, and results down to the single speech. The query, the filters and
// the order live in the URL (?q=…&speaker=…), so a search can be shared.
const root = document.body.dataset.root || './';
const FACETS = [
  { key: 'speaker', label: 'Speaker', mode: 'any' },
  { key: 'side', label: 'Side', mode: 'any' },
  { key: 'person', label: 'Persons mentioned', mode: 'all' },
  { key: 'place', label: 'Places mentioned', mode: 'all' },
  { key: 'organisation', label: 'Organisations mentioned', mode: 'all' },
  { key: 'event', label: 'Events mentioned', mode: 'all' },
  { key: 'document', label: 'Document', mode: 'any' },
  { key: 'part', label: 'Part of the text', mode: 'any' },
];
const PAGE = 20;
const SHOWN_VALUES = 10;

const el = (id) => document.getElementById(id);
const input = el('search-input');
const statusLine = el('search-status');
const list = el('search-results');
const more = el('search-more');
const empty = el('search-empty');
const facetsBox = el('search-facets');
const sortSelect = el('search-sort');

const state = { q: '', filters: {}, sort: 'relevance' };
let pagefind;
let allFilters = {};
let current = { results: [], shown: 0, phrases: [] };
let generation = 0;

el('search-nojs').remove();
el('search').hidden = false;

readUrl();
input.value = state.q;
sortSelect.value = state.sort;

// Listen at once, so that nothing typed while the index loads is lost.
let timer;
input.addEventListener('input', () => {
  state.q = input.value;
  const words = wordsOf(state.q);
  if (words.length) pagefind?.preload(words.join(' '));
  clearTimeout(timer);
  timer = setTimeout(run, 120);
});
el('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(timer);
  state.q = input.value;
  run();
});
sortSelect.addEventListener('change', () => {
  state.sort = sortSelect.value;
  run();
});
more.addEventListener('click', () => showMore());
for (const button of document.querySelectorAll('#search-clear, [data-clear-filters]')) {
  button.addEventListener('click', () => {
    state.filters = {};
    run();
  });
}

const ready = (async () => {
  pagefind = await import(new URL(`${root}pagefind/pagefind.js`, location.href).href);
  await pagefind.options({ baseUrl: new URL(root, location.href).pathname, highlightParam: 'highlight' });
  // A site assembled from shards: each other shard's index is merged into this one (Pagefind's multisite search).
  for (const bundle of JSON.parse(el('search-form').dataset.mergeBundles || '[]')) {
    await pagefind.mergeIndex(new URL(`${root}${bundle.path}`, location.href).pathname, { language: bundle.language });
  }
  allFilters = await pagefind.filters();
  renderFacets(allFilters, allFilters);
})();
ready.catch(() => {
  statusLine.textContent = 'The search index could not be loaded. Try reloading the page, or browse the registers.';
});
if (state.q || hasFilters()) run();

/** The words of a query, without quotes; and the quoted phrases, which must occur exactly. */
function wordsOf(q) {
  return q.replace(/"/g, ' ').split(/\s+/).filter(Boolean);
}
function phrasesOf(q) {
  return [...q.matchAll(/"([^"]+)"/g)].map((m) => normalise(m[1])).filter((p) => p.includes(' '));
}
function normalise(s) {
  return s.toLowerCase().replace(/[’‘]/g, "'").replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
}

function hasFilters() {
  return Object.values(state.filters).some((v) => v.length);
}

function pagefindFilters() {
  const out = {};
  for (const facet of FACETS) {
    const values = state.filters[facet.key];
    if (values?.length) out[facet.key] = facet.mode === 'any' ? { any: values } : values;
  }
  return out;
}

async function run() {
  const mine = ++generation;
  await ready;
  if (mine !== generation) return;
  const words = wordsOf(state.q);
  writeUrl();
  if (!words.length && !hasFilters()) {
    list.replaceChildren();
    more.hidden = true;
    empty.hidden = true;
    statusLine.textContent = '';
    renderFacets(allFilters, allFilters);
    return;
  }
  const options = { filters: pagefindFilters() };
  if (state.sort === 'order') options.sort = { position: 'asc' };
  const search = await pagefind.search(words.length ? words.join(' ') : null, options);
  if (mine !== generation || !search) return;
  const phrases = phrasesOf(state.q);
  let results = search.results;
  if (phrases.length) results = await keepPhrases(results, phrases, mine);
  if (mine !== generation) return;
  current = { results, shown: 0, phrases };
  list.replaceChildren();
  renderFacets(search.filters ?? {}, search.totalFilters ?? allFilters);
  await showMore(mine);
  describe(results.length, phrases.length > 0);
}

/** Pagefind matches words; a quoted phrase must also occur as written. */
async function keepPhrases(results, phrases, mine) {
  const kept = [];
  for (const result of results) {
    if (mine !== generation) return kept;
    const data = await result.data();
    const text = normalise(data.content ?? '');
    if (phrases.every((p) => text.includes(p))) {
      result.loaded = data;
      kept.push(result);
    }
  }
  return kept;
}

async function showMore(mine = generation) {
  const slice = current.results.slice(current.shown, current.shown + PAGE);
  const data = await Promise.all(slice.map((r) => r.loaded ?? r.data()));
  if (mine !== generation) return;
  for (const d of data) list.append(resultItem(d));
  current.shown += slice.length;
  more.hidden = current.shown >= current.results.length;
  empty.hidden = current.results.length > 0;
}

/** A result: the speaker label and turn (or "Note 1"), what it is, the words in context, where it stands. */
function resultItem(d) {
  const f = d.filters ?? {};
  const first = (key) => (f[key] ?? [])[0] ?? '';
  const anchor = decodeURIComponent(d.url.split('#')[1] ?? '');
  const li = document.createElement('li');
  li.className = 'result';
  li.dataset.anchor = anchor;
  const link = document.createElement('a');
  link.href = d.url;
  link.className = 'result-title';
  link.textContent = first('turn') ? `${first('label')} · turn ${first('turn')}` : first('label') || first('part');
  const part = document.createElement('span');
  part.className = 'result-part';
  part.textContent = first('part');
  const excerpt = document.createElement('p');
  excerpt.className = 'excerpt';
  // Pagefind encodes the excerpt's entities before adding <mark>, so it is safe as HTML.
  excerpt.innerHTML = d.excerpt;
  const where = document.createElement('p');
  where.className = 'result-where';
  where.textContent = `${first('document')} · #${anchor}`;
  li.append(link, ' ', part, excerpt, where);
  return li;
}

function describe(count, phrase) {
  const q = state.q.trim();
  const parts = [`${count.toLocaleString('en-US')} ${count === 1 ? 'result' : 'results'}`];
  if (q) parts.push(`for ${phrase ? q : `“${q}”`}`);
  const chosen = FACETS.flatMap((f) => (state.filters[f.key] ?? []).map((v) => v));
  if (chosen.length) parts.push(`filtered by ${chosen.join(', ')}`);
  statusLine.textContent = `${parts.join(' ')}.`;
}

/** One group of checkboxes per filter, each value with the number of results it would give. */
function renderFacets(counts, totals) {
  const focused = document.activeElement?.dataset?.facet ? { facet: document.activeElement.dataset.facet, value: document.activeElement.value } : null;
  const groups = [];
  for (const facet of FACETS) {
    const all = allFilters[facet.key];
    if (!all || Object.keys(all).length < (facet.key === 'document' ? 2 : 1)) continue;
    const selected = new Set(state.filters[facet.key] ?? []);
    const values = Object.keys(all)
      .map((value) => ({ value, count: (selected.has(value) ? totals[facet.key]?.[value] : counts[facet.key]?.[value]) ?? 0 }))
      .filter((v) => v.count > 0 || selected.has(v.value))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    if (!values.length) continue;
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'facet';
    const legend = document.createElement('legend');
    legend.textContent = facet.label;
    fieldset.append(legend);
    const head = values.slice(0, SHOWN_VALUES);
    const rest = values.slice(SHOWN_VALUES);
    for (const v of head) fieldset.append(checkbox(facet, v, selected));
    if (rest.length) {
      const details = document.createElement('details');
      if (rest.some((v) => selected.has(v.value))) details.open = true;
      const summary = document.createElement('summary');
      summary.textContent = `${rest.length} more`;
      details.append(summary, ...rest.map((v) => checkbox(facet, v, selected)));
      fieldset.append(details);
    }
    groups.push(fieldset);
  }
  facetsBox.replaceChildren(...groups);
  if (focused) facetsBox.querySelector(`input[data-facet="${focused.facet}"][value="${CSS.escape(focused.value)}"]`)?.focus();
}

function checkbox(facet, { value, count }, selected) {
  const label = document.createElement('label');
  label.className = 'facet-value';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.value = value;
  box.dataset.facet = facet.key;
  box.checked = selected.has(value);
  box.addEventListener('change', () => {
    const set = new Set(state.filters[facet.key] ?? []);
    if (box.checked) set.add(value);
    else set.delete(value);
    state.filters[facet.key] = [...set];
    run();
  });
  const count_ = document.createElement('span');
  count_.className = 'count';
  count_.textContent = ` (${count.toLocaleString('en-US')})`;
  label.append(box, ` ${value}`, count_);
  return label;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  state.q = params.get('q') ?? '';
  state.sort = params.get('sort') === 'order' ? 'order' : 'relevance';
  for (const facet of FACETS) {
    const values = params.getAll(facet.key).filter(Boolean);
    if (values.length) state.filters[facet.key] = values;
  }
}

function writeUrl() {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const facet of FACETS) for (const v of state.filters[facet.key] ?? []) params.append(facet.key, v);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}
