import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A fingerprint of a published site: where its link points and the hash of every file in it. */
export function snapshot(outDir: string): string {
  if (!fs.existsSync(outDir)) return 'absent';
  const h = createHash('sha256');
  const link = fs.lstatSync(outDir).isSymbolicLink() ? fs.readlinkSync(outDir) : '(folder)';
  h.update(`link:${link}\n`);
  const files = (fs.readdirSync(outDir, { recursive: true }) as string[]).sort();
  for (const f of files) {
    const full = path.join(outDir, f);
    if (fs.statSync(full).isFile()) h.update(`${f}:${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}\n`);
  }
  return `${files.length} files ${h.digest('hex')}`;
}
