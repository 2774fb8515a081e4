import { ServiceError } from '../shared/service-error.js';

/** A request to move Eddy's clock back (`eddy time set` to an earlier instant, a duration that is not positive). 400 on the admin API. */
export class TimeMovesForwardOnlyError extends ServiceError {
  constructor(message: string) {
    super('TimeMovesForwardOnlyException', message, 400);
  }
}

export const timeErrors = {
  /** A malformed duration or instant. */
  validation: (message: string) => new ServiceError('ValidationException', message, 400),
  backwards: (message: string) => new TimeMovesForwardOnlyError(message),
};
