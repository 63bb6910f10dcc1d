import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Debian's chromium package; tests that need a browser skip without it. */
export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-pipe',
];

type Message = { id?: number; method?: string; sessionId?: string; params?: unknown };
type Reply = { result?: unknown; error?: { message: string } };

/**
 * A headless Chromium driven over the DevTools protocol on a pipe (no port is opened): messages
 * are JSON, each ended by a NUL byte, commands on fd 3 and replies and events on fd 4.
 */
export class Chromium {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, (reply: Reply) => void>();
  /** Every event received, in order: method and params. */
  readonly events: { method: string; params: unknown }[] = [];

  private constructor(
    private readonly process: ChildProcess,
    private readonly input: Writable,
    output: Readable,
    private readonly profile: string,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.receive(chunk));
  }

  static async launch(): Promise<Chromium> {
    const profile = await mkdtemp(join(tmpdir(), 'census-chromium-'));
    const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    const input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    return new Chromium(child, input, output, profile);
  }

  /** Sends a command (to a page when `sessionId` is given) and returns its result. */
  send(method: string, params: object = {}, sessionId?: string): Promise<unknown> {
    const id = this.nextId++;
    const message: Message = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no reply in 30 s`)), 30_000);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result);
      });
      this.input.write(JSON.stringify(message) + '\0');
    });
  }

  /** Resolves with the first event of that name from now on. */
  waitFor(method: string, timeoutMillis = 30_000): Promise<unknown> {
    const seen = this.events.length;
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const event = this.events.slice(seen).find((e) => e.method === method);
        if (event !== undefined) {
          clearInterval(poll);
          resolve(event.params);
        } else if (Date.now() - started > timeoutMillis) {
          clearInterval(poll);
          reject(new Error(`no ${method} event in ${timeoutMillis} ms`));
        }
      }, 20);
    });
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => undefined);
    if (this.process.exitCode === null) {
      await new Promise((resolve) => {
        const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
        this.process.once('exit', () => resolve(clearTimeout(timer)));
      });
    }
    await rm(this.profile, { recursive: true, force: true });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\0');
    while (end >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Message & Reply;
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) this.pending.get(message.id)?.(message);
      else if (message.method !== undefined) {
        this.events.push({ method: message.method, params: message.params });
      }
      end = this.buffer.indexOf('\0');
    }
  }
}
