import fc from 'fast-check';
import { markerSpans } from './markers.js';

/** Mutations of what surrounds the JSON: the body's bytes, the headers, the path and query, the method. */
export type WireMutation =
  | { op: 'body'; form: BodyForm; at: number; pick: number }
  | { op: 'header'; name: string; value: string | null }
  | { op: 'manyHeaders'; count: number; size: number }
  | { op: 'pathSegment'; at: number; value: string; append: boolean }
  | { op: 'query'; value: string }
  | { op: 'method'; value: string };

type BodyForm = 'truncate' | 'badUtf8' | 'replace' | 'empty' | 'bom' | 'duplicateKey' | 'trailing' | 'utf16';

const BAD_UTF8 = [[0xff], [0xfe], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0x00], [0xf8, 0x88, 0x80, 0x80, 0x80]];
const REPLACEMENT_BODIES = [
  '[]', '[{}]', '1', '-0', 'null', 'true', '"text"', '""', '1e400', ' ', '{', '}', '{}{}', '{"a":1}garbage', '\ufeff{}', 'nan', '{"a":1,}', "{'a':1}",
  '{"a":01}', '{"__proto__":{"TableName":"Items"}}', '{"a":"\\ud800"}', '{"a":"\\u00"}', '\u0000', '{"a":1e99999}',
];
const TRAILING = [' ', '\n', 'x', '\u0000', '{}', ',', ']'];

const TARGETS = [
  'DynamoDB_20120810', 'DynamoDB_20120810.', '.PutItem', 'DynamoDB_20120810.putitem', 'DynamoDB_20120810.__proto__', 'DynamoDB_20120810.constructor',
  'DynamoDB_20120810.PutItem.x', `DynamoDB_20120810.${'A'.repeat(10_000)}`, 'Amazon\u00ffSQS.ListQueues', 'AmazonSQS.', 'DynamoDBStreams_20120810.',
  'DynamoDB_20120810.PutItem', 'DynamoDB_20120810.UpdateItem', 'DynamoDB_20120810.BatchWriteItem', 'DynamoDB_20120810.TransactWriteItems',
  'DynamoDB_20120810.CreateTable', 'DynamoDB_20120810.Query', 'DynamoDBStreams_20120810.GetRecords', 'DynamoDBStreams_20120810.GetShardIterator',
  'AmazonSQS.SendMessage', 'AmazonSQS.SendMessageBatch', 'AmazonSQS.CreateQueue', 'AmazonSQS.SetQueueAttributes', 'AmazonSQS.ReceiveMessage',
];
const CONTENT_TYPES = [
  '', 'text/plain', 'application/json', 'application/x-amz-json-1.1', 'application/x-amz-json-1.0; charset=iso-8859-1',
  'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/cbor', 'application/x-amz-json-9.9', 'image/png',
];

const header: fc.Arbitrary<WireMutation> = fc.oneof(
  fc.record({ op: fc.constant('header' as const), name: fc.constant('x-amz-target'), value: fc.constantFrom(null, ...TARGETS) }),
  fc.record({ op: fc.constant('header' as const), name: fc.constant('content-type'), value: fc.constantFrom(null, ...CONTENT_TYPES) }),
  fc.record({ op: fc.constant('header' as const), name: fc.constant('authorization'), value: fc.constantFrom(null, '', ' ', 'garbage', `AWS4-HMAC-SHA256 Credential=${'x'.repeat(8000)}`) }),
  fc.record({ op: fc.constant('header' as const), name: fc.constant('content-encoding'), value: fc.constantFrom('gzip', 'deflate', 'br', 'identity, gzip', 'aws-chunked') }),
  fc.record({ op: fc.constant('header' as const), name: fc.constant('expect'), value: fc.constantFrom('100-continue', 'nonsense') }),
  fc.record({ op: fc.constant('header' as const), name: fc.constant('x-amz-invocation-type'), value: fc.constantFrom('Event', 'DryRun', 'requestresponse', '', 'x'.repeat(300), '\u00ff') }),
  fc.record({ op: fc.constant('header' as const), name: fc.constant('x-amz-log-type'), value: fc.constantFrom('Tail', 'tail', '', '\u00e9') }),
  fc.record({
    op: fc.constant('header' as const),
    name: fc.constant('x-amz-client-context'),
    value: fc.constantFrom('', '%%%', 'x'.repeat(8000), Buffer.from('not json').toString('base64'), Buffer.from(JSON.stringify({ custom: 'x'.repeat(4000) })).toString('base64'), Buffer.from('[[[[[[').toString('base64')),
  }),
  fc.record({ op: fc.constant('header' as const), name: fc.constantFrom('connection', 'host', 'x-amz-security-token', 'accept-encoding', 'origin', 'cookie'), value: fc.constantFrom('', 'close', 'x'.repeat(5000), 'gzip', '\u00ff\u00fe', 'null') }),
  // A page of another site (refused before it does anything: src/api/cors.ts), one on loopback (answered), a cross-site load naming no origin.
  fc.record({ op: fc.constant('header' as const), name: fc.constant('origin'), value: fc.constantFrom('https://evil.example', 'http://localhost:5173') }),
  fc.record({ op: fc.constant('header' as const), name: fc.constant('sec-fetch-site'), value: fc.constantFrom('cross-site', 'same-origin') }),
);

const PATH_SEGMENTS = [
  '%', '%ZZ', '%E0%A4%A', '%C0%AF', '%00', '%2F', '..', '.', '%F0%9F%98%80', '%ED%A0%80', 'a'.repeat(200), 'x'.repeat(9000), '\u00ff', '$LATEST', 'echo:1:2',
  'arn:aws:lambda:us-east-1:000000000000:function:echo', '000000000000:function:echo:%24LATEST', '__proto__', 'constructor', '', '%25', 'Items', 'Nope',
  'arn%3Aaws%3Alambda%3Aeu-west-1%3A000000000000%3Afunction%3Aecho', ';', '*', '~',
];
/** Path segments of the routes themselves; every other segment is a parameter. */
const FIXED_SEGMENTS = new Set(['2015-03-31', 'functions', 'event-source-mappings', 'invocations', 'configuration', '_eddy', 'streams', 'tail', 'mappings', 'logs', 'trim', 'rotate', 'queues', 'ttl', 'sweep', 'echo', 'items', 'files', 'v1']);
const QUERIES = [
  'Qualifier=%ZZ', 'Qualifier=1', 'Qualifier=', 'MaxItems=1e3', 'MaxItems=-1', 'MaxItems=99999999999999999999', 'MaxItems=0x10', 'MaxItems=',
  'Marker=%%%', `Marker=${Buffer.from('-1').toString('base64url')}`, `Marker=${Buffer.from('1e400').toString('base64url')}`, 'Marker=',
  'FunctionName=%ZZ', `FunctionName=${'f'.repeat(200)}`, 'EventSourceArn=x', 'from=%ZZ', 'from=trim-horizon&from=latest', 'from=LATEST', 'from=',
  `${'a=b&'.repeat(2000)}c`, 'X-Amz-Algorithm=x', '%', '&&&', '=', 'q=\u00ff',
];

export const wireMutation: fc.Arbitrary<WireMutation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('body' as const),
      form: fc.constantFrom<BodyForm>('truncate', 'truncate', 'badUtf8', 'badUtf8', 'replace', 'empty', 'bom', 'duplicateKey', 'trailing', 'utf16'),
      at: fc.nat(),
      pick: fc.nat(),
    }),
  },
  { weight: 6, arbitrary: header },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('manyHeaders' as const), count: fc.constantFrom(1, 100, 500), size: fc.constantFrom(10, 1000, 14_000) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('pathSegment' as const), at: fc.nat(), value: fc.constantFrom(...PATH_SEGMENTS), append: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('query' as const), value: fc.constantFrom(...QUERIES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('method' as const), value: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'POST') }) },
);

export interface MutableWire {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** A position in `body` that is not inside a marker, so a byte inserted there cannot forge another request's marker. */
function clearOfMarkers(body: Buffer, at: number): number {
  let position = at % (body.length + 1);
  for (const [start, end] of markerSpans(body.toString('latin1'))) if (position > start && position < end) position = end;
  return position;
}

/** Applies a wire mutation in place; returns its label. */
export function applyWireMutation(wire: MutableWire, mutation: WireMutation): string {
  switch (mutation.op) {
    case 'body': {
      const body = wire.body;
      switch (mutation.form) {
        case 'truncate': {
          const cut = body.length === 0 ? 0 : mutation.at % body.length;
          wire.body = body.subarray(0, cut);
          return `body truncated to ${cut} of ${body.length} bytes`;
        }
        case 'badUtf8': {
          const bytes = Buffer.from(BAD_UTF8[mutation.pick % BAD_UTF8.length]!);
          const at = clearOfMarkers(body, mutation.at);
          wire.body = Buffer.concat([body.subarray(0, at), bytes, body.subarray(at)]);
          return `invalid UTF-8 ${bytes.toString('hex')} at byte ${at}`;
        }
        case 'replace': {
          const text = REPLACEMENT_BODIES[mutation.pick % REPLACEMENT_BODIES.length]!;
          wire.body = Buffer.from(text, 'utf8');
          return `body replaced by ${JSON.stringify(text)}`;
        }
        case 'empty': wire.body = Buffer.alloc(0); return 'empty body';
        case 'bom': wire.body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]); return 'UTF-8 byte order mark before the body';
        case 'duplicateKey': {
          const text = body.toString('utf8');
          const first = /^\{"((?:[^"\\]|\\.)*)":/.exec(text);
          if (!first) return 'duplicateKey (no member)';
          wire.body = Buffer.from(`{"${first[1]}":${mutation.pick % 2 === 0 ? '"dup"' : '{"S":"dup"}'},${text.slice(1)}`, 'utf8');
          return `member "${first[1]}" twice`;
        }
        case 'trailing': {
          const extra = TRAILING[mutation.pick % TRAILING.length]!;
          wire.body = Buffer.concat([body, Buffer.from(extra, 'utf8')]);
          return `${JSON.stringify(extra)} after the body`;
        }
        case 'utf16': wire.body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body.toString('utf8'), 'utf16le')]); return 'body in UTF-16LE';
      }
      break;
    }
    case 'header':
      if (mutation.value === null) delete wire.headers[mutation.name];
      else wire.headers[mutation.name] = mutation.value;
      return `header ${mutation.name}: ${mutation.value === null ? '(removed)' : JSON.stringify(mutation.value.slice(0, 80))}`;
    case 'manyHeaders':
      for (let i = 0; i < mutation.count; i++) wire.headers[`x-fuzz-${i}`] = 'h'.repeat(Math.floor(mutation.size / mutation.count));
      return `${mutation.count} extra headers of ${Math.floor(mutation.size / mutation.count)} bytes`;
    case 'pathSegment': {
      const q = wire.path.indexOf('?');
      const [path, query] = q < 0 ? [wire.path, ''] : [wire.path.slice(0, q), wire.path.slice(q)];
      const segments = path.split('/');
      // The segments a route captures (a function name, a mapping id, a table name) first; else any.
      const params = segments.flatMap((segment, i) => (i > 0 && segment !== '' && !FIXED_SEGMENTS.has(segment) ? [i] : []));
      const at = params.length > 0 ? params[mutation.at % params.length]! : 1 + (mutation.at % Math.max(1, segments.length - 1));
      segments[at] = mutation.append ? `${segments[at]}${mutation.value}` : mutation.value;
      wire.path = segments.join('/') + query;
      return `path segment ${at} → ${JSON.stringify(segments[at]!.slice(0, 80))}`;
    }
    case 'query':
      wire.path += (wire.path.includes('?') ? '&' : '?') + mutation.value;
      return `query + ${JSON.stringify(mutation.value.slice(0, 80))}`;
    case 'method':
      wire.method = mutation.value;
      return `method ${mutation.value}`;
  }
  return 'none';
}
