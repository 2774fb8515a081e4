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

/** DescribePipe's answer: every stored member as sent (Tags included), but an emptied Enrichment. */
export function describeView(pipe: Pipe): Record<string, unknown> {
  const { consumerId: _consumer, Enrichment, ...members } = pipe.definition;
  // An UpdatePipe with Enrichment "" removes the enrichment: it is not shown (unconfirmed).
  return {
    ...members,
    ...(Enrichment !== undefined && Enrichment !== '' && { Enrichment }),
    CreationTime: seconds(pipe.createdAt),
    LastModifiedTime: seconds(pipe.modifiedAt),
  };
}

/** One ListPipes entry (the model's `Pipe`). */
export function listView(pipe: Pipe): Record<string, unknown> {
  const d: PipeDefinition = pipe.definition;
  return {
    Name: d.Name,
    Arn: d.Arn,
    DesiredState: d.DesiredState,
    CurrentState: d.CurrentState,
    ...(d.StateReason !== undefined && { StateReason: d.StateReason }),
    CreationTime: seconds(pipe.createdAt),
    LastModifiedTime: seconds(pipe.modifiedAt),
    Source: d.Source,
    Target: d.Target,
    ...(d.Enrichment !== undefined && d.Enrichment !== '' && { Enrichment: d.Enrichment }),
  };
}
