interface SqsRecord {
  messageId: string;
  body: string;
  attributes: { ApproximateReceiveCount: string };
}
type SqsEvent = { Records: SqsRecord[] };

export const ok = async (event: SqsEvent) => ({ bodies: event.Records.map((r) => r.body) });

export const failing = async (event: SqsEvent) => {
  if (event.Records.some((r) => r.body.startsWith('fail'))) throw new Error('a failing message');
  return { bodies: event.Records.map((r) => r.body) };
};

export const partial = async (event: SqsEvent) => ({
  batchItemFailures: event.Records.filter((r) => r.body.startsWith('bad')).map((r) => ({ itemIdentifier: r.messageId })),
});

export const unreadable = async () => ({ batchItemFailures: [{ itemIdentifier: '' }] });

export const flaky = async (event: SqsEvent) => {
  if (event.Records.some((r) => r.body.endsWith('!') && r.attributes.ApproximateReceiveCount === '1')) throw new Error('first try');
  return { bodies: event.Records.map((r) => r.body) };
};
