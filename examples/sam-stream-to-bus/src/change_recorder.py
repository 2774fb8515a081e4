import os

import boto3
from boto3.dynamodb.types import TypeDeserializer

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
deserialize = TypeDeserializer().deserialize
# Keys and who wrote it are not "what changed".
IGNORED = {"PK", "SK", "GSI1PK", "GSI1SK", "updatedBy"}


def handler(record, context):
    """
    Gets a stream record (the rule's InputPath is $.detail) of an order or user created or changed, and
    writes what changed as a history item: HIST#<PK> / <SK>#<sequence number>. Writing it twice (a retried
    delivery) writes the same item again.
    """
    images = record["dynamodb"]
    old = image_of(images.get("OldImage"))
    new = image_of(images.get("NewImage"))
    changes = {}
    for name in sorted(set(old) | set(new)):
        if name in IGNORED or old.get(name) == new.get(name):
            continue
        changes[name] = {"from": old.get(name), "to": new.get(name)}
    keys = image_of(images["Keys"])
    table.put_item(Item={
        "PK": "HIST#" + keys["PK"],
        "SK": "{}#{}".format(keys["SK"], images["SequenceNumber"].zfill(40)),
        "GSI1PK": "WHO#" + str(new.get("updatedBy", "unknown")),
        "GSI1SK": record["eventID"],
        "event": record["eventName"],
        "changes": changes,
    })
    return {"recorded": len(changes)}


def image_of(image):
    return {name: deserialize(value) for name, value in (image or {}).items()}
