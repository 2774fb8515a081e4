import type { BusContext } from '../bus-context.js';
import { setRuleState } from './rule-state.js';

/** DisableRule: the rule matches nothing and does not fire until enabled. */
export const disableRule = (ctx: BusContext, input: Record<string, unknown>): Promise<unknown> => setRuleState(ctx, input, 'DISABLED');
