import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import type { ChannelCapabilities, OutgoingMessage } from './types.js';

/** Splits text at paragraph, then line, then word boundaries so every part fits `max`. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max * 0.5) cut = window.lastIndexOf('\n');
    if (cut < max * 0.5) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = max;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Plain-text rendering for channels without markdown: no **, links as "title: url". */
export function markdownToPlain(text: string): string {
  return text
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)_([^_]+)_(?=\s|$)/g, '$1$2')
    .replace(/\[([^\]]+)\]\((\S+?)\)/g, '$1: $2');
}

/**
 * Converts the bot's messages into Activities within the channel's capabilities:
 * markdown or plain text, long text split, suggested actions as imBack buttons (on the
 * last part), links as schema.org citations (and in the text when not already there),
 * files as attachments.
 */
export function toActivities(messages: readonly OutgoingMessage[], caps: ChannelCapabilities): Activity[] {
  const out: Activity[] = [];
  for (const m of messages) {
    let text = m.text;
    const links = m.links ?? [];
    const missing = links.filter((l) => !text.includes(l.url));
    if (missing.length) text += `\n\n${missing.map((l) => `[${l.title}](${l.url})`).join('\n')}`;
    if (!caps.markdown) text = markdownToPlain(text);
    const parts = splitText(text, Math.max(200, caps.maxMessageLength));
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const a = new Activity(ActivityTypes.Message);
      a.text = part;
      a.textFormat = caps.markdown ? 'markdown' : 'plain';
      if (last && m.suggestedActions?.length) {
        a.suggestedActions = {
          to: [],
          actions: m.suggestedActions.slice(0, caps.maxButtons).map((s) => ({ type: 'imBack', title: s.title, value: s.value })),
        };
      }
      if (last && links.length) {
        a.entities = [
          {
            type: 'https://schema.org/Message',
            '@type': 'Message',
            '@context': 'https://schema.org',
            '@id': '',
            citation: links.map((l, idx) => ({
              '@type': 'Claim',
              position: idx + 1,
              appearance: { '@type': 'DigitalDocument', name: l.title, url: l.url },
            })),
          },
        ];
      }
      if (last && m.files?.length) {
        if (caps.files) {
          a.attachments = m.files.map((f) => ({ contentType: f.contentType, contentUrl: f.url, name: f.name }));
        } else {
          a.text = `${a.text}\n\n${m.files.map((f) => `${f.name}: ${f.url}`).join('\n')}`;
        }
      }
      out.push(a);
    });
  }
  return out;
}
