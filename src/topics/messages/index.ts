// SNS messages: Publish / PublishBatch input checks, delivery documents, signatures and Eddy's signing certificate (pure; no storage, no HTTP).
export { type Checked, type SnsInputError } from './input-error.js';
export {
  checkMessageAttributes, envelopeAttributes, publishSize, sqsAttributes,
  type MessageAttribute, type MessageAttributeInput, type MessageAttributes, type SqsMessageAttribute,
} from './message-attributes.js';
export { messageFor, parseMessageStructure, STRUCTURE_PROTOCOLS, type MessageBodies } from './message-structure.js';
export {
  checkPublish, DEFAULT_MAXIMUM_MESSAGE_SIZE, publishTarget,
  type CheckedMessage, type PublishInput, type PublishTarget, type TopicFacts,
} from './publish-input.js';
export { checkPublishBatch, MAX_BATCH_ENTRIES, type CheckedBatchEntry, type PublishBatchEntryInput } from './publish-batch-input.js';
export { snsTimestamp, type PublishedMessage, type SigningContext, type SubscriptionFacts } from './published-message.js';
export { lambdaEvent, notificationEnvelope, presignNotifications } from './notification-envelope.js';
export {
  subscriptionConfirmation, unsubscribeConfirmation,
  type SubscriptionConfirmationFacts, type UnsubscribeConfirmationFacts,
} from './confirmation-documents.js';
export { MAX_RAW_SQS_ATTRIBUTES, sqsDelivery, type SqsDelivery } from './sqs-delivery.js';
export { DEFAULT_HTTP_CONTENT_TYPE, headerContentTypeOf, httpHeaders, httpNotification, type SnsDocumentType } from './http-delivery.js';
export { CONFIRMATION_SIGNED_KEYS, NOTIFICATION_SIGNED_KEYS, stringToSign } from './string-to-sign.js';
export { SIGNING_CERT_PATH_PREFIX, signingCertPath, signingCertUrl, subscribeUrl, unsubscribeUrl } from './message-urls.js';
export {
  generateSigningIdentity, loadSigningIdentity, SIGNING_CERT_SUBJECT, SigningIdentity,
  type SignatureVersion, type StoredSigningIdentity,
} from './signing-identity.js';
