import type { CheckedMessage } from './publish-input.js';
import type { SignatureVersion, SigningIdentity } from './signing-identity.js';

/** An accepted Publish as delivery sees it: the checked message plus what Publish gave it. */
export interface PublishedMessage extends Pick<CheckedMessage, 'message' | 'subject' | 'structure' | 'attributes' | 'groupId' | 'dedupId'> {
  readonly messageId: string;
  readonly topicArn: string;
  /** When Publish accepted it (the clock's epoch ms); a retry keeps it, like the MessageId (§E.4). */
  readonly timestamp: number;
  /** Set on FIFO topics only; its presence makes the FIFO envelope (no signature fields, §E.4). */
  readonly sequenceNumber?: string;
}

/** The subscription a copy goes to. */
export interface SubscriptionFacts {
  readonly arn: string;
  /** sqs, lambda, http, https, email, email-json, … (selects the MessageStructure=json body). */
  readonly protocol: string;
}

/** What every signed document needs from Eddy: its endpoint (for the URLs) and its signing identity. */
export interface SigningContext {
  /** Eddy's own endpoint, e.g. `http://127.0.0.1:4566`. */
  readonly baseUrl: string;
  readonly identity: SigningIdentity;
  /** The topic's SignatureVersion attribute; absent means 1 (§E.3). */
  readonly signatureVersion?: SignatureVersion | undefined;
  /**
   * Signatures already made, by signature key (signatureKey): a document whose string to sign is here is
   * not signed again, and one signed while the map is given is added — so the copies of one message,
   * which all sign the same text, cost one signature (presignNotifications makes them ahead, off the
   * accepting transaction).
   */
  readonly signatures?: Map<string, string>;
}

/** The Timestamp of SNS documents: ISO 8601 UTC with milliseconds (§E.4). */
export const snsTimestamp = (epochMs: number): string => new Date(epochMs).toISOString();

/** Attributes travel only with a message whose structure is not JSON (§E.4 [D], sns-message-attributes.html). */
export const deliveredAttributes = (message: PublishedMessage): PublishedMessage['attributes'] =>
  message.structure === undefined ? message.attributes : {};

/** The key of a signature in SigningContext.signatures. */
const signatureKey = (version: SignatureVersion, text: string): string => `${version}\n${text}`;

/** `stringToSign`'s signature under the context: from its signatures when made already, else made now (and kept there). */
export function signed(context: SigningContext, text: string, version: SignatureVersion): string {
  const signatures = context.signatures;
  if (signatures === undefined) return context.identity.sign(text, version);
  const key = signatureKey(version, text);
  let signature = signatures.get(key);
  if (signature === undefined) signatures.set(key, (signature = context.identity.sign(text, version)));
  return signature;
}

/** Makes `text`'s signature ahead, on the thread pool (SigningIdentity.signAsync), into context.signatures. */
export async function presign(context: SigningContext & { readonly signatures: Map<string, string> }, text: string, version: SignatureVersion): Promise<void> {
  const key = signatureKey(version, text);
  if (!context.signatures.has(key)) context.signatures.set(key, await context.identity.signAsync(text, version));
}
