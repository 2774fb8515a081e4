import { CLIENT_FLAGS_HELP, clientCommand, signatureHint } from './client-command.js';
import type { SignedFetch } from './signed-fetch.js';
import type { MappingStatus } from '../triggers/mapping-status.js';

export const MAPPING_ACTIONS = ['retry', 'skip', 'rewind'] as const;
export type MappingActionName = (typeof MAPPING_ACTIONS)[number];

export const MAPPING_ACTIONS_HELP = `Usage: eddy mappings retry  <uuid|function|pipe> [--shard ID]
       eddy mappings skip   <uuid|function|pipe> [--shard ID]
       eddy mappings rewind <uuid|function|pipe> [--shard ID] (--to SEQUENCE | --at TIME)

Acts on a stream mapping (or a pipe with a stream source) of a running Eddy, on every shard concerned or
the one --shard names. The node working the shard acts, whichever it is:
  retry   the blocking batch is tried again now, not after its backoff
  skip    the blocking batch is given up as if its retries had run out: its failure record goes to the
          mapping's on-failure destination (a pipe's dead-letter target) when it has one, and delivery
          goes on after it
  rewind  delivery starts again from the record with that sequence number (--to), or from the first
          record created at or after TIME (--at, ISO 8601); records already delivered come again
A mapping is named by its uuid, or by its function when only one stream mapping has it; a pipe by its
name or ARN.
${CLIENT_FLAGS_HELP}  --shard ID       Only this shard
  --to SEQUENCE    (rewind) From this record's SequenceNumber
  --at TIME        (rewind) From the first record created at or after TIME
  --json           The answer as JSON
`;

/** `eddy mappings retry|skip|rewind`: the admin API's `POST /_eddy/mappings/<action>`. */
export async function mappingActionCommand(action: MappingActionName, args: string[]): Promise<number> {
  const flags = { shard: { type: 'string' }, to: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } } as const;
  const command = await clientCommand(`mappings ${action}`, args, flags, MAPPING_ACTIONS_HELP, 'mapping (uuid, function or pipe)');
  if (typeof command === 'number') return command;
  const { values, endpoint, fetch, subject } = command;
  const to = values['to'] as string | undefined;
  const at = values['at'] as string | undefined;
  if (action === 'rewind' ? (to === undefined) === (at === undefined) : to !== undefined || at !== undefined) {
    process.stderr.write(`eddy mappings ${action}: ${action === 'rewind' ? 'give either --to SEQUENCE or --at TIME' : '--to and --at are for rewind'}\n\n${MAPPING_ACTIONS_HELP}`);
    return 2;
  }
  const say = (message: string) => {
    process.stderr.write(`eddy mappings ${action}: ${message}\n`);
    return 1;
  };
  try {
    const uuid = await resolve(fetch, endpoint, subject!);
    if (typeof uuid !== 'string') return say(uuid.error);
    const body = { uuid, ...(values['shard'] !== undefined && { shard: values['shard'] }), ...(to !== undefined && { sequenceNumber: to }), ...(at !== undefined && { time: at }) };
    const response = await fetch(`${endpoint}/_eddy/mappings/${action}`, { method: 'POST', body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) {
      const error = JSON.parse(text) as { type?: string; message?: string };
      return say(`${error.type ?? `HTTP ${response.status}`}: ${error.message ?? text}${signatureHint(text)}`);
    }
    const answer = JSON.parse(text) as { uuid: string; shards: { shardId: string; checkpoint?: string }[] };
    if (values['json']) {
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      return 0;
    }
    const done = { retry: 'retry now asked for', skip: 'skip asked for', rewind: 'rewind asked for' }[action];
    process.stdout.write(`${done} (${answer.uuid})\n`);
    for (const shard of answer.shards) {
      const where = shard.checkpoint === undefined ? '' : action === 'rewind' ? `  resumes after ${shard.checkpoint}` : `  checkpoint ${shard.checkpoint}`;
      process.stdout.write(`  ${shard.shardId}${where}\n`);
    }
    return 0;
  } catch (error) {
    return say(`cannot reach Eddy at ${endpoint} (${(error as Error).message}); is it running?`);
  }
}

/**
 * The uuid the admin API takes for `subject`: a mapping's uuid or a pipe's ARN as given, a pipe by name,
 * or the one stream mapping of a function (several: the user picks by uuid).
 */
async function resolve(fetch: SignedFetch, endpoint: string, subject: string): Promise<string | { error: string }> {
  const response = await fetch(`${endpoint}/_eddy/mappings`);
  if (!response.ok) return { error: `HTTP ${response.status}: ${await response.text()}` };
  const { mappings } = (await response.json()) as { mappings: MappingStatus[] };
  if (mappings.some((m) => m.uuid === subject)) return subject;
  const pipe = mappings.find((m) => m.functionName === `pipe ${subject}`);
  if (pipe) return pipe.uuid;
  const named = mappings.filter((m) => m.kind === 'stream' && (m.functionName === subject || m.functionName.split(':')[0] === subject));
  if (named.length === 1) return named[0]!.uuid;
  if (named.length > 1) return { error: `${subject} has ${named.length} stream mappings; name one by its uuid: ${named.map((m) => m.uuid).join(', ')}` };
  return subject; // unknown here: the admin API answers ResourceNotFoundException
}
