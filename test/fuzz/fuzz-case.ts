import fc from 'fast-check';
import type { CorpusEntry, FuzzRequest, LiveState, WireRequest } from './fuzz-request.js';
import { applyJsonMutation, jsonMutation, type JsonMutation } from './json-mutations.js';
import { serializeJson } from './raw-json.js';
import { applyWireMutation, wireMutation, type MutableWire, type WireMutation } from './wire-mutations.js';

export type Mutation = JsonMutation | WireMutation;

/** One fuzz request: a corpus entry (index taken modulo the corpus size) and what to do to it. */
export interface FuzzCase {
  readonly entry: number | string;
  readonly mutations: readonly Mutation[];
}

const isWire = (m: Mutation): m is WireMutation => ['body', 'header', 'manyHeaders', 'pathSegment', 'query', 'method'].includes(m.op);

/**
 * `runs` cases drawn from `seed` (fast-check's generator, so the same seed gives the same cases):
 * mostly one mutation, sometimes two, sometimes none (the valid request, so later requests see state).
 */
export function drawCases(seed: number, runs: number): FuzzCase[] {
  const mutation = fc.oneof({ weight: 3, arbitrary: jsonMutation }, { weight: 2, arbitrary: wireMutation });
  const mutations = fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 12, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 1 }) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 2 }) });
  return fc.sample(fc.record({ entry: fc.nat(), mutations }), { seed, numRuns: runs });
}

/** What a built case sends, and how its 2xx answer counts for the markers. */
export interface BuiltCase {
  readonly wire: WireRequest;
  readonly accepts: FuzzRequest['accepts'];
  readonly entry: CorpusEntry;
}

export function pickEntry(corpus: readonly CorpusEntry[], entry: number | string): CorpusEntry {
  if (typeof entry === 'number') return corpus[entry % corpus.length]!;
  const found = corpus.find((e) => e.name === entry);
  if (!found) throw new Error(`no corpus entry ${entry}`);
  return found;
}

/** Builds request `n` of a case: the entry's valid request with n's markers, JSON mutations, serialization, wire mutations. */
export function buildCase(n: number, fuzzCase: FuzzCase, corpus: readonly CorpusEntry[], live: LiveState): BuiltCase {
  const entry = pickEntry(corpus, fuzzCase.entry);
  const request = entry.build(n, live);
  const labels: string[] = [];
  const jsonMutations = fuzzCase.mutations.filter((m): m is JsonMutation => !isWire(m));
  let json = request.json;
  if (jsonMutations.length > 0 && request.body === undefined) {
    json ??= {};
    for (const mutation of jsonMutations) labels.push(applyJsonMutation(json, mutation) ?? `${mutation.op} (nothing to mutate)`);
  }
  const wire: MutableWire = {
    method: request.method,
    path: request.path,
    headers: { ...request.headers },
    body: request.body ?? (json === undefined ? Buffer.alloc(0) : serializeJson(json)),
  };
  for (const mutation of fuzzCase.mutations.filter(isWire)) labels.push(applyWireMutation(wire, mutation));
  return {
    wire: {
      port: request.port,
      ...wire,
      feed: request.feed ?? false,
      label: `#${n} ${entry.name}: ${labels.length === 0 ? 'valid' : labels.join('; ')}`,
    },
    accepts: request.accepts ?? 'whole',
    entry,
  };
}
