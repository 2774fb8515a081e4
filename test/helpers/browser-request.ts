import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { type?: string; message?: string; TableNames?: string[]; signaturesRequired?: boolean };
}

/**
 * One raw request with the Host it names (fetch sets Host, Origin and Sec-Fetch-* its own way); a feed's
 * answer is read up to its headers, then dropped.
 */
export function send(endpoint: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  const url = new URL(path, endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      if (res.headers['content-type'] === 'text/event-stream') {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: {} });
        res.destroy();
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text && /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
