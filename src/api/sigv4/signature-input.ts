import { sigv4Errors } from './sigv4-errors.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** What a request's signature claims: who signed, when, for which scope, over which headers. */
export interface SignatureInput {
  readonly accessKeyId: string;
  /** The credential scope's date, `yyyymmdd`. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** Lower-case header names, as listed (the canonical request keeps this order; SigV4 requires it sorted). */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex. */
  readonly signature: string;
  /** `yyyymmddThhmmssZ`, from X-Amz-Date (header or query) or the Date header. */
  readonly amzDate: string;
  /** Presigned only: seconds the signature stays valid (X-Amz-Expires). */
  readonly expiresSeconds?: number;
  /** Presigned: the query member that carried the signature, left out of the canonical query. */
  readonly presigned: boolean;
  /** X-Amz-Security-Token (the header; for a presigned request the query member, else the header): temporary credentials' session token. */
  readonly securityToken?: string;
  /** Whether securityToken came from the (signed) query rather than a header. */
  readonly securityTokenInQuery?: boolean;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/**
 * Reads the Authorization header (`AWS4-HMAC-SHA256 Credential=AKID/20261206/us-east-1/dynamodb/aws4_request,
 * SignedHeaders=host;x-amz-date, Signature=…`), or the presigned query (X-Amz-Algorithm, X-Amz-Credential,
 * X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature); undefined when the request carries
 * neither. Throws IncompleteSignatureException for one that is not a SigV4 signature.
 */
export function readSignatureInput(headers: Headers, query: URLSearchParams): SignatureInput | undefined {
  const authorization = header(headers, 'authorization');
  if (authorization !== undefined) return fromHeader(authorization, headers);
  if (query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature')) return fromQuery(query, headers);
  return undefined;
}

/** The form every SDK writes: one regular-expression match instead of the member-by-member read below (a request's hot path). */
const USUAL_HEADER = /^AWS4-HMAC-SHA256 Credential=([^/\s,=]+)\/(\d{8})\/([^/\s,=]+)\/([^/\s,=]+)\/aws4_request, ?SignedHeaders=([a-z0-9;:._-]+), ?Signature=([0-9a-f]+)$/;
const AMZ_DATE = /^\d{8}T\d{6}Z$/;

function fromHeader(authorization: string, headers: Headers): SignatureInput {
  const usual = USUAL_HEADER.exec(authorization);
  const date = headers['x-amz-date'];
  if (usual !== null && typeof date === 'string' && AMZ_DATE.test(date)) {
    return {
      accessKeyId: usual[1]!,
      scopeDate: usual[2]!,
      region: usual[3]!,
      service: usual[4]!,
      signedHeaders: usual[5]!.split(';'),
      signature: usual[6]!,
      amzDate: date,
      presigned: false,
      ...tokenOf(headers, undefined),
    };
  }
  const space = authorization.indexOf(' ');
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) throw sigv4Errors.incomplete(`Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`);
  const members = new Map<string, string>();
  // Members are separated by commas and/or spaces: AWS reads `Credential=AKID /2026…` as two members.
  for (const trimmed of authorization.slice(space + 1).split(/[\s,]+/)) {
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals === -1) throw sigv4Errors.incomplete(`'${trimmed}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`);
    members.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  const amzDate = header(headers, 'x-amz-date') ?? dateHeader(header(headers, 'date'));
  const missing: string[] = [];
  if (!members.has('Credential')) missing.push("Authorization header requires 'Credential' parameter.");
  if (!members.has('Signature')) missing.push("Authorization header requires 'Signature' parameter.");
  if (!members.has('SignedHeaders')) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDate === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) throw sigv4Errors.incomplete(`${missing.join(' ')} Authorization=${authorization}`);
  return {
    ...credential(members.get('Credential')!, (message) => `${message} Authorization=${authorization}`),
    signedHeaders: signedHeaders(members.get('SignedHeaders')!),
    signature: members.get('Signature')!.toLowerCase(),
    amzDate: checkedDate(amzDate!),
    presigned: false,
    ...tokenOf(headers, undefined),
  };
}

function fromQuery(query: URLSearchParams, headers: Headers): SignatureInput {
  const missing = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'].filter((name) => !query.has(name));
  if (missing.length > 0) {
    throw sigv4Errors.incomplete(missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' ') + ' Re-examine the query-string parameters.');
  }
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) throw sigv4Errors.incomplete(`Unsupported AWS 'algorithm': '${query.get('X-Amz-Algorithm')}'`);
  const expires = query.get('X-Amz-Expires');
  const expiresSeconds = expires === null ? undefined : Number(expires);
  if (expiresSeconds !== undefined && !(Number.isInteger(expiresSeconds) && expiresSeconds >= 0 && expiresSeconds <= 604_800)) {
    throw sigv4Errors.incomplete(`X-Amz-Expires must be a whole number of seconds from 0 to 604800, got '${expires}'`);
  }
  return {
    ...credential(query.get('X-Amz-Credential')!, (message) => message),
    signedHeaders: signedHeaders(query.get('X-Amz-SignedHeaders')!),
    signature: query.get('X-Amz-Signature')!.toLowerCase(),
    amzDate: checkedDate(query.get('X-Amz-Date')!),
    ...(expiresSeconds !== undefined && { expiresSeconds }),
    presigned: true,
    ...tokenOf(headers, query),
  };
}

/** The session token: a presigned request's query member (where the SDKs' presigners put it), else the header. */
function tokenOf(headers: Headers, query: URLSearchParams | undefined): Pick<SignatureInput, 'securityToken' | 'securityTokenInQuery'> {
  const inQuery = query?.get('X-Amz-Security-Token');
  if (inQuery != null) return { securityToken: inQuery, securityTokenInQuery: true };
  const token = header(headers, 'x-amz-security-token');
  return token === undefined ? {} : { securityToken: token };
}

/** `AKID/yyyymmdd/region/service/aws4_request`. */
function credential(value: string, withContext: (message: string) => string): Pick<SignatureInput, 'accessKeyId' | 'scopeDate' | 'region' | 'service'> {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!) || parts.some((part) => part === '')) {
    throw sigv4Errors.incomplete(withContext(`Credential should be scoped to a valid region, service and terminated by 'aws4_request'. Credential=${value}`));
  }
  return { accessKeyId: parts[0]!, scopeDate: parts[1]!, region: parts[2]!, service: parts[3]! };
}

const signedHeaders = (value: string): string[] => value.split(';').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');

function checkedDate(value: string): string {
  if (!/^\d{8}T\d{6}Z$/.test(value)) throw sigv4Errors.incomplete(`Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  return value;
}

/** An HTTP Date header (`Sun, 06 Dec 2026 09:00:00 GMT`) in the `yyyymmddThhmmssZ` form, or undefined. */
function dateHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : amzDateOf(ms);
}

export const amzDateOf = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export const msOfAmzDate = (value: string): number =>
  Date.UTC(Number(value.slice(0, 4)), Number(value.slice(4, 6)) - 1, Number(value.slice(6, 8)), Number(value.slice(9, 11)), Number(value.slice(11, 13)), Number(value.slice(13, 15)));
