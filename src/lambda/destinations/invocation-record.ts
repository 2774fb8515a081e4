/** Why an event's record is sent: it succeeded, or it was given up on (SEMANTICS D.3). */
export type InvocationCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

/** What one attempt answered: its request id, the JSON text of its result or error object, and the error kind. */
export interface AttemptAnswer {
  readonly requestId: string;
  readonly payload: string;
  readonly functionError?: string;
}

export interface InvocationRecordInput {
  /** The function's ARN with its version (`…:function:NAME:$LATEST`), as Lambda puts it in records. */
  readonly functionArn: string;
  readonly condition: InvocationCondition;
  /** The attempts made (0 for an event too old before its first one). */
  readonly approximateInvokeCount: number;
  /** The event as accepted (JSON text; blank is `{}`, as Lambda hands a function an empty event). */
  readonly requestPayload: string;
  /** The last attempt's answer; absent when none was made. */
  readonly response?: AttemptAnswer;
  /** The event's own request id, used when no attempt was made. */
  readonly requestId: string;
  /** When the record is made (epoch ms). */
  readonly now: number;
}

/**
 * The invocation record Lambda sends to an OnSuccess / OnFailure destination, as JSON text, members in
 * the order AWS's documented examples show: version, timestamp, requestContext, requestPayload,
 * responseContext, responsePayload. The payloads are spliced in as the text they were, so numbers a
 * double cannot hold stay as written. Without an attempt (an event that aged out before its first one)
 * the response members are left out, as LocalStack does (what AWS sends then is unconfirmed).
 */
export function invocationRecord(input: InvocationRecordInput): string {
  const requestContext = JSON.stringify({
    requestId: input.response?.requestId ?? input.requestId,
    functionArn: input.functionArn,
    condition: input.condition,
    approximateInvokeCount: input.approximateInvokeCount,
  });
  const requestPayload = input.requestPayload.trim() === '' ? '{}' : input.requestPayload;
  let text = `{"version":"1.0","timestamp":${JSON.stringify(new Date(input.now).toISOString())},"requestContext":${requestContext},"requestPayload":${requestPayload}`;
  const response = input.response;
  if (response) {
    const context = { statusCode: 200, executedVersion: '$LATEST', ...(response.functionError !== undefined && { functionError: response.functionError }) };
    text += `,"responseContext":${JSON.stringify(context)},"responsePayload":${response.payload.trim() === '' ? 'null' : response.payload}`;
  }
  return `${text}}`;
}
