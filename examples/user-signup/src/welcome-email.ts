import { inOrder } from './in-order.js';
import type { BatchResponse, StreamEvent } from './lambda-types.js';
import { sendMail, SmtpError, type MailMessage } from './smtp-client.js';
import { userFromImage, type User } from './user.js';

const server = { host: process.env.SMTP_HOST ?? '127.0.0.1', port: Number(process.env.SMTP_PORT ?? '2525') };
const from = process.env.MAIL_FROM ?? 'welcome@signup.example.com';

export function welcomeMessage(user: User, sender: string): MailMessage {
  const firstName = user.name.split(' ')[0];
  return {
    from: sender,
    fromName: 'The Eddy team',
    to: user.email,
    toName: user.name,
    subject: `Welcome, ${user.name}!`,
    messageId: `<welcome-${user.id}@signup.example.com>`,
    text: [
      `Hi ${firstName},`,
      '',
      'Thanks for signing up. Your account is ready:',
      '',
      `  id:    ${user.id}`,
      `  email: ${user.email}`,
      '',
      'See you soon!',
      '',
    ].join('\n'),
  };
}

/**
 * Stream consumer for INSERTs (the mapping's filter pattern drops MODIFY and REMOVE before they reach
 * it). Messages go out one by one in stream order; with ReportBatchItemFailures a failure reports that
 * user and the ones after it, so the users before it — already emailed — are not emailed again when the
 * batch is retried. While the mail server is down the mapping keeps retrying with backoff, holding back
 * only this consumer; the search index and the CRM go on. A 5xx reply (the server refuses the address
 * for good) is logged and skipped: retrying would block every later welcome email forever.
 */
export const handler = (event: StreamEvent): Promise<BatchResponse> =>
  inOrder(event.Records, async (record) => {
    if (record.eventName !== 'INSERT') return; // only with a mapping made without the filter
    const user = userFromImage(record.dynamodb.NewImage!);
    try {
      await sendMail(server, welcomeMessage(user, from));
      console.log(`welcome email sent to ${user.email}`);
    } catch (error) {
      if (!(error instanceof SmtpError && error.permanent)) throw error;
      console.error(`welcome email to ${user.email} refused, not retried: ${error.message}`);
    }
  }, 'welcome email');
