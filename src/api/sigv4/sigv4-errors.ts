import { ServiceError } from '../../shared/service-error.js';

/**
 * The answers AWS's front ends give a request whose signature cannot be checked or does not verify
 * (coral's namespace, as DynamoDB and the other JSON services send them; wording from recorded
 * answers, see each one). Every one is a 400 but UnrecognizedClientException's 400 too.
 */
export const sigv4Errors = {
  /** No Authorization header and no presigned query. */
  missingToken: () => new ServiceError('com.amazon.coral.service#MissingAuthenticationTokenException', 'Request is missing Authentication Token', 400),
  /**
   * A header or query that is not a SigV4 signature. Recorded: "Authorization header requires
   * 'Credential' parameter. Authorization header requires 'Signature' parameter. … Authorization=<the
   * header>"; "'<part>' not a valid key=value pair (missing equal-sign) in Authorization header: '<the header>'."
   */
  incomplete: (message: string) => new ServiceError('com.amazon.coral.service#IncompleteSignatureException', message, 400),
  /** An access key Eddy was not given. */
  unrecognizedClient: () => new ServiceError('com.amazon.coral.service#UnrecognizedClientException', 'The security token included in the request is invalid.', 400),
  /** The signature does not match, or its time is outside the window. */
  invalidSignature: (message: string) => new ServiceError('com.amazon.coral.service#InvalidSignatureException', message, 400),
};

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
