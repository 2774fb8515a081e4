import type { TargetDefinition } from '../bus-documents.js';

/**
 * What a stored delivery carries about its target (NewDelivery.target): the target as it was when the
 * event was accepted, so a rule changed or deleted afterwards does not change deliveries already made
 * (each (event, rule, target) is delivered as matched). Domain-owned JSON.
 */
export interface DeliveryTarget {
  /** The rule that matched (the DLQ's RULE_ARN, `<aws.events.rule-arn>`). */
  readonly ruleArn: string;
  /**
   * The target as PutTargets stored it, without Input, InputPath and InputTransformer: they were applied
   * when the event was accepted, and the payload is their result.
   */
  readonly target: TargetDefinition;
  /** The payload is not one JSON value (a text InputTransformer template), which a function cannot take. */
  readonly payloadNotJson?: true;
}

/** A target's definition as a delivery keeps it: everything but the input options. */
export function deliveryTargetOf(ruleArn: string, target: TargetDefinition): DeliveryTarget {
  const { Input: _input, InputPath: _inputPath, InputTransformer: _transformer, ...kept } = target;
  return { ruleArn, target: kept as TargetDefinition };
}
