import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, PROJECT_SCHEMA, TEI_DIR } from '../project.ts';
import { UsageError } from './args.ts';

/**
 * Where `--schema tei_all` finds TEI P5's tei_all.rng. The project does not
 * ship it (it is the TEI Consortium's); set COLLOQUY_TEI_ALL, or keep a copy
 * in ../shared/tei-schema/ next to the project.
 */
export function teiAllPath(): string | undefined {
  const candidates = [process.env.COLLOQUY_TEI_ALL, path.resolve(PROJECT_ROOT, '..', 'shared', 'tei-schema', 'tei_all.rng')];
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}

/** Resolves --schema to a schema file, or undefined for none. */
export function resolveSchema(option: string | undefined, own: boolean): string | undefined {
  const value = option ?? (own ? 'project' : 'none');
  if (value === 'none') return undefined;
  if (value === 'project') return PROJECT_SCHEMA;
  if (value === 'tei_all') {
    const found = teiAllPath();
    if (!found) throw new UsageError('--schema tei_all needs TEI P5\'s tei_all.rng: set COLLOQUY_TEI_ALL to its path, or pass --schema <path/to/tei_all.rng>');
    return found;
  }
  return path.resolve(value);
}

/** Are all the inputs the edition's own TEI (in tei/)? Then the project's schema and all its rules apply. */
export function isOwnTei(inputs: string[]): boolean {
  return inputs.every((p) => {
    const abs = path.resolve(p);
    return abs === TEI_DIR || abs.startsWith(TEI_DIR + path.sep);
  });
}
