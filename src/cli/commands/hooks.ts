import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../project.ts';
import { parseCommandLine, UsageError } from '../args.ts';
import type { Command, Io } from '../command.ts';

/** The hook as shipped: a POSIX sh script. */
export const HOOK_SOURCE = path.join(PROJECT_ROOT, 'scripts', 'pre-commit');
/** The line that marks a pre-commit hook as Colloquy's (and so safe to replace or remove). */
const MARKER = '# colloquy pre-commit hook';
/** Where `install --force` keeps the hook it replaces, and `uninstall` restores it from. */
const BACKUP = 'pre-commit.colloquy-backup';

const INSTALL_USAGE = `Usage: colloquy hooks install [--force] [--repo <dir>]

Installs Colloquy's pre-commit hook in the git repository (in the folder
\`git rev-parse --git-path hooks\` names, which honours core.hooksPath). On
every commit the hook validates the TEI files under tei/ that the commit adds
or changes, as they are staged, prints the diagnostics and stops the commit if
there is an error. \`git commit --no-verify\` skips it.

The installed hook runs this copy of Colloquy (${path.join(PROJECT_ROOT, 'bin', 'colloquy.js')}).
Installing again updates it. A pre-commit hook that is not Colloquy's is left
alone, unless --force: then it is kept as ${BACKUP} and put back by
\`colloquy hooks uninstall\`.

Options:
  --force       Replace a pre-commit hook that is not Colloquy's (kept as a backup).
  --repo <dir>  The repository (default: the one the working directory is in).
  -h, --help    Show this help.`;

const UNINSTALL_USAGE = `Usage: colloquy hooks uninstall [--repo <dir>]

Removes Colloquy's pre-commit hook from the git repository, and puts back the
hook that \`colloquy hooks install --force\` replaced, if any. A pre-commit hook
that is not Colloquy's is left alone.

Options:
  --repo <dir>  The repository (default: the one the working directory is in).
  -h, --help    Show this help.`;

export const hooksCommand: Command = {
  name: 'hooks',
  summary: 'Install or remove the optional pre-commit hook that validates changed TEI files',
  usage: `Usage: colloquy hooks <install|uninstall> [options]

Installs or removes the optional git pre-commit hook (scripts/pre-commit) that
validates the TEI files a commit adds or changes, as they are staged, and stops
the commit if one has an error.

Commands:
  install     Install the hook (--force replaces a hook that is not Colloquy's)
  uninstall   Remove it

Options:
  --repo <dir>  The repository (default: the one the working directory is in).
  -h, --help    Show this help; \`colloquy hooks install --help\` for one command's.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      force: { type: 'boolean' },
      repo: { type: 'string' },
    });
    const [action, ...rest] = positionals;
    if (values.help) {
      io.out((action === 'install' ? INSTALL_USAGE : action === 'uninstall' ? UNINSTALL_USAGE : hooksCommand.usage) + '\n');
      return 0;
    }
    if (action === undefined) throw new UsageError('Expected `install` or `uninstall`');
    if (action !== 'install' && action !== 'uninstall') throw new UsageError(`Expected \`install\` or \`uninstall\`, not \`${action}\``);
    if (rest.length > 0) throw new UsageError(`Unexpected argument \`${rest[0]}\``);
    if (action === 'uninstall' && values.force) throw new UsageError('--force is an option of `install`');

    const repo = path.resolve((values.repo as string | undefined) ?? process.cwd());
    const hooksDir = gitHooksDir(repo, io);
    if (!hooksDir) return 1;
    return action === 'install' ? install(hooksDir, values.force === true, io) : uninstall(hooksDir, io);
  },
};

/** The repository's hooks folder, or undefined (with a message) if `repo` is not in a git work tree. */
function gitHooksDir(repo: string, io: Io): string | undefined {
  const git = (args: string[], cwd: string): string =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], repo);
  } catch (err) {
    const detail = String((err as { stderr?: unknown }).stderr ?? (err as Error).message).trim().split('\n')[0];
    io.err(`colloquy hooks: ${repo} is not in a git work tree${detail ? ` (${detail})` : ''}\n`);
    return undefined;
  }
  // A relative core.hooksPath is relative to the top of the work tree, where hooks run.
  return path.resolve(top, git(['rev-parse', '--git-path', 'hooks'], top));
}

/** The hook to install: the shipped script, told where this Colloquy and its node are. */
function hookText(): string {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = fs.readFileSync(HOOK_SOURCE, 'utf8');
  return script
    .replace(/^colloquy_js=''$/m, `colloquy_js=${quote(path.join(PROJECT_ROOT, 'bin', 'colloquy.js'))}`)
    .replace(/^colloquy_node=''$/m, `colloquy_node=${quote(process.execPath)}`);
}

const isOurs = (text: string): boolean => text.split('\n').slice(0, 5).includes(MARKER);

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function install(hooksDir: string, force: boolean, io: Io): number {
  const target = path.join(hooksDir, 'pre-commit');
  const text = hookText();
  const existing = readIfExists(target);
  let note = '';
  if (existing === text) {
    fs.chmodSync(target, 0o755);
    io.out(`The pre-commit hook is already installed: ${target}\n`);
    return 0;
  }
  if (existing !== undefined && !isOurs(existing)) {
    if (!force) {
      io.err(
        `colloquy hooks: ${target} already exists and is not Colloquy's pre-commit hook; it is left as it is.\n` +
          `Run \`colloquy hooks install --force\` to replace it (it will be kept as ${BACKUP}), or call scripts/pre-commit from it.\n`,
      );
      return 1;
    }
    const backup = freeName(path.join(hooksDir, BACKUP));
    fs.renameSync(target, backup);
    note = ` The previous hook is kept as ${backup}.`;
  }
  fs.mkdirSync(hooksDir, { recursive: true });
  const temp = `${target}.colloquy-${process.pid}`;
  fs.writeFileSync(temp, text, { mode: 0o755 });
  fs.chmodSync(temp, 0o755);
  fs.renameSync(temp, target);
  io.out(
    `${existing === undefined || !isOurs(existing) ? 'Installed' : 'Updated'} the pre-commit hook: ${target}.${note}\n` +
      'Each commit now validates its staged TEI files in tei/ and stops if one has an error (git commit --no-verify skips it).\n' +
      'Remove it with `colloquy hooks uninstall`.\n',
  );
  return 0;
}

function uninstall(hooksDir: string, io: Io): number {
  const target = path.join(hooksDir, 'pre-commit');
  const existing = readIfExists(target);
  if (existing === undefined) {
    io.out(`No pre-commit hook is installed (${target}); nothing to remove.\n`);
    return 0;
  }
  if (!isOurs(existing)) {
    io.err(`colloquy hooks: ${target} is not Colloquy's pre-commit hook; it is left as it is.\n`);
    return 1;
  }
  fs.unlinkSync(target);
  const backup = latestBackup(path.join(hooksDir, BACKUP));
  if (backup) {
    fs.renameSync(backup, target);
    io.out(`Removed Colloquy's pre-commit hook and put back the previous one: ${target}\n`);
  } else {
    io.out(`Removed Colloquy's pre-commit hook: ${target}\n`);
  }
  return 0;
}

/** The last of `file`, `file.1`, `file.2` ... that exists: the hook replaced most recently. */
function latestBackup(file: string): string | undefined {
  let found: string | undefined;
  for (let n = 0, candidate = file; fs.existsSync(candidate); n++, candidate = `${file}.${n}`) found = candidate;
  return found;
}

/** `file`, or `file.1`, `file.2` ... whichever does not exist yet. */
function freeName(file: string): string {
  let candidate = file;
  for (let n = 1; fs.existsSync(candidate); n++) candidate = `${file}.${n}`;
  return candidate;
}
