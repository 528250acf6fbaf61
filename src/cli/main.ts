import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project.ts';
import { UsageError } from './args.ts';
import type { Command, Io } from './command.ts';
import { validateCommand } from './commands/validate.ts';

const COMMANDS: readonly Command[] = [validateCommand];

const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: colloquy <command> [options]

Colloquy publishes TEI conversation records as a static, searchable edition.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`colloquy <command> --help\` for a command's options.
Options: -h, --help  Show this help.   --version  Print the version.
`;
}

/** Runs `colloquy` with the given arguments and resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(mainUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`colloquy: unknown command \`${name}\`\n\n${mainUsage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`colloquy ${command.name}: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}
