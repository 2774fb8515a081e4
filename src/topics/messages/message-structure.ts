import { invalidParameter } from './input-error.js';

/** The protocols whose key in a MessageStructure=json body overrides `default` (§E.4 MessageStructure=json). */
export const STRUCTURE_PROTOCOLS = ['sqs', 'lambda', 'http', 'https', 'email', 'email-json', 'sms', 'application', 'firehose'] as const;

/** The per-protocol bodies of a MessageStructure=json message: always `default`, plus the overriding protocols. */
export type MessageBodies = Readonly<Record<string, string>> & { readonly default: string };

/**
 * Parses a MessageStructure=json Message (§E.4, botocore Publish docs [M], localstack snapshots [O]):
 * a JSON object with a string `default`. Non-string values are dropped (that protocol gets `default`),
 * unknown keys are kept out.
 */
export function parseMessageStructure(message: string): MessageBodies {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  // A JSON value that is not an object has no `default` entry either (unconfirmed: AWS may say "failed to parse").
  const object = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  if (typeof object.default !== 'string') throw invalidParameter('Message Structure - No default entry in JSON message body');
  const bodies: Record<string, string> = { default: object.default };
  for (const protocol of STRUCTURE_PROTOCOLS) {
    const body = object[protocol];
    if (typeof body === 'string') bodies[protocol] = body;
  }
  return bodies as MessageBodies;
}

/**
 * The body a subscription of `protocol` receives: the raw Message when there is no structure, else the
 * protocol's own entry or `default` (§E.4).
 */
export function messageFor(message: { readonly message: string; readonly structure?: MessageBodies | undefined }, protocol: string): string {
  if (message.structure === undefined) return message.message;
  return Object.hasOwn(message.structure, protocol) ? message.structure[protocol]! : message.structure.default;
}
