import { ServiceError } from '../shared/service-error.js';

/**
 * SNS's errors (query protocol: `<Error><Code>` and the status of SEMANTICS E.1's table). Wordings are
 * AWS's where E.2/E.3 record them [O]; the others are marked unconfirmed where they are made.
 */
export const topicsErrors = {
  /** `Invalid parameter: …` (400); callers pass the whole message. */
  invalidParameter: (message: string) => new ServiceError('InvalidParameter', message, 400),
  topicNotFound: () => new ServiceError('NotFound', 'Topic does not exist', 404),
  subscriptionNotFound: () => new ServiceError('NotFound', 'Subscription does not exist', 404),
  /** Unconfirmed wording (the code and status are the model's). */
  resourceNotFound: () => new ServiceError('ResourceNotFound', 'Resource does not exist', 404),
  /** Unconfirmed wording (LocalStack's). */
  tagLimit: () => new ServiceError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded', 400),
  internal: () => new ServiceError('InternalError', 'Internal Error', 500),
};
