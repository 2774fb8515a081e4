import { answerProblem } from './answer-checks.js';
import { buildCase, type FuzzCase } from './fuzz-case.js';
import type { CorpusEntry, LiveState } from './fuzz-request.js';
import { findMarkers, type AcceptedMarkers } from './markers.js';
import { rawExchange } from './raw-exchange.js';
import type { RawCase } from './raw-cases.js';
import { describeRequest, type WireAnswer, type WireClient } from './wire-client.js';

export interface RunContext {
  readonly corpus: readonly CorpusEntry[];
  readonly live: LiveState;
  readonly client: WireClient;
  readonly accepted: AcceptedMarkers;
  /** Each failure as a report: the problem, then the request as sent. */
  readonly failures: string[];
  /** Answers by status class ('2xx', '4xx', …), for the summary. */
  readonly statuses: Map<string, number>;
  /** Each request as sent and answered, by number, for reporting a marker found where it should not be. */
  readonly sent: Map<number, string>;
}

const parse = (bytes: Buffer): Record<string, any> | undefined => {
  try {
    return JSON.parse(bytes.toString('utf8')) as Record<string, any>;
  } catch {
    return undefined;
  }
};

/** Sends every case, `concurrency` at a time; case i is request `firstN + i` and carries its markers. */
export async function runCases(ctx: RunContext, cases: readonly FuzzCase[], firstN: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      await runCase(ctx, cases[i]!, firstN + i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function runCase(ctx: RunContext, fuzzCase: FuzzCase, n: number): Promise<void> {
  const { wire, accepts, entry } = buildCase(n, fuzzCase, ctx.corpus, ctx.live);
  ctx.sent.set(n, describeRequest(wire));
  let answer: WireAnswer;
  try {
    answer = await ctx.client.send(wire);
  } catch (error) {
    ctx.failures.push(`no answer (${(error as Error).message})\n${describeRequest(wire)}`);
    return;
  }
  ctx.sent.set(n, `${ctx.sent.get(n)}\n  answer: ${answer.status} ${answer.body.subarray(0, 300).toString('utf8')}`);
  const statusClass = `${Math.floor(answer.status / 100)}xx`;
  ctx.statuses.set(statusClass, (ctx.statuses.get(statusClass) ?? 0) + 1);
  const problem = answerProblem(wire, answer);
  if (problem) ctx.failures.push(`${problem}\n${describeRequest(wire)}`);
  if (answer.status < 200 || answer.status >= 300) return;
  const body = parse(answer.body);
  if (accepts === 'successful-entries' && Array.isArray(body?.['Successful'])) {
    // The entries sent with the Ids answered as done (an Id may have been mutated) and their markers.
    const entries: unknown = parse(wire.body)?.['Entries'];
    for (const { Id } of body['Successful'] as { Id: unknown }[]) {
      const sent = Array.isArray(entries) ? entries.find((entry) => (entry as { Id?: unknown } | null)?.Id === Id) : undefined;
      for (const found of findMarkers(JSON.stringify(sent ?? null))) ctx.accepted.acceptMarker(found.text);
    }
  } else ctx.accepted.acceptRequest(n);
  remember(ctx.live, entry.name, body);
}

/** What accepted Create requests made, for later Delete requests (only what the fuzz named, never the fixtures). */
function remember(live: LiveState, entry: string, body: Record<string, any> | undefined): void {
  const table = body?.['TableDescription']?.['TableName'];
  if (entry === 'DynamoDB CreateTable' && typeof table === 'string' && table.startsWith('fuzz-')) live.createdTables.push(table);
  const queue = body?.['QueueUrl'];
  if (entry.startsWith('SQS CreateQueue') && typeof queue === 'string' && queue.includes('/fuzz-')) live.createdQueues.push(queue);
  const uuid = body?.['UUID'];
  if (entry.startsWith('Lambda CreateEventSourceMapping') && typeof uuid === 'string') live.createdMappings.push(uuid);
  const bus = /:event-bus\/(fuzz-[^/]+)$/.exec(String(body?.['EventBusArn']))?.[1];
  if (entry === 'EventBridge CreateEventBus' && bus) live.createdBuses.push(bus);
  const rule = /:rule\/app\/(fuzz-[^/]+)$/.exec(String(body?.['RuleArn']))?.[1];
  if (entry === 'EventBridge PutRule' && rule) live.createdRules.push(rule);
  const archive = /:archive\/(fuzz-[^/]+)$/.exec(String(body?.['ArchiveArn']))?.[1];
  if (entry === 'EventBridge CreateArchive' && archive) live.createdArchives.push(archive);
  const replay = /:replay\/(fuzz-[^/]+)$/.exec(String(body?.['ReplayArn']))?.[1];
  if (entry === 'EventBridge StartReplay' && replay) live.createdReplays.push(replay);
  const connection = /:connection\/(fuzz-[^/]+)\/[^/]+$/.exec(String(body?.['ConnectionArn']))?.[1];
  if (entry.startsWith('EventBridge CreateConnection') && connection) live.createdConnections.push(connection);
  const destination = /:api-destination\/(fuzz-[^/]+)\/[^/]+$/.exec(String(body?.['ApiDestinationArn']))?.[1];
  if (entry === 'EventBridge CreateApiDestination' && destination) live.createdApiDestinations.push(destination);
  const fn = body?.['FunctionName'];
  if (entry === 'Lambda CreateFunction' && typeof fn === 'string' && fn.startsWith('fuzz-')) live.createdFunctions.push(fn);
  const alias = body?.['Name'];
  if (entry === 'Lambda CreateAlias' && typeof alias === 'string' && alias.startsWith('fuzz-')) live.createdAliases.push(alias);
  const sid = /"Sid":"(fuzz-[^"]+)"/.exec(String(body?.['Statement']))?.[1];
  if (entry === 'Lambda AddPermission' && sid) live.createdStatements.push(sid);
}

/** Runs the raw-socket cases at once; request `n`'s markers are theirs. */
export async function runRawCases(ctx: RunContext, cases: readonly RawCase[], n: number, ports: { aws: number; app: number }): Promise<void> {
  await Promise.all(
    cases.map(async (rawCase) => {
      for (const { offset } of rawCase.markers ?? []) ctx.sent.set(n + offset, `raw ${rawCase.port} port: ${rawCase.name}`);
      const result = await rawExchange(ports[rawCase.port], rawCase.parts, rawCase.options);
      for (const { offset, answer } of rawCase.markers ?? []) {
        const status = result.statuses[answer];
        if (status !== undefined && status >= 200 && status < 300) ctx.accepted.acceptRequest(n + offset);
      }
      const report = `raw ${rawCase.port} port: ${rawCase.name}; answers ${JSON.stringify(result.statuses)}, received ${JSON.stringify(result.received)}`;
      if (result.statuses.some((s) => s >= 500)) ctx.failures.push(`a 5xx answer\n${report}`);
      else if (result.statuses.length < rawCase.minAnswers) ctx.failures.push(`expected at least ${rawCase.minAnswers} answers\n${report}`);
      else if (rawCase.statuses && JSON.stringify(result.statuses) !== JSON.stringify(rawCase.statuses)) {
        ctx.failures.push(`expected answers ${JSON.stringify(rawCase.statuses)}\n${report}`);
      }
    }),
  );
}
