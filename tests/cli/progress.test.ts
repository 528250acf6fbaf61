import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Progress } from '../../src/cli/progress.ts';

function fakeStream(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { stream: { write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream, written };
}

test('progress stays silent during the first seconds of a build', () => {
  const { stream, written } = fakeStream();
  const p = new Progress(stream, 60_000);
  p.update('transform', 10, 100);
  p.end();
  assert.equal(written, []);
});

test('after the delay, progress shows the stage, its count and the time left, and erases itself', async () => {
  const { stream, written } = fakeStream();
  const p = new Progress(stream, 0);
  await new Promise((r) => setTimeout(r, 120));
  p.update('transform', 250, 1000);
  assert.is(written.length, 1);
  assert.match(written[0] as string, /^\r\x1b\[2Ktransform 250\/1,000 · about \d+ s left · \d+ s so far$/);
  p.update('transform', 260, 1000); // within 100 ms of the last line: not redrawn
  assert.is(written.length, 1);
  p.end();
  assert.is(written.at(-1), '\r\x1b[2K');
});

test.run();
