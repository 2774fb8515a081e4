import { CLIENT_FLAGS_HELP, clientCommand, signatureHint } from './client-command.js';
import type { SignedFetch } from './signed-fetch.js';

export const EVENTS_PUT_HELP = `Usage: eddy events put --source S --detail-type T [--detail JSON] [--bus B] [--resources ARN,...] [--endpoint URL] [--auth-file FILE]

Puts one event on a bus of a running Eddy (EventBridge's PutEvents) and prints its EventId, or the error
PutEvents gave the entry. A bus that does not exist is reported (PutEvents itself drops its events).
  --source S         The event's source (required)
  --detail-type T    Its detail-type (required)
  --detail JSON      Its detail, a JSON object (default {})
  --bus B            The bus, by name or ARN (default: default)
  --resources ARNS   Comma-separated resource ARNs
${CLIENT_FLAGS_HELP}`;

/** `eddy events put`: one PutEvents entry through the EventBridge API, as any client would send it. */
export async function eventsPutCommand(args: string[]): Promise<number> {
  const flags = {
    source: { type: 'string' },
    'detail-type': { type: 'string' },
    detail: { type: 'string' },
    bus: { type: 'string' },
    resources: { type: 'string' },
  } as const;
  const command = await clientCommand('events put', args, flags, EVENTS_PUT_HELP);
  if (typeof command === 'number') return command;
  const { values, endpoint, fetch } = command;
  const source = values['source'] as string | undefined;
  const detailType = values['detail-type'] as string | undefined;
  if (source === undefined || detailType === undefined) {
    process.stderr.write(`eddy events put: --source and --detail-type are required\n\n${EVENTS_PUT_HELP}`);
    return 2;
  }
  const bus = (values['bus'] as string | undefined) ?? 'default';
  const resources = (values['resources'] as string | undefined)?.split(',').map((arn) => arn.trim()).filter((arn) => arn !== '');
  const entry = { EventBusName: bus, Source: source, DetailType: detailType, Detail: (values['detail'] as string | undefined) ?? '{}', ...(resources && { Resources: resources }) };
  let answer: EventBridgeAnswer;
  try {
    answer = await callEventBridge(fetch, endpoint, 'PutEvents', { Entries: [entry] });
  } catch (error) {
    process.stderr.write(`eddy events put: cannot reach Eddy at ${endpoint} (${(error as Error).message}); is it running?\n`);
    return 1;
  }
  if (!answer.ok) {
    process.stderr.write(`eddy events put: ${answer.body['__type'] ?? 'Error'}: ${answer.body['message'] ?? ''}${signatureHint(String(answer.body['__type']))}\n`);
    return 1;
  }
  const [result] = answer.body['Entries'] as { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
  if (result?.EventId === undefined) {
    process.stderr.write(`eddy events put: ${result?.ErrorCode ?? 'Error'}: ${result?.ErrorMessage ?? ''}\n`);
    return 1;
  }
  process.stdout.write(`${result.EventId}\n`);
  // PutEvents answers an event for a missing bus with an EventId and drops it, as AWS does: say so.
  const described = await callEventBridge(fetch, endpoint, 'DescribeEventBus', { Name: bus }).catch(() => undefined);
  if (described && !described.ok && String(described.body['__type']).endsWith('ResourceNotFoundException')) {
    process.stderr.write(`eddy events put: ${described.body['message'] ?? `Event bus ${bus} does not exist.`} The event was dropped.\n`);
    return 1;
  }
  return 0;
}

interface EventBridgeAnswer {
  readonly ok: boolean;
  readonly body: Record<string, unknown>;
}

async function callEventBridge(fetch: SignedFetch, endpoint: string, operation: string, request: object): Promise<EventBridgeAnswer> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
    body: JSON.stringify(request),
    service: 'events',
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { message: text || `HTTP ${response.status}` };
  }
  return { ok: response.ok, body };
}
