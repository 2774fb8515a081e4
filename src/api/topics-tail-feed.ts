import type { TopicActivity } from '../topics/delivery/topic-activity.js';
import type { AdminFeed } from './admin-api.js';

/** The path of the feed `eddy topics tail` reads: `GET /_eddy/topics/tail[?all=true][&topic=NAME]`. */
export const TOPICS_TAIL_PATH = /^\/_eddy\/topics\/tail$/;

/** While more than this waits for a slow reader, messages are skipped (and counted) rather than buffered. */
const MAX_BACKLOG_BYTES = 1024 * 1024;

/**
 * Topic activity as Server-Sent Events: `ready` once listening (`{"all":bool,"topic":NAME|null,"scope":"node"}`),
 * then `captured` messages (email, email-json and sms copies, never sent) and, with `all=true`, `delivery`
 * messages (each attempt's outcome), as JSON; `skipped` (`{"type":"skipped","messages":N}`) before the
 * first message sent after the reader fell behind. This node's activity only.
 */
export function topicsTailFeed(activity: TopicActivity): AdminFeed {
  return async ({ query, send, backlog, signal }) => {
    const all = query.get('all') === 'true' || query.get('all') === '1';
    const topic = query.get('topic') || undefined;
    let skipped = 0;
    const unsubscribe = activity.subscribe((message) => {
      if (message.type === 'delivery' && !all) return;
      if (topic !== undefined && message.topicArn.split(':').at(-1) !== topic) return;
      if (backlog() > MAX_BACKLOG_BYTES) {
        skipped++;
        return;
      }
      if (skipped > 0) {
        send('skipped', JSON.stringify({ type: 'skipped', messages: skipped }));
        skipped = 0;
      }
      send(message.type, JSON.stringify(message));
    });
    try {
      send('ready', JSON.stringify({ all, topic: topic ?? null, scope: 'node' }));
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    } finally {
      unsubscribe();
    }
  };
}
