import type { BusContext } from '../bus-context.js';
import { setRuleState } from './rule-state.js';

/** EnableRule: the rule matches events, and fires on its schedule, again. */
export const enableRule = (ctx: BusContext, input: Record<string, unknown>): Promise<unknown> => setRuleState(ctx, input, 'ENABLED');
