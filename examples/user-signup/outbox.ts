import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One message the SMTP capture server stored. */
export interface CapturedMail {
  /** Absolute path of the .eml file. */
  file: string;
  /**
   * Header fields by lower-case name (the first occurrence), unfolded, with RFC 2047 encoded words
   * (UTF-8, base64 — what the welcome email writes) decoded. `return-path` and `delivered-to` carry the
   * SMTP envelope.
   */
  headers: Record<string, string>;
  /** The body, decoded when its transfer encoding is base64. */
  body: string;
}

/** Every .eml file of the outbox, oldest first (file names start with the time of arrival); [] when there is no outbox yet. */
export async function readOutbox(outboxDir: string): Promise<CapturedMail[]> {
  let names: string[];
  try {
    names = (await readdir(outboxDir)).filter((name) => name.endsWith('.eml')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const mails: CapturedMail[] = [];
  for (const name of names) {
    const file = join(outboxDir, name);
    mails.push({ file, ...parseMail(await readFile(file, 'utf8')) });
  }
  return mails;
}

/** Splits RFC 5322 text into decoded headers and body. */
export function parseMail(text: string): { headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const rawBody = end === -1 ? '' : text.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const field of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    headers[name] ??= decodeWords(field.slice(colon + 1).trim());
  }
  const base64 = headers['content-transfer-encoding']?.toLowerCase() === 'base64';
  return { headers, body: base64 ? Buffer.from(rawBody, 'base64').toString('utf8') : rawBody };
}

const ENCODED_WORD = /=\?utf-8\?b\?([A-Za-z0-9+/=]*)\?=/gi;

/** Decodes UTF-8 base64 encoded words; white space between two of them is dropped (RFC 2047 §6.2). */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(ENCODED_WORD, (_, data: string) => Buffer.from(data, 'base64').toString('utf8'));
}
