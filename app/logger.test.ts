import { describe, expect, it } from 'vitest';
import { createLogger, redactPii, REDACTED_ID, REDACTED_PHONE } from './logger.js';

describe('redactPii', () => {
  it.each([
    ['CCCD của tôi là 001099001234', `CCCD của tôi là ${REDACTED_ID}`],
    ['so can cuoc 0010 9900 1234 nhe', `so can cuoc ${REDACTED_ID} nhe`],
    ['sđt 0912345678', `sđt ${REDACTED_PHONE}`],
    ['gọi 0912.345.678 giúp', `gọi ${REDACTED_PHONE} giúp`],
    ['gọi 0912 345 678', `gọi ${REDACTED_PHONE}`],
    ['+84 912 345 678', REDACTED_PHONE],
    ['84912345678', REDACTED_PHONE],
    ['máy bàn 024 3825 1234', `máy bàn ${REDACTED_PHONE}`],
  ])('redacts %s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });

  it.each([
    'thủ tục 1.001193',
    'Nghị định 123/2015/NĐ-CP',
    'ngày 01/07/2025',
    'lệ phí 100.000 đồng',
    'mã hồ sơ 1234567890123', // 13 digits: neither an ID nor a phone number
    'năm 2025 có 12 tháng',
  ])('leaves %s alone', (input) => {
    expect(redactPii(input)).toBe(input);
  });

  it('is idempotent', () => {
    const once = redactPii('0912345678 và 001099001234');
    expect(redactPii(once)).toBe(once);
  });
});

describe('createLogger', () => {
  it('redacts the message, nested fields and errors, and writes JSON lines', () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
    logger.info({ turn: { text: 'tôi là 001099001234, sđt 0987654321' }, err: new Error('lỗi với 0912345678') }, 'người dân 0912345678 hỏi');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', service: 'tro-ly-tthc', msg: `người dân ${REDACTED_PHONE} hỏi` });
    expect(line.turn.text).toBe(`tôi là ${REDACTED_ID}, sđt ${REDACTED_PHONE}`);
    expect(line.err.message).toBe(`lỗi với ${REDACTED_PHONE}`);
    expect(lines[0]).not.toMatch(/0912345678|001099001234|0987654321/);
  });
});
