import { describe, expect, it } from 'vitest';
import { hasFeedbackFlag, headingsAsParagraphs, isRateable, readMoreActions, toActivities, VISIBLE_ACTIONS, withMoreButton } from './activities.js';
import { DEFAULT_CAPABILITIES, type TurnOutcome } from './types.js';

const actions = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Nút ${i + 1}`, value: `giá trị ${i + 1}` }));

describe('suggested actions: at most three, the rest behind "Thêm"', () => {
  it.each([0, 1, 2, 3])('keeps %i actions as they are', (n) => {
    expect(withMoreButton(actions(n))).toEqual(actions(n).map((a) => ({ type: 'imBack', ...a })));
  });

  it.each([4, 6, 8])('shows two of %i and a "Thêm" that carries the others in order', (n) => {
    const shown = withMoreButton(actions(n));
    expect(shown).toHaveLength(VISIBLE_ACTIONS);
    expect(shown.slice(0, 2).map((a) => a.title)).toEqual(['Nút 1', 'Nút 2']);
    expect(shown[2]!.type).toBe('postBack');
    expect(shown[2]!.title).toBe('Thêm');
    expect(readMoreActions(shown[2]!.value)).toEqual(actions(n).slice(2));
  });

  it('applies only where the channel shows the rest itself; elsewhere the channel limit alone', () => {
    const msg = { text: 'Dạ.', suggestedActions: actions(6) };
    const [web] = toActivities([msg], { ...DEFAULT_CAPABILITIES, moreActions: true });
    expect(web!.suggestedActions!.actions.map((a) => a.title)).toEqual(['Nút 1', 'Nút 2', 'Thêm']);
    const [other] = toActivities([msg], { ...DEFAULT_CAPABILITIES, maxButtons: 5 });
    expect(other!.suggestedActions!.actions.map((a) => a.title)).toEqual(['Nút 1', 'Nút 2', 'Nút 3', 'Nút 4', 'Nút 5']);
    // The "Thêm" value survives the SDK's serialisation.
    expect(readMoreActions(JSON.parse(web!.toJsonString()).suggestedActions.actions[2].value)).toHaveLength(4);
  });

  it.each([
    ['a string', 'Thêm'],
    ['no list', { other: [] }],
    ['an empty list', { tthcMoreActions: [] }],
    ['a non-string value', { tthcMoreActions: [{ title: 'A', value: 1 }] }],
    ['an overlong title', { tthcMoreActions: [{ title: 'x'.repeat(121), value: 'x' }] }],
    ['too many', { tthcMoreActions: actions(21) }],
  ])('refuses a "Thêm" value that is %s', (_label, value) => {
    expect(readMoreActions(value)).toBeUndefined();
  });
});

describe('headings in markdown', () => {
  it('gives a bold-only line its own paragraph, so it is not glued to a sentence or a list item', () => {
    const text = 'Dạ, hồ sơ (mã 1.001193):\n**Giấy tờ phải nộp**\n- Tờ khai\n- Giấy chứng sinh\n**Giấy tờ phải xuất trình**\n- Căn cước\n\nNguồn: cổng.';
    expect(headingsAsParagraphs(text)).toBe(
      'Dạ, hồ sơ (mã 1.001193):\n\n**Giấy tờ phải nộp**\n\n- Tờ khai\n- Giấy chứng sinh\n\n**Giấy tờ phải xuất trình**\n\n- Căn cước\n\nNguồn: cổng.',
    );
  });

  it.each(['- **Lệ phí:** miễn phí', '**Lệ phí:** 50.000 đồng', 'Một câu **đậm** giữa dòng'])('leaves "%s" alone', (line) => {
    expect(headingsAsParagraphs(`Dạ:\n${line}\nHết.`)).toBe(`Dạ:\n${line}\nHết.`);
  });

  it('is applied for markdown channels only', () => {
    const [a] = toActivities([{ text: 'Dạ:\n**Nhóm**\n- Một' }], DEFAULT_CAPABILITIES);
    expect(a!.text).toBe('Dạ:\n\n**Nhóm**\n\n- Một');
    const [b] = toActivities([{ text: 'Dạ:\n**Nhóm**\n- Một' }], { ...DEFAULT_CAPABILITIES, markdown: false });
    expect(b!.text).toBe('Dạ:\nNhóm\n- Một');
  });
});

describe('feedback flag on rateable answers', () => {
  it.each([
    [{ behavior: 'answer', procedures: [], procedureCode: '1.001193', tags: [] }, true],
    [{ behavior: 'legal_info', procedures: [], tags: ['legal-info'] }, true],
    [{ behavior: 'answer', procedures: [], tags: ['compare'] }, true],
    [{ behavior: 'answer', procedures: [], tags: ['smalltalk', 'greeting'] }, false],
    [{ behavior: 'answer', procedures: [], tags: ['smalltalk', 'feedback:down'] }, false],
    [{ behavior: 'answer', procedures: [], tags: ['privacy', 'privacy:view'] }, false],
    [{ behavior: 'answer', procedures: [], tags: ['form', 'form:done'] }, false],
    [{ behavior: 'answer', procedures: [], tags: ['officer', 'officer:on'] }, false],
    [{ behavior: 'clarify', procedures: [] }, false],
    [{ behavior: 'refuse', procedures: [] }, false],
    [{ behavior: 'escalate', procedures: [] }, false],
    [{ behavior: 'urgent', procedures: [] }, false],
  ] satisfies Array<[TurnOutcome, boolean]>)('%o is rateable: %s', (outcome, expected) => {
    expect(isRateable(outcome)).toBe(expected);
  });

  it('flags only the last activity of a rateable reply, and survives serialisation', () => {
    const long = Array.from({ length: 60 }, (_, i) => `Câu số ${i + 1} của câu trả lời dài.`).join(' ');
    const acts = toActivities([{ text: 'Dạ, trước tiên.' }, { text: long, suggestedActions: actions(2) }], { ...DEFAULT_CAPABILITIES, maxMessageLength: 400 }, { feedback: true });
    expect(acts.length).toBeGreaterThan(2);
    expect(acts.map(hasFeedbackFlag)).toEqual([...acts.slice(1).map(() => false), true]);
    expect(hasFeedbackFlag(JSON.parse(acts.at(-1)!.toJsonString()))).toBe(true);
  });

  it('leaves other replies unflagged', () => {
    for (const options of [undefined, { feedback: false }]) {
      const acts = toActivities([{ text: 'Dạ, em chào anh/chị!' }], DEFAULT_CAPABILITIES, options);
      expect(acts.some(hasFeedbackFlag)).toBe(false);
    }
  });
});
