/**
 * Progress for long builds, on a terminal only: after `delayMs` (about 2 s),
 * one line on stderr, redrawn at most ten times a second, shows each stage
 * that is running (the site and the index run side by side) with its count,
 * and an estimate of the time left; it is erased when the build ends. Not
 * shown with --quiet or --json, or when stderr is not a TTY.
 */
export interface ProgressSink {
  /** A stage's count; `ended` when the stage is done. */
  (stage: string, done: number, total: number, ended?: boolean): void;
}

/** The share of a typical build each stage takes, for the estimate. */
const WEIGHTS: Record<string, number> = { validate: 0.15, transform: 0.35, extract: 0.05, site: 0.25, index: 0.18, publish: 0.02 };
const ORDER = Object.keys(WEIGHTS);

export class Progress {
  private readonly started: number;
  private readonly stages = new Map<string, { done: number; total: number; ended: boolean }>();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly delayMs = 2000,
    /** Milliseconds, for the elapsed time (tests give their own). */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.started = clock();
  }

  /** Builds the sink the pipeline reports to. */
  get sink(): ProgressSink {
    return (stage, done, total, ended) => this.update(stage, done, total, ended);
  }

  update(stage: string, done: number, total: number, ended = false): void {
    this.stages.set(stage, { done, total, ended });
    const now = this.clock();
    if (now - this.started < this.delayMs || now - this.lastDraw < 100) return;
    const running = [...this.stages].filter(([, s]) => !s.ended).sort(([a], [b]) => rank(a) - rank(b));
    if (running.length === 0) return;
    this.lastDraw = now;
    const elapsed = (now - this.started) / 1000;
    const fraction = this.fraction();
    const left = fraction > 0.05 ? Math.max(0, elapsed / fraction - elapsed) : undefined;
    // (A stage that has not counted yet, total 0, shows its name only.)
    const counts = running.map(([name, s]) => (s.total > 0 ? `${name} ${s.done.toLocaleString('en-US')}/${s.total.toLocaleString('en-US')}` : name)).join(' · ');
    this.stream.write(`\r\x1b[2K${counts}${left === undefined ? '' : ` · about ${formatSeconds(left)} left`} · ${formatSeconds(elapsed)} so far`);
    this.drawn = true;
  }

  /**
   * How much of the build is done, by the stages' shares: a stage ended
   * counts whole, one running by its count, and one not reported when a
   * later one has ended (a shard has no site stage) as skipped.
   */
  private fraction(): number {
    const last = Math.max(...[...this.stages].filter(([, s]) => s.ended).map(([name]) => ORDER.indexOf(name)));
    return ORDER.reduce((sum, name, i) => {
      const s = this.stages.get(name);
      const share = s ? (s.ended ? 1 : s.total > 0 ? Math.min(1, s.done / s.total) : 0) : i < last ? 1 : 0;
      return sum + (WEIGHTS[name] as number) * share;
    }, 0);
  }

  /** Erases the line, before the build's own report. */
  end(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** A stage's place in the build (one not in ORDER last). */
function rank(stage: string): number {
  const i = ORDER.indexOf(stage);
  return i < 0 ? ORDER.length : i;
}

function formatSeconds(s: number): string {
  return s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
