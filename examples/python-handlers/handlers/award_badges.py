import os
from datetime import date, datetime, timezone

import boto3
from botocore.exceptions import ClientError

dynamodb = boto3.client("dynamodb")
PLAYS_TABLE = os.environ["PLAYS_TABLE"]
ACHIEVEMENTS_TABLE = os.environ["ACHIEVEMENTS_TABLE"]
# Small Query pages make the pagination loop run; 0 lets DynamoDB fill 1 MB pages.
PAGE_SIZE = int(os.environ.get("PLAYS_PAGE_SIZE", "0"))
STREAK_DAYS = 10


def award_badges(event, context):
    """
    Stream consumer of `plays` (INSERT records): for each player in the batch, read the player's whole
    history and award what it earns. Every award is conditional, so a redelivered batch writes nothing new.
    """
    players = {record["dynamodb"]["Keys"]["playerId"]["S"] for record in event["Records"]}
    for player in sorted(players):
        for badge, title, earned_by in earned_badges(play_history(player)):
            award(player, badge, title, earned_by)


def play_history(player):
    """Every playedAt of the player, page by page: one Query answers at most 1 MB (or Limit items)."""
    plays, start = [], None
    while True:
        params = {
            "TableName": PLAYS_TABLE,
            "KeyConditionExpression": "playerId = :player",
            "ExpressionAttributeValues": {":player": {"S": player}},
            "ProjectionExpression": "playedAt",
        }
        if PAGE_SIZE > 0:
            params["Limit"] = PAGE_SIZE
        if start is not None:
            params["ExclusiveStartKey"] = start
        page = dynamodb.query(**params)
        plays += [item["playedAt"]["S"] for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if start is None:
            return plays


def earned_badges(plays):
    """(badge, title, the play that earned it): the first play, and the first play on the tenth of 10 consecutive UTC days."""
    history = sorted(plays)
    earned = []
    if history:
        earned.append(("first-play", "First play", history[0]))
    previous, run = None, 0
    for play in history:
        try:
            day = date.fromisoformat(play[:10]).toordinal()
        except ValueError:
            continue  # not an ISO time: no day of a streak
        if day == previous:
            continue
        run = run + 1 if previous is not None and day == previous + 1 else 1
        previous = day
        if run == STREAK_DAYS:
            earned.append(("ten-day-streak", "{} days in a row".format(STREAK_DAYS), play))
            break
    return earned


def award(player, badge, title, earned_by):
    try:
        dynamodb.put_item(
            TableName=ACHIEVEMENTS_TABLE,
            Item={
                "playerId": {"S": player},
                "badge": {"S": badge},
                "title": {"S": title},
                "earnedBy": {"S": earned_by},
                "awardedAt": {"S": datetime.now(timezone.utc).isoformat()},
            },
            ConditionExpression="attribute_not_exists(badge)",
        )
        print("awarded {} to {} (earned by the play at {})".format(badge, player, earned_by))
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
