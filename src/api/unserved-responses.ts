import type { ServerResponse } from 'node:http';
import { unservedMessage, type UnservedRequest } from './unserved.js';

const xmlText = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The AWS query protocol's error (SNS, STS, IAM, and SQS from SDKs older than its JSON protocol):
 * `InvalidAction`, status 400, as those services answer an action they do not have.
 */
export function sendQueryError(res: ServerResponse, requestId: string, what: UnservedRequest): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
    `<Message>${xmlText(unservedMessage(what))}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(400, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': requestId });
  res.end(body);
}

/** S3's REST-XML error: `NotImplemented`, status 501 (S3's own code and status; the SDKs do not retry it). */
export function sendS3Error(res: ServerResponse, requestId: string, what: UnservedRequest, head: boolean): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented</Code><Message>${xmlText(unservedMessage(what))}</Message>` +
    `<RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(501, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': requestId });
  res.end(head ? undefined : body);
}

/** A REST-JSON service's error (Lambda, Scheduler, Pipes…): `UnknownOperationException` in x-amzn-ErrorType, status 404. */
export function sendRestJsonError(res: ServerResponse, requestId: string, what: UnservedRequest): void {
  const body = JSON.stringify({ Type: 'User', message: unservedMessage(what) });
  res.writeHead(404, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': 'UnknownOperationException',
  });
  res.end(body);
}
