import type { Pipe, PipeDefinition } from './pipe-definition.js';

const seconds = (ms: number) => ms / 1000;

/** What Create, Start, Stop, Update and Delete answer: the pipe's identity and the state the call moves it through. */
export function stateView(pipe: Pipe, states: { desired: string; current: string }): Record<string, unknown> {
  return {
    Arn: pipe.definition.Arn,
    Name: pipe.definition.Name,
    DesiredState: states.desired,
    CurrentState: states.current,
    CreationTime: seconds(pipe.createdAt),
    LastModifiedTime: seconds(pipe.modifiedAt),
  };
}

/**
 * DescribePipe's answer: every stored member as sent (Tags included), but an emptied Enrichment.
 * `current`: the CurrentState to show instead of the stored one (STOPPING while a stopped pipe's consumer ends).
 */
export function describeView(pipe: Pipe, current?: string): Record<string, unknown> {
  const { consumerId: _consumer, Enrichment, ...members } = pipe.definition;
  // An UpdatePipe with Enrichment "" removes the enrichment: it is not shown (unconfirmed).
  return {
    ...members,
    ...(current !== undefined && { CurrentState: current }),
    ...(Enrichment !== undefined && Enrichment !== '' && { Enrichment }),
    CreationTime: seconds(pipe.createdAt),
    LastModifiedTime: seconds(pipe.modifiedAt),
  };
}

/** One ListPipes entry (the model's `Pipe`); `current` as for describeView. */
export function listView(pipe: Pipe, current?: string): Record<string, unknown> {
  const d: PipeDefinition = pipe.definition;
  return {
    Name: d.Name,
    Arn: d.Arn,
    DesiredState: d.DesiredState,
    CurrentState: current ?? d.CurrentState,
    ...(d.StateReason !== undefined && { StateReason: d.StateReason }),
    CreationTime: seconds(pipe.createdAt),
    LastModifiedTime: seconds(pipe.modifiedAt),
    Source: d.Source,
    Target: d.Target,
    ...(d.Enrichment !== undefined && d.Enrichment !== '' && { Enrichment: d.Enrichment }),
  };
}
