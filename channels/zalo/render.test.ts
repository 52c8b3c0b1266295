import { describe, expect, it } from 'vitest';
import { computeZaloSignature, verifyZaloSignature } from './signature.js';
import { toActivities } from '../../bot/index.js';
import { ZALO_CAPABILITIES } from './adapter.js';
import { FEEDBACK_LINE, fromActivity, fromOutgoing, isMoreActionsTap, renderForZalo, renderMoreActions } from './render.js';

describe('webhook signature', () => {
  const raw = Buffer.from('{"event_name":"user_send_text","timestamp":"1543908534740"}');
  it('is sha256 hex of appId + raw body + timestamp + OA secret key', () => {
    // Computed independently: printf '%s' 'app{"event_name":"user_send_text","timestamp":"1543908534740"}1543908534740key' | sha256sum
    expect(computeZaloSignature('app', raw, '1543908534740', 'key')).toBe('2abd1d153993233f73c9b9405d9a731d1cb57a610f7ba291ecf56c5bf4940e8a');
  });
  it.each([
    ['valid', (s: string) => `mac=${s}`, true],
    ['uppercase hex', (s: string) => `mac=${s.toUpperCase()}`, true],
    ['missing mac=', (s: string) => s, true],
    ['wrong', (s: string) => `mac=${s.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`, false],
    ['truncated', (s: string) => `mac=${s.slice(2)}`, false],
    ['garbage', () => 'mac=zz', false],
  ])('%s', (_n, make, ok) => {
    const sig = computeZaloSignature('app', raw, '1543908534740', 'key');
    expect(verifyZaloSignature(make(sig), 'app', raw, '1543908534740', 'key')).toBe(ok);
  });
});

describe('renderForZalo', () => {
  it('puts actions and links together when they fit in 5 buttons', () => {
    const out = renderForZalo(fromOutgoing({ text: 'Dạ.', suggestedActions: [{ title: 'A', value: 'a' }], links: [{ title: 'Cổng DVC', url: 'https://dichvucong.gov.vn' }] }));
    expect(out).toEqual([
      {
        kind: 'message',
        message: {
          text: 'Dạ.',
          attachment: {
            type: 'template',
            payload: {
              buttons: [
                { title: 'A', type: 'oa.query.hide', payload: 'a' },
                { title: 'Cổng DVC', type: 'oa.open.url', payload: { url: 'https://dichvucong.gov.vn' } },
              ],
            },
          },
        },
      },
    ]);
  });

  it('shows three buttons at most, the rest behind "Thêm" and kept with the message; links beside them when they fit', () => {
    const actions = Array.from({ length: 5 }, (_, i) => ({ title: `T${i}`, value: `v${i}` }));
    const out = renderForZalo(fromOutgoing({ text: 'Dạ.', suggestedActions: actions, links: [{ title: 'Cổng DVC', url: 'https://dichvucong.gov.vn' }] }));
    expect(out).toEqual([
      {
        kind: 'message',
        message: {
          text: 'Dạ.',
          attachment: {
            type: 'template',
            payload: {
              buttons: [
                { title: 'T0', type: 'oa.query.hide', payload: 'v0' },
                { title: 'T1', type: 'oa.query.hide', payload: 'v1' },
                { title: 'Thêm', type: 'oa.query.hide', payload: 'Thêm' },
                { title: 'Cổng DVC', type: 'oa.open.url', payload: { url: 'https://dichvucong.gov.vn' } },
              ],
            },
          },
        },
        more: [
          { title: 'T2', value: 'v2' },
          { title: 'T3', value: 'v3' },
          { title: 'T4', value: 'v4' },
        ],
      },
    ]);
    expect(renderForZalo(fromOutgoing({ text: 'Dạ.', suggestedActions: actions.slice(0, 3) }))[0]).not.toHaveProperty('more');
  });

  it('reads the web-style "Thêm" postBack of a bot activity back into the full list', () => {
    const [activity] = toActivities([{ text: 'Dạ, anh/chị chọn:', suggestedActions: Array.from({ length: 7 }, (_, i) => ({ title: `T${i}`, value: `v${i}` })) }], ZALO_CAPABILITIES);
    expect(fromActivity(activity!).actions.map((a) => a.value)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    const [msg] = renderForZalo(fromActivity(activity!));
    if (msg?.kind !== 'message') throw new Error('expected a message');
    expect(msg.more?.map((a) => a.value)).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    // The answer to "Thêm": five fit in one template; more than five chain another "Thêm".
    expect(renderMoreActions(msg.more!)).toHaveLength(1);
    const chained = renderMoreActions(Array.from({ length: 7 }, (_, i) => ({ title: `R${i}`, value: `r${i}` })))[0]!;
    if (chained.kind !== 'message' || !('attachment' in chained.message) || chained.message.attachment.type !== 'template') throw new Error('expected template');
    expect(chained.message.attachment.payload.buttons.map((b) => b.title)).toEqual(['R0', 'R1', 'R2', 'R3', 'Thêm']);
    expect(chained.more?.map((a) => a.value)).toEqual(['r4', 'r5', 'r6']);
  });

  it.each([
    ['Thêm', true],
    [' thêm ', true],
    ['The\u0302m'.normalize('NFD'), true],
    ['thêm giấy tờ', false],
    ['them', false],
  ])('isMoreActionsTap(%j) = %s', (text, expected) => {
    expect(isMoreActionsTap(text)).toBe(expected);
  });

  it('reads citations, imBack actions and file attachments from a bot activity', () => {
    const input = fromActivity(
      {
        type: 'message',
        text: '**Hồ sơ**: [Cổng](https://dichvucong.gov.vn)',
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Có', value: 'có' }] },
        attachments: [{ contentType: 'application/pdf', contentUrl: 'https://h/files/f9?s=1', name: 'tk.pdf' }],
        entities: [{ type: 'https://schema.org/Message', citation: [{ appearance: { name: 'Thủ tục', url: 'https://dvc/1' } }] }],
      } as never,
      new Map([['https://h/files/f9?s=1', 'f9']]),
    );
    expect(input.actions).toEqual([{ title: 'Có', value: 'có' }]);
    expect(input.links).toEqual([{ title: 'Thủ tục', url: 'https://dvc/1' }]);
    expect(input.files[0]).toMatchObject({ fileId: 'f9', name: 'tk.pdf' });
    const out = renderForZalo(input);
    expect(out[0]).toMatchObject({ kind: 'message', message: { text: 'Hồ sơ: Cổng (https://dichvucong.gov.vn)' } });
    expect(out[1]).toMatchObject({ kind: 'file', file: { fileId: 'f9' } });
  });
});

describe('feedback invitation under a rateable answer', () => {
  const answer = { text: 'Dạ, hồ sơ gồm **tờ khai** và giấy chứng sinh.', suggestedActions: [{ title: 'Lệ phí', value: 'lệ phí' }], links: [{ title: 'Cổng DVC', url: 'https://dichvucong.gov.vn' }] };

  it('ends the flagged answer with one text line and leaves its buttons as they were', () => {
    const acts = toActivities([answer], ZALO_CAPABILITIES, { feedback: true });
    const out = renderForZalo(fromActivity(JSON.parse(acts.at(-1)!.toJsonString())));
    const plain = renderForZalo(fromActivity(JSON.parse(toActivities([answer], ZALO_CAPABILITIES).at(-1)!.toJsonString())));
    expect(out).toHaveLength(1);
    const message = out[0]!.kind === 'message' ? out[0]!.message : undefined;
    const text = message && 'text' in message ? message.text : '';
    expect(text.startsWith('Dạ, hồ sơ gồm tờ khai và giấy chứng sinh.')).toBe(true);
    expect(text.endsWith(`\n\n${FEEDBACK_LINE}`)).toBe(true);
    expect(text.split(FEEDBACK_LINE)).toHaveLength(2);
    expect(message && 'attachment' in message ? message.attachment : undefined).toEqual(plain[0]!.kind === 'message' && 'attachment' in plain[0]!.message ? plain[0]!.message.attachment : 'missing');
    expect(JSON.stringify(plain)).not.toContain(FEEDBACK_LINE);
  });

  it('puts the line on the last part of a long answer, every part within 2,000 characters', () => {
    const long = Array.from({ length: 80 }, (_, i) => `Bước ${i + 1}: anh/chị chuẩn bị giấy tờ theo hướng dẫn.`).join(' ');
    const out = renderForZalo({ text: long, actions: [], links: [], files: [], feedback: true });
    const texts = out.map((p) => (p.kind === 'message' && 'text' in p.message ? p.message.text : ''));
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((t) => t.length <= 2000)).toBe(true);
    expect(texts.at(-1)!.endsWith(FEEDBACK_LINE)).toBe(true);
    expect(texts.slice(0, -1).some((t) => t.includes(FEEDBACK_LINE))).toBe(false);
  });

  it('adds nothing to a message without text (buttons only)', () => {
    const out = renderForZalo({ text: '', actions: [{ title: 'A', value: 'a' }], links: [], files: [], feedback: true });
    expect(JSON.stringify(out)).not.toContain(FEEDBACK_LINE);
  });
});
