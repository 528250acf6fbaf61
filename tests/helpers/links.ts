import fs from 'node:fs';
import path from 'node:path';
import { decodeEntities } from './build.ts';

/** Every internal link of every page, resolved against the page: its target file and fragment. */
export function brokenLinks(root: string, files: string[], base = '/'): string[] {
  const broken: string[] = [];
  const idsOf = new Map<string, Set<string>>();
  const ids = (file: string): Set<string> => {
    let set = idsOf.get(file);
    if (!set) {
      set = new Set([...fs.readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1] as string)));
      idsOf.set(file, set);
    }
    return set;
  };
  for (const page of files) {
    const html = fs.readFileSync(path.join(root, page), 'utf8');
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const raw = decodeEntities(m[1] as string);
      if (/^(https?:|mailto:)/.test(raw)) continue;
      const [target = '', fragment] = raw.split('#');
      let file: string;
      if (target.startsWith('/')) {
        if (!target.startsWith(base)) {
          broken.push(`${page}: ${raw} is outside the base ${base}`);
          continue;
        }
        file = path.join(root, target.slice(base.length));
      } else {
        file = target === '' ? path.join(root, page) : path.join(path.dirname(path.join(root, page)), target);
      }
      if (!file.startsWith(root)) {
        broken.push(`${page}: ${raw} leaves the site`);
        continue;
      }
      if (target.endsWith('/') || (fs.existsSync(file) && fs.statSync(file).isDirectory())) file = path.join(file, 'index.html');
      if (!fs.existsSync(file)) broken.push(`${page}: ${raw} (no ${path.relative(root, file)})`);
      else if (fragment && file.endsWith('.html') && !ids(file).has(decodeURIComponent(fragment))) broken.push(`${page}: ${raw} (no id ${fragment})`);
    }
  }
  return broken;
}

