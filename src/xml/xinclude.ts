import fs from 'node:fs/promises';
import path from 'node:path';
import type { TeiFile } from '../tei-file.ts';
import { getAttribute, walkElements, XI_NS, type XmlElement } from './tree.ts';

/**
 * XInclude, only inside the input folder. A teiCorpus root pulls in its
 * member documents with <xi:include href="member.xml"/>; each member is then
 * built as a document of its own, and the root lends them its header and
 * registers. An include is resolved only if its target, after following
 * links, lies inside one of the input folders: no URL, no absolute path
 * elsewhere, no ../ out of the folder. The check happens before the target is
 * touched, so nothing outside the input is ever read.
 */
export interface IncludeTarget {
  path: string;
  includedBy: TeiFile;
}

/** Finds the files the given files include, reporting each include that is refused. */
export async function findIncludes(files: readonly TeiFile[], roots: readonly string[], known: ReadonlySet<string>): Promise<IncludeTarget[]> {
  const found: IncludeTarget[] = [];
  const seen = new Set(known);
  for (const file of files) {
    const root = file.xml?.root;
    if (!root) continue;
    const includes: XmlElement[] = [];
    walkElements(root, (el) => {
      if (el.uri === XI_NS && el.local === 'include') includes.push(el);
    });
    for (const el of includes) {
      const target = await checkInclude(file, el, roots);
      if (target && !seen.has(target)) {
        seen.add(target);
        found.push({ path: target, includedBy: file });
      }
    }
  }
  return found;
}

async function checkInclude(file: TeiFile, el: XmlElement, roots: readonly string[]): Promise<string | undefined> {
  const href = getAttribute(el, 'href');
  const refuse = (reason: string): undefined => {
    file.message({ reason, ruleId: 'xinclude', source: 'xml', place: el.attributes.find((a) => a.name === 'href')?.place ?? el.place });
    return undefined;
  };
  if (href === undefined || href.trim() === '') return refuse('XInclude without `@href`; expected the path of a file inside the input folder');
  if (/^[a-z][a-z0-9+.-]*:/i.test(href.trim())) {
    return refuse(`XInclude of the URL \`${href}\` is refused; expected the path of a file inside the input folder (nothing is fetched)`);
  }
  if ((getAttribute(el, 'parse') ?? 'xml') !== 'xml') {
    file.message({ reason: `XInclude with \`parse="${getAttribute(el, 'parse')}"\` is not resolved; expected \`parse="xml"\``, ruleId: 'xinclude', source: 'xml', severity: 'warning', place: el.place });
    return undefined;
  }
  if (getAttribute(el, 'xpointer') !== undefined) {
    file.message({ reason: 'XInclude with `@xpointer` is not resolved; expected an include of a whole file', ruleId: 'xinclude', source: 'xml', severity: 'warning', place: el.place });
    return undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.trim());
  } catch {
    decoded = href.trim();
  }
  const target = path.resolve(path.dirname(file.path), decoded);
  const inside = (p: string): boolean => roots.some((r) => p === r || p.startsWith(r + path.sep));
  if (!inside(target)) {
    return refuse(`XInclude of \`${href}\` points outside the input folder; it is not resolved (expected a file inside the input folder)`);
  }
  // The path is inside; a link there may still lead out. Resolve it before reading anything.
  const real = await fs.realpath(target).catch(() => undefined);
  if (real === undefined) return refuse(`XInclude target \`${href}\` does not exist; expected a file inside the input folder`);
  if (!inside(real)) return refuse(`XInclude of \`${href}\` leads outside the input folder through a link; it is not resolved (expected a file inside the input folder)`);
  return real;
}

/** The folders inputs may include from: each input folder, or the folder of each input file. */
export async function inputRoots(paths: readonly string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    const stat = await fs.stat(abs).catch(() => undefined);
    const dir = stat?.isDirectory() ? abs : path.dirname(abs);
    roots.push(await fs.realpath(dir).catch(() => dir));
  }
  return [...new Set(roots)];
}
