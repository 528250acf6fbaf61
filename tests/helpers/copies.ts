import fs from 'node:fs';
import path from 'node:path';
import { getAttribute, isTei, selectElements } from '../../src/xml/tree.ts';
import { FLAGSHIP } from './build.ts';
import { readTei, textElements } from './tei.ts';

const MAIN_TITLE = /(<title type="main">)[^<]*(<\/title>)/;

/**
 * An edition of three documents made from the flagship, in `input`: three
 * copies with titles of their own ("The first copy" and so on). In the
 * second, the first ten of Mao Zedong's turns are given to Zhou Enlai; in
 * the third, all of them (he is still mentioned there, but has no turns).
 * In the first, the Yalu River is not pointed to: it is in two documents,
 * where the others are in all three or none. The paths, in the corpus's
 * order. Split in two shards (`--shard i/2`, by path), the first shard holds
 * the first and the third document, so that the Yalu River's mentions, one
 * shard's after the other's, are not in the corpus's order.
 */
export function flagshipCopies(input: string): string[] {
  const flagship = fs.readFileSync(FLAGSHIP, 'utf8');
  if (!MAIN_TITLE.test(flagship)) throw new Error('the flagship has no main title');
  let moved = 0;
  const copies: Array<[string, string]> = [
    ['1-first.xml', flagship.replace(MAIN_TITLE, '$1The first copy$2').replace(/ ref="#yalu-river"/g, '')],
    ['2-second.xml', flagship.replace(MAIN_TITLE, '$1The second copy$2').replace(/who="#mao-zedong"/g, (m) => (moved++ < 10 ? 'who="#zhou-enlai"' : m))],
    ['3-third.xml', flagship.replace(MAIN_TITLE, '$1The third copy$2').replace(/who="#mao-zedong"/g, 'who="#zhou-enlai"')],
  ];
  fs.mkdirSync(input, { recursive: true });
  for (const [name, text] of copies) fs.writeFileSync(path.join(input, name), text);
  return copies.map(([name]) => path.join(input, name));
}

/** Per register id, the turns (`sp` whose @who names it) in a TEI file, counted in the TEI. */
export function turnsIn(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of textElements(readTei(file))) {
    for (const sp of selectElements(text, (e) => isTei(e) && e.local === 'sp')) {
      for (const id of new Set((getAttribute(sp, 'who') ?? '').split(/\s+/).filter(Boolean).map((t) => t.replace(/^#/, '')))) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}
