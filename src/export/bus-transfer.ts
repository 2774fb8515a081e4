import { eventBridgeOperations } from '../api/eventbridge-service.js';
import type { BusContext } from '../bus/bus-context.js';
import { ServiceError } from '../shared/service-error.js';
import { currentArn } from './connection-transfer.js';
import type { ExportLine } from './export-format.js';

type Shape = Record<string, unknown>;

const call = async (ctx: BusContext, operation: string, input: Shape): Promise<Shape> => (await eventBridgeOperations[operation]!(ctx, input)) as Shape;

/** Every page of a List… operation's `member`. */
async function* listed(ctx: BusContext, operation: string, input: Shape, member: string): AsyncGenerator<Shape> {
  let NextToken: unknown;
  do {
    const page = await call(ctx, operation, { ...input, ...(NextToken !== undefined && { NextToken }) });
    yield* (page[member] as Shape[] | undefined) ?? [];
    NextToken = page['NextToken'];
  } while (NextToken !== undefined);
}

const pick = (from: Shape, names: readonly string[]): Shape => Object.fromEntries(names.filter((name) => from[name] !== undefined).map((name) => [name, from[name]]));

/**
 * Every bus (`default` without a create: it always exists) with its policy (PutPermission's whole `Policy`),
 * each followed by its rules with their targets.
 * Rules a service manages (ManagedBy: an archive's) are left to that service.
 */
export async function* busLines(ctx: BusContext): AsyncGenerator<string> {
  for await (const summary of listed(ctx, 'ListEventBuses', {}, 'EventBuses')) {
    const name = summary['Name'] as string;
    let create: Shape | undefined;
    const bus = await call(ctx, 'DescribeEventBus', { Name: name });
    const policy = bus['Policy'] as string | undefined;
    if (name !== 'default') {
      const { Tags } = await call(ctx, 'ListTagsForResource', { ResourceARN: bus['Arn'] });
      create = { ...pick(bus, ['Name', 'Description', 'KmsKeyIdentifier', 'DeadLetterConfig', 'LogConfig']), ...(Array.isArray(Tags) && Tags.length > 0 && { Tags }) };
    }
    yield JSON.stringify({ type: 'bus', name, ...(create && { create }), ...(policy !== undefined && { policy }) });
    for await (const rule of listed(ctx, 'ListRules', { EventBusName: name }, 'Rules')) {
      if (rule['ManagedBy'] !== undefined) continue;
      const { Tags } = await call(ctx, 'ListTagsForResource', { ResourceARN: rule['Arn'] });
      const put = { ...pick(rule, ['Name', 'EventPattern', 'ScheduleExpression', 'State', 'Description', 'RoleArn']), EventBusName: name, ...(Array.isArray(Tags) && Tags.length > 0 && { Tags }) };
      const targets: Shape[] = [];
      for await (const target of listed(ctx, 'ListTargetsByRule', { Rule: rule['Name'], EventBusName: name }, 'Targets')) targets.push(target);
      yield JSON.stringify({ type: 'rule', bus: name, name: rule['Name'], put, targets });
    }
  }
}

/** Import of buses and rules: each created (PutRule, then PutTargets) unless one of that name exists, which is kept. */
export class BusLoader {
  readonly #ctx: BusContext;

  constructor(ctx: BusContext) {
    this.#ctx = ctx;
  }

  /** A kept bus keeps its policy; `default`, which always exists, takes the file's when it has none. */
  async define(line: Extract<ExportLine, { type: 'bus' }>): Promise<boolean> {
    if (await this.#exists('DescribeEventBus', { Name: line.name })) {
      if (line.name === 'default' && line.policy !== undefined && (await call(this.#ctx, 'DescribeEventBus', { Name: 'default' }))['Policy'] === undefined) {
        await call(this.#ctx, 'PutPermission', { EventBusName: 'default', Policy: line.policy });
      }
      return false;
    }
    await call(this.#ctx, 'CreateEventBus', { ...line.create, Name: line.name });
    if (line.policy !== undefined) await call(this.#ctx, 'PutPermission', { EventBusName: line.name, Policy: line.policy });
    return true;
  }

  async rule(line: Extract<ExportLine, { type: 'rule' }>): Promise<boolean> {
    if (await this.#exists('DescribeRule', { Name: line.name, EventBusName: line.bus })) return false;
    await call(this.#ctx, 'PutRule', { ...line.put, Name: line.name, EventBusName: line.bus });
    // An API destination's ARN ends in an id the import made anew.
    const targets = await Promise.all((line.targets ?? []).map(async (target) => ({ ...target, Arn: await currentArn(this.#ctx, target['Arn'] as string) })));
    for (let at = 0; at < targets.length; at += 10) {
      // PutTargets takes 10 at a time; a target it refuses is an error of the import, not a partial rule.
      const answer = await call(this.#ctx, 'PutTargets', { Rule: line.name, EventBusName: line.bus, Targets: targets.slice(at, at + 10) });
      const failed = answer['FailedEntries'] as { TargetId?: string; ErrorMessage?: string }[] | undefined;
      if (failed && failed.length > 0) throw new Error(`rule ${line.name}: target ${failed[0]!.TargetId}: ${failed[0]!.ErrorMessage}`);
    }
    return true;
  }

  async #exists(operation: string, input: Shape): Promise<boolean> {
    try {
      await call(this.#ctx, operation, input);
      return true;
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'ResourceNotFoundException') return false;
      throw error;
    }
  }
}
