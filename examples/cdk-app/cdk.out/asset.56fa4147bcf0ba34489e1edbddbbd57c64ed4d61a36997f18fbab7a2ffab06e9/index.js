"use strict";
// Bundled by the CDK (NodejsFunction → esbuild, CommonJS) from src/orders.ts; @aws-sdk/* is left to the
// Lambda runtime's SDK (and, under Eddy, to the SDK installed beside the app).
const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");

const db = new DynamoDBClient({});
const sqs = new SQSClient({});

// OrderStreamHandler: the table's stream (INSERTs of ORDER# items, by the event source's filter) → one
// message per new order on the receipts queue.
exports.onOrder = async (event) => {
  for (const record of event.Records) {
    const image = record.dynamodb.NewImage ?? {};
    const pk = image.pk?.S ?? "";
    if (!pk.startsWith("ORDER#")) continue;
    await sqs.send(new SendMessageCommand({
      QueueUrl: process.env.QUEUE_URL,
      MessageBody: JSON.stringify({ orderId: pk.slice("ORDER#".length), total: image.total?.N ?? "0" }),
    }));
  }
};

// OrderReceiptHandler: the receipts queue → a RECEIPT# item beside the order.
exports.onReceipt = async (event) => {
  for (const message of event.Records) {
    const { orderId, total } = JSON.parse(message.body);
    await db.send(new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        pk: { S: `RECEIPT#${orderId}` },
        sk: { S: "RECEIPT" },
        total: { N: total },
        messageId: { S: message.messageId },
      },
    }));
  }
};
