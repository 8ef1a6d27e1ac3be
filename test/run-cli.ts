// The real CLI as a child process, for the tests that go through it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers.js';

export const BIN = path.join(ROOT, 'bin', 'lawreport.js');

/**
 * The CLI as a child process. Asynchronous, so this test worker's event loop stays free
 * meanwhile: vitest talks to it, and a worker blocked for long on a loaded machine fails
 * the whole run with 'Timeout calling "onTaskUpdate"'.
 */
export function cli(args: string[], opts: { cwd?: string; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(opts.input ?? '');
  });
}
