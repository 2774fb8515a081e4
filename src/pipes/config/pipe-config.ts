import type { FilterPattern } from '../../config/config-types.js';

/**
 * A pipe's source in `eddy.config.ts`: a table's stream (DynamoDBStreamParameters in camelCase, durations
 * in seconds) or a queue (SqsQueueParameters).
 */
export type PipeSourceConfig =
  | {
      /** A table with a stream, of this config or created through the API. */
      stream: string;
      /** Default TRIM_HORIZON, as the config's stream events; read only when the pipe is created (a change recreates the pipe). */
      startingPosition?: 'TRIM_HORIZON' | 'LATEST';
      /** 1–10000, default 100; at most 10 for a bus or queue target. */
      batchSize?: number;
      /** Seconds, 0–300. */
      maximumBatchingWindow?: number;
      /** 1–10. */
      parallelizationFactor?: number;
      /** -1 (until the record expires) or 0–10000. */
      maximumRetryAttempts?: number;
      /** Seconds: -1 (no limit) or 60–604800. */
      maximumRecordAge?: number;
      onPartialBatchItemFailure?: 'AUTOMATIC_BISECT';
      /** Where discarded records' failure records go: a queue, or a topic they are published to (DeadLetterConfig takes either for stream sources). */
      deadLetter?: { queue: string } | { topic: string };
    }
  | {
      /** A queue of this config, or created through the API. */
      queue: string;
      /** 1–10000, default 10. */
      batchSize?: number;
      /** Seconds, 0–300. */
      maximumBatchingWindow?: number;
    };

/**
 * An HTTP endpoint a pipe calls, as a rule's `http` target names one: an API destination is made for it
 * (`pipe.<pipe>.target` or `pipe.<pipe>.enrichment`), created and updated with the config, deleted with the pipe.
 */
export interface PipeHttpEndpoint {
  /** https:// (or http:// for a local server); `*` in the path is filled from httpParameters.pathParameterValues. */
  url: string;
  /** Default POST. */
  method?: 'POST' | 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'PATCH' | 'DELETE';
  /** A connection of this config, or one created through the API. */
  connection: string;
}

/** An HTTP end of a pipe: an endpoint the config makes an API destination for, or an API destination created through the API. */
export type PipeHttpRef = { readonly http: PipeHttpEndpoint } | { readonly apiDestination: string };

/** TargetParameters.HttpParameters / EnrichmentParameters.HttpParameters: each value a text (the connection's own parameters win). */
export interface PipeHttpParameters {
  pathParameterValues?: readonly string[];
  headerParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
}

/** Where a pipe delivers: exactly one of bus, queue, topic, function, http, apiDestination. Strings starting `$.` are paths into each record, as AWS. */
export type PipeTargetConfig = (
  | { bus: string; source?: string; detailType?: string; resources?: readonly string[]; time?: string }
  | { queue: string; messageGroupId?: string; messageDeduplicationId?: string }
  /** An SNS topic of this config or created through the API: each record is published as the Message (a FIFO topic's ids as a queue's, unconfirmed). */
  | { topic: string; messageGroupId?: string; messageDeduplicationId?: string }
  /** Default REQUEST_RESPONSE. */
  | { function: string; invocationType?: 'REQUEST_RESPONSE' | 'FIRE_AND_FORGET' }
  /** One call per record (the source's batchSize must be 1, its default with an http target). */
  | { http: PipeHttpEndpoint; httpParameters?: PipeHttpParameters }
  /** An API destination created through the API (CreateApiDestination), by name; one call per record likewise. */
  | { apiDestination: string; httpParameters?: PipeHttpParameters }
) & {
  /** TargetParameters.InputTemplate: `<$.path>` and `<aws.pipes.*>` placeholders. */
  inputTemplate?: string;
};

/**
 * `pipes: { name: … }` in `eddy.config.ts`: an EventBridge pipe (source → filter → enrichment → target),
 * created at start through CreatePipe's operation, updated when changed, deleted when dropped (`eddy dev`).
 */
export interface PipeConfig {
  source: PipeSourceConfig;
  /** Up to 5 patterns; a record goes on when any matches. */
  filter?: readonly FilterPattern[];
  /** A function, or an HTTP endpoint (whose answer's body is what goes on) or API destination by name, each given the batch through inputTemplate. */
  enrichment?: ({ function: string } | { http: PipeHttpEndpoint; httpParameters?: PipeHttpParameters } | { apiDestination: string; httpParameters?: PipeHttpParameters }) & {
    inputTemplate?: string;
  };
  target: PipeTargetConfig;
  description?: string;
  /** Default true (DesiredState RUNNING); false stores the pipe STOPPED. */
  enabled?: boolean;
  tags?: Record<string, string>;
}

/** A validated config pipe: the CreatePipe request it stands for, with names where ARNs go (pipeRequest fills them in; an `http` block's API destination is made when applied). */
export interface NormalizedPipe {
  /** CreatePipe's body without Source, Target, Enrichment, RoleArn and the dead-letter ARN. */
  readonly request: Record<string, unknown>;
  readonly refs: {
    readonly source: { readonly stream: string } | { readonly queue: string };
    readonly target: { readonly bus: string } | { readonly queue: string } | { readonly topic: string } | { readonly function: string } | PipeHttpRef;
    readonly enrichment?: { readonly function: string } | PipeHttpRef;
    /** The dead-letter queue's name. */
    readonly deadLetter?: string;
    /** Or the dead-letter topic's. */
    readonly deadLetterTopic?: string;
  };
}
