import { clientCommand } from './client-command.js';
import type { MappingStatus } from '../triggers/mapping-status.js';

export const MAPPINGS_HELP = `Usage: eddy mappings [--endpoint URL] [--json]

Shows every event source mapping of a running Eddy: its function, source, state and last result, and per
shard the checkpoint, how far behind it is (iterator age), batches in flight, attempts and the last error.
  --endpoint URL   The running Eddy (default http://127.0.0.1:4566, or $EDDY_ENDPOINT)
  --json           The status as JSON
`;

/** `eddy mappings`: the admin API's mapping status, as a table or JSON. */
export async function mappingsCommand(args: string[]): Promise<number> {
  const command = clientCommand('mappings', args, { json: { type: 'boolean' } }, MAPPINGS_HELP);
  if (typeof command === 'number') return command;
  const { values, endpoint } = command;
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_eddy/mappings`);
  } catch (error) {
    process.stderr.write(`eddy mappings: cannot reach Eddy at ${endpoint} (${(error as Error).message}); is it running?\n`);
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    process.stderr.write(`eddy mappings: HTTP ${response.status}: ${text}\n`);
    return 1;
  }
  const { mappings } = JSON.parse(text) as { mappings: MappingStatus[] };
  if (values['json']) {
    process.stdout.write(`${JSON.stringify(mappings, null, 2)}\n`);
    return 0;
  }
  if (mappings.length === 0) {
    process.stdout.write('No event source mappings.\n');
    return 0;
  }
  for (const m of mappings) process.stdout.write(mappingLines(m));
  return 0;
}

/** One mapping as text: a heading line, then a line per shard. */
export function mappingLines(m: MappingStatus): string {
  const source = /table\/([^/]+)\/stream\/(.+)$/.exec(m.sourceArn);
  let text = `${m.functionName} ← ${source ? `${source[1]} stream ${source[2]}` : m.sourceArn}  ${m.state}  ${m.lastProcessingResult}  (${m.uuid})\n`;
  for (const s of m.shards) {
    const parts = [
      s.finished ? 'finished' : `checkpoint ${s.checkpoint ?? '-'}`,
      `behind ${formatAge(s.iteratorAgeMs)}`,
      `in flight ${s.inFlight}`,
    ];
    if (s.attempts > 0) parts.push(`attempts ${s.attempts}`);
    if (s.lastError !== undefined) parts.push(`last error: ${s.lastError}`);
    text += `  ${s.shardId}  ${parts.join('  ')}\n`;
  }
  return text;
}

function formatAge(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
