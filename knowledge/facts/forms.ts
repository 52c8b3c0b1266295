import type { DocumentGroup, DocumentItem } from '../procedure.js';
import { foldSameLength } from '../text/index.js';

/**
 * The right form for the person asking. Records list every variant of a declaration
 * ("mẫu TK01 dành cho người từ 14 tuổi trở lên; mẫu TK01a dành cho người chưa đủ 14
 * tuổi"; a criminal-record form "dùng cho cá nhân có yêu cầu" beside one "trong trường
 * hợp ủy quyền"; an electronic twin of a paper form). A citizen asking for themself, as
 * an adult, on paper, must see the one form that fits.
 */

export interface Person {
  /** `minor`: under 14 (the threshold the forms use). Default adult. */
  age?: 'adult' | 'minor';
  /** Acting for someone else (authorised, parent, guardian). Default: for oneself. */
  onBehalf?: boolean;
  /** Submitting online (electronic forms). Default: on paper. */
  online?: boolean;
}

/** Who a form or document line is meant for, as far as its text says. */
export interface Audience {
  age: 'adult' | 'minor' | null;
  onBehalf: boolean | null;
  electronic: boolean;
}

const MINOR = /(chua du 14 tuoi|duoi 14 tuoi|tre em|nguoi chua thanh nien|chua du 18 tuoi)/;
const ADULT = /(tu du 14 tuoi tro len|tu 14 tuoi tro len|nguoi thanh nien)/;
const BEHALF = /(truong hop uy quyen|uy quyen yeu cau|nguoi duoc uy quyen|nguoi dai dien hop phap|nguoi giam ho|dung cho ca nhan la cha, me|lam thay)/;
const SELF = /(dung cho ca nhan co yeu cau|ban than nguoi yeu cau|tu minh)/;
/**
 * "… của người nghiện hoặc người đại diện hợp pháp", "… của người được hỗ trợ chế độ bị tai nạn, bị thương hoặc người đại
 * diện hợp pháp", "Thành phần hồ sơ của người tham gia lực lượng xung kích … hoặc người đại diện hợp pháp gửi …": the person
 * themself or their representative, either one (not "người chưa đủ 14 tuổi do cha, mẹ hoặc người đại diện" khai: a minor's).
 */
const EITHER =
  /\b(?:nguoi (?:nghien(?: ma tuy)?|yeu cau|de nghi|co yeu cau|dang ky|nop ho so)|ban than|ca nhan) hoac (?:nguoi dai dien|nguoi duoc uy quyen|nguoi giam ho)|\bnguoi (?!dai dien|duoc uy quyen|giam ho|chua|duoi)(?:(?!(?:do (?:cha|me|nguoi)|cha|me|con)\b)[a-z0-9]+[ ,]+){1,16}?hoac (?:nguoi dai dien|nguoi duoc uy quyen|nguoi giam ho)/;

export function audienceOf(text: string): Audience {
  const f = foldSameLength(text);
  return {
    age: MINOR.test(f) && !ADULT.test(f) ? 'minor' : ADULT.test(f) && !MINOR.test(f) ? 'adult' : null,
    onBehalf: BEHALF.test(f) && !SELF.test(f) && !EITHER.test(f) ? true : SELF.test(f) ? false : null,
    // "Bản chính hoặc biểu mẫu điện tử Đơn đề nghị …" is the paper form or its online twin: for everyone, not online only.
    electronic: /dien tu tuong tac|bieu mau dien tu|to khai dien tu/.test(f) && !/\bban (chinh|giay) hoac (bieu mau|ban|to khai) dien tu\b/.test(f),
  };
}

/** The text of a line before its first ";" or sentence end (parentheses kept: "(Dùng cho cá nhân …)"). */
export function mainClause(text: string): string {
  const cut = text.search(/;|\.\s+\p{Lu}|,\s*(?:đối với|trường hợp|nếu)\s/u);
  return cut > 0 ? text.slice(0, cut) : text;
}

function fits(a: Audience, person: Person): boolean {
  // On a form for a representative, an age names the person represented, not the asker.
  if (a.age && a.onBehalf !== true && a.age !== (person.age ?? 'adult')) return false;
  if (a.onBehalf !== null && a.onBehalf !== (person.onBehalf ?? false)) return false;
  return true;
}

/**
 * "mẫu TK01 dành cho người từ 14 tuổi trở lên; mẫu TK01a dành cho người chưa đủ 14
 * tuổi" → the code of the variant for this person ("TK01"), or undefined when the line
 * names no such alternatives.
 */
export function formVariantFor(text: string, person: Person): string | undefined {
  const variants = [...text.matchAll(/mẫu\s+(?:số\s+)?([A-Za-zĐđ0-9][\w./-]*)\s+(?:dành cho|dùng cho|áp dụng cho)\s+([^;)]+)/giu)];
  if (variants.length < 2) return undefined;
  const match = variants.find((m) => fits(audienceOf(m[2]!), person));
  return match?.[1];
}

export interface PersonDocument {
  item: DocumentItem;
  /** The form to show for this person (may differ from `item.formName`); null: none. */
  formName: string | null;
}

/**
 * A birth registration (its name says "khai sinh"): the child its papers speak of ("Giấy
 * chứng sinh do cơ sở y tế nơi trẻ em sinh ra cấp", "Tờ khai tham gia bảo hiểm y tế … cho trẻ
 * em dưới 6 tuổi") is the one registered, and the adult who applies brings them. (Adoption
 * records are left as they are: their lines about a child name cases, "trẻ em bị bỏ rơi".)
 */
const ABOUT_A_CHILD = /\bkhai sinh\b/;

/**
 * The document lines that fit the person, with the form variant for them. Lines meant
 * for someone else (an under-14's form for an adult, an authorisation form for a person
 * asking for themself) are left out; electronic twins are left out unless online. With
 * `procedureName` naming a procedure done for a child, a line's age is the child's, not
 * the applicant's, and restricts nothing.
 */
export function documentsForPerson(groups: readonly DocumentGroup[], person: Person = {}, procedureName = ''): PersonDocument[] {
  const out: PersonDocument[] = [];
  const forChild = ABOUT_A_CHILD.test(foldSameLength(procedureName));
  for (const g of groups) {
    const groupAudience = /^\s*(trường hợp|đối với|nếu)/iu.test(g.title) ? audienceOf(g.title) : null;
    if (groupAudience && !fits(groupAudience, person)) continue;
    for (const item of g.items) {
      const variant = formVariantFor(item.name, person);
      if (variant) {
        out.push({ item, formName: `Mẫu ${variant}` });
        continue;
      }
      // Who a line is for is said in its main clause; a later clause ("…; đối với người chưa
      // thành niên thì phải có ý kiến đồng ý của cha, mẹ") adds a case, it does not restrict the line.
      const a = audienceOf(`${mainClause(item.name)} ${item.formName ?? ''}`);
      if (!fits(forChild ? { ...a, age: null } : a, person)) continue;
      if (a.electronic && !person.online) continue;
      out.push({ item, formName: item.formName });
    }
  }
  return out;
}
