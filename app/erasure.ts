import type { DataSubject, PersonalDataEraser } from '../bot/index.js';
import type { BotStateStore, InboxQueue, OutboxQueue } from '../bot/ports/index.js';
import { daysBefore, type RetentionTask } from '../storage/retention.js';
import type { RetentionConfig } from './config.js';

/**
 * Which stores hold a citizen's data, how "Xoá dữ liệu của tôi" reaches each of them and
 * when each forgets on its own. The composition roots (`createAssistant`, `createServer`)
 * take these lists; the privacy skill runs the erasers, one `RetentionRunner` the tasks.
 */

/** A store that forgets a data subject and what is past retention (the turn log, feedback; SQLite answers at once, PostgreSQL through a promise). */
export interface SubjectData {
  eraseSubject(subject: { conversationId: string; userId?: string }): number | Promise<number>;
  purgeBefore(before: Date): number | Promise<number>;
}

/** The conversation core's stores: turn log, feedback, conversation and user state. */
export function coreDataHolders(deps: {
  turnLog: SubjectData;
  feedback: SubjectData;
  storage: BotStateStore;
  retention: RetentionConfig;
}): { erasers: PersonalDataEraser[]; retention: RetentionTask[] } {
  const { turnLog, feedback, storage, retention } = deps;
  return {
    erasers: [
      { name: 'turn-log', erase: async (s: DataSubject) => turnLog.eraseSubject(s) },
      { name: 'feedback', erase: async (s: DataSubject) => feedback.eraseSubject(s) },
      { name: 'bot-state', erase: (s: DataSubject) => storage.eraseSubject(s) },
    ],
    retention: [
      { name: 'turn-log', run: (now) => turnLog.purgeBefore(daysBefore(now, retention.turnLogDays)) },
      { name: 'feedback', run: (now) => feedback.purgeBefore(daysBefore(now, retention.feedbackDays)) },
      { name: 'bot-state', run: (now) => storage.purgeInactiveBefore(daysBefore(now, retention.botStateDays)) },
    ],
  };
}

/**
 * The Zalo inbox and outbox (the Zalo channel's tables on the shared database, SQLite or
 * PostgreSQL): webhook bodies and queued answers of a Zalo user. Erasure by Zalo user id;
 * retention of finished rows with the transcript period.
 */
export function zaloDataHolders(
  queues: { inbox: Pick<InboxQueue, 'eraseUser' | 'purgeBefore'>; outbox: Pick<OutboxQueue, 'eraseUser' | 'purgeBefore'> },
  retention: RetentionConfig,
): { erasers: PersonalDataEraser[]; retention: RetentionTask[] } {
  const { inbox, outbox } = queues;
  return {
    erasers: [
      {
        name: 'zalo-queues',
        erase: async (s: DataSubject) => (s.channelId === 'zalo' ? (await inbox.eraseUser(s.userId)) + (await outbox.eraseUser(s.userId)) : 0),
      },
    ],
    retention: [
      {
        name: 'zalo-queues',
        run: async (now) => {
          const cutoff = daysBefore(now, retention.transcriptDays).getTime();
          return (await inbox.purgeBefore(cutoff)) + (await outbox.purgeBefore(cutoff));
        },
      },
    ],
  };
}
