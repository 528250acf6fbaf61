/**
 * Progress for long builds, on a terminal only: after `delayMs` (about 2 s),
 * one line on stderr, redrawn at most ten times a second, shows the stage,
 * its count and an estimate of the time left; it is erased when the build
 * ends. Not shown with --quiet or --json, or when stderr is not a TTY.
 */
export interface ProgressSink {
  (stage: string, done: number, total: number): void;
}

/** The share of a typical build each stage takes, for the estimate. */
const WEIGHTS: Record<string, number> = { validate: 0.15, transform: 0.35, extract: 0.05, site: 0.25, index: 0.18, publish: 0.02 };
const ORDER = Object.keys(WEIGHTS);

export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly delayMs = 2000,
  ) {}

  /** Builds the sink the pipeline reports to. */
  get sink(): ProgressSink {
    return (stage, done, total) => this.update(stage, done, total);
  }

  update(stage: string, done: number, total: number): void {
    const now = performance.now();
    if (now - this.started < this.delayMs || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const i = Math.max(0, ORDER.indexOf(stage));
    const before = ORDER.slice(0, i).reduce((n, s) => n + (WEIGHTS[s] as number), 0);
    const fraction = before + (WEIGHTS[stage] ?? 0) * (total > 0 ? Math.min(1, done / total) : 0);
    const elapsed = (now - this.started) / 1000;
    const left = fraction > 0.05 ? Math.max(0, elapsed / fraction - elapsed) : undefined;
    const line = `${stage} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}${left === undefined ? '' : ` · about ${formatSeconds(left)} left`} · ${formatSeconds(elapsed)} so far`;
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Erases the line, before the build's own report. */
  end(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function formatSeconds(s: number): string {
  return s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
