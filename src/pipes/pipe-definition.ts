/** A pipe as stored: the request's members as AWS echoes them, and what Eddy keeps beside them. */
/** The members a pipe's checks read, as CreatePipe sends them or as an update leaves them. */
export interface PipeSettings {
  readonly Source: string;
  readonly SourceParameters?: Record<string, unknown>;
  readonly Enrichment?: string;
  readonly EnrichmentParameters?: Record<string, unknown>;
  readonly Target: string;
  readonly TargetParameters?: Record<string, unknown>;
}

export interface PipeDefinition extends PipeSettings {
  readonly Name: string;
  readonly Arn: string;
  readonly Description?: string;
  readonly DesiredState: 'RUNNING' | 'STOPPED';
  /** Settled: RUNNING or STOPPED (the transient states are only answered by the call that causes them). */
  readonly CurrentState: 'RUNNING' | 'STOPPED';
  readonly StateReason?: string;
  readonly RoleArn: string;
  readonly Tags: Record<string, string>;
  readonly LogConfiguration?: Record<string, unknown>;
  readonly KmsKeyIdentifier?: string;
  /**
   * The id its stream position (leases, checkpoints) is kept under in the trigger store: new for each
   * CreatePipe, so a pipe deleted and created again under the same name starts from its StartingPosition.
   */
  readonly consumerId: string;
}

/** A pipe as the domain reads it: the definition and its stored times (epoch ms). */
export interface Pipe {
  readonly definition: PipeDefinition;
  readonly createdAt: number;
  readonly modifiedAt: number;
}
