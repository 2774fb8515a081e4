/**
 * A filter policy SNS would refuse. `message` is the text AWS puts after the caller's prefix
 * (`Invalid parameter: Attributes Reason: FilterPolicy: ` from Subscribe, `Invalid parameter: FilterPolicy: `
 * from SetSubscriptionAttributes), Jackson location suffix included where AWS adds one. `bare` marks the one
 * message AWS puts straight after `Invalid parameter: ` (the nested-policy scope error, §E.5 [O]).
 */
export class InvalidFilterPolicyError extends Error {
  readonly bare: boolean;

  constructor(message: string, bare = false) {
    super(message);
    this.name = 'InvalidFilterPolicyError';
    this.bare = bare;
  }
}
