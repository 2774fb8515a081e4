/**
 * A small SMTP client (RFC 5321) over node:net: one connection per message, no TLS or AUTH (it talks to
 * a local capture server; on AWS the same handler would point SMTP_HOST at SES's SMTP interface, which
 * needs STARTTLS and credentials — or call the SES API instead).
 */
import { connect, type Socket } from 'node:net';

export interface MailMessage {
  from: string;
  fromName?: string;
  to: string;
  toName?: string;
  subject: string;
  text: string;
  /** `<unique@domain>`: a deterministic id lets a receiver drop a message delivered twice. */
  messageId: string;
  date?: Date;
}

export interface SmtpServer {
  host: string;
  port: number;
  /** Per reply; default 10 s. */
  timeoutMs?: number;
}

/** A refused command (`code` is the reply code) or an unreachable server (`code` 0). */
export class SmtpError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'SmtpError';
    this.code = code;
  }

  /** A 5xx reply: trying again will not help. Connection problems and 4xx replies are transient. */
  get permanent(): boolean {
    return this.code >= 500;
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** Sends one message; resolves once the server has accepted it (250 after DATA). */
export async function sendMail(server: SmtpServer, message: MailMessage): Promise<void> {
  const connection = new SmtpConnection(connect({ host: server.host, port: server.port }), server.timeoutMs ?? 10_000, `${server.host}:${server.port}`);
  try {
    await connection.expect(220);
    const ehlo = await connection.command('EHLO localhost', 250);
    const eightBit = ehlo.lines.some((line) => line.toUpperCase() === '8BITMIME');
    const ascii = /^[\x00-\x7f]*$/.test(message.text);
    await connection.command(`MAIL FROM:<${message.from}>${!ascii && eightBit ? ' BODY=8BITMIME' : ''}`, 250);
    await connection.command(`RCPT TO:<${message.to}>`, 250, 251);
    await connection.command('DATA', 354);
    const body = formatMessage(message, ascii ? '7bit' : eightBit ? '8bit' : 'base64');
    // Dot-stuffing (RFC 5321 §4.5.2): a line starting with "." gets another one. The CRLF ending the
    // last line is the first half of the <CRLF>.<CRLF> terminator.
    const lines = body.endsWith('\r\n') ? body : `${body}\r\n`;
    await connection.command(`${lines.replace(/^\./gm, '..')}.`, 250);
    await connection.command('QUIT', 221).catch(() => undefined);
  } finally {
    connection.close();
  }
}

/** The message as RFC 5322 text with CRLF line ends. */
export function formatMessage(message: MailMessage, encoding: '7bit' | '8bit' | 'base64' = '8bit'): string {
  const text = message.text.replace(/\r?\n/g, '\r\n');
  const body = encoding === 'base64' ? Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n') : text;
  return [
    `From: ${mailbox(message.from, message.fromName)}`,
    `To: ${mailbox(message.to, message.toName)}`,
    `Subject: ${headerText(message.subject)}`,
    `Date: ${(message.date ?? new Date()).toUTCString()}`,
    `Message-ID: ${message.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    body,
  ].join('\r\n');
}

function mailbox(address: string, name: string | undefined): string {
  if (name === undefined) return `<${address}>`;
  const display = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : headerText(name);
  return `${display} <${address}>`;
}

/** Printable ASCII as is; anything else as RFC 2047 encoded words (UTF-8, base64), folded. */
function headerText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes → 60 base64 characters: each encoded word stays under RFC 2047's 75.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\r\n ');
}

/** Reads replies (multi-line ones: `250-…` lines up to the `250 …` one) as they arrive. */
class SmtpConnection {
  readonly #socket: Socket;
  readonly #where: string;
  #buffer = '';
  readonly #lines: string[] = [];
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(socket: Socket, timeoutMs: number, where: string) {
    this.#socket = socket;
    this.#where = where;
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new SmtpError(0, `SMTP server ${where} did not answer within ${timeoutMs} ms`)));
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      const lines = this.#buffer.split('\r\n');
      this.#buffer = lines.pop()!;
      this.#lines.push(...lines);
      this.#wake?.();
    });
    socket.on('error', (error) => this.#fail(error instanceof SmtpError ? error : new SmtpError(0, `SMTP server ${where}: ${error.message}`)));
    socket.on('close', () => this.#fail(new SmtpError(0, `SMTP server ${where} closed the connection`)));
  }

  async expect(...accepted: number[]): Promise<Reply> {
    const reply = await this.#reply();
    if (!accepted.includes(reply.code)) throw new SmtpError(reply.code, `SMTP server ${this.#where} answered ${reply.code} ${reply.lines.join(' ')}`);
    return reply;
  }

  command(line: string, ...accepted: number[]): Promise<Reply> {
    this.#socket.write(`${line}\r\n`);
    return this.expect(...accepted);
  }

  close(): void {
    this.#socket.destroy();
  }

  async #reply(): Promise<Reply> {
    const lines: string[] = [];
    for (;;) {
      while (this.#lines.length === 0) {
        if (this.#failure) throw this.#failure;
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
      const line = this.#lines.shift()!;
      lines.push(line.slice(4));
      if (line[3] !== '-') return { code: Number(line.slice(0, 3)), lines };
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#wake?.();
  }
}
