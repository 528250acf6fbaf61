import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unzipSync } from 'fflate';
import { collectGarbage } from '../../src/memory.ts';
import zlib from 'node:zlib';
import { ZipReader, ZipWriter, type ZipEntry } from '../../src/site/zip.ts';
import { hasCommand } from '../helpers/shared.ts';

// The edition's zip is written as its entries come, a batch of documents at
// a time: the archive is the same whatever the batches, holds every entry
// byte for byte, and is never held in memory.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-zip-'));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const entry = (name: string, content: Uint8Array): ZipEntry => ({ name, content, sha256: sha(content) });
const entries = [
  entry('a.xml', Buffer.from('<TEI>“text”</TEI>\n'.repeat(500))),
  entry('a.txt', Buffer.from('Speaker: text\n')),
  entry('empty.csv', new Uint8Array(0)),
  entry('b.json', randomBytes(70_000)),
  entry('b.xml', Buffer.from('<TEI/>')),
];

async function write(file: string, batches: ZipEntry[][]): Promise<{ bytes: number; sha256: string; sizes: number[] }> {
  const zip = new ZipWriter(path.join(dir, file));
  const sizes: number[] = [];
  for (const batch of batches) {
    await zip.add(batch);
    sizes.push(fs.statSync(path.join(dir, file)).size);
  }
  return { ...(await zip.end()), sizes };
}

test('in batches or at once, the same archive, with every entry byte for byte and its figures right', async () => {
  const once = await write('once.zip', [entries]);
  const batched = await write('batched.zip', [entries.slice(0, 2), entries.slice(2, 3), entries.slice(3)]);
  const a = fs.readFileSync(path.join(dir, 'once.zip'));
  const b = fs.readFileSync(path.join(dir, 'batched.zip'));
  assert.ok(a.equals(b), 'the same bytes');
  assert.is(once.bytes, a.length);
  assert.is(once.sha256, sha(a));
  assert.is(batched.sha256, once.sha256);
  const unzipped = unzipSync(new Uint8Array(a));
  assert.equal(Object.keys(unzipped), entries.map((e) => e.name), 'every entry, in order');
  for (const e of entries) assert.ok(Buffer.from(unzipped[e.name] as Uint8Array).equals(Buffer.from(e.content)), e.name);
  if (hasCommand('unzip')) assert.match(execFileSync('unzip', ['-t', path.join(dir, 'once.zip')], { encoding: 'utf8' }), /No errors detected/);
  // Written as it goes: each batch is on disk before the next is added.
  assert.ok(batched.sizes[0] as number > 0 && (batched.sizes[0] as number) < (batched.sizes[1] as number) && (batched.sizes[1] as number) < (batched.sizes[2] as number), batched.sizes.join(' < '));
});

test('an archive read back gives each entry as stored: its original inflates from it, with its CRC and size', async () => {
  await write('read.zip', [entries]);
  const reader = await ZipReader.open(path.join(dir, 'read.zip'));
  assert.ok(reader, 'the writer’s archive is read');
  const names = ['b.json', 'b.xml'];
  const packed = await reader.packed(names, [70_000, 6]);
  assert.ok(packed, 'two entries stored next to each other');
  for (const [i, p] of packed.entries()) {
    const original = entries.find((e) => e.name === names[i])?.content as Uint8Array;
    assert.is(p.name, names[i]);
    assert.ok(zlib.inflateRawSync(p.deflated).equals(Buffer.from(original)), `${p.name} inflates to its original`);
    assert.is(p.crc, zlib.crc32(original));
    assert.is(p.size, original.length);
  }
  // An entry not in the archive, or of another size than expected: not found.
  assert.is(await reader.packed(['b.json', 'missing.txt'], [70_000, 1]), undefined);
  assert.is(await reader.packed(['b.json'], [69_999]), undefined);
  await reader.close();
  // Not an archive of this writer: a truncated one, one with a comment, another file.
  const whole = fs.readFileSync(path.join(dir, 'read.zip'));
  fs.writeFileSync(path.join(dir, 'cut.zip'), whole.subarray(0, whole.length - 100));
  const commented = Buffer.concat([whole, Buffer.from('a comment')]);
  commented.writeUInt16LE(9, whole.length - 2);
  fs.writeFileSync(path.join(dir, 'comment.zip'), commented);
  fs.writeFileSync(path.join(dir, 'text.zip'), 'not a zip');
  for (const name of ['cut.zip', 'comment.zip', 'text.zip', 'absent.zip']) assert.is(await ZipReader.open(path.join(dir, name)), undefined, name);
});

test('several groups read at once give what each gives read alone, and a group not in the archive does not spoil the others', async () => {
  await write('many.zip', [entries]);
  const reader = await ZipReader.open(path.join(dir, 'many.zip'));
  assert.ok(reader);
  const sizes = new Map(entries.map((e) => [e.name, e.content.length]));
  const groups = [['a.xml', 'a.txt'], ['missing.txt'], [], ['b.json', 'b.xml'], ['empty.csv']].map((names) => ({ names, bytes: names.map((n) => sizes.get(n) ?? 1) }));
  const many = await reader.packedMany(groups);
  assert.is(many.length, groups.length);
  assert.is(many[1], undefined, 'not in the archive');
  assert.is(many[2], undefined, 'nothing asked for');
  for (const i of [0, 3, 4]) {
    const alone = await reader.packed((groups[i] as { names: string[] }).names, (groups[i] as { bytes: number[] }).bytes);
    const got = many[i];
    assert.ok(alone && got, `group ${i}`);
    assert.equal(got.map((p) => [p.name, p.crc, p.size]), alone.map((p) => [p.name, p.crc, p.size]));
    for (const [j, p] of got.entries()) {
      assert.ok(Buffer.from(p.deflated).equals(Buffer.from((alone[j] as { deflated: Uint8Array }).deflated)), p.name);
      const original = entries.find((e) => e.name === p.name)?.content as Uint8Array;
      assert.ok(zlib.inflateRawSync(p.deflated).equals(Buffer.from(original)), `${p.name} inflates to its original`);
    }
  }
  await reader.close();
});

test('the writer keeps no entry’s bytes once they are written', async () => {
  collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  const zip = new ZipWriter(path.join(dir, 'large.zip'));
  // 48 MB that do not compress, in batches.
  for (let i = 0; i < 12; i++) await zip.add(Array.from({ length: 4 }, (_, j) => entry(`r-${i}-${j}.bin`, randomBytes(1024 * 1024))));
  // A last small batch, so that the large one before it is no longer the batch in hand.
  await zip.add([entry('last.txt', Buffer.from('last'))]);
  // Buffers are freed by V8's sweeper after a collection, not at once: the
  // reading waits for it (a writer that kept its entries keeps them however long).
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const kept = process.memoryUsage().arrayBuffers - before;
  const { bytes } = await zip.end();
  assert.ok(bytes > 48 * 1024 * 1024);
  // Other suites' work in the same process may hold a few MB of buffers at the reading; a writer that kept its entries would hold all 48.
  assert.ok(kept < 12 * 1024 * 1024, `${(kept / 1048576).toFixed(1)} MB kept while 48 MB were written`);
});

test('the file is closed when the archive is not ended (a failed build)', async () => {
  const zip = new ZipWriter(path.join(dir, 'failed.zip'));
  await zip.add(entries.slice(0, 1));
  await zip.close();
  await zip.close();
  try {
    await zip.add(entries.slice(1, 2));
    assert.unreachable('an entry was added after the file was closed');
  } catch (err) {
    assert.match((err as Error).message, /closed/);
  }
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test.run();
