/**
 * A local SMTP server that delivers nothing: every message it accepts is stored as an .eml file in the
 * outbox directory (open them with any mail client, or `cat` them). The welcome-email function sends
 * to it.
 *
 *   node --import tsx examples/user-signup/smtp-capture.ts [--port 2525] [--host 127.0.0.1] [--outbox DIR] [--greylist]
 *
 * Programs: `const smtp = await startSmtpCapture({ port: 2525, outboxDir })` … `await smtp.stop()`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseMail, type CapturedMail } from './outbox.js';

export type { CapturedMail } from './outbox.js';
export { readOutbox } from './outbox.js';

export interface SmtpCaptureOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Created when missing. */
  outboxDir: string;
  /**
   * Greylisting, as many real mail servers do: the first attempt of each sender/recipient pair is
   * refused with a temporary `451`, the next one accepted. Shows a sender's retries at work.
   */
  greylist?: boolean;
  /** Called after each message is stored. */
  onMessage?: (mail: CapturedMail) => void;
}

export interface SmtpCapture {
  readonly host: string;
  /** The port listened on (the chosen one when `port` was 0). */
  readonly port: number;
  readonly outboxDir: string;
  /** Closes the server and every open connection; the port is free again when this resolves. */
  stop(): Promise<void>;
}

const MAX_SIZE = 10 * 1024 * 1024;

/**
 * Starts the capture server. Recipients in the reserved `.invalid` top-level domain (RFC 2606) are
 * refused with a permanent `550`, so a sender's handling of bounces can be tried too.
 */
export async function startSmtpCapture(options: SmtpCaptureOptions): Promise<SmtpCapture> {
  const host = options.host ?? '127.0.0.1';
  const outboxDir = resolve(options.outboxDir);
  await mkdir(outboxDir, { recursive: true });
  const sockets = new Set<Socket>();
  const greylisted = options.greylist ? new Set<string>() : undefined;
  const store = async (envelope: Envelope, data: string) => {
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
    const text = `Return-Path: <${envelope.from}>\r\nDelivered-To: ${envelope.to.join(', ')}\r\n${data}`;
    const file = join(outboxDir, name);
    await writeFile(join(outboxDir, `.${name}.tmp`), text);
    await rename(join(outboxDir, `.${name}.tmp`), file); // readers never see half a message
    options.onMessage?.({ file, ...parseMail(text) });
    return name;
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serve(socket, { outboxDir, store, greylisted });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as { port: number };
  return {
    host,
    port,
    outboxDir,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

const GREETING = 'Eddy SMTP capture ready';

/**
 * Who listens on an SMTP port: the outbox directory of an Eddy capture server there, `other` for any
 * other server, or undefined when nothing answers within a second.
 */
export function probeSmtpCapture(port: number, host = '127.0.0.1'): Promise<{ outboxDir: string } | 'other' | undefined> {
  return new Promise((done) => {
    const socket = connect(port, host);
    let greeting = '';
    const finish = (result: { outboxDir: string } | 'other' | undefined) => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(1_000, () => finish(greeting === '' ? undefined : 'other'));
    socket.on('error', () => finish(undefined));
    socket.on('data', (chunk) => {
      greeting += chunk.toString('utf8');
      const line = greeting.split('\r\n')[0]!;
      if (!greeting.includes('\r\n')) return;
      socket.end('QUIT\r\n');
      const ours = new RegExp(`^220 \\S+ ${GREETING} \\(outbox (.*)\\)$`).exec(line);
      finish(ours ? { outboxDir: ours[1]! } : 'other');
    });
  });
}

interface Envelope {
  from: string;
  to: string[];
}

interface SessionDeps {
  outboxDir: string;
  store(envelope: Envelope, data: string): Promise<string>;
  greylisted: Set<string> | undefined;
}

/** One SMTP session (RFC 5321): commands line by line, each answered before the next is read. */
function serve(socket: Socket, deps: SessionDeps): void {
  let envelope: Envelope | undefined;
  let data: string[] | undefined;
  let size = 0;
  let buffer = '';
  let queue = Promise.resolve();
  const reply = (...lines: string[]): void => {
    socket.write(lines.map((line) => `${line}\r\n`).join(''));
  };

  const handle = async (line: string): Promise<void> => {
    if (data !== undefined) {
      if (line !== '.') {
        size += line.length + 2;
        if (size <= MAX_SIZE) data.push(line.startsWith('.') ? line.slice(1) : line);
        return;
      }
      const text = `${data.join('\r\n')}\r\n`;
      data = undefined;
      if (size > MAX_SIZE) reply('552 5.3.4 Message too big');
      else reply(`250 2.0.0 OK: queued as ${await deps.store(envelope!, text)}`);
      envelope = undefined;
      return;
    }
    const [verb = '', ...rest] = line.split(' ');
    const argument = rest.join(' ');
    switch (verb.toUpperCase()) {
      case 'EHLO':
        return reply('250-localhost Eddy SMTP capture', '250-8BITMIME', `250 SIZE ${MAX_SIZE}`);
      case 'HELO':
        return reply('250 localhost Eddy SMTP capture');
      case 'MAIL': {
        const from = /^FROM:\s*<([^>]*)>/i.exec(argument)?.[1];
        if (from === undefined) return reply('501 5.5.4 Syntax: MAIL FROM:<address>');
        envelope = { from, to: [] };
        return reply('250 2.1.0 OK');
      }
      case 'RCPT': {
        if (envelope === undefined) return reply('503 5.5.1 Need MAIL command first');
        const to = /^TO:\s*<([^>]+)>/i.exec(argument)?.[1];
        if (to === undefined) return reply('501 5.5.4 Syntax: RCPT TO:<address>');
        if (/\.invalid$/i.test(to)) return reply('550 5.1.2 Bad destination system address');
        const pair = `${envelope.from}\n${to}`;
        if (deps.greylisted !== undefined && !deps.greylisted.has(pair)) {
          deps.greylisted.add(pair);
          return reply('451 4.7.1 Greylisted, please try again later');
        }
        envelope.to.push(to);
        return reply('250 2.1.5 OK');
      }
      case 'DATA':
        if (envelope === undefined || envelope.to.length === 0) return reply('503 5.5.1 Need RCPT command first');
        data = [];
        size = 0;
        return reply('354 End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        envelope = undefined;
        return reply('250 2.0.0 OK');
      case 'NOOP':
        return reply('250 2.0.0 OK');
      case 'QUIT':
        reply('221 2.0.0 Bye');
        socket.end();
        return;
      default:
        return reply('502 5.5.2 Command not recognized');
    }
  };

  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\r\n')) !== -1) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      queue = queue.then(() => handle(line)).catch(() => {
        reply('451 4.3.0 Could not store the message');
        envelope = undefined;
      });
    }
  });
  // The outbox in the greeting lets a second run tell its own capture server from another run's.
  reply(`220 localhost ${GREETING} (outbox ${deps.outboxDir})`);
}

/** The command line: runs until Ctrl-C, printing each message captured. */
async function main(): Promise<void> {
  const dataDir = process.env['USER_SIGNUP_DATA'] ?? join(process.cwd(), '.eddy', 'user-signup');
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env['SMTP_PORT'] ?? '2525' },
      host: { type: 'string', default: '127.0.0.1' },
      outbox: { type: 'string', default: join(dataDir, 'outbox') },
      greylist: { type: 'boolean', default: false },
    },
  });
  const smtp = await startSmtpCapture({
    host: values.host,
    port: Number(values.port),
    outboxDir: values.outbox,
    greylist: values.greylist,
    onMessage: (mail) => console.log(`captured ${mail.file}\n  To: ${mail.headers['to']}\n  Subject: ${mail.headers['subject']}`),
  });
  console.log(`SMTP capture listening on ${smtp.host}:${smtp.port}, storing messages in ${smtp.outboxDir}`);
  const stop = () => void smtp.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
