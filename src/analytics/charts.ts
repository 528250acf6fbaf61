import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { DocumentStats } from './compute.ts';

/**
 * The pictures of a conversation, as SVG made at build time: readable without
 * JavaScript, each with a <title> and <desc> (and, on the page, a data table
 * beside it for screen readers). Marks link to the speeches they stand for.
 * `href` turns a speech anchor into a link from the page the SVG is on.
 */
export interface ChartOptions {
  href: (anchor: string) => string;
  /** An id prefix, unique on the page. */
  id: string;
}

const SIDE_COLOURS = ['#8c2d19', '#1f4e79', '#5b6b2e', '#6b3f7a'];
const NEUTRAL = '#6e6e6e';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A colour per side, in the header's order (as the captions' swatches), then any other in order of appearance. */
export function sideColours(stats: DocumentStats): Map<string, string> {
  const colours = new Map<string, string>();
  for (const side of stats.sides) if (!colours.has(side)) colours.set(side, SIDE_COLOURS[colours.size % SIDE_COLOURS.length] as string);
  for (const t of stats.timeline) {
    const key = t.side ?? '';
    if (!colours.has(key)) colours.set(key, key ? (SIDE_COLOURS[colours.size % SIDE_COLOURS.length] as string) : NEUTRAL);
  }
  return colours;
}

/** An SVG with its title and description. One whose marks are links is a group (an image's content would be hidden from assistive technology). */
function frame(id: string, width: number, height: number, title: string, desc: string, body: string): string {
  const role = body.includes('<a ') ? 'group' : 'img';
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" role="${role}" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`;
}

/** The conversation as a strip of turns, each as wide as its words, coloured by side. */
export function timelineSvg(stats: DocumentStats, o: ChartOptions): string {
  const width = 960;
  const height = 28;
  const total = stats.timeline.reduce((n, t) => n + Math.max(t.words, 1), 0) || 1;
  const colours = sideColours(stats);
  let x = 0;
  const marks = stats.timeline.map((t) => {
    const w = (Math.max(t.words, 1) / total) * width;
    const rect = `<a href="${esc(o.href(t.anchor))}"><rect x="${num(x)}" y="0" width="${num(Math.max(w - 0.3, 0.4))}" height="${height}" fill="${colours.get(t.side ?? '') ?? NEUTRAL}"><title>${esc(`Turn ${t.n}: ${t.speakerName}, ${t.words} words`)}</title></rect></a>`;
    x += w;
    return rect;
  });
  const sides = [...colours.keys()].map((s) => s || 'no side').join(' and ');
  return frame(o.id, width, height, `The conversation, turn by turn`, `${stats.turns} turns from left to right, each as wide as its words (${stats.words} in all), coloured by side (${sides}). Each links to its speech.`, marks.join(''));
}

/** Words per speaker: a horizontal bar chart. */
export function wordsPerSpeakerSvg(stats: DocumentStats, o: ChartOptions): string {
  const bar = 18;
  const gap = 6;
  const labelWidth = 220;
  const chartWidth = 560;
  const max = Math.max(1, ...stats.speakers.map((s) => s.words));
  const colours = sideColours(stats);
  const rows = stats.speakers.map((s, i) => {
    const y = i * (bar + gap);
    const w = (s.words / max) * chartWidth;
    const target = s.longest ? `<a href="${esc(o.href(s.longest.anchor))}">` : '<g>';
    const close = s.longest ? '</a>' : '</g>';
    return `${target}<text x="${labelWidth - 8}" y="${y + bar * 0.72}" text-anchor="end" font-size="13">${esc(s.name)}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${num(Math.max(w, 1))}" height="${bar}" fill="${colours.get(s.side ?? '') ?? NEUTRAL}"><title>${esc(`${s.name}: ${s.words} words in ${s.turns} turns (${(s.share * 100).toFixed(1)} %)`)}</title></rect>` +
      `<text x="${num(labelWidth + w + 6)}" y="${y + bar * 0.72}" font-size="12">${s.words} (${(s.share * 100).toFixed(1)} %)</text>${close}`;
  });
  const height = Math.max(1, stats.speakers.length) * (bar + gap);
  return frame(o.id, labelWidth + chartWidth + 110, height, 'Words per speaker', `Bars for ${stats.speakers.length} speakers, longest first; ${stats.speakers.map((s) => `${s.name} ${s.words}`).join(', ')}. Each bar links to the speaker's longest turn.`, rows.join(''));
}

/** Who is talked about, and when: a row per person, a mark at each turn that mentions them. */
export function mentionsOverTimeSvg(stats: DocumentStats, o: ChartOptions, limit = 20): string {
  const persons = stats.persons.filter((p) => p.speeches.length > 0).slice(0, limit);
  const row = 20;
  const labelWidth = 200;
  const width = 760;
  const turns = Math.max(1, stats.turns);
  const rows = persons.map((p, i) => {
    const y = i * row;
    const marks = p.speeches
      .map((s) => `<a href="${esc(o.href(s.anchor))}"><rect x="${num(labelWidth + ((s.n - 1) / turns) * width)}" y="${y + 3}" width="${num(Math.max(width / turns, 3))}" height="${row - 6}" fill="#1f4e79"><title>${esc(`${p.name}, turn ${s.n}`)}</title></rect></a>`)
      .join('');
    return `<text x="${labelWidth - 8}" y="${y + row * 0.68}" text-anchor="end" font-size="13">${esc(p.name)}</text><line x1="${labelWidth}" x2="${labelWidth + width}" y1="${y + row / 2}" y2="${y + row / 2}" stroke="#d0d0d0"/>${marks}`;
  });
  const axis = `<text x="${labelWidth}" y="${persons.length * row + 14}" font-size="12">turn 1</text><text x="${labelWidth + width}" y="${persons.length * row + 14}" font-size="12" text-anchor="end">turn ${stats.turns}</text>`;
  return frame(o.id, labelWidth + width + 10, persons.length * row + 20, 'Who is talked about, and when', `The ${persons.length} persons mentioned most in speeches, one row each, with a mark at each turn that mentions them, from turn 1 to turn ${stats.turns}. Each mark links to its speech.`, rows.join('') + axis);
}

interface Node extends SimulationNodeDatum {
  id: string;
  name: string;
  mentions: number;
}

/** The co-mention network: persons mentioned in the same speech, laid out once at build time (d3-force, seeded). */
export function coMentionNetworkSvg(stats: DocumentStats, o: ChartOptions, personHref: (id: string) => string | undefined): string {
  const width = 760;
  const height = 520;
  const involved = new Set(stats.coMentions.flatMap((c) => [c.a, c.b]));
  const nodes: Node[] = stats.persons.filter((p) => involved.has(p.id)).map((p) => ({ id: p.id, name: p.name, mentions: p.mentions }));
  const links: Array<SimulationLinkDatum<Node> & { count: number }> = stats.coMentions.map((c) => ({ source: c.a, target: c.b, count: c.count }));
  const radius = (n: Node): number => 4 + Math.sqrt(n.mentions) * 2.5;
  let seed = 1956;
  const random = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
  const sim = forceSimulation(nodes)
    .randomSource(random)
    .force('link', forceLink<Node, (typeof links)[number]>(links).id((d) => d.id).distance(70))
    .force('charge', forceManyBody().strength(-160))
    .force('center', forceCenter(width / 2, height / 2))
    .force('collide', forceCollide<Node>().radius((d) => radius(d) + 3))
    .stop();
  sim.tick(300);
  const clampX = (x: number | undefined): number => Math.min(width - 10, Math.max(10, x ?? width / 2));
  const clampY = (y: number | undefined): number => Math.min(height - 10, Math.max(10, y ?? height / 2));
  const edges = links
    .map((l) => {
      const s = l.source as Node;
      const t = l.target as Node;
      return `<line x1="${num(clampX(s.x))}" y1="${num(clampY(s.y))}" x2="${num(clampX(t.x))}" y2="${num(clampY(t.y))}" stroke="#8a8a8a" stroke-width="${num(Math.min(1 + l.count, 6))}"><title>${esc(`${s.name} and ${t.name}: ${l.count} speech${l.count === 1 ? '' : 'es'}`)}</title></line>`;
    })
    .join('');
  const circles = nodes
    .map((n) => {
      const href = personHref(n.id);
      const shape = `<circle cx="${num(clampX(n.x))}" cy="${num(clampY(n.y))}" r="${num(radius(n))}" fill="#1f4e79"><title>${esc(`${n.name}: ${n.mentions} mentions`)}</title></circle><text x="${num(clampX(n.x) + radius(n) + 3)}" y="${num(clampY(n.y) + 4)}" font-size="12">${esc(n.name)}</text>`;
      return href ? `<a href="${esc(href)}">${shape}</a>` : shape;
    })
    .join('');
  return frame(o.id, width, height, 'Who is mentioned together', `${nodes.length} persons mentioned in the same speech as another, linked by ${links.length} pairs; a circle's size shows how often the person is mentioned, a line's width in how many speeches the pair occurs.`, edges + circles);
}

/** A sparkline of a person's mentions over the course of a conversation (turns grouped in bins). */
export function sparklineSvg(turnNumbers: number[], turns: number, o: { id: string; label: string }): string {
  const bins = Math.min(40, Math.max(1, turns));
  const counts = new Array<number>(bins).fill(0);
  for (const n of turnNumbers) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(((n - 1) / Math.max(1, turns)) * bins)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const max = Math.max(1, ...counts);
  const width = 160;
  const height = 28;
  const step = width / bins;
  const bars = counts.map((c, i) => (c ? `<rect x="${num(i * step)}" y="${num(height - (c / max) * height)}" width="${num(Math.max(step - 0.5, 0.5))}" height="${num((c / max) * height)}" fill="#1f4e79"/>` : '')).join('');
  return frame(o.id, width, height, `Mentions of ${o.label} over the conversation`, `${turnNumbers.length} mentioning turns, from turn 1 on the left to turn ${turns} on the right, in ${bins} equal parts; the highest part has ${max}.`, `<line x1="0" x2="${width}" y1="${height - 0.5}" y2="${height - 0.5}" stroke="#b0b0b0"/>${bars}`);
}
