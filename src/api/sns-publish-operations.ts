import type { MessageAttributeInput, PublishBatchEntryInput, PublishInput } from '../topics/messages/index.js';
import { publish, publishBatch, type PublishBatchInput } from '../topics/publish/publish.js';
import type { PublishContext } from '../topics/publish/publish-context.js';
import type { QueryOperation } from './query-protocol/query-service.js';
import { bool, list, map, str, struct } from './query-protocol/query-shapes.js';

/** Shapes from botocore's sns/2010-03-31 model (PublishInput, PublishBatchInput) [SEMANTICS E.1, E.2]. */
const ATTRIBUTES = map(struct({ DataType: str, StringValue: str, BinaryValue: str }), { key: 'Name', value: 'Value' });
const MESSAGE = { Message: str, Subject: str, MessageStructure: str, MessageAttributes: ATTRIBUTES, MessageDeduplicationId: str, MessageGroupId: str };
// Message and Id are required by the model; their absence is left to the checks, which answer as SNS does (§E.2).
const PUBLISH = struct({ TopicArn: str, TargetArn: str, PhoneNumber: str, ...MESSAGE });
const PUBLISH_BATCH = struct({ TopicArn: str, PublishBatchRequestEntries: list(struct({ Id: str, ...MESSAGE })) }, ['TopicArn', 'PublishBatchRequestEntries']);
const BATCH_RESULT = struct({
  Successful: list(struct({ Id: str, MessageId: str, SequenceNumber: str })),
  Failed: list(struct({ Id: str, Code: str, Message: str, SenderFault: bool })),
});

type WireAttributes = Record<string, { DataType?: string; StringValue?: string; BinaryValue?: string }>;

/** BinaryValue is a blob: base64 on the wire, bytes for the checks. */
function attributesOf(wire: WireAttributes | undefined): Record<string, MessageAttributeInput> | undefined {
  if (wire === undefined) return undefined;
  const out: Record<string, MessageAttributeInput> = {};
  for (const [name, value] of Object.entries(wire)) {
    Object.defineProperty(out, name, {
      value: value.BinaryValue === undefined ? value : { ...value, BinaryValue: Buffer.from(value.BinaryValue, 'base64') },
      enumerable: true,
    });
  }
  return out;
}

/** Publish and PublishBatch, joined to snsService's operation table. */
export function publishOperations(ctx: PublishContext): [string, QueryOperation][] {
  return [
    [
      'Publish',
      {
        input: PUBLISH,
        output: struct({ MessageId: str, SequenceNumber: str }),
        handle: async (input) => {
          const wire = input as PublishInput & { MessageAttributes?: WireAttributes };
          const attributes = attributesOf(wire.MessageAttributes);
          return publish(ctx, { ...wire, ...(attributes !== undefined && { MessageAttributes: attributes }) });
        },
      },
    ],
    [
      'PublishBatch',
      {
        input: PUBLISH_BATCH,
        output: BATCH_RESULT,
        handle: async (input) => {
          const wire = input as { TopicArn: string; PublishBatchRequestEntries?: (PublishBatchEntryInput & { MessageAttributes?: WireAttributes })[] };
          const entries = wire.PublishBatchRequestEntries?.map((entry) => {
            const attributes = attributesOf(entry.MessageAttributes);
            return { ...entry, ...(attributes !== undefined && { MessageAttributes: attributes }) };
          });
          const batch: PublishBatchInput = { TopicArn: wire.TopicArn, ...(entries !== undefined && { PublishBatchRequestEntries: entries }) };
          return publishBatch(ctx, batch);
        },
      },
    ],
  ];
}
