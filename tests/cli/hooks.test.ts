import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { PROJECT_ROOT, TEI_DIR } from '../../src/project.ts';
import { FLAGSHIP, tempDir } from '../helpers/build.ts';

// `colloquy hooks install|uninstall` and the pre-commit hook it installs
// (scripts/pre-commit), in throwaway git repositories holding a copy of the
// canonical record and the schema.

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** git's environment without what a surrounding git (a hook running these tests) may have set, nor the user's config. */
const gitEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_'))),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(repo: string, ...args: string[]): { status: number; output: string } {
  const r = spawnSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env: gitEnv, encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

const commit = (repo: string, message: string, ...extra: string[]) => git(repo, 'commit', '-q', '-m', message, ...extra);
const head = (repo: string): string => git(repo, 'rev-parse', 'HEAD').output.trim();

// A file name with a space, as archivists' file names may have.
const RECORD = 'tei/mao cpsu delegation.xml';
const valid = fs.readFileSync(FLAGSHIP, 'utf8');
const TURN = '<sp xml:id="sp-003" who="#mao-zedong">';
const broken = valid.replace(TURN, '<sp xml:id="sp-003" who="#nobody">');
const BROKEN_LINE = valid.slice(0, valid.indexOf(TURN)).split('\n').length;

// One temporary folder for the suite (each tempDir() adds an exit listener), a subfolder per case.
const ROOT = tempDir('hooks');
let cases = 0;
function freshDir(name: string): string {
  const dir = path.join(ROOT, `${name}-${++cases}`);
  fs.mkdirSync(dir);
  return dir;
}

/** A git repository with tei/ (the canonical record, under another name, and the schema) committed without the hook. */
function makeRepo(): string {
  const repo = freshDir('repo');
  assert.is(git(repo, 'init', '-q').status, 0);
  fs.mkdirSync(path.join(repo, 'tei', 'schema'), { recursive: true });
  fs.copyFileSync(path.join(TEI_DIR, 'schema', 'colloquy.rng'), path.join(repo, 'tei', 'schema', 'colloquy.rng'));
  fs.writeFileSync(path.join(repo, RECORD), valid);
  fs.writeFileSync(path.join(repo, 'README'), 'notes\n');
  assert.is(git(repo, 'add', '-A').status, 0);
  assert.is(commit(repo, 'start').status, 0);
  return repo;
}

const hookPath = (repo: string): string => path.join(repo, '.git', 'hooks', 'pre-commit');
const write = (repo: string, file: string, text: string): void => fs.writeFileSync(path.join(repo, file), text);

test('hooks --help, and install --help and uninstall --help, print their usage; a wrong action is a usage error', async () => {
  const all = await run('hooks', '--help');
  assert.is(all.code, 0);
  assert.match(all.out, /^Usage: colloquy hooks <install\|uninstall>/);
  const install = await run('hooks', 'install', '--help');
  assert.is(install.code, 0);
  assert.match(install.out, /^Usage: colloquy hooks install \[--force\]/);
  assert.ok(install.out.includes(path.join(PROJECT_ROOT, 'bin', 'colloquy.js')));
  const uninstall = await run('hooks', 'uninstall', '-h');
  assert.is(uninstall.code, 0);
  assert.match(uninstall.out, /^Usage: colloquy hooks uninstall/);
  assert.is((await run('hooks')).code, 2);
  const wrong = await run('hooks', 'instal');
  assert.is(wrong.code, 2);
  assert.match(wrong.err, /Expected `install` or `uninstall`, not `instal`/);
  assert.match((await run('--help')).out, /hooks +Install or remove the optional pre-commit hook/);
});

test('outside a git repository, install says so and exits 1', async () => {
  const r = await run('hooks', 'install', '--repo', freshDir('no-git'));
  assert.is(r.code, 1);
  assert.match(r.err, /is not in a git work tree/);
});

test('install writes an executable hook that runs this Colloquy; installing again changes nothing', async () => {
  const repo = makeRepo();
  const r = await run('hooks', 'install', '--repo', repo);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /Installed the pre-commit hook/);
  const hook = fs.readFileSync(hookPath(repo), 'utf8');
  assert.ok(fs.statSync(hookPath(repo)).mode & 0o100, 'executable');
  assert.ok(hook.startsWith('#!/bin/sh\n# colloquy pre-commit hook\n'));
  assert.ok(hook.includes(`colloquy_js='${path.join(PROJECT_ROOT, 'bin', 'colloquy.js')}'`));
  const again = await run('hooks', 'install', '--repo', repo);
  assert.is(again.code, 0);
  assert.match(again.out, /already installed/);
  assert.is(fs.readFileSync(hookPath(repo), 'utf8'), hook);
});

test('with the hook: a valid change commits, an invalid one is stopped with its diagnostic, a commit without TEI is not checked', async () => {
  const repo = makeRepo();
  assert.is((await run('hooks', 'install', '--repo', repo)).code, 0);

  write(repo, RECORD, valid.replace('Have you studied this problem?', 'Have you studied this problem at all?'));
  assert.is(git(repo, 'add', '-A').status, 0);
  const ok = commit(repo, 'a valid change');
  assert.is(ok.status, 0, ok.output);
  assert.match(ok.output, /validating 1 staged TEI file/);
  assert.match(ok.output, /1 file checked: no problems/);

  const before = head(repo);
  write(repo, RECORD, broken);
  assert.is(git(repo, 'add', '-A').status, 0);
  const bad = commit(repo, 'an invalid change');
  assert.is.not(bad.status, 0);
  assert.ok(bad.output.includes(`${RECORD}:${BROKEN_LINE}:29  error  Unexpected \`@who\` value \`#nobody\``), bad.output);
  assert.match(bad.output, /pointer-resolves/);
  assert.match(bad.output, /line numbers refer to the staged version/);
  assert.match(bad.output, /commit stopped/);
  assert.is(head(repo), before, 'nothing committed');

  write(repo, 'README', 'more notes\n');
  const other = commit(repo, 'no TEI in this one', '--', 'README');
  assert.is(other.status, 0, other.output);
  assert.not.match(other.output, /validating/);
});

test('the hook checks what is staged, not the working tree', async () => {
  const repo = makeRepo();
  assert.is((await run('hooks', 'install', '--repo', repo)).code, 0);

  // Broken in the index, fixed (but not staged) in the working tree: stopped.
  write(repo, RECORD, broken);
  assert.is(git(repo, 'add', '-A').status, 0);
  write(repo, RECORD, valid);
  const stopped = commit(repo, 'staged is broken');
  assert.is.not(stopped.status, 0);
  assert.match(stopped.output, /`#nobody`/);

  // Valid in the index, broken (but not staged) in the working tree: committed.
  assert.is(git(repo, 'add', '-A').status, 0);
  write(repo, 'tei/new record.xml', valid.replace('Have you seen it?', 'Have you seen it yet?'));
  assert.is(git(repo, 'add', 'tei/new record.xml').status, 0);
  write(repo, 'tei/new record.xml', broken);
  const committed = commit(repo, 'staged is valid');
  assert.is(committed.status, 0, committed.output);
  assert.match(committed.output, /validating 1 staged TEI file/);

  // `git commit -a` stages the working tree first: the broken file is caught.
  const all = commit(repo, 'everything', '-a');
  assert.is.not(all.status, 0);
  assert.ok(all.output.includes(`tei/new record.xml:${BROKEN_LINE}:29  error`), all.output);
});

test('uninstall removes the hook; then nothing is checked', async () => {
  const repo = makeRepo();
  assert.is((await run('hooks', 'install', '--repo', repo)).code, 0);
  const r = await run('hooks', 'uninstall', '--repo', repo);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /Removed Colloquy's pre-commit hook/);
  assert.not.ok(fs.existsSync(hookPath(repo)));
  write(repo, RECORD, broken);
  assert.is(git(repo, 'add', '-A').status, 0);
  assert.is(commit(repo, 'unchecked').status, 0);
  const again = await run('hooks', 'uninstall', '--repo', repo);
  assert.is(again.code, 0);
  assert.match(again.out, /nothing to remove/);
});

test("someone else's pre-commit hook is not overwritten, unless --force, which keeps it and uninstall puts it back", async () => {
  const repo = makeRepo();
  const foreign = '#!/bin/sh\necho "lint first"\nexit 0\n';
  fs.writeFileSync(hookPath(repo), foreign, { mode: 0o755 });

  const refused = await run('hooks', 'install', '--repo', repo);
  assert.is(refused.code, 1);
  assert.match(refused.err, /already exists and is not Colloquy's pre-commit hook/);
  assert.is(fs.readFileSync(hookPath(repo), 'utf8'), foreign);

  const notOurs = await run('hooks', 'uninstall', '--repo', repo);
  assert.is(notOurs.code, 1);
  assert.is(fs.readFileSync(hookPath(repo), 'utf8'), foreign);

  const forced = await run('hooks', 'install', '--force', '--repo', repo);
  assert.is(forced.code, 0, forced.err);
  assert.match(forced.out, /kept as .*pre-commit\.colloquy-backup/);
  assert.is(fs.readFileSync(path.join(repo, '.git', 'hooks', 'pre-commit.colloquy-backup'), 'utf8'), foreign);
  assert.match(fs.readFileSync(hookPath(repo), 'utf8'), /# colloquy pre-commit hook/);

  const removed = await run('hooks', 'uninstall', '--repo', repo);
  assert.is(removed.code, 0);
  assert.match(removed.out, /put back the previous one/);
  assert.is(fs.readFileSync(hookPath(repo), 'utf8'), foreign);
  assert.not.ok(fs.existsSync(path.join(repo, '.git', 'hooks', 'pre-commit.colloquy-backup')));
});

test('the hook is POSIX sh (dash parses it) and executable in the repository', () => {
  const hook = path.join(PROJECT_ROOT, 'scripts', 'pre-commit');
  assert.ok(fs.statSync(hook).mode & 0o100, 'scripts/pre-commit is executable');
  const sh = fs.existsSync('/bin/dash') ? '/bin/dash' : '/bin/sh';
  const r = spawnSync(sh, ['-n', hook], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
});

test.run();
