import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CapturedMessage, TopicActivity } from './topic-activity.js';

/**
 * Email, email-json and sms subscriptions' messages are captured, never sent (issue 19): each is written
 * as `<dir>/<topic>/<timestamp>-<messageId>.json` (`{ to, subject, body, … }`; `dir` is
 * `<data>/sns-email`) and emitted on the activity feed `eddy topics tail` reads. With in-memory storage
 * there is no folder: the feed only.
 */
export class EmailCapture {
  readonly #dir: string | undefined;
  readonly #activity: TopicActivity;

  constructor(dir: string | undefined, activity: TopicActivity) {
    this.#dir = dir;
    this.#activity = activity;
  }

  /** Writes and emits one captured message (a retry of the same message overwrites its own file). */
  async capture(message: Omit<CapturedMessage, 'type' | 'file'>): Promise<void> {
    let file: string | undefined;
    if (this.#dir !== undefined) {
      const topic = message.topicArn.split(':').at(-1) ?? 'topic';
      const folder = join(this.#dir, topic);
      file = join(folder, `${message.timestamp.replace(/:/g, '-')}-${message.messageId}.json`);
      await mkdir(folder, { recursive: true });
      const { to, subject, body, protocol, topicArn, subscriptionArn, messageId, timestamp } = message;
      await writeFile(file, `${JSON.stringify({ to, ...(subject !== undefined && { subject }), body, protocol, topicArn, subscriptionArn, messageId, timestamp }, null, 2)}\n`);
    }
    this.#activity.emit({ type: 'captured', ...message, ...(file !== undefined && { file }) });
  }
}
