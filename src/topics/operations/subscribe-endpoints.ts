import type { Deployment } from '../../shared/arns.js';
import { topicsErrors } from '../topics-errors.js';

/** The protocols Subscribe knows [SEMANTICS E.2 M]. */
const PROTOCOLS = new Set(['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose']);

const SQS_ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):([0-9]{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9$_-]{1,128})?$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$/;

const bad = (message: string) => topicsErrors.invalidParameter(message);

/**
 * The endpoint checked for its protocol [SEMANTICS E.2, E.3]: sqs needs a queue ARN (`Invalid parameter:
 * SQS endpoint ARN` [O]; a queue that does not exist is accepted); a FIFO queue cannot subscribe to a
 * standard topic [O]; only sqs subscribes to a FIFO topic ([D]: lambda cannot; the wording is
 * unconfirmed). The other protocols' wordings are unconfirmed.
 */
export function checkEndpoint(d: Deployment, protocol: string, endpoint: string | undefined, fifoTopic: boolean): string {
  if (!PROTOCOLS.has(protocol)) throw bad(`Invalid parameter: Amazon SNS does not support this protocol string: ${protocol}`);
  const value = endpoint ?? '';
  switch (protocol) {
    case 'sqs': {
      const match = SQS_ARN.exec(value);
      if (!match) throw bad('Invalid parameter: SQS endpoint ARN');
      if (!fifoTopic && match[3]!.endsWith('.fifo')) {
        throw bad('Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
      }
      break;
    }
    case 'lambda':
      if (!LAMBDA_ARN.test(value)) throw bad('Invalid parameter: Lambda endpoint ARN');
      break;
    case 'http':
    case 'https':
      if (!value.startsWith(`${protocol}://`) || !URL.canParse(value)) throw bad('Invalid parameter: Endpoint must match the specified protocol');
      break;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+$/.test(value)) throw bad('Invalid parameter: Email address');
      break;
    case 'sms':
      if (!/^\+?[0-9]{5,15}$/.test(value.replace(/[\s()-]/g, ''))) throw bad('Invalid parameter: SMS endpoint');
      break;
    default: // application, firehose: an ARN
      if (!ARN.test(value)) throw bad(`Invalid parameter: ${protocol === 'firehose' ? 'Firehose' : 'Application'} endpoint ARN`);
  }
  if (fifoTopic && protocol !== 'sqs') throw bad(`Invalid parameter: Invalid protocol type: ${protocol}`);
  return value;
}

/** Same-account sqs and lambda endpoints (and application, firehose, sms) need no confirmation [SEMANTICS E.2 M][O]. */
export function confirmedAtOnce(d: Deployment, protocol: string, endpoint: string): boolean {
  if (protocol === 'sqs' || protocol === 'lambda') return endpoint.split(':')[4] === d.account;
  return protocol === 'application' || protocol === 'firehose' || protocol === 'sms';
}
