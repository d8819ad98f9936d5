/**
 * A small Chrome DevTools Protocol client for the lab's page test, over Chromium's
 * `--remote-debugging-pipe`: commands go to the browser on its fd 3, replies and events come
 * back on its fd 4, each a JSON message ended by a NUL byte. No npm dependency, no port.
 *
 * Chromium is started as this machine's notes say (headless, no sandbox as root, no GPU, and
 * none of its background connections: the tests run with no network), in a process group of
 * its own with a fresh profile, so that close() can end it and all its helpers by its id.
 * Every wait is bounded: each command has a timeout, and the browser is SIGKILLed when it
 * has not ended in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

interface Pending {
  method: string;
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** The fields of the events that problems() reads (CDP's Runtime, Log and Network domains). */
interface ProblemParams {
  type?: string;
  args?: { value?: unknown }[];
  exceptionDetails?: { text: string; exception?: { description?: string } };
  entry?: { level: string; text: string; url?: string };
  errorText?: string;
  blockedReason?: string;
  request?: { url: string };
}

export class Chromium {
  readonly child: ChildProcess;
  /** Every event received, in order. */
  readonly events: CdpEvent[] = [];
  private readonly profile: string;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters: { test: (e: CdpEvent) => boolean; resolve: () => void }[] = [];
  private nextId = 1;
  private buffered = Buffer.alloc(0);
  private stderrText = '';
  private readonly exited: Promise<void>;

  constructor(
    private readonly commandTimeoutMs: number,
    executable = CHROMIUM,
  ) {
    this.profile = mkdtempSync(join(tmpdir(), 'bsd-sockets-chromium-'));
    this.child = spawn(
      executable,
      [
        ...CHROMIUM_FLAGS,
        // As wide as the lab's page (three lanes, 1,250 px), as a student's screen would be.
        '--window-size=1300,900',
        `--user-data-dir=${this.profile}`,
        '--remote-debugging-pipe',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true, env: browserEnv() },
    );
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    // Never outlives the test's process, even when close() is not reached.
    const killOnExit = (): void => killGroup(this.child.pid);
    process.once('exit', killOnExit);
    void this.exited.then(() => process.removeListener('exit', killOnExit));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      // Only the end is kept: it says why the browser died, if it did.
      this.stderrText = (this.stderrText + chunk.toString()).slice(-4000);
    });
    (this.child.stdio[4] as Readable).on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.once('exit', (code, signal) => {
      const error = new Error(`chromium ended (${code ?? signal}): ${this.stderrText}`);
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(error);
      }
      this.pending.clear();
    });
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (let end = this.buffered.indexOf(0); end >= 0; end = this.buffered.indexOf(0)) {
      const message = JSON.parse(this.buffered.subarray(0, end).toString('utf8')) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
      } & Partial<CdpEvent>;
      this.buffered = this.buffered.subarray(end + 1);
      if (message.id !== undefined) {
        const p = this.pending.get(message.id);
        if (!p) continue;
        this.pending.delete(message.id);
        clearTimeout(p.timer);
        if (message.error) p.reject(new Error(`CDP ${p.method}: ${message.error.message}`));
        else p.resolve(message.result ?? {});
      } else if (message.method) {
        const event: CdpEvent = {
          method: message.method,
          params: message.params ?? {},
          sessionId: message.sessionId,
        };
        this.events.push(event);
        for (const w of [...this.waiters])
          if (w.test(event)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve();
          }
      }
    }
  }

  /** Sends a command (to a page when `sessionId` is given) and waits for its result. */
  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP ${method}: no reply in ${this.commandTimeoutMs} ms`));
      }, this.commandTimeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      const message = JSON.stringify({ id, method, params, sessionId });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  /** Waits for an event received already or to come, for at most `timeoutMs`. */
  waitFor(test: (e: CdpEvent) => boolean, timeoutMs: number, what: string): Promise<void> {
    if (this.events.some(test)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`chromium: no ${what} in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * A new page (a target) attached in flat mode, with the Page, Runtime, Log and Network
   * domains enabled before anything loads in it: its session id.
   */
  async newPage(): Promise<string> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const session = sessionId as string;
    for (const domain of ['Page', 'Runtime', 'Log', 'Network'])
      await this.send(`${domain}.enable`, {}, session);
    return session;
  }

  /** Loads `url` in the page and waits for its load event. */
  async load(session: string, url: string, timeoutMs: number): Promise<void> {
    const loaded = this.waitFor(
      (e) => e.method === 'Page.loadEventFired' && e.sessionId === session,
      timeoutMs,
      `load event for ${url}`,
    );
    const result = await this.send('Page.navigate', { url }, session);
    if (result.errorText) throw new Error(`navigate ${url}: ${String(result.errorText)}`);
    await loaded;
  }

  /** The value of a JavaScript expression evaluated in the page (JSON-serializable). */
  async evaluate<T>(session: string, expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send(
      'Runtime.evaluate',
      { expression, returnByValue: true },
      session,
    )) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(`evaluate: ${exceptionDetails.text}`);
    return result.value;
  }

  /** A PNG of the whole page, beyond the window's height. */
  async screenshot(session: string): Promise<Buffer> {
    const { cssContentSize } = (await this.send('Page.getLayoutMetrics', {}, session)) as {
      cssContentSize: { width: number; height: number };
    };
    const { data } = await this.send(
      'Page.captureScreenshot',
      {
        format: 'png',
        captureBeyondViewport: true,
        clip: {
          x: 0,
          y: 0,
          width: Math.ceil(cssContentSize.width),
          height: Math.ceil(cssContentSize.height),
          scale: 1,
        },
      },
      session,
    );
    return Buffer.from(data as string, 'base64');
  }

  /**
   * What went wrong in the page, from the events: console errors, uncaught exceptions, log
   * entries of level error, failed requests, and every request other than `allowed`.
   */
  problems(session: string, allowed: readonly string[]): string[] {
    const out: string[] = [];
    for (const e of this.events) {
      if (e.sessionId !== session) continue;
      const p = e.params as ProblemParams;
      if (e.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
        out.push(`console.${p.type}: ${(p.args ?? []).map((a) => String(a.value)).join(' ')}`);
      else if (e.method === 'Runtime.exceptionThrown')
        out.push(
          `exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`,
        );
      else if (e.method === 'Log.entryAdded' && p.entry?.level === 'error')
        out.push(`log: ${p.entry.text}${p.entry.url ? ` (${p.entry.url})` : ''}`);
      else if (e.method === 'Network.loadingFailed')
        out.push(`request failed: ${p.errorText}${p.blockedReason ? ` ${p.blockedReason}` : ''}`);
      else if (e.method === 'Network.requestWillBeSent' && !allowed.includes(p.request?.url ?? ''))
        out.push(`request: ${p.request?.url}`);
    }
    return out;
  }

  /**
   * Ends the browser: Browser.close, then SIGKILL to its process group when it has not ended
   * within `timeoutMs`; its profile removed.
   */
  async close(timeoutMs: number): Promise<void> {
    const pid = this.child.pid;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => killGroup(pid), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    // Its helpers (renderer, zygote, utility processes) if any outlived it.
    killGroup(pid);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/**
 * The environment without the ASan runtime's preload (scripts/test-asan.sh): Chromium is not
 * what is tested, is not built for it, and has an allocator of its own.
 */
function browserEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LD_PRELOAD;
  return env;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}
