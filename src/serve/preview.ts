import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { forgetFingerprint } from '../cache/cache.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { BuildOptions } from '../edition.ts';
import { buildEdition } from '../pipeline.ts';
import { PROJECT_ROOT } from '../project.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

/**
 * The live preview (`colloquy serve`): builds the site, serves it on
 * 127.0.0.1, and watches the TEI and the templates. When one is saved the
 * site is rebuilt (the cache makes that quick) and open pages reload; when
 * the build fails, the diagnostics appear in the terminal and over the page,
 * which stays the last good one (publishing is atomic, so the served folder
 * is never half-written).
 */
export interface PreviewState {
  ok: boolean;
  reason: string | null;
  diagnostics: Array<Record<string, unknown>>;
  ms: number;
  builtAt: string;
}

export interface Preview {
  url: string;
  state(): PreviewState;
  close(): Promise<void>;
}

export interface PreviewOptions {
  /** The files to build, found again before each build (a new file in a folder joins). */
  paths: () => Promise<string[]>;
  /** Folders and files to watch (the inputs; templates/ is always watched). */
  watch: string[];
  build: BuildOptions;
  port: number;
  /** Where to report each build (the terminal). */
  report: (state: PreviewState, messages: Diagnostic[]) => void;
}

const CLIENT = fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'serve', 'live-client.js'), 'utf8');
const TEMPLATES = path.join(PROJECT_ROOT, 'templates');
const GUIDE = path.join(PROJECT_ROOT, 'docs', 'encoding.md');
const WATCHED = /\.(xml|tei|odd|njk|css|js|svg|md)$/i;

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const clients = new Set<http.ServerResponse>();
  let state: PreviewState = { ok: false, reason: 'not built yet', diagnostics: [], ms: 0, builtAt: '' };
  let running: Promise<PreviewState> | undefined;
  let again = false;

  const build = async (): Promise<PreviewState> => {
    const started = performance.now();
    const outcome = await buildEdition(await options.paths(), { ...options.build, now: new Date() });
    const messages = outcome.edition.allMessages;
    state = {
      ok: outcome.ok,
      reason: outcome.ok ? null : outcome.reason,
      diagnostics: messages.filter((m) => m.fatal || outcome.ok).map((m) => m.toJSON()),
      ms: Math.round(performance.now() - started),
      builtAt: new Date().toISOString(),
    };
    options.report(state, messages);
    const event = `event: build\ndata: ${JSON.stringify(state)}\n\n`;
    for (const c of clients) c.write(event);
    return state;
  };
  const rebuild = (): Promise<PreviewState> => {
    if (running) {
      again = true; // the running build's loop builds once more
      return running;
    }
    running = (async () => {
      let s: PreviewState;
      do {
        again = false;
        s = await build();
      } while (again);
      running = undefined;
      return s;
    })();
    return running;
  };

  await rebuild();
  if (!fs.existsSync(options.build.outDir)) throw new Error(`the first build failed (${state.reason}); fix the input and start again`);

  const server: StaticServer = await serveStatic(options.build.outDir, {
    port: options.port,
    follow: true,
    inject: '<script src="/__colloquy/live.js"></script>',
    handle: (req, res) => {
      const url = req.url ?? '';
      if (url === '/__colloquy/live.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }).end(CLIENT);
        return true;
      }
      if (url === '/__colloquy/state') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }).end(JSON.stringify(state));
        return true;
      }
      if (url === '/__colloquy/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return true;
      }
      return false;
    },
  });

  // Saves often come as several events (write, rename): one rebuild per burst.
  let timer: NodeJS.Timeout | undefined;
  const out = path.resolve(options.build.outDir);
  const changed = (dir: string, name: string | null): void => {
    if (!name || !WATCHED.test(name)) return;
    const full = path.resolve(dir, name);
    if (full.startsWith(out) || full.includes(`${path.sep}.${path.basename(out)}-builds${path.sep}`)) return;
    if (full.startsWith(TEMPLATES + path.sep) || full === GUIDE) forgetFingerprint();
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 150);
  };
  const watchers = [...new Set([...options.watch.map((p) => path.resolve(p)), TEMPLATES, GUIDE])].filter((p) => fs.existsSync(p)).map((p) => {
    const isDir = fs.statSync(p).isDirectory();
    const dir = isDir ? p : path.dirname(p);
    return fs.watch(p, { recursive: isDir }, (_event, name) => changed(dir, isDir ? name : path.basename(p)));
  });

  return {
    url: server.url,
    state: () => state,
    close: async () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const c of clients) c.end();
      await running;
      await server.close();
    },
  };
}
