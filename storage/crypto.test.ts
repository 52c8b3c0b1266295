import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealedBox } from './crypto.js';
import { FAKE_PLAINTEXT_BOX } from './testing/plaintext-box.js';

describe('createSealedBox', () => {
  const box = createSealedBox(randomBytes(32));

  it('opens what it sealed, with the same binding only', () => {
    const sealed = box.seal('Nguyễn Văn An, 0912 345 678', 'cases/HN-1/contact');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
    expect(box.open(sealed, 'cases/HN-1/contact')).toBe('Nguyễn Văn An, 0912 345 678');
    expect(() => box.open(sealed, 'cases/HN-2/contact')).toThrow(/cannot decrypt/);
    expect(() => box.open(sealed)).toThrow(/cannot decrypt/);
    expect(box.open(box.seal('x'))).toBe('x');
    expect(box.open(box.seal('x', ''))).toBe('x');
  });

  it('refuses a truncated tag and an unknown format', () => {
    const [v, iv, tag, ct] = box.seal('bí mật').split('.');
    expect(() => box.open([v, iv, tag!.slice(0, 8), ct].join('.'))).toThrow(/IV or tag length/);
    expect(() => box.open('v2.a.b.c')).toThrow(/unknown format/);
  });

  it('derives one box per purpose: a key for one kind of record opens no other kind', () => {
    const transcript = box.forPurpose('directline-transcript');
    expect(box.forPurpose('directline-transcript')).toBe(transcript);
    const sealed = transcript.seal('xin chào', 'a');
    expect(transcript.open(sealed, 'a')).toBe('xin chào');
    expect(() => box.open(sealed, 'a')).toThrow(/cannot decrypt/);
    expect(() => box.forPurpose('feedback').open(sealed, 'a')).toThrow(/cannot decrypt/);
    expect(transcript.lookupHash('u1')).not.toBe(box.lookupHash('u1'));
    expect(transcript.lookupHash('u1')).toBe(box.forPurpose('directline-transcript').lookupHash('u1'));
  });

  it('derives nested purposes distinct from their parent and from a flat purpose', () => {
    const nested = box.forPurpose('legal-aid').forPurpose('notes');
    expect(box.forPurpose('legal-aid').forPurpose('notes')).toBe(nested);
    const sealed = nested.seal('ghi chú');
    expect(nested.open(sealed)).toBe('ghi chú');
    expect(() => box.forPurpose('legal-aid').open(sealed)).toThrow(/cannot decrypt/);
    expect(() => box.forPurpose('notes').open(sealed)).toThrow(/cannot decrypt/);
  });

  it('the same master key gives the same keys (data sealed before a restart opens after it)', () => {
    const key = randomBytes(32);
    const sealed = createSealedBox(key).forPurpose('turn-log').seal('hỏi về khai sinh', 'c1');
    expect(createSealedBox(key).forPurpose('turn-log').open(sealed, 'c1')).toBe('hỏi về khai sinh');
    expect(() => createSealedBox(randomBytes(32)).forPurpose('turn-log').open(sealed, 'c1')).toThrow(/cannot decrypt/);
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => createSealedBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('FAKE_PLAINTEXT_BOX (tests only)', () => {
  it('keeps text as it is and is its own purpose box', () => {
    expect(FAKE_PLAINTEXT_BOX.open(FAKE_PLAINTEXT_BOX.seal('abc', 'x'), 'y')).toBe('abc');
    expect(FAKE_PLAINTEXT_BOX.forPurpose('p')).toBe(FAKE_PLAINTEXT_BOX);
  });
});
