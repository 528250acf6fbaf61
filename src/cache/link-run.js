// Hard links and file writes, a batch at a time, with synchronous calls:
// shared by linkFiles and writeFiles (link-file.ts), which make small batches
// in process, and by their worker thread (link-worker.js), which makes the
// others. Plain JavaScript, so that the thread starts without a TypeScript
// loader.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Makes `pairs` (a hard link at `to` to `from`, a copy where a link is not
 * possible; a missing `from` is a failure) or writes `files`, the folders
 * made as needed; for each, whether it was made. A file given with a `like`
 * path is linked to that file instead of written when that file holds the
 * same bytes (a search bundle built again beside the one it replaces shares
 * most of its files with it).
 * @param {{ pairs?: Array<[string, string]>, files?: Array<[string, Uint8Array, string?]> }} work
 * @returns {boolean[]}
 */
export function makeFiles(work) {
  const folders = new Set();
  const folderOf = (file) => {
    const folder = path.dirname(file);
    if (!folders.has(folder)) fs.mkdirSync(folder, { recursive: true });
    folders.add(folder);
  };
  const link = ([from, to]) => {
    try {
      folderOf(to);
      try {
        fs.linkSync(from, to);
      } catch (err) {
        if (err.code === 'ENOENT') return false;
        fs.copyFileSync(from, to);
      }
      return true;
    } catch {
      return false;
    }
  };
  const same = (file, content, like) => {
    try {
      const old = fs.readFileSync(like);
      if (!old.equals(content)) return false;
      fs.linkSync(like, file);
      return true;
    } catch {
      return false;
    }
  };
  const write = ([file, content, like]) => {
    try {
      folderOf(file);
      if (like && same(file, content, like)) return true;
      fs.writeFileSync(file, content);
      return true;
    } catch {
      return false;
    }
  };
  return work.pairs ? work.pairs.map(link) : (work.files ?? []).map(write);
}
