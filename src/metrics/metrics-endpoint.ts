import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';

export const METRICS_PATH = '/_eddy/metrics';

/**
 * Answers a scrape. Unsigned even when Eddy verifies signatures (Prometheus cannot sign SigV4), as the
 * health line on `/` is: it shows names and counts, never items or messages.
 */
export async function answerScrape(req: IncomingMessage, res: ServerResponse, scrape: () => Promise<string>): Promise<void> {
  req.resume();
  const head = req.method === 'HEAD';
  const text = await scrape();
  res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(head ? undefined : text);
}
