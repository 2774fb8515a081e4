import { randomBytes } from 'node:crypto';

/** An X-Ray trace header for the invocation: `Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
export function traceId(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/**
 * The client context as JSON text, from JSON text or the base64 of it (the X-Amz-Client-Context
 * header), with every non-ASCII character escaped: it travels in an HTTP header.
 */
export function clientContextJson(text: string): string | undefined {
  for (const candidate of [text, Buffer.from(text, 'base64').toString('utf8')]) {
    try {
      return JSON.stringify(JSON.parse(candidate)).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    } catch {
      // try the next form
    }
  }
  return undefined;
}
