import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project.ts';
import { UsageError } from './args.ts';
import type { Command, Io } from './command.ts';

/**
 * The subcommands. Each is loaded only when it runs: the build pulls in
 * Eleventy, saxon-js and citation-js, which `validate` and `--help` need not
 * wait for.
 */
const COMMANDS: ReadonlyArray<{ name: string; summary: string; load: () => Promise<Command> }> = [
  { name: 'validate', summary: 'Check TEI files: well-formedness, the schema, and the rules beyond it', load: async () => (await import('./commands/validate.ts')).validateCommand },
  { name: 'build', summary: 'Build the static edition site (validate, transform, extract, site, index, publish)', load: async () => (await import('./commands/build.ts')).buildCommand },
  { name: 'serve', summary: 'Live preview: build, serve on 127.0.0.1, rebuild and reload on every save', load: async () => (await import('./commands/serve.ts')).serveCommand },
  { name: 'import', summary: 'Turn a plain-text conversation record into a draft TEI file', load: async () => (await import('./commands/import.ts')).importCommand },
  { name: 'hooks', summary: 'Install or remove the optional pre-commit hook that validates changed TEI files', load: async () => (await import('./commands/hooks.ts')).hooksCommand },
];

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
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`colloquy: unknown command \`${name}\`\n\n${mainUsage()}`);
    return 2;
  }
  const command = await entry.load();
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
