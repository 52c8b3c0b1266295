import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { lawFrame, messageLawFrame } from './law-frame.js';
import { LinearModel } from './linear-model.js';
import { UnderstandingStage } from './stage.js';

const teencode = { ko: 'khong', k: 'khong', dc: 'duoc', ck: 'chong', r: 'roi', t: 'toi' };

/** A model with fixed probabilities (no vocabulary): only the stage's own gates decide. */
function fixed(labels: string[], biases: number[]): LinearModel {
  return new LinearModel({ version: 1, labels, vocabulary: [], weights: [], biases, temperature: 1 });
}

/** Long enough (31+ words) to be read as a story. */
const STORY_HEAD =
  'Chuyện là nhà tôi ở huyện Quế Võ, Bắc Ninh, bố mẹ tôi già rồi, anh em tôi mỗi người làm ăn một nơi, tôi thì vào Bình Dương làm công nhân đã gần hai năm nay, ít khi về quê lắm.';

describe('a question of law at the end of a long story (session 17)', () => {
  // The model is sure of a procedure (about 0.99) and gives the law almost nothing, as it does on long stories.
  const sure = new UnderstandingStage(fixed(['procedure', 'legal_question', 'legal_problem'], [6, 1, 0]), teencode);

  it('the law content asked in the asking sentence decides, however sure the model is of a procedure', () => {
    expect(sure.understand(`${STORY_HEAD} Người ta nói đi lâu không về là bị mất đất ruộng, có thật không vậy?`).intent).toBe('legal_question');
    expect(sure.understand(`${STORY_HEAD} Tôi muốn hỏi pháp luật quy định về việc này như thế nào ạ?`).intent).toBe('legal_question');
  });

  it('a law word about the act the citizen wants done still leaves it a procedure', () => {
    expect(sure.understand(`${STORY_HEAD} Giờ tôi làm giấy ủy quyền cho em gái ra xã ký cho có giá trị được không?`).intent).toBe('procedure');
    expect(sure.understand(`${STORY_HEAD} Giờ tôi muốn đăng ký tạm trú ở đây thì làm ở đâu?`).intent).toBe('procedure');
  });

  it('an own problem told at length is a question of law when its asking sentence asks the law content', () => {
    const own = new UnderstandingStage(fixed(['legal_problem', 'legal_question', 'procedure'], [6, 0, 0]), teencode);
    const told = 'Bố tôi mất năm kia không để lại di chúc, mẹ kế ở với bố hơn mười năm, có đăng ký kết hôn, giờ bà đòi chia căn nhà với mấy anh em tôi.';
    expect(own.understand(`${told} Vậy căn nhà đó chia thế nào ạ?`).intent).toBe('legal_question');
    // Wanting help with the case keeps it a legal problem.
    expect(own.understand(`${told} Tôi muốn nhờ luật sư giúp giữ lại căn nhà, phải làm sao?`).intent).toBe('legal_problem');
  });
});

describe('law frame: notice periods and papers told in the story', () => {
  it('a notice period is the law, not the time a procedure takes', () => {
    expect(lawFrame(fold('hợp đồng 2 năm, giờ nghỉ thì phải báo trước cho công ty mấy ngày'))).toMatchObject({ law: true, how: false });
    expect(lawFrame(fold('làm lại căn cước thì mấy ngày có')).how).toBe(true);
    expect(lawFrame(fold('nghỉ việc phải báo trước mấy ngày, nộp đơn ở đâu')).how).toBe(true);
  });

  it('a paper made in the story is background when the asking sentence names the law', () => {
    const f = (text: string) => messageLawFrame(text, fold);
    const story = 'Năm ngoái ông bà tôi đã làm giấy tặng cho tôi mảnh vườn, sổ đứng tên tôi.';
    expect(f(`${story} Nếu tôi ly hôn thì vợ có được chia không, pháp luật quy định thế nào?`).how).toBe(false);
    // Without a law word the papers in the story still point to a procedure.
    expect(f(`${story} Giờ tôi muốn tách thửa thì có được không?`).how).toBe(true);
  });
});
