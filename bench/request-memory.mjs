// What a request of the maximum size costs in memory: `eddy start --memory` as a child process gets one
// request at a time, each a 16 MB body (AWS's limit) that Eddy must read, parse and refuse; the report
// gives the resident memory (RSS, sampled every 5 ms from /proc) before, at the peak, and once V8 has
// collected the garbage afterwards. Run: npm run bench:request-memory
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MB = 1024 * 1024;
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';

/** A fresh `eddy start --memory` with a table and a queue, and its resident memory in MB. */
async function startEddy() {
  const server = await startServerProcess({ name: 'eddy', command: [process.execPath, 'dist/cli/eddy.js', 'start', '--memory', '--port', '0'], cwd: ROOT, launch: [] });
  const rssMb = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024);
  const call = async (target, body) => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, authorization: AUTH, 'x-amz-date': '20260101T000000Z' },
      body,
    });
    return `${res.status} ${JSON.parse(await res.text()).__type?.split('#')[1] ?? ''}`;
  };
  await call('DynamoDB_20120810.CreateTable', JSON.stringify({ TableName: 'tbl', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  await call('AmazonSQS.CreateQueue', JSON.stringify({ QueueName: 'q' }));
  return { server, rssMb, call };
}

/** Pads a body to just under 16 MB with `unit` repeated inside `open`…`close`. */
const fill = (open, unit, close) => `${open}${Array(Math.floor((16 * MB - 100 - open.length - close.length) / (unit.length + 1))).fill(unit).join(',')}${close}`;
const big = 'x'.repeat(16 * MB - 100);
const QUEUE_URL = 'http://127.0.0.1/000000000000/q';
const requests = [
  ['PutItem: one 16 MB string', 1, 'DynamoDB_20120810.PutItem', `{"TableName":"tbl","Item":{"pk":{"S":"a"},"d":{"S":"${big}"}}}`],
  ['SendMessage: a 16 MB message body', 1, 'AmazonSQS.SendMessage', `{"QueueUrl":"${QUEUE_URL}","MessageBody":"${big}"}`],
  ['PutItem: a list of 1.7 million numbers', 1, 'DynamoDB_20120810.PutItem', fill('{"TableName":"tbl","Item":{"pk":{"S":"a"},"d":{"L":[', '{"N":"7"}', ']}}}')],
  ['BatchGetItem: 1 million keys', 1, 'DynamoDB_20120810.BatchGetItem', fill('{"RequestItems":{"tbl":{"Keys":[', '{"pk":{"S":"k"}}', ']}}}')],
  ['PutItem: one 16 MB string, 10 at once', 10, 'DynamoDB_20120810.PutItem', `{"TableName":"tbl","Item":{"pk":{"S":"a"},"d":{"S":"${big}"}}}`],
];

console.log('| request | body | answer | RSS before | peak | 30 s later |');
console.log('|---|---|---|---|---|---|');
for (const [name, concurrency, target, body] of requests) {
  const { server, rssMb, call } = await startEddy();
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5);
  const answers = await Promise.all(Array.from({ length: concurrency }, () => call(target, body)));
  clearInterval(sampler);
  await delay(30_000);
  console.log(`| ${name} | ${(Buffer.byteLength(body) / MB).toFixed(1)} MB | ${[...new Set(answers)].join(', ')} | ${before} MB | +${peak - before} MB | ${rssMb()} MB |`);
  await server.stop();
}
