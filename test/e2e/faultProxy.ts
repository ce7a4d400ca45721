import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The path whose POSTs the proxy may fault; everything else is passed through untouched. */
const SYNC_PATH = '/seglet/sync';

/**
 * What the proxy does with one sync POST:
 * - `pass`: forward it to the server and relay the answer;
 * - `{ status, retryAfter? }`: answer that status itself (the server never sees the request);
 * - `reset`: hang up without an answer (a connection reset; Chromium resends at once, on a new connection, a
 *   request whose reused connection was reset, so one reset may use up two entries);
 * - `lose-response`: forward it (the server stores the batch), then hang up instead of relaying the answer;
 * - `hang`: never answer; the request is dropped when the client gives up;
 * - `stall`: never answer, and forward the request once the client gives up (a server that stored the batch
 *   but whose answer came too late).
 */
export type Fault = 'pass' | 'reset' | 'lose-response' | 'hang' | 'stall' | { status: number; retryAfter?: number };

/** Who sent a sync POST: the engine's worker, or a page (what it sends itself as it goes away). */
export type Sender = 'worker' | 'page';

/** One sync POST as the proxy saw it. */
export interface Attempt {
  /** Milliseconds since the proxy started. */
  at: number;
  fault: Fault;
  /** The batch's id (or `forget`), read from the body. */
  batchId: string;
  /** From the referrer: a worker's requests carry its script's URL, a page's its own. */
  from: Sender;
  /** How it ended: answered (by the proxy or the server), abandoned by the client, or hung up on by the proxy. */
  ended: 'answered' | 'client-gone' | 'reset';
}

export interface FaultProxy {
  /** The proxy's origin: open pages here so their sync POSTs go through it. */
  url: string;
  /** Faults for the next sync POSTs, one each, in order; once used up, {@link FaultProxy.otherwise} applies. */
  faults: Fault[];
  /** What happens to a sync POST when {@link FaultProxy.faults} is empty (`pass` unless a test says otherwise). */
  otherwise: Fault | ((request: Pick<Attempt, 'batchId' | 'from'>) => Fault);
  /** Every sync POST so far, in arrival order. */
  attempts: Attempt[];
  close(): Promise<void>;
}

/**
 * A same-origin HTTP proxy in front of a test's reference server that injects faults into sync delivery, for
 * tests of what the SDK does when the network or the endpoint misbehaves. Only POSTs to `/seglet/sync` follow
 * the fault script; pages, scripts and the sync log pass through.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const origin = new URL(target);
  const started = Date.now();
  const sockets = new Set<Socket>();

  const proxy: FaultProxy = {
    url: '',
    faults: [],
    otherwise: 'pass',
    attempts: [],
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  /** Sends `body` on to the server; resolves with its answer, fully read. */
  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: origin.host, 'content-length': String(body.length) };
      const out = request({ host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  async function relay(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    try {
      const answer = await forward(req, body);
      const { connection: _, 'transfer-encoding': __, ...headers } = answer.headers;
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      res.end(answer.body);
    } catch {
      res.socket?.destroy();
    }
  }

  async function sync(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    let batchId = '?';
    try {
      const payload = JSON.parse(body.toString('utf8'));
      batchId = payload.op === 'forget' ? 'forget' : String(payload.batchId);
    } catch {
      // Not JSON: the server will say so.
    }
    const from: Sender = /\.worker\.js$/.test(new URL(req.headers.referer ?? '/', 'http://x').pathname) ? 'worker' : 'page';
    const { otherwise } = proxy;
    const fault = proxy.faults.shift() ?? (typeof otherwise === 'function' ? otherwise({ batchId, from }) : otherwise);
    const attempt: Attempt = { at: Date.now() - started, fault, batchId, from, ended: 'answered' };
    proxy.attempts.push(attempt);
    res.on('close', () => {
      if (res.writableFinished || attempt.ended !== 'answered') return;
      attempt.ended = 'client-gone';
      if (fault === 'stall') void forward(req, body).catch(() => {});
    });
    if (fault === 'pass') return relay(req, res, body);
    if (fault === 'hang' || fault === 'stall') return;
    if (fault === 'reset') return void ((attempt.ended = 'reset'), req.socket.destroy());
    if (fault === 'lose-response') {
      await forward(req, body).catch(() => {});
      attempt.ended = 'reset';
      return void req.socket.destroy();
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    res.writeHead(fault.status, headers);
    res.end(JSON.stringify({ error: `injected ${fault.status}` }));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'POST' && path === SYNC_PATH) void sync(req, res, body);
      else void relay(req, res, body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
