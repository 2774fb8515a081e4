import { ServiceError } from '../shared/service-error.js';

/**
 * EventBridge's errors. The service speaks AWS JSON 1.1 and names each error by its shape alone in
 * `__type` (`{"__type":"ResourceNotFoundException","message":"…"}`; unconfirmed against the wire — the
 * SDKs read the part after a `#` when there is one, so the name is what users see). Every one is a 400
 * except InternalException. Messages are AWS's where observed (SEMANTICS C.1, LocalStack's
 * AWS-validated snapshots); "unconfirmed" marks wording taken from emulators or written by us.
 */
const error = (type: string, message: string, status = 400): ServiceError => new ServiceError(type, message, status);

export const busErrors = {
  validation: (message: string) => error('ValidationException', message),
  busNotFound: (bus: string) => error('ResourceNotFoundException', `Event bus ${bus} does not exist.`),
  busExists: (bus: string) => error('ResourceAlreadyExistsException', `Event bus ${bus} already exists.`),
  cannotDeleteDefault: () => error('ValidationException', 'Cannot delete event bus default.'),
  ruleNotFound: (rule: string, bus: string) => error('ResourceNotFoundException', `Rule ${rule} does not exist on EventBus ${bus}.`),
  ruleHasTargets: () => error('ValidationException', "Rule can't be deleted since it has targets."),
  /** A rule would hold more than 5 targets (observed for 7 targets in one PutTargets). */
  tooManyTargets: () => error('LimitExceededException', 'The requested resource exceeds the maximum number allowed.'),
  statementNotFound: () => error('ResourceNotFoundException', 'Statement with the provided id does not exist.'),
  /** RemoveAllPermissions on a bus without a policy (an error per LocalStack's validated test; wording moto's, unconfirmed). */
  noPolicy: () => error('ResourceNotFoundException', 'EventBus does not have a policy.'),
  /** Over EventBridge's 10,240-character policy quota (wording unconfirmed). */
  policyTooLong: () => error('PolicyLengthExceededException', 'The policy is longer than the maximum of 10240 characters.'),
  /** `message` is InvalidEventPatternError's: `Event pattern is not valid. Reason: …`. */
  invalidEventPattern: (message: string) => error('InvalidEventPatternException', message),
  /** Partner event sources are not provided (moto's wording, unconfirmed). */
  eventSourceNotFound: (source: string) => error('ResourceNotFoundException', `Event source ${source} does not exist.`),
  /** A rule an AWS service manages, changed without Force (LocalStack's wording, unconfirmed). */
  managedRule: (rule: string) =>
    error('ManagedRuleException', `Rule '${rule}' is managed by an AWS service can only be modified if force is True.`),
  archiveNotFound: (archive: string) => error('ResourceNotFoundException', `Archive ${archive} does not exist.`),
  archiveExists: (archive: string) => error('ResourceAlreadyExistsException', `Archive ${archive} already exists.`),
  /** An EventSourceArn (CreateArchive, ListArchives) or Destination.Arn (StartReplay) that is no event bus ARN (moto's wording, unconfirmed). */
  notABusArn: (member: string) => error('ValidationException', `Parameter ${member} is not valid. Reason: Must contain an event bus ARN.`),
  replayArchiveNotFound: (archive: string) =>
    error('ValidationException', `Parameter EventSourceArn is not valid. Reason: Archive ${archive} does not exist.`),
  crossBusReplay: () => error('ValidationException', 'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.'),
  replayWindow: () => error('ValidationException', 'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.'),
  replayExists: (replay: string) => error('ResourceAlreadyExistsException', `Replay ${replay} already exists.`),
  replayNotFound: (replay: string) => error('ResourceNotFoundException', `Replay ${replay} does not exist.`),
  /** CancelReplay of a replay neither STARTING nor RUNNING (moto's wording, unconfirmed). */
  replayNotCancellable: (replay: string) => error('IllegalStatusException', `Replay ${replay} is not in a valid state for this operation.`),
  /** More than 10 replays active at once (the documented quota; the wording is the one observed for targets, unconfirmed here). */
  tooManyReplays: () => error('LimitExceededException', 'The requested resource exceeds the maximum number allowed.'),
  /** ListArchives and ListReplays take one filter (moto's wording, unconfirmed). */
  oneFilter: (action: string) =>
    error('ValidationException', `At most one filter is allowed for ${action}. Use either : State, EventSourceArn, or NamePrefix.`),
  /** Message unconfirmed. */
  internal: () => error('InternalException', 'Internal error.', 500),
};
