import type { OutgoingMessage } from '../../bot/index.js';

/**
 * Turns the bot's channel-neutral `OutgoingMessage` into a Bot Framework message activity
 * (plain object) for proactive sends. Turn replies are rendered by the bot itself; this is
 * only used when a message is pushed outside a turn (a lawyer's reply, a file).
 */
export function messageToActivity(message: OutgoingMessage): Record<string, unknown> {
  let text = message.text;
  const links = message.links ?? [];
  if (links.length > 0) {
    const list = links.map((l) => `- [${escapeMarkdownLabel(l.title)}](${l.url})`).join('\n');
    text = `${text}\n\n${list}`;
  }
  const activity: Record<string, unknown> = { type: 'message', text, textFormat: 'markdown' };
  if (message.suggestedActions && message.suggestedActions.length > 0) {
    activity.suggestedActions = {
      actions: message.suggestedActions.map((a) => ({ type: 'imBack', title: a.title, value: a.value })),
    };
  }
  if (message.files && message.files.length > 0) {
    activity.attachments = message.files.map((f) => ({ contentType: f.contentType, contentUrl: f.url, name: f.name }));
  }
  return activity;
}

function escapeMarkdownLabel(s: string): string {
  return s.replace(/[[\]]/g, (c) => `\\${c}`);
}
