import type { Logger } from '../../shared/logger.js';
import { targetFailure } from './target-failure.js';
import type { DeliveryFailure } from '../../bus/delivery/delivery-failure.js';

interface Unserved {
  /** What the service is called in the log line. */
  readonly title: string;
  /** The error the target's API answers for a resource that does not exist, as its SDK reports it. */
  readonly code: string;
  readonly message: (arn: string) => string;
}

/**
 * Templated targets of services Eddy does not run (SEMANTICS F.3; managing-targets-templated), by the ARN's
 * service: an execution fails as the real target API answers a resource that is not there — Eddy has none
 * of them — and is retried, then dead-lettered, like any missing target. Codes are each API's modelled
 * not-found error for the operation Scheduler calls (StartExecution, PutRecord, RunTask, …); Messages and
 * whether Scheduler records exactly these are unconfirmed.
 */
const UNSERVED: Readonly<Record<string, Unserved>> = {
  states: { title: 'Step Functions', code: 'StateMachineDoesNotExist', message: (arn) => `State Machine Does Not Exist: '${arn}'` },
  kinesis: { title: 'Kinesis Data Streams', code: 'ResourceNotFoundException', message: (arn) => `Stream ${lastPart(arn)} under account ${account(arn)} not found.` },
  firehose: { title: 'Data Firehose', code: 'ResourceNotFoundException', message: (arn) => `Firehose ${lastPart(arn)} under account ${account(arn)} not found.` },
  ecs: { title: 'ECS', code: 'ClusterNotFoundException', message: () => 'Cluster not found.' },
  sagemaker: { title: 'SageMaker', code: 'ResourceNotFound', message: (arn) => `Pipeline '${arn}' does not exist.` },
  codebuild: { title: 'CodeBuild', code: 'ResourceNotFoundException', message: (arn) => `Project cannot be found: ${arn}` },
  codepipeline: { title: 'CodePipeline', code: 'PipelineNotFoundException', message: (arn) => `Account '${account(arn)}' does not have a pipeline with name '${lastPart(arn)}'` },
  inspector: { title: 'Inspector', code: 'NoSuchEntityException', message: (arn) => `Entity '${arn}' does not exist.` },
};

const lastPart = (arn: string): string => arn.slice(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
const account = (arn: string): string => arn.split(':')[4] ?? '';

/** The service part of an ARN (`arn:aws:states:…` → `states`). */
export const arnService = (arn: string): string | undefined => /^arn:aws[\w-]*:([a-z0-9-]+):/.exec(arn)?.[1];

/**
 * Targets of services Eddy does not serve: the failure each execution gets, and one clear log line per
 * service (per process) saying the service is not served, rather than a warning at every attempt only.
 */
export class UnservedTargets {
  readonly #logger: Logger;
  readonly #told = new Set<string>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** The failure for a templated target of an unserved service, or undefined when Eddy knows none for it. */
  failureFor(arn: string): DeliveryFailure | undefined {
    const service = arnService(arn);
    const unserved = service === undefined ? undefined : UNSERVED[service];
    if (unserved === undefined) return undefined;
    this.tell(service!, `${unserved.title} is not served by Eddy: schedules targeting it (${arn}) fail with ${unserved.code} and go to their dead-letter queue`);
    return targetFailure(unserved.code, unserved.message(arn));
  }

  /** Logs `line` once per `key`. */
  tell(key: string, line: string): void {
    if (this.#told.has(key)) return;
    this.#told.add(key);
    this.#logger.warn(`scheduler: ${line}`);
  }
}
