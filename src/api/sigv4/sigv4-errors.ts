import { ServiceError } from '../../shared/service-error.js';

/** A refusal of a request's signature (as opposed to the operation's own errors), so a front end can answer it its way. */
export class SignatureError extends ServiceError {}

/**
 * The answers AWS's front ends give a request whose signature cannot be checked or does not verify
 * (coral's namespace, as DynamoDB and the other JSON services send them; wording from recorded
 * answers, see each one). Every one is a 400 here; `forService` gives Lambda's status and wording.
 */
export const sigv4Errors = {
  /** No Authorization header and no presigned query. */
  missingToken: () => new SignatureError('com.amazon.coral.service#MissingAuthenticationTokenException', 'Request is missing Authentication Token', 400),
  /**
   * A header or query that is not a SigV4 signature. Recorded: "Authorization header requires
   * 'Credential' parameter. Authorization header requires 'Signature' parameter. … Authorization=<the
   * header>"; "'<part>' not a valid key=value pair (missing equal-sign) in Authorization header: '<the header>'."
   */
  incomplete: (message: string) => new SignatureError('com.amazon.coral.service#IncompleteSignatureException', message, 400),
  /** An access key Eddy was not given, or a session token that does not go with the key (session-token.ts). */
  unrecognizedClient: () => new SignatureError('com.amazon.coral.service#UnrecognizedClientException', 'The security token included in the request is invalid.', 400),
  /** The signature does not match, or its time is outside the window. */
  invalidSignature: (message: string) => new SignatureError('com.amazon.coral.service#InvalidSignatureException', message, 400),
};

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * THE PER-SERVICE STATUS OF A SIGNATURE REFUSAL, in one place, by signing name. The JSON services answer
 * 400 (DynamoDB's recorded answers, dynalite; EventBridge, SQS's JSON protocol and DynamoDB Streams
 * assumed alike, unconfirmed). Lambda's REST front end answers 403 Forbidden, the error's name in
 * x-amzn-ErrorType: InvalidSignatureException (erlcloud issue 690, amazonka issue 594),
 * UnrecognizedClientException (iamlive issue 58), and MissingAuthenticationTokenException with
 * "Missing Authentication Token" (bref issue 1250); IncompleteSignatureException assumed alike.
 */
const REFUSALS: Readonly<Record<string, { readonly status: number; readonly missingToken?: string }>> = {
  lambda: { status: 403, missingToken: 'Missing Authentication Token' },
  // Scheduler and Pipes are REST-JSON services behind the same kind of front end: taken to answer as
  // Lambda's does, 403 with the error's name in x-amzn-ErrorType and `{"message": …}` (unconfirmed: no
  // recorded answer of either was found).
  scheduler: { status: 403, missingToken: 'Missing Authentication Token' },
  pipes: { status: 403, missingToken: 'Missing Authentication Token' },
};

/** `error` as the service signing as `signingName` answers it: a signature refusal in its status and wording; anything else unchanged. */
export function forService(error: ServiceError, signingName: string): ServiceError {
  const refusal = REFUSALS[signingName];
  if (refusal === undefined || !(error instanceof SignatureError)) return error;
  const missing = error.code === 'MissingAuthenticationTokenException';
  return new SignatureError(error.type, missing && refusal.missingToken !== undefined ? refusal.missingToken : error.message, refusal.status);
}
