import type { Activity } from '@microsoft/agents-activity';
import { MORE_ACTIONS_TITLE, VISIBLE_ACTIONS, readMoreActions } from '../../bot/index.js';
import type { FileRef, LinkRef, OutgoingMessage, SuggestedAction } from '../../bot/index.js';
import { hasFeedbackFlag } from '../../bot/activities.js';
import { splitMessage, stripMarkdown } from '../../knowledge/text/index.js';

/** Zalo's limits, declared to the bot as capabilities and enforced again here. */
export const ZALO_LIMITS = {
  maxMessageLength: 2000,
  maxButtons: 5,
  /** Defensive: Zalo truncates long captions; the exact limit is undocumented. */
  maxButtonTitle: 100,
  maxFileBytes: 5 * 1024 * 1024,
} as const;

export interface ZaloButton {
  title: string;
  type: 'oa.query.hide' | 'oa.query.show' | 'oa.open.url';
  payload: string | { url: string };
}

/** The `message` object of `POST /v3.0/oa/message/cs`. */
export type ZaloMessage =
  | { text: string }
  | { text: string; attachment: { type: 'template'; payload: { buttons: ZaloButton[] } } }
  | { attachment: { type: 'file'; payload: { token: string } } };

/**
 * One outbox entry. Files are uploaded when the entry is sent (upload tokens expire), so the
 * entry keeps the file store id and a text fallback with the link.
 */
export type OutboxPayload =
  /** `more`: the actions a "Thêm" button on this message stands for (sent when the citizen taps it). */
  | { kind: 'message'; message: ZaloMessage; more?: SuggestedAction[] }
  | { kind: 'file'; file: { fileId?: string; name: string; contentType: string; url: string } };

/** Channel-neutral content of one bot message, from either an Activity or an OutgoingMessage. */
export interface RenderInput {
  text: string;
  actions: SuggestedAction[];
  links: LinkRef[];
  files: FileRef[];
  /** A rateable answer: ends with the 👍/👎 invitation (`FEEDBACK_LINE`). */
  feedback?: boolean;
}

const LINKS_INTRO = 'Dạ, anh/chị xem thêm tại:';
const ACTIONS_INTRO = 'Dạ, anh/chị chọn một mục bên dưới:';
/**
 * The 👍/👎 invitation under a rateable answer. A line, not two buttons: an answer already
 * fills its template (up to three actions and the portal links, five buttons at most) and the
 * cap of three visible actions stays the same on every channel; a typed 👍/👎 (or "hữu ích" /
 * "chưa hữu ích") is understood by the bot, and a 👎 gets the reason buttons.
 */
export const FEEDBACK_LINE = 'Trả lời 👍 nếu hữu ích, 👎 nếu chưa đúng ý.';
/** Text above the actions a "Thêm" tap reveals (the web chat says the same). */
export const MORE_ACTIONS_TEXT = 'Dạ, anh/chị chọn thêm:';

/** Whether a citizen's text is a tap on "Thêm" (its hidden payload is the title itself). */
export function isMoreActionsTap(text: string): boolean {
  return text.normalize('NFC').trim().toLocaleLowerCase('vi') === MORE_ACTIONS_TITLE.toLocaleLowerCase('vi');
}

/**
 * At most `VISIBLE_ACTIONS` buttons, like the web chat: when there are more actions, the first
 * ones and a "Thêm" button whose tap sends "Thêm" back; the others are kept with the message
 * (`more`) so the channel can answer that tap. The order of the actions is their priority.
 */
function visibleActions(actions: SuggestedAction[], visible: number): { shown: ZaloButton[]; more?: SuggestedAction[] } {
  const button = (a: SuggestedAction): ZaloButton => ({ title: caption(a.title), type: 'oa.query.hide', payload: String(a.value).normalize('NFC') });
  if (actions.length <= visible) return { shown: actions.map(button) };
  const shown = actions.slice(0, visible - 1).map(button);
  shown.push({ title: MORE_ACTIONS_TITLE, type: 'oa.query.hide', payload: MORE_ACTIONS_TITLE });
  return { shown, more: actions.slice(visible - 1).map((a) => ({ title: a.title, value: String(a.value) })) };
}

/**
 * The answer to a "Thêm" tap: the actions it stood for, as many as one template holds
 * (a further "Thêm" when even those do not fit).
 */
export function renderMoreActions(actions: SuggestedAction[]): OutboxPayload[] {
  const { shown, more } = visibleActions(actions, ZALO_LIMITS.maxButtons);
  if (shown.length === 0) return [];
  return [{ kind: 'message', message: template(MORE_ACTIONS_TEXT, shown), ...(more ? { more } : {}) }];
}

/**
 * Renders one bot message as Zalo messages: text split at sentence boundaries into messages
 * of at most 2,000 characters, suggested actions as an `oa.query.hide` buttons template on the
 * last text (at most `VISIBLE_ACTIONS`, the rest behind "Thêm"), a rateable answer's last text
 * ending with `FEEDBACK_LINE`, links as `oa.open.url` buttons (a separate template when they do not fit beside
 * the actions), files as separate upload-then-send entries.
 */
export function renderForZalo(input: RenderInput, publicBaseUrl?: string): OutboxPayload[] {
  const out: OutboxPayload[] = [];
  const body = plainText(input.text);
  const chunks = splitMessage(input.feedback && body.trim() ? `${body.trimEnd()}\n\n${FEEDBACK_LINE}` : body, ZALO_LIMITS.maxMessageLength);
  const actions = input.actions.filter((a) => a.title.trim() && String(a.value).trim());
  const links = input.links
    .filter((l) => /^https?:\/\//i.test(l.url))
    .map((l) => ({ title: l.title, url: l.url }));

  const { shown: actionButtons, more } = visibleActions(actions, VISIBLE_ACTIONS);
  const linkButtons: ZaloButton[] = links.map((l) => ({ title: caption(l.title || l.url), type: 'oa.open.url', payload: { url: l.url } }));

  let lastButtons: ZaloButton[] = [];
  let extraLinks: ZaloButton[] = [];
  if (actionButtons.length + linkButtons.length <= ZALO_LIMITS.maxButtons) {
    lastButtons = [...actionButtons, ...linkButtons];
  } else {
    lastButtons = actionButtons;
    extraLinks = linkButtons;
  }
  if (chunks.length === 0 && lastButtons.length > 0) chunks.push(actionButtons.length > 0 ? ACTIONS_INTRO : LINKS_INTRO);
  chunks.forEach((text, i) => {
    const last = i === chunks.length - 1;
    const buttons = last ? lastButtons : [];
    out.push({ kind: 'message', message: buttons.length ? template(text, buttons) : { text }, ...(last && more ? { more } : {}) });
  });
  if (extraLinks.length > 0) {
    const shown = extraLinks.slice(0, ZALO_LIMITS.maxButtons);
    const rest = extraLinks.slice(ZALO_LIMITS.maxButtons);
    let text = LINKS_INTRO;
    for (const b of rest) text += `\n- ${b.title}: ${(b.payload as { url: string }).url}`;
    for (const t of splitMessage(text, ZALO_LIMITS.maxMessageLength).slice(0, -1)) out.push({ kind: 'message', message: { text: t } });
    const lastText = splitMessage(text, ZALO_LIMITS.maxMessageLength).at(-1) ?? LINKS_INTRO;
    out.push({ kind: 'message', message: template(lastText, shown) });
  }
  for (const f of input.files) {
    out.push({ kind: 'file', file: { fileId: f.fileId, name: f.name, contentType: f.contentType, url: absoluteUrl(f.url, publicBaseUrl) } });
  }
  return out;
}

/** Content of an OutgoingMessage (proactive sends: lawyer replies). */
export function fromOutgoing(m: OutgoingMessage): RenderInput {
  return { text: m.text, actions: m.suggestedActions ?? [], links: m.links ?? [], files: m.files ?? [] };
}

/**
 * Content of an Activity the bot sent. Reads `suggestedActions` (imBack/postBack/messageBack
 * become query buttons, openUrl becomes a link), card buttons, and attachments with a
 * `contentUrl` as files.
 */
export function fromActivity(a: Partial<Activity>, fileIdsByUrl?: ReadonlyMap<string, string>): RenderInput {
  const input: RenderInput = { text: a.text ?? '', actions: [], links: [], files: [], ...(hasFeedbackFlag(a) ? { feedback: true } : {}) };
  const addAction = (b: { type?: string; title?: string; value?: unknown; text?: string }) => {
    const more = readMoreActions(b.value);
    // The bot's own "Thêm" (web-style postBack): its actions join the list, which the
    // renderer splits again for Zalo.
    if (more) input.actions.push(...more);
    else if (b.type === 'openUrl' && typeof b.value === 'string') input.links.push({ title: b.title ?? b.value, url: b.value });
    else if (b.title || b.value) {
      const value = typeof b.value === 'string' ? b.value : (b.text ?? b.title ?? '');
      input.actions.push({ title: b.title ?? String(value), value });
    }
  };
  for (const b of a.suggestedActions?.actions ?? []) addAction(b as never);
  for (const att of a.attachments ?? []) {
    const content = (att.content ?? {}) as { buttons?: unknown[]; fileId?: string; title?: string; text?: string };
    if (att.contentUrl) {
      input.files.push({
        name: att.name ?? 'tep-dinh-kem',
        contentType: att.contentType ?? 'application/octet-stream',
        url: att.contentUrl,
        fileId: typeof content.fileId === 'string' ? content.fileId : fileIdsByUrl?.get(att.contentUrl),
      });
      continue;
    }
    if (Array.isArray(content.buttons)) {
      const extra = [content.title, content.text].filter((t): t is string => typeof t === 'string' && t.length > 0);
      if (extra.length) input.text = [input.text, ...extra].filter(Boolean).join('\n\n');
      for (const b of content.buttons) addAction(b as never);
    }
  }
  // Citations (schema.org Message entity) carry the links the bot cites: portal pages.
  for (const ent of (a.entities ?? []) as { citation?: unknown }[]) {
    if (!Array.isArray(ent.citation)) continue;
    for (const c of ent.citation as { appearance?: { name?: unknown; url?: unknown } }[]) {
      const url = c.appearance?.url;
      if (typeof url === 'string' && !input.links.some((l) => l.url === url)) {
        input.links.push({ title: typeof c.appearance?.name === 'string' ? c.appearance.name : url, url });
      }
    }
  }
  return input;
}

/**
 * Zalo shows plain text: drop Markdown-lite emphasis and inline links (kept as "title (url)").
 * The bot is told `markdown: false`; this only cleans what slips through.
 */
export function plainText(text: string): string {
  return stripMarkdown(text, { link: (title, url) => `${title} (${url})` });
}

function template(text: string, buttons: ZaloButton[]): ZaloMessage {
  return { text, attachment: { type: 'template', payload: { buttons } } };
}

function caption(title: string): string {
  const t = title.normalize('NFC').trim();
  if (t.length <= ZALO_LIMITS.maxButtonTitle) return t;
  let out = '';
  for (const { segment } of new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(t)) {
    if (out.length + segment.length > ZALO_LIMITS.maxButtonTitle - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

function absoluteUrl(url: string, base?: string): string {
  if (/^https?:\/\//i.test(url) || !base) return url;
  return new URL(url, base.endsWith('/') ? base : `${base}/`).toString();
}
