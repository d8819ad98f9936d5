/**
 * The clients of `npm run bench:load`, run as a child process of bench/load/run.ts (which
 * kills it after its time bound): one scenario against one server on 127.0.0.1, then one
 * line of JSON on stdout (a ClientReport).
 *
 *   node dist/bench/load/clients.js '{"port":…,"scenario":"normal","clients":2000,…}'
 *
 * Every client is a net.Socket on this process's event loop, as the tests' clients are: a
 * line with its NUL, then wait for the reply (uppercase, with the NUL), checked byte for
 * byte, then the next line. Latency is from a line's write to its whole reply.
 */
import * as net from 'node:net';

export type Scenario = 'normal' | 'slow' | 'reset' | 'stall';

export interface ClientPlan {
  port: number;
  scenario: Scenario;
  /** Clients that exchange `lines` lines each, all at once. */
  clients: number;
  lines: number;
  /** Nothing is waited for past this many ms: what has not come by then is not served. */
  budgetMs: number;
}

export interface ClientReport {
  /** The measured clients (see each scenario): how many, and how they ended. */
  clients: number;
  served: number;
  wrong: number;
  /** Closed or reset by the server before their last reply (select's refusals). */
  refused: number;
  /** Still waiting for a reply when the budget ran out. */
  unfinished: number;
  p50: number;
  p99: number;
  max: number;
}

type Outcome = 'served' | 'wrong' | 'refused' | 'unfinished';

const HOST = '127.0.0.1';

function lineOf(id: number, n: number): string {
  return `client ${id}, ligne ${n} : abc xyz {}`;
}

/** A bound on the whole run: what is still open then is counted unfinished and destroyed. */
class Budget {
  readonly open = new Set<net.Socket>();
  readonly deadline: number;
  constructor(ms: number) {
    this.deadline = Date.now() + ms;
  }
  left(): number {
    return Math.max(0, this.deadline - Date.now());
  }
}

/**
 * One client of the exchange: `lines` lines, one at a time, each reply checked; `pauseMs`
 * between lines (a slow client). Pushes each reply's latency into `latencies`.
 */
function exchange(
  budget: Budget,
  port: number,
  id: number,
  lines: number,
  pauseMs: number,
  latencies: number[],
): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    budget.open.add(socket);
    let received: Buffer = Buffer.alloc(0);
    let expected: Buffer = Buffer.alloc(0);
    let sent = 0;
    let sentAt = 0;
    let outcome: Outcome | null = null;
    const end = (how: Outcome): void => {
      if (outcome !== null) return;
      outcome = how;
      clearTimeout(timer);
      budget.open.delete(socket);
      if (how === 'served') socket.end();
      else socket.destroy();
      resolve(how);
    };
    const timer = setTimeout(() => end('unfinished'), budget.left());
    const sendNext = (): void => {
      const line = lineOf(id, sent++);
      expected = Buffer.from(line.toUpperCase() + '\0', 'latin1');
      sentAt = performance.now();
      socket.write(Buffer.from(line + '\0', 'latin1'));
    };
    socket.on('connect', sendNext);
    socket.on('data', (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      if (received.length < expected.length) return;
      if (!received.equals(expected)) return end('wrong');
      latencies.push(performance.now() - sentAt);
      received = Buffer.alloc(0);
      if (sent >= lines) return end('served');
      if (pauseMs > 0) setTimeout(sendNext, pauseMs);
      else sendNext();
    });
    socket.on('error', () => end('refused'));
    socket.on('close', () => end('refused'));
  });
}

/**
 * A client that resets mid-exchange: sends a line, reads its reply, sends a second line and
 * resets the connection (SO_LINGER 0 and close: an RST) without waiting for the reply.
 */
function resetter(budget: Budget, port: number, id: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.on('connect', () => socket.write(lineOf(id, 0) + '\0'));
    socket.once('data', () => socket.write(lineOf(id, 1) + '\0', () => socket.resetAndDestroy()));
    socket.on('error', () => {});
    socket.on('close', () => resolve());
    setTimeout(() => socket.destroy(), budget.left()).unref();
  });
}

/** A client that sends one line and closes its socket without reading the reply. */
function leaver(budget: Budget, port: number, id: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.on('connect', () => socket.write(lineOf(id, 0) + '\0', () => socket.destroy()));
    socket.on('error', () => {});
    socket.on('close', () => resolve());
    setTimeout(() => socket.destroy(), budget.left()).unref();
  });
}

/** A client that sends 10 MB of lines and never reads a reply; destroyed at the end. */
function neverReads(port: number): net.Socket {
  const socket = net.connect({ host: HOST, port });
  const line = Buffer.from('x'.repeat(999) + '\0', 'latin1');
  socket.on('connect', () => {
    for (let i = 0; i < 10_000; i++) socket.write(line);
  });
  socket.on('error', () => {});
  return socket;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(outcomes: Outcome[], latencies: number[]): ClientReport {
  const sorted = latencies.sort((a, b) => a - b);
  const count = (how: Outcome): number => outcomes.filter((o) => o === how).length;
  return {
    clients: outcomes.length,
    served: count('served'),
    wrong: count('wrong'),
    refused: count('refused'),
    unfinished: count('unfinished'),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? NaN : sorted[sorted.length - 1],
  };
}

function many(count: number, client: (id: number) => Promise<Outcome>): Promise<Outcome[]> {
  return Promise.all(Array.from({ length: count }, (_, id) => client(id)));
}

/**
 * The scenarios; what is measured (the report's clients) is always a batch of ordinary
 * clients, served beside the fault:
 *   normal  `clients` clients at once, `lines` lines each;
 *   slow    as many slow clients (a line every 100 ms, 10 lines) as a quarter of
 *           `clients` (at most 100), and beside them a quarter of `clients` ordinary ones;
 *   reset   100 clients that reset mid-exchange and 100 that close without reading,
 *           then a quarter of `clients` ordinary ones;
 *   stall   one client sending 10 MB without reading its replies, then 20 ordinary
 *           clients of 5 lines: the single-threaded servers stop serving everyone, in C
 *           as in TS (their blocking send to that client waits for it to read).
 */
export async function runScenario(plan: ClientPlan): Promise<ClientReport> {
  const budget = new Budget(plan.budgetMs);
  const latencies: number[] = [];
  const ordinary = (count: number, lines: number): Promise<Outcome[]> =>
    many(count, (id) => exchange(budget, plan.port, id, lines, 0, latencies));
  const quarter = Math.max(1, Math.floor(plan.clients / 4));
  try {
    switch (plan.scenario) {
      case 'normal':
        return report(await ordinary(plan.clients, plan.lines), latencies);
      case 'slow': {
        const slow = many(Math.min(100, quarter), (id) =>
          exchange(budget, plan.port, 100_000 + id, 10, 100, []),
        );
        await delay(200);
        const measured = await ordinary(quarter, plan.lines);
        await slow;
        return report(measured, latencies);
      }
      case 'reset': {
        await Promise.all([
          ...Array.from({ length: 100 }, (_, id) => resetter(budget, plan.port, 200_000 + id)),
          ...Array.from({ length: 100 }, (_, id) => leaver(budget, plan.port, 300_000 + id)),
        ]);
        return report(await ordinary(quarter, plan.lines), latencies);
      }
      case 'stall': {
        const hog = neverReads(plan.port);
        await delay(1000);
        try {
          return report(await ordinary(20, 5), latencies);
        } finally {
          hog.destroy();
        }
      }
      default:
        throw new Error(`unknown scenario ${String(plan.scenario)}`);
    }
  } finally {
    for (const socket of budget.open) socket.destroy();
  }
}

if (require.main === module) {
  const plan = JSON.parse(process.argv[2]) as ClientPlan;
  void runScenario(plan).then((result) => {
    process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
  });
}
