/** Where a command writes; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** One subcommand of `colloquy`. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command and resolves to its exit code. */
  run(argv: string[], io: Io): Promise<number>;
}
