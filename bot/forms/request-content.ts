import { fold } from '../../knowledge/text/index.js';

/**
 * CT01 "10. Nội dung đề nghị": what the citizen asks the residence registry to do, written
 * the way an officer expects it ("Đăng ký tạm trú tại số 15 ngõ 80 phố Chùa Láng, phường
 * Láng, Hà Nội"), built only from the request kind read from the conversation and the
 * residence address the forms code already extracted, never from the citizen's own phrases.
 */

export type RequestKind =
  | 'thuong_tru'
  | 'tam_tru'
  | 'gia_han_tam_tru'
  | 'tach_ho'
  | 'xoa_thuong_tru'
  | 'xoa_tam_tru'
  | 'dieu_chinh'
  | 'xac_nhan';

/** The request as the form's note words it (Thông tư 53/2025/TT-BCA, mẫu CT01, note 2). */
export const REQUEST_KIND_LABELS: Readonly<Record<RequestKind, string>> = {
  thuong_tru: 'Đăng ký thường trú',
  tam_tru: 'Đăng ký tạm trú',
  gia_han_tam_tru: 'Gia hạn tạm trú',
  tach_ho: 'Tách hộ',
  xoa_thuong_tru: 'Xóa đăng ký thường trú',
  xoa_tam_tru: 'Xóa đăng ký tạm trú',
  dieu_chinh: 'Điều chỉnh thông tin về cư trú',
  xac_nhan: 'Xác nhận thông tin về cư trú',
};

/** Words that start an address and are written in lower case after "tại" ("tại số 15 …", "tại thôn 3 …"). */
const ADDRESS_NOUN = /^(?:Số|Thôn|Xóm|Ấp|Tổ|Ngõ|Ngách|Hẻm|Kiệt|Đường|Phố|Phường|Xã|Khu|Khóm|Bản|Buôn|Làng|Căn hộ|Nhà|Tầng|Chung cư|Đặc khu|Thị trấn)(?=\s)/u;

/** "Đăng ký tạm trú tại số 15 ngõ 80 phố Chùa Láng, phường Láng, Hà Nội"; the kind alone without an address. */
export function requestContent(kind: RequestKind, address?: string): string {
  const label = REQUEST_KIND_LABELS[kind];
  const where = (address ?? '')
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^(?:(?:tại|ở|tai|o)\s+|[:\-–]\s*)+/iu, '')
    .replace(/[\s,.;:!?]+$/u, '')
    .replace(ADDRESS_NOUN, (w) => w.toLocaleLowerCase('vi'));
  return where ? `${label} tại ${where}` : label;
}

const VERB = '(?:dang ky|dang ki|dky|dki|dk|khai bao|lam|xin|nop|lam thu tuc|lam giay|lam so)';
const STAY_TEMP = '(?:tam tru|tam chu|kt3)';
const STAY_PERM = '(?:thuong tru|thuong chu)';
const HOUSEHOLD_BOOK = '(?:so ho khau|ho khau|so ho|khau)';

interface Rule {
  kind: RequestKind;
  re: RegExp;
  /** Without a verb ("thường trú" alone) the phrase may only name a kind of address. */
  weak?: boolean;
}

/** Specific phrases before the general ones: "gia hạn tạm trú" is not "đăng ký tạm trú". */
const RULES: Rule[] = [
  { kind: 'gia_han_tam_tru', re: new RegExp(`\\b(?:gia han|keo dai|xin them)(?: (?:them|thoi han|thoi gian|han))*(?: (?:dang ky|dk))? ${STAY_TEMP}\\b`, 'g') },
  { kind: 'gia_han_tam_tru', re: new RegExp(`\\b${STAY_TEMP}(?: \\w+){0,4} (?:sap het han|het han|qua han)\\b`, 'g') },
  { kind: 'xoa_thuong_tru', re: new RegExp(`\\b(?:xoa|huy|cat|cat bo|rut)(?: (?:dang ky|dk|ten|ten khoi|khoi))? (?:${STAY_PERM}|${HOUSEHOLD_BOOK})\\b`, 'g') },
  { kind: 'xoa_tam_tru', re: new RegExp(`\\b(?:xoa|huy|cat|rut)(?: (?:dang ky|dk|ten|ten khoi|khoi))? ${STAY_TEMP}\\b`, 'g') },
  { kind: 'tach_ho', re: /\b(?:tach (?:ho|khau|so ho khau|so ho|so|ra (?:o |lam |thanh )?(?:ho|so) rieng)|lap (?:so |ho )?(?:ho|so) rieng|ra ho rieng)\b/g },
  { kind: 'dieu_chinh', re: /\b(?:dieu chinh|sua|sua doi|cap nhat|thay doi|doi)(?: lai)? (?:thong tin(?: \w+){0,3} (?:cu tru|ho khau|co so du lieu|csdl)|chu ho)\b/g },
  { kind: 'xac_nhan', re: new RegExp(`\\b(?:giay )?xac nhan (?:thong tin )?(?:ve )?(?:cu tru|noi cu tru|noi o|${STAY_PERM}|${STAY_TEMP})\\b`, 'g') },
  { kind: 'thuong_tru', re: new RegExp(`\\b${VERB} ${STAY_PERM}\\b`, 'g') },
  { kind: 'thuong_tru', re: /\b(?:nhap|len|vao|chuyen|dang ky|dk|lam|xin|dua vao|them vao|them ten vao|ghi ten vao|cho vao|cho nhap|nhap ten vao|lam thu tuc nhap)(?: (?:them|ten|cho \w+))? (?:so ho khau|ho khau|khau)\b/g },
  // "nhập hộ" (into a household), never "nhập hồ sơ"; "làm hộ", "đăng ký hộ" are "on behalf of".
  { kind: 'thuong_tru', re: /\bnhap ho(?! (?:so|ten|chieu|tich|ngheo|kinh doanh|gia dinh|em|minh|toi|tui|con|me|bo|ba|ma|chi|anh)\b)\b/g },
  { kind: 'tam_tru', re: new RegExp(`\\b(?:${VERB}|bao|trinh bao) ${STAY_TEMP}\\b`, 'g') },
  { kind: 'thuong_tru', re: new RegExp(`\\b${STAY_PERM}\\b`, 'g'), weak: true },
  { kind: 'tam_tru', re: new RegExp(`\\b${STAY_TEMP}\\b`, 'g'), weak: true },
  { kind: 'gia_han_tam_tru', re: /\bgia han\b/g, weak: true },
  { kind: 'tach_ho', re: /\btach\b/g, weak: true },
];

/** A kind of address or a state, not a request: "nơi thường trú", "hộ khẩu thường trú", "đang tạm trú". */
const STATE_BEFORE = /\b(?:noi|dia chi|cho|ho khau|so|giay|the|dang|hien|hien dang|van|vua|da|da co|co|con|chua het|thoi han|han|ngay het han|het han)\s*$/;
/** "không phải tạm trú", "chứ không phải xóa": the phrase is what the citizen does not ask. */
const NEGATED_BEFORE = /\b(?:khong phai|ko phai|k phai|hong phai|chu khong phai|khong can|ko can|khong muon|ko muon|khong)(?: la| dang ky| lam)?\s*$/;
/** "đã đăng ký tạm trú", "trước đây nhập khẩu": told as done, not asked. */
const PAST_BEFORE = /\b(?:da|tung|truoc day|truoc kia|hoi truoc|nam ngoai)(?: \w+){0,2}\s*$/;
/** "muốn đăng ký thường trú", "cần tờ khai để khai báo tạm trú": what the citizen wants done. */
const WISH_BEFORE = /\b(?:muon|can|xin|de|dinh|phai|giup|giup em|nho|tinh|se|gio|bay gio|nay|lam on)(?: \w+){0,3}\s*$/;
/** The form's own name is no request ("tờ khai thay đổi thông tin cư trú", "mẫu CT01"). */
const FORM_NAME = /\b(?:to khai|mau|don|giay) thay doi thong tin cu tru\b/g;

/**
 * The request kind the citizen's words name, with or without diacritics, in any register
 * ("dang ky tam tru", "khai báo tạm trú", "nhập hộ khẩu", "gia hạn tạm trú", "tách khẩu").
 * What the citizen says they do not want is left out; of several requests the one the
 * citizen says they want ("giờ muốn …") wins, else the last named with a verb, else the
 * last named at all. Undefined when none is named.
 */
export function readRequestKind(text: string): RequestKind | undefined {
  return readRequest(text)?.kind;
}

/**
 * As `readRequestKind`, and whether the kind was only named without a verb ("thường trú" alone,
 * "tạm trú sắp hết hạn" aside): a weak reading, which should not replace a kind already asked for.
 */
export function readRequest(text: string): { kind: RequestKind; weak: boolean } | undefined {
  let f = fold(text).replace(FORM_NAME, (m) => ' '.repeat(m.length));
  interface Hit {
    kind: RequestKind;
    at: number;
    weak: boolean;
    wish: boolean;
  }
  const hits: Hit[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of f.matchAll(rule.re)) {
      const before = f.slice(Math.max(0, m.index! - 40), m.index!);
      // Masked so that a general rule does not read a phrase a specific one took.
      f = f.slice(0, m.index!) + ' '.repeat(m[0].length) + f.slice(m.index! + m[0].length);
      if (NEGATED_BEFORE.test(before)) continue;
      if (rule.weak && STATE_BEFORE.test(before)) continue;
      const wish = WISH_BEFORE.test(before);
      hits.push({ kind: rule.kind, at: m.index!, weak: !!rule.weak || (!wish && PAST_BEFORE.test(before)), wish });
    }
  }
  if (hits.length === 0) return undefined;
  hits.sort((a, b) => a.at - b.at);
  const pick = (xs: Hit[]) => xs[xs.length - 1];
  const hit = (pick(hits.filter((h) => h.wish && !h.weak)) ?? pick(hits.filter((h) => !h.weak)) ?? pick(hits.filter((h) => h.wish)) ?? pick(hits))!;
  return { kind: hit.kind, weak: hit.weak && !hit.wish };
}
