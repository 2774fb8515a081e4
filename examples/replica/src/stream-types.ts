/**
 * The DynamoDB stream event Lambda hands a trigger, declared here so the handler needs no
 * @types/aws-lambda. Attribute values arrive as DynamoDB JSON, binary ones base64-encoded.
 */

export interface StreamAttributeValue {
  S?: string;
  N?: string;
  /** base64 */
  B?: string;
  SS?: string[];
  NS?: string[];
  /** base64 */
  BS?: string[];
  M?: Record<string, StreamAttributeValue>;
  L?: StreamAttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type StreamImage = Record<string, StreamAttributeValue>;

export interface DynamoDBRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSourceARN: string;
  dynamodb: {
    Keys: StreamImage;
    NewImage?: StreamImage;
    OldImage?: StreamImage;
    SequenceNumber: string;
    StreamViewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
  };
}

export interface DynamoDBStreamEvent {
  Records: DynamoDBRecord[];
}
