import type { StoredDelivery } from '../../storage/bus-store.js';
import type { DeliveryTarget } from './delivery-target.js';

/**
 * One kind of target (a function, a queue, a bus, an API destination), chosen by the target's ARN.
 * `deliver` resolves once the target has taken the payload, and throws a DeliveryFailure (or any error,
 * which counts as a retriable internal one) when it did not.
 */
export interface TargetKind {
  /** For logs: `function`, `queue`, … */
  readonly name: string;
  accepts(arn: string): boolean;
  deliver(delivery: StoredDelivery, target: DeliveryTarget): Promise<void>;
}

/** The kinds the runner knows, tried in order; the first that accepts an ARN delivers to it. */
export class TargetKinds {
  readonly #kinds: readonly TargetKind[];

  constructor(kinds: readonly TargetKind[]) {
    this.#kinds = kinds;
  }

  kindOf(arn: string): TargetKind | undefined {
    return this.#kinds.find((kind) => kind.accepts(arn));
  }
}
