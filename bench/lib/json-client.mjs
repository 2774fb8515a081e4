// AWS JSON 1.0 requests built by hand (as the SDKs send them) over one keep-alive agent, so that the
// client adds little and every outcome is visible: an HTTP answer (any status) or a network failure.
import { Agent, request } from 'node:http';

const AUTH = 'AWS4-HMAC-SHA256 Credential=bench/20261122/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';
const TIMEOUT_MS = 30_000;

/** The server answered with a status other than 200 (the write was refused, not lost in transit). */
export class RefusedError extends Error {
  /** @param {number} status @param {string} body */
  constructor(status, body) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
    this.status = status;
  }
}

/**
 * @param {string} endpoint  e.g. http://127.0.0.1:41234
 * @param {number} sockets
 */
export function jsonClient(endpoint, sockets) {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  /**
   * @param {string} target  e.g. DynamoDB_20120810.PutItem
   * @param {unknown} input
   * @returns {Promise<any>} the parsed answer; rejects with RefusedError, or a network error (no answer)
   */
  function call(target, input) {
    const body = JSON.stringify(input);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          agent,
          timeout: TIMEOUT_MS,
          headers: {
            authorization: AUTH,
            'x-amz-date': '20261122T000000Z',
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': target,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('error', reject);
          res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new RefusedError(res.statusCode ?? 0, text))));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
  /** POST to an admin route (e.g. /_eddy/streams/rotate). */
  function admin(path) {
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path, agent, headers: { 'content-length': 0 } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(undefined) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  }
  return { call, admin, close: () => agent.destroy() };
}
