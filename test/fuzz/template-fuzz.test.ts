import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { validateConfig } from '../../src/config/validate-config.js';
import { ServiceError } from '../../src/shared/service-error.js';
import { loadTemplate } from '../../src/templates/cloudformation/index.js';
import { readTemplateConfig } from '../../src/templates/eddy-config/index.js';

/**
 * Templates mutated at random — any node replaced by a wrong type, an intrinsic with odd arguments, a
 * reference to a name that exists or not, an ARN of another service; keys removed or renamed — must map to
 * a valid config or be refused with a template or config error, never crash the start with a TypeError or
 * a stack overflow (seeded: EDDY_FUZZ_SEED, EDDY_FUZZ_RUNS for longer runs).
 */
const SEED = Number(process.env['EDDY_FUZZ_SEED'] ?? 20);
const RUNS = Number(process.env['EDDY_FUZZ_RUNS'] ?? 600);
const CORPUS = [
  fileURLToPath(new URL('./fixtures/templates/everything.yaml', import.meta.url)),
  fileURLToPath(new URL('../../examples/sam-stream-to-bus/template.yaml', import.meta.url)),
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const NAMES = ['Orders', 'Jobs', 'Bus', 'Alerts', 'Forwarder', 'Inline', 'Role', 'Stage', 'Missing', 'AWS::Region', 'AWS::NoValue', 'ServiceTable', ''];
const ARNS = [
  'arn:aws:sqs:us-east-1:000000000000:Jobs', 'arn:aws:lambda:us-east-1:000000000000:function:Forwarder:live',
  'arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev', 'arn:aws:dynamodb:us-east-1:000000000000:table/x/stream/2026-01-01T00:00:00.000',
  'arn:aws:states:us-east-1:000000000000:stateMachine:flow', 'arn:aws:kinesis:us-east-1:000000000000:stream/s', 'arn:aws:sns:us-east-1:000000000000:Alerts',
  'arn:aws:events:us-east-1:000000000000:event-bus/app-dev', 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage', 'arn:', 'not an arn', 'https://x/000000000000/Jobs',
];
const name = fc.constantFrom(...NAMES);
const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e21, '', 'text', [], {}, ['a', 1], { a: 1 }, 'rate(1 day)', 'cron(0 9 * * ? *)', '$.detail', 'S', 'HASH', 'NEW_IMAGE', 'python3.12', 'index.handler'),
  fc.constantFrom<Json>(...ARNS),
  name.map((n): Json => ({ Ref: n })),
  fc.tuple(name, fc.constantFrom('Arn', 'StreamArn', 'QueueUrl', 'Nope', 'Alias', '')).map(([n, a]): Json => ({ 'Fn::GetAtt': [n, a] })),
  fc.tuple(name, fc.constantFrom('Arn', 'StreamArn')).map(([n, a]): Json => ({ 'Fn::GetAtt': `${n}.${a}` })),
  fc.constantFrom<Json>({ 'Fn::Sub': '${Stage}-${Missing}' }, { 'Fn::Sub': ['${x}', { x: { Ref: 'Stage' } }] }, { 'Fn::Join': [',', { Ref: 'Stage' }] }, { 'Fn::Select': [9, []] },
    { 'Fn::Split': [',', 1] }, { 'Fn::If': ['IsProd', 1] }, { 'Fn::FindInMap': ['Sizes', 'x', 'y'] }, { 'Fn::ImportValue': 'shared' }, { 'Fn::Base64': {} },
    { 'Fn::GetAZs': '' }, { 'Fn::Cidr': ['10.0.0.0/16', 1000, 8] }, { 'Fn::Unknown': 1 }, { Ref: ['x'] }, { Condition: 'IsProd' }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

type Mutation = { op: 'replace'; at: number; value: Json } | { op: 'remove'; at: number } | { op: 'rename'; at: number; name: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: replacement }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('remove' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), at: fc.nat(), name: fc.constantFrom('Type', 'Properties', 'Ref', 'Fn::GetAtt', '__proto__', 'constructor', 'Unknown') }) },
);

function paths(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (path.length > 0) out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths(item, [...path, key], out);
  return out;
}

function mutate(document: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(document);
  for (const m of mutations) {
    const all = paths(copy);
    const path = all[m.at % all.length]!;
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
    const key = path.at(-1)!;
    if (m.op === 'replace') parent[key] = m.value;
    else if (m.op === 'remove') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key];
    else if (!Array.isArray(parent)) {
      Object.defineProperty(parent, m.name, { value: parent[key], enumerable: true, configurable: true, writable: true });
      delete parent[key];
    }
  }
  return copy;
}

describe('template fuzz: mutated templates are mapped or refused with a template or config error', () => {
  it(`${RUNS} mutated templates (seed ${SEED})`, async () => {
    const inlineCodeDir = mkdtempSync(join(tmpdir(), 'eddy-template-fuzz-'));
    const documents = await Promise.all(CORPUS.map(async (file) => ({ file, document: (await loadTemplate(file)).document as Json })));
    const crashes: string[] = [];
    let mapped = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.nat(documents.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (which, mutations) => {
          const { file, document } = documents[which]!;
          const text = JSON.stringify(mutate(document, mutations));
          try {
            const read = await readTemplateConfig({ text, file }, { deployment: { region: 'us-east-1', account: '000000000000', endpoint: 'http://127.0.0.1:4566' }, inlineCodeDir });
            validateConfig(read.config, file);
            mapped++;
          } catch (error) {
            if (error instanceof ServiceError) return; // TemplateError, SamTemplateError, ConfigError
            crashes.push(`${(error as Error).stack?.split('\n').slice(0, 4).join('\n')}\n  mutations: ${JSON.stringify(mutations)} of ${file}`);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    } finally {
      rmSync(inlineCodeDir, { recursive: true, force: true });
    }
    assert.equal(crashes.length, 0, `${crashes.length} mutated templates crashed the mapping (again with EDDY_FUZZ_SEED=${SEED} EDDY_FUZZ_RUNS=${RUNS} npm test -- template-fuzz):\n\n${crashes.slice(0, 10).join('\n\n')}`);
    // Some mutations leave a template that still maps (about one in ten): the fuzz reaches past the first check.
    assert.ok(mapped > RUNS / 20, `only ${mapped} of ${RUNS} mutated templates mapped`);
  });
});
