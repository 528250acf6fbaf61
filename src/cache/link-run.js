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
 *
 * A pair may give a third path, `take`: a file of the build before the
 * published one with the same bytes, moved to `to` rather than linked from
 * `from` where it is still there. And `folders` ([take, to, files]), moved
 * first, whole: a folder of that build holding a page group's pages, moved
 * to `to` if nothing is in the way, and kept if every file of `files` (full
 * paths under `to`) is in it, removed if not (a build killed while removing
 * that build may have left it in part). The pairs of the files a kept folder
 * holds are made by its move; their paths are added to `taken`, which the
 * thread keeps across the slices of a batch.
 * @param {{ pairs?: Array<[string, string, string?]>, files?: Array<[string, Uint8Array, string?]>, folders?: Array<[string, string, string[]]> }} work
 * @param {Set<string>} [taken]
 * @returns {boolean[]}
 */
export function makeFiles(work, taken = new Set()) {
  const folders = new Set();
  const folderOf = (file) => {
    const folder = path.dirname(file);
    if (!folders.has(folder)) fs.mkdirSync(folder, { recursive: true });
    folders.add(folder);
  };
  const move = ([from, to, files]) => {
    try {
      folderOf(to);
      fs.renameSync(from, to);
    } catch {
      return;
    }
    if (files.every((file) => fs.lstatSync(file, { throwIfNoEntry: false })?.isFile())) for (const file of files) taken.add(file);
    else fs.rmSync(to, { recursive: true, force: true });
  };
  const link = ([from, to, take]) => {
    if (taken.has(to)) return true;
    try {
      folderOf(to);
      if (take) {
        try {
          fs.renameSync(take, to);
          return true;
        } catch {
          // Gone from that build: linked from the published one.
        }
      }
      try {
        fs.linkSync(from, to);
      } catch (err) {
        // Nothing is written into a file already there: it may be a link the published build shares.
        if (err.code === 'ENOENT' || err.code === 'EEXIST') return false;
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
      writeNew(file, content);
      return true;
    } catch {
      return false;
    }
  };
  for (const folder of work.folders ?? []) move(folder);
  return work.pairs ? work.pairs.map(link) : (work.files ?? []).map(write);
}

/**
 * Writes `content` to a new file at `file`. A file already there may be a
 * hard link that the published site shares (a rebuild links its unchanged
 * files from it): it is replaced, never written into, so that the published
 * site never changes under a build, even one killed mid-write.
 * @param {string} file
 * @param {string | Uint8Array} content
 */
export function writeNew(file, content) {
  try {
    fs.writeFileSync(file, content, { flag: 'wx' });
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    fs.rmSync(file, { force: true });
    fs.writeFileSync(file, content, { flag: 'wx' });
  }
}
