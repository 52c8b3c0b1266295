import { describe, expect, it } from 'vitest';
import { LinearModel } from './linear-model.js';
import { UnderstandingStage } from './stage.js';

const teencode = { ko: 'khong', k: 'khong', dc: 'duoc', ck: 'chong', r: 'roi', t: 'toi' };

/** A model with fixed probabilities (no vocabulary): only the stage's own gates decide. */
function fixed(labels: string[], biases: number[]): LinearModel {
  return new LinearModel({ version: 1, labels, vocabulary: [], weights: [], biases, temperature: 1 });
}

describe('danger decisions of the understanding stage (session 10)', () => {
  it('a weak manipulation reading dropped never hands the message to danger without its gate', () => {
    // manipulation first, danger second, legal_question third: dropping manipulation must not give danger.
    const s = new UnderstandingStage(fixed(['manipulation', 'danger', 'legal_question'], [1.2, 1.1, 1]), teencode);
    const u = s.understand('Cho tui hỏi đánh con nhỏ để dạy dỗ thì có bị phạt hông');
    expect(u.intent).toBe('legal_question');
    expect(u.danger).toBeUndefined();
  });

  it('a small injury asked about is no alarm from the model alone; bleeding a rule reads still is', () => {
    const alarmist = new UnderstandingStage(fixed(['danger', 'out_of_scope'], [3, 0]), teencode);
    expect(alarmist.understand('Con tôi bị ngã xe đạp xước đầu gối, có cần đi tiêm uốn ván không').danger).toBeUndefined();
    expect(alarmist.understand('bé té trầy tay, bôi thuốc gì cho mau lành').danger).toBeUndefined();
    expect(alarmist.understand('Mấy đứa nhỏ đang tắm mưa ngoài sân vui lắm').danger).toBeUndefined();
    // Someone already in hospital is in care; a fight in the hospital is still violence.
    expect(alarmist.understand('bố tôi đang thở oxy ở bệnh viện tỉnh, gia đình muốn làm giấy ủy quyền').danger).toBeUndefined();
    expect(alarmist.understand('tôi đang ở bệnh viện mà người nhà giường bên say rượu đòi đánh bác sĩ').danger).toBeDefined();
    expect(alarmist.understand('con tôi té đập đầu chảy máu không cầm được, có cần đi khám không').danger).toBeDefined();
  });

  it('a theft with nobody hurt is a report; a robbery with the writer hurt and the robber near is danger', () => {
    const alarmist = new UnderstandingStage(fixed(['danger', 'legal_problem'], [3, 0]), teencode);
    expect(alarmist.understand('tui vừa bị mất trộm xe đạp trước cổng chợ, báo công an ở đâu').danger).toBeUndefined();
    const calm = new UnderstandingStage(fixed(['danger', 'legal_problem'], [-3, 0]), teencode);
    const u = calm.understand('vừa bị cướp giật túi, tay trầy hết, thằng đó còn đứng bên kia đường');
    expect(u.danger?.kind).toBe('violence');
  });

  it('self-harm just done is danger even when the message also asks a procedure', () => {
    const calm = new UnderstandingStage(fixed(['danger', 'procedure'], [-3, 0]), teencode);
    const u = calm.understand('t uống hết vỉ thuốc ngủ r, muốn hỏi thủ tục để lại nhà cho con');
    expect(u.intent).toBe('danger');
    expect(u.danger?.kinds).toContain('suicide');
    // The law asked about self-harm in general stays a question.
    expect(calm.understand('người tự tử không thành thì có bị phạt không').danger).toBeUndefined();
  });
});

describe('danger decisions of the understanding stage (session 11)', () => {
  const alarmist = new UnderstandingStage(fixed(['danger', 'out_of_scope', 'legal_question'], [3, 0, 0]), teencode);

  it('a far past is no alarm however sure the model is; a near past with a now-word still is', () => {
    expect(alarmist.understand('Cháu tôi hồi 2 tuổi từng bị co giật vì sốt, nay 8 tuổi có cần kiêng gì không').danger).toBeUndefined();
    expect(alarmist.understand('năm 2018 nhà tôi bị cháy, giờ xin cấp lại giấy tờ nhà').danger).toBeUndefined();
    expect(alarmist.understand('tối qua nó bóp cổ em, giờ nó đang đứng ngoài cửa').danger).toBeDefined();
  });

  it('a death whose funeral is done, asked about its papers, is no alarm however the model leans', () => {
    expect(alarmist.understand('Bác tôi mất hôm trước ở nhà, họ hàng chôn cất xong rồi, ai là người đi khai tử, mang gì theo').danger).toBeUndefined();
  });

  it('a calm health question (slight, and whether it matters) is no alarm from the model alone', () => {
    expect(alarmist.understand('ông xã em đang chảy máu chân răng một chút, có sao không').danger).toBeUndefined();
    expect(alarmist.understand('bé bị sốt nhẹ từ sáng, nên uống gì').danger).toBeUndefined();
    // A rule's state is no calm question: heavy bleeding stays an alarm whatever follows.
    expect(alarmist.understand('vết cắt ở tay máu chảy không cầm được, nhẹ nhàng băng lại có sao không').danger).toBeDefined();
  });
});

describe('danger while a form is being filled (issue 12 / 20)', () => {
  // The model never says danger: only the rules decide.
  const calm = new UnderstandingStage(fixed(['form_data', 'danger'], [3, -3]), teencode);
  const form = { formActive: true };

  it('a form value is data, not an emergency: an event naming a date, a whereabouts, a child who comes along, a particle', () => {
    for (const text of [
      'À chị ơi bé sanh ngày 29/10 chớ hổng phải 27, 27 là ngày em chuyển dạ',
      'ngày vợ em chuyển dạ là 27/10/2025 nha chị',
      'vợ e Lâm Thị Sa Rên, sn 2000, cccd 094300005176. e ở khóm 4, p Sóc Trăng, vợ e thì đang ở bển ngoại chưa về',
      'Hai đứa nhỏ đi theo tui: thằng lớn Trương Gia Huy, sinh 10/6/2010, số định danh 079210004571',
      'Ờ lộn, nó sanh 15/5/2000 nghen cô, tui gõ thiếu số.',
    ]) {
      const u = calm.understand(text, form);
      expect(u.danger, text).toBeUndefined();
      expect(u.intent, text).toBe('form_data');
    }
  });

  it('danger now still wins in the middle of a form, in the same words', () => {
    for (const text of [
      '27 là ngày dự sinh mà giờ vợ em chuyển dạ rồi',
      'vợ em sinh 1998, hôm nay vợ em chuyển dạ',
      'ngày em chuyển dạ là 27 mà giờ vỡ ối rồi',
      'con em đi học từ sáng đến giờ chưa về, gọi không được',
      'có thằng lạ đi theo tui từ chợ về, giờ nó đứng trước cổng',
      'bé nhà em nghẹn cổ không thở được',
    ]) {
      expect(calm.understand(text, form).intent, text).toBe('danger');
    }
  });
});
