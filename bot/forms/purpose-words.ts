import { foldSameLength, hasDiacritics } from '../../knowledge/text/index.js';

/**
 * The purpose of a marital-status certificate as an officer writes it (issue 20): the
 * abbreviations people type written out ("hs" → "hồ sơ", "XKLĐ" → "xuất khẩu lao động",
 * "đk" → "đăng ký"), and a purpose typed without tones given its tones when every word of it is
 * in the vocabulary below ("lam ho so lao dong o Han Quoc" → "làm hồ sơ lao động ở Hàn Quốc").
 * One word the vocabulary does not know leaves the purpose as typed: never half with tones, never
 * a guess between two readings (the vocabulary holds only words with one reading in a purpose).
 */

/** Abbreviations, folded, and what they stand for. */
const ABBREVIATIONS: ReadonlyArray<[string, string]> = [
  ['xkld', 'xuất khẩu lao động'],
  ['hs', 'hồ sơ'],
  ['dk', 'đăng ký'],
  ['dky', 'đăng ký'],
  ['dki', 'đăng ký'],
  ['kh', 'kết hôn'],
];

/**
 * Phrases of purposes, folded → written. Longest first when read; a word alone only where it
 * has one reading in a purpose ("ban" is "bán" only before "nhà"/"đất"; "o" is "ở").
 */
const PHRASES: ReadonlyArray<[string, string]> = (
  [
    ['dang ky', 'đăng ký'],
    ['dang ki', 'đăng ký'],
    ['ket hon', 'kết hôn'],
    ['thu tuc', 'thủ tục'],
    ['ho so', 'hồ sơ'],
    ['bo sung', 'bổ sung'],
    ['hoan thien', 'hoàn thiện'],
    ['vay von', 'vay vốn'],
    ['ngan hang', 'ngân hàng'],
    ['the chap', 'thế chấp'],
    ['mua ban', 'mua bán'],
    ['nha dat', 'nhà đất'],
    ['nha o xa hoi', 'nhà ở xã hội'],
    ['ban nha', 'bán nhà'],
    ['ban dat', 'bán đất'],
    ['giao dich', 'giao dịch'],
    ['chuyen nhuong', 'chuyển nhượng'],
    ['quyen su dung dat', 'quyền sử dụng đất'],
    ['khai nhan', 'khai nhận'],
    ['thua ke', 'thừa kế'],
    ['sang ten', 'sang tên'],
    ['tang cho', 'tặng cho'],
    ['xuat khau lao dong', 'xuất khẩu lao động'],
    ['lao dong', 'lao động'],
    ['du hoc', 'du học'],
    ['xin viec', 'xin việc'],
    ['nhan con nuoi', 'nhận con nuôi'],
    ['xuat canh', 'xuất cảnh'],
    ['dinh cu', 'định cư'],
    ['nuoc ngoai', 'nước ngoài'],
    ['cong dan', 'công dân'],
    ['han quoc', 'Hàn Quốc'],
    ['nhat ban', 'Nhật Bản'],
    ['dai loan', 'Đài Loan'],
    ['trung quoc', 'Trung Quốc'],
    ['hoa ky', 'Hoa Kỳ'],
    ['viet nam', 'Việt Nam'],
    ['nhat', 'Nhật'],
    ['uc', 'Úc'],
    ['duc', 'Đức'],
    ['phap', 'Pháp'],
    ['my', 'Mỹ'],
    ['lam', 'làm'],
    ['nop', 'nộp'],
    ['vay', 'vay'],
    ['mua', 'mua'],
    ['nha', 'nhà'],
    ['dat', 'đất'],
    ['di', 'đi'],
    ['de', 'để'],
    ['voi', 'với'],
    ['tai', 'tại'],
    ['o', 'ở'],
    ['nguoi', 'người'],
    ['cho', 'cho'],
    ['va', 'và'],
    ['cua', 'của'],
  ] as Array<[string, string]>
).sort((a, b) => b[0].split(' ').length - a[0].split(' ').length);

/** A token folded, when it is a bare word (a token with punctuation matches nothing: "(Han" stays as typed). */
const word = (w: string) => {
  const f = foldSameLength(w).toLowerCase();
  return /^[a-z0-9]+$/.test(f) ? f : '\u0000';
};

/** The abbreviations written out, the rest of the words as typed. */
function expandAbbreviations(words: string[]): string[] {
  return words.flatMap((w) => {
    const hit = ABBREVIATIONS.find(([a]) => a === word(w));
    return hit ? hit[1].split(' ') : [w];
  });
}

export function purposeAsWritten(value: string): string {
  const end = /[\s.,;!]*$/u.exec(value)![0];
  const typed = value.slice(0, value.length - end.length).trim().split(/\s+/).filter(Boolean);
  if (typed.length === 0) return value;
  const words = expandAbbreviations(typed);
  let out: string[] = words;
  // Tones only for a purpose typed with none (the abbreviations written out carry theirs).
  if (!typed.some((w) => hasDiacritics(w))) {
    const restored: string[] = [];
    let ok = true;
    for (let i = 0; i < words.length && ok; ) {
      if (hasDiacritics(words[i]!)) {
        restored.push(words[i]!);
        i++;
        continue;
      }
      const hit = PHRASES.find(([p]) => {
        const n = p.split(' ').length;
        return words.slice(i, i + n).map(word).join(' ') === p;
      });
      if (!hit) ok = false;
      else {
        restored.push(...hit[1].split(' '));
        i += hit[0].split(' ').length;
      }
    }
    if (ok) out = restored;
  }
  const text = out.join(' ');
  return text === typed.join(' ') ? value : text.charAt(0).toLocaleUpperCase('vi') + text.slice(1) + end.trimEnd();
}
