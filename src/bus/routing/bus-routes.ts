import type { Deployment } from '../../shared/arns.js';
import type { Logger } from '../../shared/logger.js';
import type { BusDocument } from '../../storage/bus-store.js';
import { ruleArn } from '../bus-arns.js';
import type { ArchiveDefinition, RuleDefinition, TargetDefinition } from '../bus-documents.js';
import { deliveryTargetOf, type DeliveryTarget } from '../delivery/delivery-target.js';
import { compileTargetInput, type TargetInputRenderer } from '../input/render-target-input.js';
import { compilePatternSet, type PatternMatcher } from './rule-matcher.js';

/** One target of a matching rule, prepared once per rule-set version. */
export interface RouteTarget {
  readonly id: string;
  /** What the target receives; undefined when it takes the envelope as it is (no input option). */
  readonly render: TargetInputRenderer | undefined;
  /** The stored snapshot for a payload that is JSON, and for one that is not. */
  readonly snapshot: DeliveryTarget;
  readonly snapshotNotJson: DeliveryTarget;
}

export interface RouteRule {
  readonly name: string;
  readonly arn: string;
  readonly targets: readonly RouteTarget[];
}

/** A bus's rules and archives as of one version of the bus document, compiled. Immutable. */
export interface BusRoutes {
  readonly bus: string;
  readonly version: number;
  readonly rules: PatternMatcher;
  readonly ruleByName: ReadonlyMap<string, RouteRule>;
  /** Archives with a pattern, by name; and those that keep every event of the bus. */
  readonly archives: PatternMatcher;
  readonly archivesOfAll: readonly string[];
}

/** Archives in these states keep nothing (an archive being created or updated still records). */
const NOT_ARCHIVING: ReadonlySet<ArchiveDefinition['State']> = new Set(['DISABLED', 'CREATE_FAILED']);

/**
 * Compiles what a bus routes to. A rule takes part when it is enabled and has a pattern: a disabled
 * rule matches nothing, and a schedule-only rule is fired by its schedule, never by events.
 * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` is enabled (it only widens which AWS events reach it).
 */
export function compileBusRoutes(
  bus: string,
  version: number,
  rules: readonly BusDocument<RuleDefinition>[],
  archives: readonly BusDocument<ArchiveDefinition>[],
  deployment: Deployment,
  logger: Logger,
): BusRoutes {
  const active = rules.filter((rule) => rule.definition.State !== 'DISABLED' && rule.definition.EventPattern !== undefined);
  const ruleByName = new Map<string, RouteRule>();
  for (const rule of active) ruleByName.set(rule.name, routeRuleOf(bus, rule, deployment));
  const recording = archives.filter((archive) => archive.definition.bus === bus && !NOT_ARCHIVING.has(archive.definition.State));
  return {
    bus,
    version,
    rules: compilePatternSet(active.map((rule) => ({ id: rule.name, pattern: rule.definition.EventPattern! })), logger),
    ruleByName,
    archives: compilePatternSet(
      recording.filter((archive) => archive.definition.EventPattern).map((archive) => ({ id: archive.name, pattern: archive.definition.EventPattern! })),
      logger,
    ),
    archivesOfAll: recording.filter((archive) => !archive.definition.EventPattern).map((archive) => archive.name),
  };
}

/** A rule of `bus` with its targets prepared (their input compiled, their delivery snapshots made). */
export function routeRuleOf(bus: string, rule: BusDocument<RuleDefinition>, deployment: Deployment): RouteRule {
  const arn = ruleArn(deployment, bus, rule.name);
  return { name: rule.name, arn, targets: rule.definition.Targets.map((target) => routeTarget(arn, target)) };
}

function routeTarget(ruleArn: string, target: TargetDefinition): RouteTarget {
  const snapshot = deliveryTargetOf(ruleArn, target);
  const hasInput = target.Input !== undefined || target.InputPath !== undefined || target.InputTransformer !== undefined;
  return {
    id: target.Id,
    render: hasInput
      ? compileTargetInput({
          ...(target.Input !== undefined && { input: target.Input }),
          ...(target.InputPath !== undefined && { inputPath: target.InputPath }),
          ...(target.InputTransformer !== undefined && {
            inputTransformer: {
              inputTemplate: target.InputTransformer.InputTemplate,
              ...(target.InputTransformer.InputPathsMap !== undefined && { inputPathsMap: target.InputTransformer.InputPathsMap }),
            },
          }),
        })
      : undefined,
    snapshot,
    snapshotNotJson: { ...snapshot, payloadNotJson: true },
  };
}
