"""A user as the users table holds it, read from a stream record's image."""
from boto3.dynamodb.types import TypeDeserializer

_deserializer = TypeDeserializer()


def user_from_image(image):
    """The plain values of a NewImage / OldImage (`{"name": {"S": "Ada"}}` → `{"name": "Ada"}`)."""
    return {name: _deserializer.deserialize(value) for name, value in image.items()}
