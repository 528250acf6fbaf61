import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the project's own files are, whatever the working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEI_DIR = path.join(PROJECT_ROOT, 'tei');
export const PROJECT_SCHEMA = path.join(TEI_DIR, 'schema', 'colloquy.rng');
