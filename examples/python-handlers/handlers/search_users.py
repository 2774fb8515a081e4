import json
import os

import search_index


def search_users(event, context):
    """GET /users/search?q=…: the users whose name, email or company match every word (as prefixes)."""
    text = (event.get("queryStringParameters") or {}).get("q", "")
    index = search_index.open_for_reading(os.environ["SEARCH_INDEX_FILE"])
    hits = [] if index is None else search_index.search(index, text)
    if index is not None:
        index.close()
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"users": hits})}
