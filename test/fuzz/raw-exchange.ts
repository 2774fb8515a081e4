import { connect } from 'node:net';

/** What came back on a raw connection: the status of each whole answer, and whether the server closed it. */
export interface RawResult {
  readonly statuses: number[];
  readonly closedByServer: boolean;
  /** Bytes received, for the failure report. */
  readonly received: string;
}

export interface RawOptions {
  /** After writing: wait for answers, half-close (the client is done sending), or destroy the socket. */
  readonly then: 'wait' | 'half-close' | 'destroy';
  /** Stop waiting once this many answers came back; without it, wait for the server to close the connection. */
  readonly answers?: number;
}

/**
 * How long a case may wait for its answers or for the server to close: generous, as a loaded machine is slow,
 * and a failure of the test when it passes (a connection neither answered nor closed is a hang).
 */
const RAW_TIMEOUT_MS = 60_000;

/**
 * Writes bytes no HTTP client would send (broken framing, bad request lines, bodies cut short) on a
 * fresh connection, and reads the answers with a minimal HTTP/1.1 parser until `answers` came back or the
 * server closed the connection (its request timeout closes one it waits on, with a 408 or without).
 */
export function rawExchange(port: number, parts: readonly (string | Buffer)[], options: RawOptions): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let closedByServer = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ statuses: parseAnswers(received, closedByServer), closedByServer, received: received.subarray(0, 400).toString('latin1') });
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const got = `answers ${JSON.stringify(parseAnswers(received, false))}, received ${JSON.stringify(received.subarray(0, 400).toString('latin1'))}`;
      reject(new Error(`raw case: neither ${options.answers ?? 'the'} answers nor a close within ${RAW_TIMEOUT_MS} ms; ${got}`));
    }, RAW_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (options.answers !== undefined && parseAnswers(received, false).length >= options.answers) finish();
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', finish);
    socket.on('error', () => {
      closedByServer = true;
      finish();
    });
    socket.on('connect', () => {
      for (const part of parts) socket.write(part);
      if (options.then === 'half-close') socket.end();
      if (options.then === 'destroy') {
        // Let the bytes leave before the reset.
        setImmediate(() => {
          socket.destroy();
          finish();
        });
      }
    });
  });
}

/** The statuses of the whole answers in `bytes` (interim 1xx answers skipped); an answer without a length ends at close. */
export function parseAnswers(bytes: Buffer, closed: boolean): number[] {
  const statuses: number[] = [];
  let at = 0;
  for (;;) {
    const headEnd = bytes.indexOf('\r\n\r\n', at);
    if (headEnd < 0) return statuses;
    const head = bytes.subarray(at, headEnd).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1]);
    if (!Number.isInteger(status)) return statuses;
    const header = (name: string) => head.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
    let next = headEnd + 4;
    if (status >= 100 && status < 200) {
      at = next;
      continue;
    }
    const length = header('content-length');
    if (length !== undefined) {
      next += Number(length);
      if (next > bytes.length) return statuses;
    } else if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
      for (;;) {
        const lineEnd = bytes.indexOf('\r\n', next);
        if (lineEnd < 0) return statuses;
        const size = parseInt(bytes.subarray(next, lineEnd).toString('latin1'), 16);
        next = lineEnd + 2 + size + 2;
        if (next > bytes.length) return statuses;
        if (size === 0) break;
      }
    } else {
      if (!closed) return statuses;
      next = bytes.length;
    }
    statuses.push(status);
    at = next;
  }
}
