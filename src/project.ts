import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the project's own files are, whatever the working directory: the
 * nearest folder above this module with a package.json (this module is
 * src/project.ts, or part of the command line's bundle in
 * .colloquy-cache/bin/, see bin/bundle.js).
 */
export const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const TEI_DIR = path.join(PROJECT_ROOT, 'tei');
export const PROJECT_SCHEMA = path.join(TEI_DIR, 'schema', 'colloquy.rng');

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}
