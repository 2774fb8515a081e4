import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { ServiceError } from './service-error.js';

/**
 * The decoder a request's Content-Encoding asks for: gzip (or its alias x-gzip) and deflate (the
 * zlib format, RFC 9110 §8.4.1.2), as the SDKs that compress requests send them (botocore's
 * request_min_compression_size_bytes, the Java SDK's RequestCompression). `identity` or an empty
 * header means the body is sent as it is (undefined). Anything else, or a chain of codings, is
 * refused before the body is read.
 */
export function bodyDecoder(header: string): Gunzip | Inflate | undefined {
  const coding = header.trim().toLowerCase();
  if (coding === '' || coding === 'identity') return undefined;
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'deflate') return createInflate();
  throw unsupportedEncoding(header);
}

// DynamoDB answers both of these with a bare 500 InternalServerError (observed by ScyllaDB's
// Alternator tests against AWS: test_compressed_request.py), which the SDKs retry. Eddy answers a
// non-retryable 4xx in the coral envelope instead, so a client bug shows at once; the choice is here.

/** 415 (RFC 9110 §15.5.16), naming the codings that would have been taken in Accept-Encoding. */
function unsupportedEncoding(header: string): ServiceError {
  const error = new ServiceError(
    'com.amazon.coral.service#SerializationException',
    `Content-Encoding ${JSON.stringify(header.slice(0, 100))} is not supported: send gzip, deflate or identity`,
    415,
  );
  error.messageMember = 'Message';
  error.headers = { 'accept-encoding': 'gzip, deflate' };
  return error;
}

/** 400: the body does not decode with the coding its Content-Encoding names. */
export function undecodableBody(header: string, cause: Error): ServiceError {
  const error = new ServiceError(
    'com.amazon.coral.service#SerializationException',
    `The request body is not valid ${header.trim().toLowerCase()} data: ${cause.message}`,
  );
  error.messageMember = 'Message';
  return error;
}
