import logging
import os
from datetime import datetime, timezone

import boto3
from botocore.exceptions import ClientError

from users import user_from_image

# Lambda's runtime formats the root logger's records (level, time, request id); errors pass its default WARNING level.
logger = logging.getLogger(__name__)

contacts = boto3.resource("dynamodb").Table(os.environ["CRM_TABLE"])

FREE_MAIL = {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me", "gmx.net"}


class CrmError(Exception):
    """The CRM refused a contact."""


def contact_of(user):
    """The user as the sales team's CRM wants it: derived from the user alone, so a redelivery writes the same contact."""
    domain = user["email"].rpartition("@")[2]
    first, _, last = user["name"].partition(" ")
    business = domain not in FREE_MAIL
    contact = {
        "userId": user["id"],
        "email": user["email"],
        "emailDomain": domain,
        "firstName": first,
        "lastName": last,
        "accountType": "business" if business else "personal",
        "lifecycleStage": "lead" if business else "subscriber",
        "signupDate": user["createdAt"][:10],
        "deleted": False,
    }
    if "company" in user:
        contact["company"] = user["company"]
    return contact


def save(contact):
    try:
        contacts.put_item(Item=contact)
    except ClientError as error:
        raise CrmError("{}: {}".format(error.response["Error"]["Code"], error.response["Error"]["Message"]))


def sync_crm(event, context):
    """
    Stream consumer of `users`: INSERT and MODIFY copy the contact to the CRM, REMOVE keeps it marked
    deleted. A contact the CRM refuses is logged and skipped: one bad user does not hold back the others.
    """
    for record in event["Records"]:
        if record["eventName"] == "REMOVE":
            contact = contact_of(user_from_image(record["dynamodb"]["OldImage"]))
            at = record["dynamodb"]["ApproximateCreationDateTime"]
            contact.update(deleted=True, deletedAt=datetime.fromtimestamp(at, timezone.utc).isoformat())
        else:
            contact = contact_of(user_from_image(record["dynamodb"]["NewImage"]))
        try:
            save(contact)
        except CrmError as error:
            logger.error("CRM refused user %s: %s", contact["userId"], error)
