import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Expands paths into the XML files to process: a file stands for itself
 * (even if it is missing, so that it can be reported), a folder for every
 * TEI file below it (`.xml`, `.tei`, and `.odd`, since an ODD is a TEI
 * document too), in a stable order. Hidden folders, node_modules and
 * symbolic links are skipped: a link could lead out of the folder. Each path
 * given is taken as its real path, so that a file given twice, once through
 * a symbolic link, is one document.
 */
const TEI_EXTENSION = /\.(xml|tei|odd)$/i;

export async function findXmlFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const given of paths) {
    let stat;
    let p = given;
    try {
      stat = await fs.stat(given);
      p = await fs.realpath(given);
    } catch {
      out.push(given);
      continue;
    }
    if (stat.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return [...new Set(out.map((p) => path.resolve(p)))];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && TEI_EXTENSION.test(e.name)) out.push(full);
  }
  return out;
}
