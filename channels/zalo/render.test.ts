import { describe, expect, it } from 'vitest';
import { computeZaloSignature, verifyZaloSignature } from './signature.js';
import { fromActivity, fromOutgoing, renderForZalo } from './render.js';

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

  it('moves links to their own template when actions take the 5 buttons', () => {
    const actions = Array.from({ length: 5 }, (_, i) => ({ title: `T${i}`, value: `v${i}` }));
    const links = Array.from({ length: 7 }, (_, i) => ({ title: `L${i}`, url: `https://x.vn/${i}` }));
    const out = renderForZalo(fromOutgoing({ text: 'Dạ.', suggestedActions: actions, links }));
    expect(out).toHaveLength(2);
    const second = out[1]!;
    if (second.kind !== 'message' || !('attachment' in second.message) || second.message.attachment.type !== 'template') throw new Error('expected template');
    expect(second.message.attachment.payload.buttons).toHaveLength(5);
    expect((second.message as { text: string }).text).toContain('https://x.vn/6');
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
