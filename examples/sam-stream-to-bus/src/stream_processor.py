import json
import os
from datetime import datetime, timezone

import boto3

events = boto3.client("events")
EVENT_BUS = os.environ["EVENT_BUS"]
EVENT_SOURCE = os.environ["EVENT_SOURCE"]
# PutEvents takes at most 10 entries a call.
BATCH = 10


def handler(event, context):
    """
    The table's stream consumer: every record onto the bus (detail-type = eventName, detail = the record),
    10 entries a call. A refused entry is reported with ReportBatchItemFailures, so Lambda retries the
    batch from that record on.
    """
    records = event["Records"]
    for start in range(0, len(records), BATCH):
        batch = records[start:start + BATCH]
        response = events.put_events(Entries=[entry_of(record) for record in batch])
        for record, result in zip(batch, response["Entries"]):
            if "ErrorCode" in result:
                print("not forwarded: {} {}: {}".format(record["eventID"], result["ErrorCode"], result.get("ErrorMessage")))
                return {"batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]}
    return {"batchItemFailures": []}


def entry_of(record):
    return {
        "EventBusName": EVENT_BUS,
        "Source": EVENT_SOURCE,
        "DetailType": record["eventName"],
        "Detail": json.dumps(record),
        "Resources": [record["eventSourceARN"]],
        "Time": datetime.fromtimestamp(record["dynamodb"]["ApproximateCreationDateTime"], timezone.utc),
    }
