import { AUTHORIZATION, SIGNATURE } from './fuzz-request.js';
import { marker } from './markers.js';
import { SNS_AUTHORIZATION } from './sns-corpus.js';
import type { RawOptions } from './raw-exchange.js';

/**
 * Broken HTTP sent on raw sockets: bodies shorter or longer than declared, a body cut in the middle
 * of a UTF-8 character, garbage request lines, oversized headers, requests never finished, and
 * several requests on one connection after errors. `n` is the case's marker number.
 */
export interface RawCase {
  readonly name: string;
  readonly port: 'aws' | 'app';
  readonly parts: readonly (string | Buffer)[];
  readonly options: RawOptions;
  /** At least this many answers must come back (0 where the test itself cuts the request). */
  readonly minAnswers: number;
  /** When given, the statuses must be exactly these. */
  readonly statuses?: readonly number[];
  /** The markers the case carries (offsets from `n`), each accepted when the answer at `answer` is a 2xx. */
  readonly markers?: readonly { offset: number; answer: number }[];
}

const head = (method: string, path: string, headers: Record<string, string | number>) =>
  `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

const aws = (target: string, body: Buffer, extra: Record<string, string | number> = {}) =>
  head('POST', '/', {
    host: 'localhost',
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': target,
    ...SIGNATURE,
    'content-length': body.length,
    ...extra,
  });

/** SIGNATURE's headers, as header lines. */
const SIGNED = `Authorization: ${AUTHORIZATION}\r\nX-Amz-Date: ${SIGNATURE['x-amz-date']}\r\n`;

/** A form-encoded query-protocol (SNS) request, signed in form for the `sns` scope. */
const snsForm = (body: string | Buffer, extra: Record<string, string | number> = {}) => [
  head('POST', '/', { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded', authorization: SNS_AUTHORIZATION, 'x-amz-date': '20260101T000000Z', 'content-length': Buffer.byteLength(body), ...extra }),
  body,
];

const putItem = (m: string, tail = '') =>
  Buffer.from(`{"TableName":"Items","Item":{"pk":{"S":"${m}"},"sk":{"S":"raw"},"data":{"S":"${m}${tail}"}}}`, 'utf8');

export function rawCases(n: number): RawCase[] {
  const m = (i: number) => marker(n + i);
  const body = putItem(m(0));
  const cut = Buffer.from(`{"TableName":"Items","Item":{"pk":{"S":"${m(2)}é`, 'utf8');
  const cutMidChar = cut.subarray(0, cut.length - 1);
  const listTables = Buffer.from('{}');
  const ddb = 'DynamoDB_20120810.';
  return [
    { name: 'declared length longer than the body, then half-close', port: 'aws', parts: [aws(`${ddb}PutItem`, body, { 'content-length': body.length + 100 }), body], options: { then: 'half-close' }, minAnswers: 0, markers: [{ offset: 0, answer: 0 }] },
    { name: 'declared length longer than the body, then reset', port: 'aws', parts: [aws(`${ddb}PutItem`, putItem(m(1)), { 'content-length': 500 }), putItem(m(1))], options: { then: 'destroy' }, minAnswers: 0, markers: [{ offset: 1, answer: 0 }] },
    { name: 'body cut in the middle of a UTF-8 character', port: 'aws', parts: [aws(`${ddb}PutItem`, cutMidChar), cutMidChar], options: { then: 'wait', answers: 1 }, minAnswers: 1, markers: [{ offset: 2, answer: 0 }] },
    { name: 'body cut mid-character, declared longer, then half-close', port: 'aws', parts: [aws(`${ddb}PutItem`, cut, { 'content-length': cut.length + 3 }), cutMidChar], options: { then: 'half-close' }, minAnswers: 0, markers: [{ offset: 2, answer: 0 }] },
    { name: 'declared length shorter than the body', port: 'aws', parts: [aws(`${ddb}PutItem`, putItem(m(3)), { 'content-length': putItem(m(3)).length - 12 }), putItem(m(3))], options: { then: 'wait', answers: 2 }, minAnswers: 1, markers: [{ offset: 3, answer: 0 }] },
    { name: 'garbage request line', port: 'aws', parts: ['GARBAGE\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'binary request line', port: 'aws', parts: [Buffer.from([0, 1, 2, 0xff, 13, 10, 13, 10])], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'unknown HTTP version', port: 'aws', parts: ['GET / HTTP/9.9\r\nHost: x\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'no path, no version', port: 'aws', parts: ['GET\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'negative content-length', port: 'aws', parts: [aws(`${ddb}ListTables`, listTables, { 'content-length': -1 }), '{}'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'non-numeric content-length', port: 'aws', parts: [aws(`${ddb}ListTables`, listTables, { 'content-length': 'abc' }), '{}'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'two content-lengths', port: 'aws', parts: [aws(`${ddb}ListTables`, listTables, { 'content-length': '2, 3' }), '{}'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    {
      name: 'chunked body with a bad chunk size',
      port: 'aws',
      parts: [head('POST', '/', { host: 'x', 'x-amz-target': `${ddb}PutItem`, ...SIGNATURE, 'transfer-encoding': 'chunked' }), 'zz\r\n{}\r\n0\r\n\r\n'],
      options: { then: 'wait', answers: 1 },
      minAnswers: 1,
    },
    {
      name: 'chunked body cut after the first chunk, then half-close',
      port: 'aws',
      parts: [head('POST', '/', { host: 'x', 'x-amz-target': `${ddb}PutItem`, ...SIGNATURE, 'transfer-encoding': 'chunked' }), `${body.length.toString(16)}\r\n`, body, '\r\n'],
      options: { then: 'half-close' },
      minAnswers: 0,
      markers: [{ offset: 0, answer: 0 }],
    },
    {
      name: 'chunked and content-length together',
      port: 'aws',
      parts: [head('POST', '/', { host: 'x', 'x-amz-target': `${ddb}ListTables`, ...SIGNATURE, 'transfer-encoding': 'chunked', 'content-length': 2 }), '2\r\n{}\r\n0\r\n\r\n'],
      options: { then: 'wait', answers: 1 },
      minAnswers: 1,
    },
    { name: 'header line without a colon', port: 'aws', parts: ['GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'control character in a header', port: 'aws', parts: [`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: ${ddb}List\u0001Tables\r\nContent-Length: 2\r\n\r\n{}`], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'raw UTF-8 bytes in a header', port: 'aws', parts: [Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\n${SIGNED}X-Amz-Target: ${ddb}ListTablesé\r\nContent-Length: 2\r\n\r\n{}`)], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'oversized headers', port: 'aws', parts: [head('GET', '/', { host: 'x', 'x-big': 'a'.repeat(20_000) })], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'space in the path', port: 'aws', parts: ['GET /2015-03-31/functions/a b HTTP/1.1\r\nHost: x\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'raw UTF-8 and DEL in the path', port: 'aws', parts: [Buffer.from(`GET /2015-03-31/functions/é\u007f HTTP/1.1\r\nHost: x\r\n${SIGNED}\r\n`)], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    // A header that is not a SigV4 signature: IncompleteSignatureException, whether or not Eddy verifies signatures.
    { name: 'Authorization that is not SigV4', port: 'aws', parts: [`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: ${ddb}ListTables\r\nAuthorization: x\r\nContent-Length: 2\r\n\r\n{}`], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    { name: 'absolute-form target', port: 'aws', parts: [`GET http://example.com/_eddy/mappings HTTP/1.1\r\nHost: x\r\n\r\n`], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'asterisk-form target', port: 'aws', parts: ['OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'HTTP/1.0 without Host', port: 'aws', parts: [`POST / HTTP/1.0\r\nX-Amz-Target: ${ddb}ListTables\r\n${SIGNED}Content-Length: 2\r\n\r\n{}`], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [200] },
    { name: 'websocket upgrade', port: 'aws', parts: ['GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 0 },
    { name: 'CONNECT', port: 'aws', parts: ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'], options: { then: 'wait', answers: 1 }, minAnswers: 0 },
    { name: 'expect 100-continue', port: 'aws', parts: [aws(`${ddb}ListTables`, listTables, { expect: '100-continue' }), '{}'], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [200] },
    {
      name: 'keep-alive: errors, then valid requests on the same connection',
      port: 'aws',
      parts: [aws(`${ddb}PutItem`, Buffer.from('{"Table')), '{"Table', aws(`${ddb}ListTables`, listTables), '{}', aws(`${ddb}Nope`, listTables), '{}', aws(`${ddb}PutItem`, putItem(m(4))), putItem(m(4))],
      options: { then: 'wait', answers: 4 },
      minAnswers: 4,
      statuses: [400, 200, 400, 200],
      markers: [{ offset: 4, answer: 3 }],
    },
    { name: 'ten pipelined requests', port: 'aws', parts: [Array.from({ length: 10 }, () => `${aws(`${ddb}ListTables`, listTables)}{}`).join('')], options: { then: 'wait', answers: 10 }, minAnswers: 10, statuses: Array(10).fill(200) },
    { name: 'headers never finished (request timeout)', port: 'aws', parts: ['POST / HTTP/1.1\r\nHost: x\r\nX-Amz'], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [408] },
    { name: 'body never finished (request timeout)', port: 'aws', parts: [aws(`${ddb}PutItem`, putItem(m(5)), { 'content-length': 1000 }), putItem(m(5))], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [408], markers: [{ offset: 5, answer: 0 }] },
    // The query protocol (SNS): typed XML errors, never a 500.
    { name: 'SNS: garbage form body', port: 'aws', parts: snsForm('%%%&&==&\u0000=%ZZ&Action'), options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    { name: 'SNS: unknown Action', port: 'aws', parts: snsForm('Action=LaunchRockets&Version=2010-03-31'), options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    { name: 'SNS: missing Version', port: 'aws', parts: snsForm('Action=ListTopics'), options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    { name: 'SNS: wrong Version', port: 'aws', parts: snsForm('Action=ListTopics&Version=2099-01-01'), options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    {
      name: 'SNS: a huge topic name and a huge attribute value',
      port: 'aws',
      parts: snsForm(`Action=CreateTopic&Version=2010-03-31&Name=${'n'.repeat(300_000)}&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=${m(6).repeat(10_000)}`),
      options: { then: 'wait', answers: 1 },
      minAnswers: 1,
      statuses: [400],
    },
    { name: 'SNS: thousands of list members', port: 'aws', parts: snsForm(`Action=UntagResource&Version=2010-03-31&ResourceArn=x&${Array.from({ length: 20_000 }, (_, i) => `TagKeys.member.${i + 1}=k`).join('&')}`), options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    { name: 'SNS: a body over the limit', port: 'aws', parts: snsForm(Buffer.alloc(5 * 1024 * 1024, 'a')), options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [413] },
    { name: 'SNS: unsigned GET of an action that needs a signature', port: 'aws', parts: [head('GET', '/?Action=ListTopics&Version=2010-03-31', { host: 'x' })], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    { name: 'SNS: unsigned GET SubscribeURL with a garbage token', port: 'aws', parts: [head('GET', '/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:000000000000:t&Token=%ZZ', { host: 'x' })], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [400] },
    {
      name: 'application port: declared length longer, then half-close',
      port: 'app',
      parts: [head('POST', '/echo', { host: 'x', 'content-type': 'application/json', 'content-length': 100 }), '{"a":'],
      options: { then: 'half-close' },
      minAnswers: 0,
    },
    { name: 'application port: garbage', port: 'app', parts: ['\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003'], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'application port: oversized headers', port: 'app', parts: [head('GET', '/items/x', { host: 'x', cookie: 'c'.repeat(20_000) })], options: { then: 'wait', answers: 1 }, minAnswers: 1 },
    { name: 'application port: body never finished', port: 'app', parts: [head('POST', '/echo', { host: 'x', 'content-length': 10 }), '{}'], options: { then: 'wait', answers: 1 }, minAnswers: 1, statuses: [408] },
    {
      name: 'application port: keep-alive after a 404',
      port: 'app',
      parts: [head('GET', '/nowhere', { host: 'x' }), head('POST', '/echo', { host: 'x', 'content-length': 2 }), '{}', head('GET', '/items/%ZZ', { host: 'x' })],
      options: { then: 'wait', answers: 3 },
      minAnswers: 3,
    },
  ];
}
