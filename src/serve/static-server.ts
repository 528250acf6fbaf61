import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rng': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.bib': 'text/plain; charset=utf-8',
  '.ris': 'application/x-research-info-systems; charset=utf-8',
  '.zip': 'application/zip',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Types a static host compresses (Pagefind's own files are compressed already). */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript))/;

/**
 * Serves a folder over HTTP on 127.0.0.1, the way a static host would:
 * `/x/` serves `x/index.html`, a missing file serves `404.html` with status
 * 404, text is gzipped for clients that accept it, and nothing outside the
 * folder can be reached. `base` mounts the site under a sub-path (`/edition/`).
 */
export interface ServeOptions {
  port?: number;
  base?: string;
  /** Resolve `root` again for each request (it is a link that a rebuild replaces). */
  follow?: boolean;
  /** HTML inserted before `</body>` of every page (the live preview's script). */
  inject?: string;
  /** Answers a request itself (returns true), before the files are looked at. */
  handle?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

export async function serveStatic(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const base = options.base ?? '/';
  const fixedRoot = await fs.realpath(root);
  const server = http.createServer(async (req, res) => {
    if (options.handle?.(req, res)) return;
    const rootDir = options.follow ? await fs.realpath(root).catch(() => fixedRoot) : fixedRoot;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let pathname = decodeURIComponent(url.pathname);
      if (!pathname.startsWith(base)) return void send404(res, rootDir);
      pathname = pathname.slice(base.length - 1);
      let file = path.resolve(rootDir, `.${pathname}`);
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return void send404(res, rootDir);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat?.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/` }).end();
          return;
        }
        file = path.join(file, 'index.html');
      }
      const real = await fs.realpath(file).catch(() => undefined);
      if (!real || (real !== rootDir && !real.startsWith(rootDir + path.sep))) return void send404(res, rootDir);
      let body = await fs.readFile(real);
      const type = TYPES[path.extname(real)] ?? 'application/octet-stream';
      if (options.inject && type.startsWith('text/html')) body = Buffer.from(body.toString('utf8').replace(/<\/body>/i, `${options.inject}</body>`));
      const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-cache', vary: 'accept-encoding' };
      if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send404(res, rootDir);
    }
  });
  // Live connections (server-sent events) would keep close() waiting.
  const closeAll = (): void => (server as http.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        closeAll();
      }),
  };
}

async function send404(res: http.ServerResponse, root: string): Promise<void> {
  const page = await fs.readFile(path.join(root, '404.html')).catch(() => Buffer.from('Not found'));
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(page);
}
