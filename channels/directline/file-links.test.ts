import { describe, expect, it } from 'vitest';
import { absoluteFileLinks } from './endpoint.js';

describe('absoluteFileLinks', () => {
  const origin = 'https://tro-ly.example.vn';
  const activity = {
    type: 'message',
    text: 'Dạ.\n- [Tải tờ khai (PDF)](/files/abc?c=conv1&e=1800000000&s=sig)\n- to-khai.json: /files/def?c=conv1&e=1&s=x',
    attachments: [{ contentType: 'application/pdf', contentUrl: '/files/abc?c=conv1&e=1800000000&s=sig', name: 'to-khai.pdf' }],
  };

  it('makes our own file links absolute in text, plain lines and attachments', () => {
    const out = JSON.parse(absoluteFileLinks(JSON.stringify({ activities: [activity] }), origin)).activities[0];
    expect(out.text).toContain(`](${origin}/files/abc?c=conv1&e=1800000000&s=sig)`);
    expect(out.text).toContain(`to-khai.json: ${origin}/files/def?`);
    expect(out.attachments[0].contentUrl).toBe(`${origin}/files/abc?c=conv1&e=1800000000&s=sig`);
  });

  it('leaves absolute links, other paths and frames without an origin unchanged', () => {
    const other = JSON.stringify({ text: `[a](${origin}/files/x) [b](/tra-cuu/1.000001) nói về /files/ trong câu` });
    expect(absoluteFileLinks(other, origin)).toBe(other);
    const frame = JSON.stringify(activity);
    expect(absoluteFileLinks(frame, undefined)).toBe(frame);
  });
});
