import fs from 'node:fs/promises';

/**
 * A hard link to `from` at `to`, or a copy where a link is not possible
 * (another file system). A missing `from` is an error, not a copy. The
 * folder of `to` must exist.
 */
export async function linkFile(from: string, to: string): Promise<void> {
  await fs.link(from, to).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw err;
    await fs.copyFile(from, to);
  });
}
