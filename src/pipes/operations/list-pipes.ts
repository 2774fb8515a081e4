import { checkPipeRequest } from '../check-pipe-request.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { pipesErrors } from '../pipe-errors.js';
import { listPipesShape } from '../pipe-shapes.js';
import { listView } from '../pipe-views.js';
import type { PipesContext } from '../pipes-context.js';
import { currentState } from './pipe-operations.js';

interface ListPipesInput {
  NamePrefix?: string;
  DesiredState?: string;
  CurrentState?: string;
  SourcePrefix?: string;
  TargetPrefix?: string;
  NextToken?: string;
  Limit?: number;
}

/** Pipes per page when Limit is not given (AWS's default unconfirmed; the model's maximum). */
const DEFAULT_LIMIT = 100;

const tokenOf = (name: string) => Buffer.from(JSON.stringify({ after: name })).toString('base64url');

function afterOf(token: string): string {
  try {
    const after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown }).after;
    if (typeof after === 'string') return after;
  } catch {
    // falls through
  }
  throw pipesErrors.validation('The NextToken is not valid.', [{ name: 'NextToken', message: 'The NextToken is not valid.' }]);
}

/** ListPipes: pipes by name, filtered by the prefixes and states given, a page at a time. */
export async function listPipes(ctx: PipesContext, query: URLSearchParams): Promise<Record<string, unknown>> {
  const raw: Record<string, unknown> = {};
  for (const key of ['NamePrefix', 'DesiredState', 'CurrentState', 'SourcePrefix', 'TargetPrefix', 'NextToken']) {
    const value = query.get(key);
    if (value !== null) raw[key] = value;
  }
  const limitText = query.get('Limit');
  if (limitText !== null) {
    const limit = Number(limitText);
    if (!/^-?\d+$/.test(limitText) || !Number.isSafeInteger(limit)) throw pipesErrors.validation(`Limit must be an integer: ${limitText}`, [{ name: 'Limit', message: 'Must be an integer.' }]);
    raw['Limit'] = limit;
  }
  const input = checkPipeRequest<ListPipesInput>(raw, listPipesShape);
  const after = input.NextToken === undefined ? undefined : afterOf(input.NextToken);
  const limit = input.Limit ?? DEFAULT_LIMIT;
  const candidates = (await ctx.store.list<PipeDefinition>()).filter(({ definition: d }) =>
    (input.NamePrefix === undefined || d.Name.startsWith(input.NamePrefix)) &&
    (input.DesiredState === undefined || d.DesiredState === input.DesiredState) &&
    (input.SourcePrefix === undefined || d.Source.startsWith(input.SourcePrefix)) &&
    (input.TargetPrefix === undefined || d.Target.startsWith(input.TargetPrefix)) &&
    (after === undefined || d.Name > after),
  );
  // The CurrentState shown (STOPPING while a stopped pipe's consumer ends): for the page, or every candidate when filtered on it.
  const shown = async (pipes: typeof candidates) => Promise.all(pipes.map(async (stored) => ({ stored, current: await currentState(ctx, stored.definition) })));
  const matching = input.CurrentState === undefined ? candidates.map((stored) => ({ stored, current: undefined as string | undefined })) : (await shown(candidates)).filter((p) => p.current === input.CurrentState);
  const page = matching.slice(0, limit);
  const views = input.CurrentState === undefined ? await shown(page.map((p) => p.stored)) : page;
  return {
    Pipes: views.map(({ stored, current }) => listView({ definition: stored.definition, createdAt: stored.createdAt, modifiedAt: stored.modifiedAt }, current)),
    ...(matching.length > limit && { NextToken: tokenOf(page.at(-1)!.stored.name) }),
  };
}
