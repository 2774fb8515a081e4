/**
 * The shapes Lambda hands a DynamoDB stream trigger with a tumbling window, declared here so the
 * handler needs no @types/aws-lambda. Attribute values arrive as DynamoDB JSON (`{ "S": "…" }`).
 */

export interface StreamAttributeValue {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: Record<string, StreamAttributeValue>;
  L?: StreamAttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export interface DynamoDBRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSourceARN: string;
  dynamodb: {
    Keys: Record<string, StreamAttributeValue>;
    NewImage?: Record<string, StreamAttributeValue>;
    OldImage?: Record<string, StreamAttributeValue>;
    SequenceNumber: string;
    ApproximateCreationDateTime: number;
  };
}

/** The event of a mapping with TumblingWindowInSeconds: the batch plus the window and its state. */
export interface DynamoDBTimeWindowEvent<State> {
  Records: DynamoDBRecord[];
  window: { start: string; end: string };
  /** What the previous invocation of this window returned; `{}` at the window's first. */
  state: State | Record<string, never>;
  shardId: string;
  eventSourceARN: string;
  /** The window has ended: this invocation closes it (it carries no new records on Eddy). */
  isFinalInvokeForWindow: boolean;
  /** The window ended before its time because the state outgrew 1 MB. */
  isWindowTerminatedEarly: boolean;
}

/** A response without `state` counts as a failed invocation. */
export interface TimeWindowResponse<State> {
  state: State | Record<string, never>;
}
