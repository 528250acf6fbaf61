import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage mistake on the command line: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parses argv with node:util, turning its exceptions into UsageErrors. */
export function parseCommandLine<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^.*?: /, ''));
  }
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} takes ${allowed.map((a) => `\`${a}\``).join(' or ')}, not \`${value}\``);
}
