import os

import search_index
from users import user_from_image

index = search_index.open_for_writing(os.environ["SEARCH_INDEX_FILE"])


def index_users(event, context):
    """Stream consumer of `users`: INSERT and MODIFY index the user, REMOVE takes it out of the index."""
    upserts, removals = [], []
    for record in event["Records"]:
        if record["eventName"] in ("INSERT", "MODIFY"):
            upserts.append(user_from_image(record["dynamodb"]["NewImage"]))
        elif record["eventName"] == "REMOVE":
            removals.append(record["dynamodb"]["Keys"]["id"]["S"])
    search_index.apply(index, upserts, removals)
    print("indexed {} user(s), removed {}".format(len(upserts), len(removals)))
