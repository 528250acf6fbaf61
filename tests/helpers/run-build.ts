import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project.ts';
import { hasCommand } from './shared.ts';

export const BIN = path.join(PROJECT_ROOT, 'bin', 'colloquy.js');
export const STRACE = hasCommand('strace');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  /** Every path the process tree tried to open, resolved against `cwd` (with strace only). */
  opened: string[];
  /** Every connect() to an IPv4 or IPv6 address (with strace only). */
  connections: string[];
}

/**
 * Runs `colloquy <args>` (this project's, or the command at `bin`) in a fresh process, as a user would, killing it after
 * `timeoutMs`. Where strace is installed, the whole process tree runs under
 * it, recording each file it opens and each connection it makes.
 */
export function runColloquy(args: string[], cwd: string, options: { timeoutMs?: number; trace?: boolean; bin?: string } = {}): Promise<RunResult> {
  const traceFile = path.join(cwd, `.trace-${process.pid}-${Date.now()}.log`);
  const traced = (options.trace ?? true) && STRACE;
  const command = traced
    ? ['strace', '-f', '-qq', '--seccomp-bpf', '-e', 'trace=open,openat,openat2,creat,connect', '-o', traceFile, process.execPath, options.bin ?? BIN, ...args]
    : [process.execPath, options.bin ?? BIN, ...args];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command[0] as string, command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      let opened: string[] = [];
      let connections: string[] = [];
      if (traced && fs.existsSync(traceFile)) {
        const log = fs.readFileSync(traceFile, 'utf8');
        fs.rmSync(traceFile, { force: true });
        opened = [...log.matchAll(/\b(?:open|openat|openat2|creat)\((?:[^,]*, )?"((?:[^"\\]|\\.)*)"/g)].map((m) => path.resolve(cwd, unescapeStrace(m[1] as string)));
        connections = log.split('\n').filter((l) => /\bconnect\(/.test(l) && /AF_INET6?\b/.test(l));
      }
      resolve({ code, signal, stdout, stderr, ms, timedOut, opened, connections });
    });
  });
}

function unescapeStrace(s: string): string {
  return s.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1');
}

/**
 * A digest of a folder tree: every path, file content and link target. Two
 * equal digests mean the same site, byte for byte.
 */
export function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const stat = fs.lstatSync(full);
      const rel = path.relative(dir, full);
      if (stat.isSymbolicLink()) hash.update(`L ${rel} -> ${fs.readlinkSync(full)}\n`);
      else if (stat.isDirectory()) {
        hash.update(`D ${rel}\n`);
        walk(full);
      } else hash.update(`F ${rel} `).update(fs.readFileSync(full)).update('\n');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hash.digest('hex');
}

/** The published site's folder, following the `site` link. */
export function siteDir(site: string): string {
  return fs.realpathSync(site);
}
