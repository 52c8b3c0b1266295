import type { DeadlineDefinition, EligibilityGroup, TriageKnowledge } from '../../knowledge/triage/index.js';
import type { OutgoingMessage, SuggestedAction } from '../types.js';

/** Citizen-facing texts of the triage flow (polite Vietnamese, "Dạ", "anh/chị"). */

export const CONSENT_TEXT_VERSION = 'triage-consent-v1';

export const BUTTONS = {
  wantLawyer: 'Có, tôi muốn gặp luật sư',
  noThanks: 'Không, cảm ơn',
  agree: 'Tôi đồng ý',
  disagree: 'Tôi không đồng ý',
  noGroup: 'Không thuộc nhóm nào',
  yes: 'Có',
  no: 'Không',
  send: 'Đồng ý gửi',
  edit: 'Sửa tóm tắt',
  morning: 'Buổi sáng',
  afternoon: 'Buổi chiều',
  evening: 'Buổi tối',
  anytime: 'Lúc nào cũng được',
  unsafe: 'Không an toàn, chỉ trả lời khi tôi nhắn',
} as const;

const actions = (...titles: string[]): SuggestedAction[] => titles.map((t) => ({ title: t, value: t }));

export const offerActions = (): SuggestedAction[] => actions(BUTTONS.wantLawyer, BUTTONS.noThanks);

const lawyerOffer =
  'Tại phường có **luật sư tình nguyện** trực để tư vấn miễn phí. Anh/chị có muốn em chuyển vụ việc cho luật sư không ạ?';

export function emergencyMessages(k: TriageKnowledge, opts: { child: boolean; eviction: boolean }): OutgoingMessage[] {
  const numbers = k.contacts.emergency.map((e) => `- **${e.number}**: ${e.label}`).join('\n');
  const now: string[] = [];
  if (opts.eviction) {
    now.push('Nếu có người dùng vũ lực hoặc phá khóa, anh/chị gọi **113** hoặc báo ngay công an phường; không ký giấy tờ gì khi đang bị ép.');
    now.push('Giữ lại giấy tờ tùy thân, hợp đồng thuê, biên nhận tiền cọc; chụp ảnh, quay video đồ đạc và sự việc nếu an toàn.');
  } else {
    now.push('Nếu anh/chị hoặc người thân đang gặp nguy hiểm, hãy rời đến nơi an toàn (nhà người thân, hàng xóm) và gọi **113** ngay.');
    if (opts.child) now.push('Với trẻ em bị xâm hại, bạo lực hoặc bị dụ dỗ: gọi **111** (miễn phí, 24/7); giữ lại tin nhắn, hình ảnh làm bằng chứng, không xóa.');
    now.push('Nếu bị thương, gọi **115** hoặc đến cơ sở y tế gần nhất và xin giấy xác nhận thương tích.');
    now.push('Giữ lại bằng chứng (tin nhắn đe dọa, ảnh vết thương) ở nơi người kia không xem được.');
  }
  return [
    {
      text: `Dạ, an toàn của anh/chị là quan trọng nhất. Nếu đang nguy hiểm, hãy gọi ngay:\n${numbers}\n\n**Việc cần làm ngay:**\n${now.map((x) => `- ${x}`).join('\n')}`,
    },
    {
      text: `Khi đã an toàn, em có thể chuyển vụ việc cho luật sư tình nguyện để được tư vấn miễn phí và ưu tiên. Anh/chị có muốn không ạ?`,
      suggestedActions: offerActions(),
    },
  ];
}

export function escalateMessage(opts: {
  areaName: string;
  deadline?: DeadlineDefinition;
  conflict: boolean;
  tgpl: boolean;
  afterProcedure: boolean;
  /** Where such a matter is decided (a court, the commune's mediation…), from the reviewed list of matters outside the catalogue. */
  where?: string;
}): OutgoingMessage {
  const parts: string[] = [];
  parts.push(
    opts.afterProcedure
      ? `Ngoài thủ tục ở trên, vụ việc của anh/chị có dấu hiệu **tranh chấp** (lĩnh vực ${opts.areaName}), nên cần luật sư xem cụ thể.`
      : `Dạ, vụ việc của anh/chị (lĩnh vực ${opts.areaName}) cần **luật sư** xem cụ thể; em chỉ hướng dẫn thủ tục hành chính và không thay được ý kiến tư vấn pháp lý.`,
  );
  if (opts.where) parts.push(`Để anh/chị biết trước: ${opts.where.charAt(0).toLocaleLowerCase('vi')}${opts.where.slice(1).replace(/\.\s*$/u, '')}.`);
  if (opts.deadline) {
    parts.push(
      `Lưu ý thời hạn: ${opts.deadline.label} thường là **${opts.deadline.days} ngày** kể từ ${opts.deadline.from}. ` +
        'Anh/chị xem giúp em **ngày ghi trên bản án/quyết định/giấy tờ** nhận được (nhắn dạng ngày/tháng/năm) để luật sư ưu tiên nếu sắp hết hạn.',
    );
  }
  if (opts.conflict) {
    parts.push('Vì việc này liên quan đến cơ quan, cán bộ nơi điểm phục vụ trực thuộc, em sẽ ghi chú để chuyển cho **luật sư độc lập** xem xét.');
  }
  if (opts.tgpl) {
    parts.push('Nếu anh/chị thuộc một số nhóm (hộ nghèo, người có công, trẻ em, người khuyết tật…), anh/chị **có thể thuộc diện** được trợ giúp pháp lý miễn phí của Nhà nước; em sẽ hỏi vài câu ngắn sau khi anh/chị đồng ý.');
  }
  parts.push(lawyerOffer);
  return { text: parts.join('\n\n'), suggestedActions: offerActions() };
}

export function generalQuestionMessage(k: TriageKnowledge, areaName: string): OutgoingMessage {
  return {
    text:
      `Dạ, câu hỏi này (lĩnh vực ${areaName}) là câu hỏi pháp luật chung, không phải một thủ tục hành chính. ` +
      'Em chỉ hướng dẫn thủ tục và **không phải nguồn tư vấn pháp lý**, nên em không trả lời thay luật sư được.\n\n' +
      `Anh/chị có thể hỏi **luật sư tình nguyện** trực tại phường, hoặc ${k.contacts.legalAidCentre.name} (${k.contacts.legalAidCentre.how}). ` +
      'Anh/chị có muốn em chuyển câu hỏi cho luật sư không ạ?',
    suggestedActions: offerActions(),
  };
}

export function consentMessage(k: TriageKnowledge): OutgoingMessage {
  const months = Math.round(k.contacts.retentionDays / 30);
  return {
    text:
      'Dạ, trước khi chuyển, em cần anh/chị **đồng ý** về việc dùng thông tin:\n' +
      '- **Ai xem:** luật sư tình nguyện trực tại phường và điều phối viên phân công luật sư.\n' +
      '- **Thông tin gì:** tóm tắt vụ việc do anh/chị xác nhận, lĩnh vực, thời hạn, kết quả sàng lọc trợ giúp pháp lý, giờ liên hệ thuận tiện; luật sư trả lời qua chính cuộc trò chuyện này.\n' +
      '- **Dữ liệu nhạy cảm:** vụ việc có thể chứa thông tin về bạo lực, tội phạm, sức khỏe, đời sống gia đình, tài chính. Thông tin này được mã hóa và chỉ luật sư được phân công xem.\n' +
      '- **Mục đích:** chỉ để luật sư tư vấn cho anh/chị và kiểm tra xung đột lợi ích; không dùng vào việc khác.\n' +
      `- **Lưu trữ:** tối đa ${months} tháng, sau đó tự xóa. Anh/chị có thể xem, sửa, rút lại đồng ý hoặc gõ "xoá dữ liệu của tôi" bất cứ lúc nào.\n\n` +
      'Anh/chị có đồng ý không ạ?',
    suggestedActions: actions(BUTTONS.agree, BUTTONS.disagree),
  };
}

export function noConsentMessage(k: TriageKnowledge): OutgoingMessage {
  const sp = k.contacts.servicePoint;
  const c = k.contacts.legalAidCentre;
  return {
    text:
      'Dạ, em hiểu và **không lưu** thông tin vụ việc của anh/chị. Anh/chị vẫn có thể được tư vấn trực tiếp:\n' +
      `- **${sp.name}**: ${sp.hours}; ${sp.lawyerSessions}.\n` +
      `- **${c.name}**: ${c.how}. Thông tin thêm: ${c.website}\n\n` +
      'Khi cần, anh/chị cứ nhắn lại cho em ạ.',
  };
}

/**
 * The legal-aid screen: every group of Luật Trợ giúp pháp lý Điều 7 (as amended) in a short
 * numbered list of button-sized names, so no group is missing on a phone. Buttons: the group
 * the story hinted at (else the law's first), "none", then the others in the law's order (a
 * channel shows the first few and keeps the rest behind "Thêm").
 */
export function eligibilityQuestion(k: TriageKnowledge, hinted: readonly string[], maxButtons: number): OutgoingMessage {
  const groups = k.eligibility.groups;
  const list = groups.map((g, i) => `${i + 1}. ${shortLabel(g)}`).join('\n');
  const hintedGroups = groups.filter((g) => hinted.includes(g.id));
  const others = groups.filter((g) => !hinted.includes(g.id));
  const button = (g: EligibilityGroup) => ({ title: shortLabel(g), value: shortLabel(g) });
  const none = { title: BUTTONS.noGroup, value: BUTTONS.noGroup };
  // "None" stays second: where only a few buttons show, it is always one of them.
  const ordered = [...hintedGroups, ...others];
  const actions = [button(ordered[0]!), none, ...ordered.slice(1).map(button)].slice(0, Math.max(2, maxButtons));
  return {
    text:
      'Dạ, em hỏi nhanh để xem anh/chị **có thể thuộc diện** được trợ giúp pháp lý miễn phí của Nhà nước không (Trung tâm Trợ giúp pháp lý sẽ quyết định). ' +
      `Anh/chị (hoặc người cần giúp) có thuộc nhóm nào dưới đây không? Anh/chị nhắn số hoặc tên nhóm:\n\n${list}\n\nNếu không thuộc nhóm nào, anh/chị nhắn **0**.`,
    suggestedActions: actions,
  };
}

/** The group's button-sized name. */
export function shortLabel(g: EligibilityGroup): string {
  return g.short;
}

export function financialQuestion(k: TriageKnowledge): OutgoingMessage {
  return { text: `Dạ, ${k.eligibility.financialDifficulty.question}`, suggestedActions: actions(BUTTONS.yes, BUTTONS.no) };
}

export function eligibilityResult(
  k: TriageKnowledge,
  group: EligibilityGroup | undefined,
  financial: 'yes' | 'no' | 'unknown',
  proofs: readonly string[],
): string {
  const form = k.eligibility.form;
  if (!group) {
    return 'Dạ, theo thông tin anh/chị cho biết, có thể anh/chị không thuộc nhóm được trợ giúp pháp lý của Nhà nước; anh/chị **vẫn được luật sư tình nguyện tư vấn miễn phí** tại phường.';
  }
  if (group.needsFinancialDifficulty && financial !== 'yes') {
    return (
      `Dạ, nhóm "${group.label}" được trợ giúp pháp lý khi **có khó khăn về tài chính** (hộ cận nghèo hoặc đang hưởng trợ cấp xã hội hằng tháng). ` +
      'Nếu gia đình có giấy tờ này thì anh/chị có thể thuộc diện; nếu không, anh/chị vẫn được luật sư tình nguyện tư vấn miễn phí tại phường.'
    );
  }
  return (
    `Dạ, anh/chị **có thể thuộc diện** được trợ giúp pháp lý miễn phí (nhóm "${group.label}", Điều 7 Luật Trợ giúp pháp lý). ` +
    'Trung tâm Trợ giúp pháp lý nhà nước sẽ xem xét và quyết định.\n\n**Giấy tờ nên mang theo:**\n' +
    proofs.map((p) => `- ${p}`).join('\n') +
    `\n- **${form.name}** (em có thể giúp anh/chị điền mẫu đơn này)\n- Giấy tờ liên quan đến vụ việc (bản án, quyết định, hợp đồng, tin nhắn…)`
  );
}

export function contactQuestion(): OutgoingMessage {
  return {
    text:
      'Dạ, luật sư sẽ trả lời anh/chị qua **chính cuộc trò chuyện này**. Nhắn tin vào đây có an toàn với anh/chị không (ví dụ người khác có thể xem điện thoại), và anh/chị muốn được liên hệ vào lúc nào ạ?',
    suggestedActions: actions(BUTTONS.morning, BUTTONS.afternoon, BUTTONS.evening, BUTTONS.anytime, BUTTONS.unsafe),
  };
}

/** Button for a citizen who does not know their (new) ward. */
export const WARD_UNKNOWN = 'Không rõ';

export function wardQuestion(): OutgoingMessage {
  return {
    text:
      'Dạ, anh/chị đang sống ở **phường/xã nào** của Hà Nội ạ? Em hỏi để chuyển vụ việc cho luật sư trực gần anh/chị nhất. ' +
      'Anh/chị nhắn tên phường/xã mới, hoặc tên cũ trước tháng 7/2025 cũng được (ví dụ: "Hồng Hà" hoặc "Phúc Xá").',
    suggestedActions: actions(WARD_UNKNOWN),
  };
}

export function wardChoiceQuestion(wards: ReadonlyArray<{ name: string }>, formerName?: string): OutgoingMessage {
  const lead = formerName
    ? `Dạ, ${formerName} (cũ) nay thuộc nhiều phường/xã khác nhau.`
    : 'Dạ, có nhiều phường/xã trùng tên này.';
  return {
    text: `${lead} Anh/chị đang sống ở đâu trong các nơi dưới đây ạ?\n${wards.map((w) => `- ${w.name}`).join('\n')}`,
    suggestedActions: [...wards.map((w) => ({ title: w.name, value: w.name })), { title: WARD_UNKNOWN, value: WARD_UNKNOWN }],
  };
}

export function wardNotFoundQuestion(): OutgoingMessage {
  return {
    text: 'Dạ, em chưa tìm thấy phường/xã này trong danh sách 126 phường, xã của Hà Nội. Anh/chị kiểm tra lại tên giúp em, hoặc bấm «Không rõ» ạ.',
    suggestedActions: actions(WARD_UNKNOWN),
  };
}

export function wardRoutedNote(ward: string, formerName?: string): OutgoingMessage {
  return {
    text: `Dạ, ${formerName ? `${formerName} (cũ) nay là **${ward}**. ` : ''}Em sẽ chuyển vụ việc cho luật sư trực tại **${ward}** hoặc gần đó.`,
  };
}

export function wardPoolNote(): OutgoingMessage {
  return { text: 'Dạ, không sao ạ. Em sẽ chuyển vụ việc cho luật sư tình nguyện đang trực của thành phố.' };
}

export function summaryQuestion(summary: string): OutgoingMessage {
  return {
    text: `Dạ, em tóm tắt vụ việc để gửi luật sư như sau:\n\n> ${summary}\n\nAnh/chị đồng ý gửi bản tóm tắt này không, hay muốn sửa lại ạ?`,
    suggestedActions: actions(BUTTONS.send, BUTTONS.edit),
  };
}

export const SUMMARY_EDIT_PROMPT: OutgoingMessage = {
  text: 'Dạ, anh/chị nhắn lại tóm tắt ngắn gọn vụ việc (chuyện gì, với ai, từ khi nào, anh/chị cần giúp gì) giúp em ạ.',
};

const NEXT_BY_URGENCY: Record<string, string> = {
  emergency: 'Vụ việc được đánh dấu **khẩn cấp**: luật sư sẽ liên hệ sớm nhất có thể. Nếu nguy hiểm xảy ra, anh/chị gọi **113** ngay, đừng chờ luật sư.',
  deadline: 'Vì có thời hạn gần, vụ việc được **ưu tiên**: luật sư sẽ liên hệ trong khoảng 1 ngày làm việc.',
  soon: 'Luật sư sẽ liên hệ trong khoảng 3 ngày làm việc.',
  routine: 'Luật sư trực buổi gần nhất tại phường sẽ nhận và liên hệ với anh/chị (thường trong vòng 5 ngày làm việc).',
};

export function caseOpenedMessage(caseId: string, urgency: string, tgplEligible: boolean): OutgoingMessage {
  return {
    text:
      `Dạ, em đã mở hồ sơ tư vấn số **${caseId}**. Anh/chị giữ lại mã này để tra cứu.\n\n**Tiếp theo:**\n` +
      `- ${NEXT_BY_URGENCY[urgency] ?? NEXT_BY_URGENCY.routine}\n` +
      '- Luật sư trả lời ngay trong cuộc trò chuyện này; anh/chị chuẩn bị sẵn giấy tờ liên quan.\n' +
      (tgplEligible ? '- Luật sư hoặc cán bộ sẽ hướng dẫn anh/chị nộp hồ sơ đề nghị trợ giúp pháp lý.\n' : '') +
      '- Anh/chị có thể gõ "xoá dữ liệu của tôi" để xóa hồ sơ bất cứ lúc nào.',
  };
}

export function deadlineNote(d: DeadlineDefinition, documentDate: string, due: string): OutgoingMessage {
  return {
    text:
      `Dạ, em ghi nhận ngày trên giấy tờ là **${documentDate}**. Với ${d.label}, thời hạn thường là ${d.days} ngày kể từ ${d.from}, tức khoảng **${due}**. ` +
      'Đây chỉ là ước tính để luật sư ưu tiên; luật sư sẽ kiểm tra lại chính xác.\n\n' +
      lawyerOffer,
    suggestedActions: offerActions(),
  };
}
