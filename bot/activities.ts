import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import { splitMessage, stripMarkdown } from '../knowledge/text/index.js';
import type { ChannelCapabilities, OutgoingMessage, SuggestedAction, TurnOutcome } from './types.js';

/**
 * The one splitter (`knowledge/text/`, Zalo renders with it too). An empty text still makes
 * one part: it carries the message's buttons and files.
 */
export function splitText(text: string, max: number): string[] {
  const parts = splitMessage(text, max);
  return parts.length ? parts : [text];
}

/** Plain-text rendering for channels without markdown (the one stripper in `knowledge/text/`): no **, links as "title: url". */
export const markdownToPlain = (text: string): string => stripMarkdown(text);

/**
 * A line that is only bold text ("**Giấy tờ phải nộp**") is a heading: in markdown it needs
 * blank lines around it, or it is glued to the sentence above or to the last list item.
 */
export function headingsAsParagraphs(text: string): string {
  if (!text.includes('**')) return text;
  return text
    .replace(/^[ \t]*(\*\*[^*\n]{1,120}\*\*:?)[ \t]*$/gm, '\n$1\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '');
}

/** Suggested actions shown at once where the channel can keep the rest behind "Thêm". */
export const VISIBLE_ACTIONS = 3;
export const MORE_ACTIONS_TITLE = 'Thêm';
/** Key of the "Thêm" postBack's value: the actions it reveals. */
export const MORE_ACTIONS_KEY = 'tthcMoreActions';

const imBack = (s: SuggestedAction) => ({ type: 'imBack', title: s.title, value: s.value });

/**
 * At most `VISIBLE_ACTIONS` buttons: when there are more, the first two and a "Thêm" postBack
 * whose value carries the others (the channel shows them when it is tapped; `readMoreActions`).
 * A phone screen keeps the answer in view; the order of the actions is their priority.
 */
export function withMoreButton(actions: readonly SuggestedAction[]): Array<{ type: string; title: string; value: unknown }> {
  if (actions.length <= VISIBLE_ACTIONS) return actions.map(imBack);
  const shown = actions.slice(0, VISIBLE_ACTIONS - 1);
  const rest = actions.slice(VISIBLE_ACTIONS - 1).map((s) => ({ title: s.title, value: s.value }));
  return [...shown.map(imBack), { type: 'postBack', title: MORE_ACTIONS_TITLE, value: { [MORE_ACTIONS_KEY]: rest } }];
}

/** The actions a "Thêm" postBack carries (at most 20, short strings), or undefined. */
export function readMoreActions(value: unknown): SuggestedAction[] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const list = (value as Record<string, unknown>)[MORE_ACTIONS_KEY];
  if (!Array.isArray(list) || list.length === 0 || list.length > 20) return undefined;
  const out: SuggestedAction[] = [];
  for (const item of list) {
    const { title, value: v } = (item ?? {}) as { title?: unknown; value?: unknown };
    if (typeof title !== 'string' || typeof v !== 'string' || !title.trim() || title.length > 120 || v.length > 500) return undefined;
    out.push({ title, value: v });
  }
  return out;
}

/**
 * Whether a turn's reply is an answer the citizen can rate with 👍/👎: content about a
 * procedure or the law (`answer`, `legal_info`), not small talk, the feedback replies
 * themselves, privacy commands, form-filling steps or the officer-mode switch.
 */
export function isRateable(outcome: TurnOutcome): boolean {
  if (outcome.behavior !== 'answer' && outcome.behavior !== 'legal_info') return false;
  const tags = outcome.tags ?? [];
  return !tags.some((t) => t === 'smalltalk' || t === 'privacy' || t === 'form' || t === 'officer:on' || t === 'officer:off' || t === 'error');
}

/** Key in an Activity's `channelData`: the message is a rateable answer (web chat shows 👍/👎). */
export const FEEDBACK_KEY = 'feedback';

/** Whether an Activity (as sent, or after JSON) carries the rateable-answer flag. */
export function hasFeedbackFlag(a: { channelData?: unknown }): boolean {
  const data = a.channelData;
  return !!data && typeof data === 'object' && (data as Record<string, unknown>)[FEEDBACK_KEY] === true;
}

export interface ToActivitiesOptions {
  /** The reply is a rateable answer (`isRateable`): its last activity gets `channelData.feedback`. */
  feedback?: boolean;
}

/**
 * Converts the bot's messages into Activities within the channel's capabilities:
 * markdown or plain text, long text split, suggested actions as imBack buttons (on the
 * last part; at most three and "Thêm" where the channel supports it), links as schema.org citations (and in the text when not already there),
 * files as attachments. With `options.feedback`, the last activity of the reply (one per answer,
 * under its last part) is flagged `channelData: { feedback: true }`.
 */
export function toActivities(messages: readonly OutgoingMessage[], caps: ChannelCapabilities, options: ToActivitiesOptions = {}): Activity[] {
  const out: Activity[] = [];
  for (const m of messages) {
    let text = m.text;
    const links = m.links ?? [];
    const missing = links.filter((l) => !text.includes(l.url));
    if (missing.length) text += `\n\n${missing.map((l) => `[${l.title}](${l.url})`).join('\n')}`;
    text = caps.markdown ? headingsAsParagraphs(text) : markdownToPlain(text);
    const parts = splitText(text, Math.max(200, caps.maxMessageLength));
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const a = new Activity(ActivityTypes.Message);
      a.text = part;
      a.textFormat = caps.markdown ? 'markdown' : 'plain';
      if (last && m.suggestedActions?.length) {
        const actions = m.suggestedActions.slice(0, caps.maxButtons);
        a.suggestedActions = { to: [], actions: caps.moreActions ? withMoreButton(actions) : actions.map(imBack) };
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
  const last = out.at(-1);
  if (options.feedback && last) last.channelData = { ...((last.channelData as object | undefined) ?? {}), [FEEDBACK_KEY]: true };
  return out;
}
