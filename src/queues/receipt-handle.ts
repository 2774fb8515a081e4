/** What a receipt handle points at: one receive of one message. */
export interface Receipt {
  readonly queueId: number;
  readonly sequence: number;
  readonly nonce: string;
}

const PREFIX = 'eddy1.';

/** An opaque receipt handle for one receive (base64url of queue id, sequence and the receive's nonce). */
export function encodeReceipt(receipt: Receipt): string {
  return PREFIX + Buffer.from(`${receipt.queueId}.${receipt.sequence}.${receipt.nonce}`).toString('base64url');
}

/** The receive a handle names, or undefined for anything Eddy did not issue. */
export function decodeReceipt(handle: string): Receipt | undefined {
  if (!handle.startsWith(PREFIX)) return undefined;
  const text = Buffer.from(handle.slice(PREFIX.length), 'base64url').toString('utf8');
  const match = /^(\d{1,15})\.(\d{1,15})\.([0-9a-f-]{8,64})$/.exec(text);
  if (!match) return undefined;
  return { queueId: Number(match[1]), sequence: Number(match[2]), nonce: match[3]! };
}
