import type { FormDefinition, FormField, FormRegistry } from '../../knowledge/index.js';
import type { OutgoingMessage, SuggestedAction, TurnResult } from '../types.js';
import type { FormContext } from './context.js';
import type { PersonKey } from './profile.js';
import { printableValue } from './render-pdf.js';
import { holderOfField, valueOf, type FormSession } from './session.js';

/**
 * What the citizen reads while a form is filled: the consent question, the next question
 * (one or two fields, buttons for choices), the read-back summary, and values as the chat
 * shows them (ID and phone numbers by their last four digits; the full value goes only
 * into the produced file).
 */

export const FORM_ACTIONS = {
  consentYes: 'Đồng ý lưu',
  consentNo: 'Không, chỉ dùng lần này',
  confirm: 'Xác nhận, tạo tờ khai',
  edit: 'Sửa thông tin',
  cancel: 'Huỷ điền tờ khai',
  useNewAddress: 'Dùng địa chỉ mới',
  keepAddress: 'Giữ địa chỉ như đã nhập',
  skip: 'Bỏ qua',
} as const;

export const UNSURE_WHOSE = 'Dạ, em chưa rõ thông tin vừa rồi là của ai, anh/chị nói rõ giúp em (ví dụ "ngày sinh của mẹ cháu là …") ạ.';

const ROLE_WORDS: Record<string, string> = {
  baby: 'của cháu',
  child: 'của con',
  mother: 'của mẹ',
  father: 'của cha',
  spouse: 'của vợ/chồng',
  chuHo: 'của chủ hộ',
  subject: 'người được cấp',
};

const HOLDER_WORDS: Record<string, string> = {
  self: 'của anh/chị',
  child: 'của cháu',
  spouse: 'của vợ/chồng',
  father: 'của cha',
  mother: 'của mẹ',
  other: '',
};

export const KEY_LABELS: Partial<Record<PersonKey, string>> = {
  hoTen: 'họ tên',
  ngaySinh: 'ngày sinh',
  soDinhDanh: 'số định danh cá nhân',
  soDienThoai: 'số điện thoại',
  noiCuTru: 'nơi cư trú',
  queQuan: 'quê quán',
  noiSinh: 'nơi sinh',
};

export const action = (title: string, value = title): SuggestedAction => ({ title, value });

export function consentQuestion(form: FormDefinition): OutgoingMessage {
  return {
    text:
      `Dạ, em sẽ giúp anh/chị điền **${form.shortName}**.\n` +
      'Trước khi bắt đầu, em xin phép được **lưu** họ tên, ngày sinh, giới tính, số định danh cá nhân, số điện thoại, địa chỉ của anh/chị ' +
      '(và của người thân khi tờ khai cần) dưới dạng mã hoá, **chỉ để điền sẵn các tờ khai sau này**, không dùng vào việc khác. ' +
      'Anh/chị có thể yêu cầu xoá bất cứ lúc nào bằng câu "Xoá dữ liệu của tôi".\n' +
      'Anh/chị có đồng ý cho em lưu không? Nếu không đồng ý, em vẫn điền tờ khai lần này và không lưu lại gì.',
    suggestedActions: [action(FORM_ACTIONS.consentYes), action(FORM_ACTIONS.consentNo)],
  };
}

export function questionFor(ctx: FormContext, form: FormDefinition, session: FormSession, fields: FormField[]): OutgoingMessage {
  const parts = fields.map((f) => f.ask ?? f.label);
  const text =
    fields.length === 1
      ? parts[0]!.trim().endsWith('?')
        ? `Dạ, ${lowerFirst(parts[0]!)}`
        : `Dạ, anh/chị cho em xin ${lowerFirst(parts[0]!)} ạ.`
      : `Dạ, anh/chị cho em xin:\n${parts.map((p) => `- ${p}`).join('\n')}`;
  const field = fields[0]!;
  const options = ctx.forms.optionsOf(field);
  const buttons: SuggestedAction[] = options ? options.slice(0, 8).map((o) => action(o)) : [];
  if (fields.length === 1 && field.type === 'select' && options && options.length > 8) {
    if (!field.required) buttons.unshift(action(FORM_ACTIONS.skip));
    return { text: `${text}\nAnh/chị bấm chọn hoặc gõ tên (ví dụ: ${options.slice(0, 3).join(', ')}).`, suggestedActions: buttons };
  }
  if (fields.length === 1 && !field.required) buttons.push(action(FORM_ACTIONS.skip));
  void session;
  void form;
  return { text, suggestedActions: buttons.length > 0 ? buttons : undefined };
}

export function summary(ctx: FormContext, form: FormDefinition, session: FormSession, now: Date): OutgoingMessage {
  const lines = [`Dạ, em tóm tắt **${form.shortName}** để anh/chị kiểm tra:`];
  for (const f of ctx.forms.fieldsOf(form)) {
    if (f.derive?.kind === 'today' || f.derive?.kind === 'dateInWords') continue;
    const v = valueOf(form, session, f, ctx.forms, now);
    if (!v) continue;
    lines.push(`- ${stripNumber(f.label)}${labelSuffix(ctx, form, session, f)}: ${chatValue(f, v)}`);
  }
  lines.push('', 'Nếu đúng, anh/chị bấm "Xác nhận" để em tạo tờ khai (PDF). Muốn sửa, anh/chị nhắn ví dụ "sửa ngày sinh".');
  return {
    text: lines.join('\n'),
    suggestedActions: [action(FORM_ACTIONS.confirm), action(FORM_ACTIONS.edit), action(FORM_ACTIONS.cancel)],
  };
}

export function labelSuffix(ctx: FormContext, form: FormDefinition, session: FormSession, f: FormField): string {
  const section = form.sections.find((s) => s.fields.includes(f));
  if (section?.title && !/^\d/.test(section.title)) return ` (${section.title.toLowerCase()})`;
  // Named after the person the form means (the mother), even when that is the citizen.
  const role = f.prefill?.split('.')[0];
  if (!role || role === 'self' || /người|chủ hộ/.test(f.label)) return '';
  const w = ROLE_WORDS[role] ?? HOLDER_WORDS[holderOfField(form, session, f, ctx.forms) ?? 'other'];
  return w ? ` (${w})` : '';
}

export function withReminder(res: TurnResult, form: FormDefinition): TurnResult {
  const msgs = [...res.messages];
  msgs.push({
    text: `Dạ, mình vẫn đang điền ${form.shortName} dở. Anh/chị trả lời câu hỏi trước của em để tiếp tục, hoặc bấm "Huỷ điền tờ khai".`,
    suggestedActions: [action(FORM_ACTIONS.cancel)],
  });
  return { ...res, messages: msgs };
}

/** ID and phone numbers masked to their last four digits: the full value is only in the produced file. */
export function chatValue(f: FormField, v: string): string {
  if (f.type === 'id-number' || f.type === 'phone') return maskDigits(v.replace(/\s/g, ''));
  return printableValue(f, v);
}

/**
 * ID and phone numbers as the chat shows them: only the last four digits (the full value
 * goes only into the produced file).
 */
export function maskDigits(v: string): string {
  return v.length <= 4 ? v : `${'•'.repeat(v.length - 4)}${v.slice(-4)}`;
}

/**
 * The last guard before a reply leaves the form skill: any run of nine or more digits (an ID
 * or phone number, spaced, dotted or dashed as typed) is shown by its last four digits,
 * whichever path wrote it (summary, correction, cross-check, a value the citizen typed into
 * a free-text answer). Link targets are left alone: they carry no personal data.
 */
export function maskNumbersInText(text: string): string {
  return text
    .split(/(\]\([^)\s]*\))/u)
    .map((part) => (part.startsWith('](') ? part : part.replace(/(?<![\p{L}\d])\+?\d(?:[ .\-]?\d){8,}(?!\d)/gu, (m) => maskDigits(m.replace(/\D/g, '')))))
    .join('');
}

export function maskedValue(key: PersonKey, v: string): string {
  if (key === 'soDinhDanh' || key === 'soDienThoai') return maskDigits(v);
  if (key === 'ngaySinh') return formatIso(v);
  return v;
}

export function formatIso(v: string): string {
  const [y, m, d] = v.split('-');
  return d ? `${d}/${m}/${y}` : m ? `${m}/${y}` : v;
}

export function stripNumber(label: string): string {
  return label.replace(/^\d+\.\s*/, '');
}

export function lowerFirst(s: string): string {
  return s ? s[0]!.toLocaleLowerCase('vi') + s.slice(1) : s;
}

export function capitalise(s: string): string {
  return s ? s[0]!.toLocaleUpperCase('vi') + s.slice(1) : s;
}
