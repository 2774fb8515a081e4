import { ServiceError } from '../shared/service-error.js';
import { PAYLOAD_OFFSET, frameBuffer } from './frames.js';

/**
 * The frames of the relay between a request process and the main process (frames.ts gives their length).
 * A call: its id (u32), the request id and the X-Amz-Target (each a u8 length then ASCII), then the body as
 * UTF-8. An answer: the call's id (u32), a kind (u8: 0 the result's JSON, 1 a ServiceError's), then that JSON.
 */
export interface RelayedCall {
  readonly id: number;
  readonly requestId: string;
  readonly target: string;
  readonly body: { readonly text: string; readonly bytes: number };
}

export interface RelayedAnswer {
  readonly id: number;
  readonly failed: boolean;
  readonly json: string;
}

/** A ServiceError as data: what the main process's error becomes on the way to the request process. */
export interface ServiceErrorData {
  readonly type: string;
  readonly message: string;
  readonly statusCode: number;
  readonly messageMember: 'message' | 'Message';
  readonly fields?: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

export function callFrame(id: number, requestId: string, target: string, text: string): Buffer {
  const bodyBytes = Buffer.byteLength(text);
  const frame = frameBuffer(4 + 1 + requestId.length + 1 + target.length + bodyBytes);
  let at = frame.writeUInt32BE(id, PAYLOAD_OFFSET);
  at = frame.writeUInt8(requestId.length, at);
  at += frame.write(requestId, at, 'latin1');
  at = frame.writeUInt8(target.length, at);
  at += frame.write(target, at, 'latin1');
  frame.write(text, at, 'utf8');
  return frame;
}

export function readCall(payload: Buffer): RelayedCall {
  const id = payload.readUInt32BE(0);
  let at = 4;
  const idBytes = payload[at++]!;
  const requestId = payload.toString('latin1', at, (at += idBytes));
  const targetBytes = payload[at++]!;
  const target = payload.toString('latin1', at, (at += targetBytes));
  return { id, requestId, target, body: { text: payload.toString('utf8', at), bytes: payload.length - at } };
}

export function answerFrame(id: number, failed: boolean, json: string): Buffer {
  const frame = frameBuffer(5 + Buffer.byteLength(json));
  const at = frame.writeUInt8(failed ? 1 : 0, frame.writeUInt32BE(id, PAYLOAD_OFFSET));
  frame.write(json, at, 'utf8');
  return frame;
}

export function readAnswer(payload: Buffer): RelayedAnswer {
  return { id: payload.readUInt32BE(0), failed: payload[4] === 1, json: payload.toString('utf8', 5) };
}

export function errorData(error: ServiceError): ServiceErrorData {
  return {
    type: error.type,
    message: error.message,
    statusCode: error.statusCode,
    messageMember: error.messageMember,
    ...(error.fields !== undefined && { fields: error.fields }),
    ...(error.headers !== undefined && { headers: error.headers }),
  };
}

export function revivedError(data: ServiceErrorData): ServiceError {
  const error = new ServiceError(data.type, data.message, data.statusCode, data.fields);
  error.messageMember = data.messageMember;
  if (data.headers !== undefined) error.headers = data.headers;
  return error;
}
