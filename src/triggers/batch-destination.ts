import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { BatchRecord, InvokeOutcome } from './batch-processor.js';

/**
 * Where a shard consumer hands a batch: the seam between the one stream-consumer loop (leases,
 * checkpoints, batching, filters, retries, bisect, partial failures) and what receives the records —
 * a mapping's function, or a pipe's target. The loop decides everything about retries from the
 * outcome: `functionError` set is a failed delivery; under ReportBatchItemFailures a `payload` with
 * `batchItemFailures` names the failed records by sequence number.
 */
export interface BatchDestination {
  /** The ARN failure records name as `requestContext.functionArn`. */
  readonly arn: string;
  /** The payload for a batch, given its records' JSON joined by commas; default the Lambda event `{"Records":[…]}`. */
  event?(records: string): string;
  /**
   * Delivers a payload (`attempt`: 1 for a batch's first delivery, counting its retries and bisected
   * halves; `records`: the batch it carries, none for a tumbling window's final invocation); rejects
   * only when it never reached the destination (retried without counting).
   */
  deliver(payload: string, attempt: number, records: readonly BatchRecord[]): Promise<InvokeOutcome>;
  /**
   * Its deliveries are writes of the storage engine that keeps the checkpoints (a pipe's bus or queue
   * target): the worker then goes on to the next batch without waiting for a batch's checkpoint, and the
   * next delivery's write shares its commit. A kill may then deliver again the batch before the one in
   * flight as well (at least once, as AWS promises); other destinations keep the narrower promise that
   * only the batch in flight may come again (docs/reliability.md).
   */
  readonly sharesCommits?: boolean;
}

/** A mapping's function as its destination: each payload is one synchronous invocation, waiting while the function is busy. */
export function functionDestination(runtime: Pick<FunctionRuntime, 'invoke'>, functionName: string, functionArn: string): BatchDestination {
  return {
    arn: functionArn,
    async deliver(payload, attempt) {
      const result = await runtime.invoke(functionName, { payload, whenBusy: 'wait', attempt });
      return {
        requestId: result.requestId,
        payload: result.payload,
        ...(result.functionError !== undefined && { functionError: result.functionError }),
      };
    },
  };
}
