import type { ServiceError } from '../shared/service-error.js';

/** An AWS JSON-protocol service mounted on `POST /`, chosen by the X-Amz-Target prefix. */
export interface JsonService {
  /** The X-Amz-Target prefix before the dot, e.g. `DynamoDB_20120810`. */
  readonly targetPrefix: string;
  /** The SigV4 signing name its requests' credential scope names (`dynamodb` for DynamoDB Streams too). */
  readonly signingName: string;
  /** Operation name → handler taking the parsed JSON body and returning the response body (or RawJson). */
  readonly operations: ReadonlyMap<string, (input: Record<string, unknown>) => Promise<unknown>>;
  /**
   * Operations another process runs (a request process's main process, `--processes N`), given the body as
   * read: it is parsed and checked there. Resolve with the response body, reject with its ServiceError.
   */
  readonly relayed?: ReadonlyMap<string, RelayedOperation>;
  /** The service's 500 error, for bugs (anything thrown that is not a ServiceError). */
  internalError(): ServiceError;
  /** The answer to a body nested deeper than MAX_JSON_DEPTH, when the service has its own. */
  tooDeep?(): ServiceError;
}

/** An operation run in another process: `body` as the request sent it (decoded), `requestId` for its logs. */
export type RelayedOperation = (body: { readonly text: string; readonly bytes: number }, requestId: string) => Promise<unknown>;
