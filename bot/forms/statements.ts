import { foldSameLength } from '../../knowledge/text/index.js';
import { parseIdNumber, parsePhone } from './parse.js';
import type { PersonKey } from './profile.js';
import { tidy } from './vi-text.js';

/**
 * Sentences that set a form's choice fields rather than a person's facts ("tôi là mẹ
 * cháu", "mình là bên nam", "tui là chủ hộ luôn", "cả hai đều kết hôn lần đầu", "xin cho
 * bản thân", "lấy 2 bản"), and corrections ("à nhầm, số cuối căn cước là 8", "nhà số 41
 * chứ không phải 14", "không phải X mà là Y", "sửa lại ngày sinh là …").
 *
 * Statements name a field of the form by its key; the skill applies only those the form
 * has. `parent` stands for "Cha" or "Mẹ" when the text does not say which (the skill
 * decides from what it knows of the citizen).
 */
export interface Statement {
  field: string;
  value: string;
  /** Inferred from another fact ("vợ sắp cưới của em" → the citizen is the groom); never overrides a stated value. */
  implied?: boolean;
}

const I = '(?:toi|tui|tao|tau|minh|mk|mik|em|e|anh|chi|con|chau)';
/** A relation phrase ends there, not at a name or fact that follows ("mẹ cháu tên …", "bố cháu: …", "bố bé thì không có"). */
const NOT_DATA = '(?!\\s*(?:ten|la\\b|sinh|sn|sanh|o\\b|que|nam \\d|cccd|can cuoc|dan toc|quoc tich|ho ten|:|thi\\b|chua\\b|khong\\b|ko\\b|cung\\b|\\w+ \\w+ \\w+ sinh|\\w+ \\w+ \\w+\\s*,\\s*(?:sn|sinh|sanh|nam sinh|\\d)))';
/** Mother and father in the country's dialects: mẹ, má, mạ, u, bầm, bu; bố, cha, ba, tía, bọ. */
const MOTHER = '(?:me|ma|u|bam|bu|me ruot|me de)';
const FATHER = '(?:bo|cha|ba|tia|bo ruot|cha ruot)';
const BABY = '(?:chau|be|no|han|em be|con|2 be|hai be|con be|dua nho|thang nho|con nho)';
/**
 * Where a statement about the citizen can stand: after "là"/"làm" ("tôi là mẹ cháu"), in
 * apposition after a comma ("em là Cao Thị Huyền, mẹ của bé"), or as the whole answer
 * ("mẹ bé ạ"). A relation at the start of a message followed by data is a label for
 * another person ("bố cháu: Nông Văn Thắng"), not a statement.
 */
const AS_SELF = '(?:\\b(?:la|lam)\\s+|[,(]\\s*)';
const WHOLE = (x: string) => new RegExp(`^\\s*(?:${I}\\s+)?(?:la\\s+)?${x}\\s*(?:a|nhe|nha|day|do|ha)?\\s*[.!]?\\s*$`);
/** A pronoun owned by a relation ("vợ em là chủ hộ", "con trai tôi là chủ hộ") is no subject. */
const NOT_OWNED = '(?<!\\b(?:vo|chong|ck|vk|ong xa|ba xa|bo|cha|ba|me|ma|con|con trai|con gai|chau|anh|chi|em|ong|ba|ong noi|ba noi|ong ngoai|ba ngoai|chu|co|di|cau|bac|gai|trai|ruot|dau|re|ban|ban than|nguoi quen|nguoi yeu|ny)\\s)';

const RULES: Array<{ field: string; re: RegExp; value: string; implied?: boolean }> = [
  // Birth registration: who the citizen is to the baby.
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`${AS_SELF}ba\\s+(?:noi|ngoai)\\b|${NOT_OWNED}\\b${I}\\s+(?:la\\s+)?ba (?:noi|ngoai)\\b`), value: 'Bà' },
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`${AS_SELF}ong\\s+(?:noi|ngoai)\\b|${NOT_OWNED}\\b${I}\\s+(?:la\\s+)?ong (?:noi|ngoai)\\b`), value: 'Ông' },
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: WHOLE('(?:ba|ong)\\s+(?:noi|ngoai)'), value: 'Bà' },
  {
    field: 'quan_he_voi_nguoi_duoc_khai_sinh',
    re: new RegExp(`${AS_SELF}${MOTHER}\\s+(?:ruot\\s+)?(?:cua\\s+)?${BABY}\\b${NOT_DATA}|${WHOLE(`${MOTHER}(?:\\s+(?:cua\\s+)?${BABY})?`).source}`),
    value: 'Mẹ',
  },
  {
    field: 'quan_he_voi_nguoi_duoc_khai_sinh',
    re: new RegExp(`${AS_SELF}${FATHER}\\s+(?:ruot\\s+)?(?:cua\\s+)?${BABY}\\b${NOT_DATA}|${WHOLE(`${FATHER}(?:\\s+(?:cua\\s+)?${BABY})?`).source}`),
    value: 'Cha',
  },
  // "Tui là cha: Hồ Văn Lực", "Em là mẹ, Lâm Ngọc Thảo", "c là mẹ bé: …", "e lm mẹ đơn thân",
  // "Người yêu cầu: mẹ": the citizen's relation said bare, before their details.
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`${NOT_OWNED}\\b(?:${I}|c)\\s+(?:la|lam|lm)\\s+${MOTHER}(?:\\s+(?:cua\\s+)?${BABY})?\\s*(?=[,.:;!]|$|\\s+don than\\b)|\\bnguoi (?:di )?(?:yeu cau|khai|lam)\\s*(?:la|:)\\s*${MOTHER}\\b`), value: 'Mẹ' },
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`${NOT_OWNED}\\b(?:${I}|a)\\s+(?:la|lam|lm)\\s+(?:bo|cha|tia)(?:\\s+(?:cua\\s+)?${BABY})?\\s*(?=[,.:;!]|$|\\s+don than\\b)|\\bnguoi (?:di )?(?:yeu cau|khai|lam)\\s*(?:la|:)\\s*(?:bo|cha|tia)\\b`), value: 'Cha' },
  // "con gái em mới sinh", "khai sinh cho con tôi", "bé nhà em": the citizen is a parent
  // (the mother or the father by their sex, asked when unknown); a relation said outright wins.
  {
    field: 'quan_he_voi_nguoi_duoc_khai_sinh',
    re: /\b(?:con (?:trai |gai )?(?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e)|(?:be|con|chau|em be) nha (?:toi|tui|em|e|minh|mk))\b(?!\s+(?:la|ten)\s+(?:chu ho|nguoi))/,
    value: 'parent',
    implied: true,
  },
  // "em mới sinh em bé hôm 4/11", "tui vừa đẻ con": the citizen gave birth, so is the mother
  // ("đẻ" only after "mới/vừa": folded, it is also "để").
  {
    field: 'quan_he_voi_nguoi_duoc_khai_sinh',
    re: new RegExp(`${NOT_OWNED}\\b(?:toi|tui|tao|tau|minh|mk|mik|em|e|chi)\\s+(?:(?:(?:moi|vua|da|moi vua|vua moi)\\s+)?(?:sinh|sanh)|(?:moi|vua|moi vua|vua moi)\\s+de)(?:\\s+(?:duoc|them))?\\s+(?:em be|be|con|chau|hai be|2 be)\\b`),
    value: 'Mẹ',
    implied: true,
  },
  // "em gái tôi sinh con ở quê, nhờ tôi đi khai sinh cho cháu": the baby's mother or father is
  // the citizen's sibling, so the citizen is another relative (an uncle or an aunt).
  {
    field: 'quan_he_voi_nguoi_duoc_khai_sinh',
    re: new RegExp(`\\b(?:em gai|em trai|chi gai|anh trai|chi ruot|anh ruot|em ruot)\\s+(?:cua\\s+)?${I}\\s+(?:(?:moi|vua|da|moi vua|vua moi)\\s+)?(?:sinh|sanh|de)(?:\\s+(?:duoc|them))?\\s+(?:em be|be|con|chau)\\b`),
    value: 'Người thân thích khác',
    implied: true,
  },
  // "mình là dì ruột của bé", "mình tên …, là dì ruột của cháu": another relative.
  {
    field: 'quan_he_voi_nguoi_duoc_khai_sinh',
    re: new RegExp(`(?:${NOT_OWNED}\\b${I}\\s+|[,;(]\\s*)(?:la|lam)\\s+(?:di|co|chu|bac|cau|mo|thim|anh|chi|anh trai|chi gai|cu)(?:\\s+(?:ruot|ho))?\\s+(?:cua\\s+)?${BABY}\\b`),
    value: 'Người thân thích khác',
  },
  // "khai sinh cho cháu nội": the citizen is a grandparent (which one by their sex).
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: /\b(?:cho|cua) (?:dua |thang |con )?chau (?:noi|ngoai)\b/, value: 'grandparent', implied: true },
  // "bả nhà em là …", "ông nhà tôi": the citizen's wife or husband named, so the citizen is the other parent.
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`\\b(?:ba|chi) nha ${I}\\b`), value: 'Cha', implied: true },
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`\\b(?:ong|anh) nha ${I}\\b`), value: 'Mẹ', implied: true },
  // "chồng em tên …" in a birth declaration: the citizen is the mother (unless said otherwise).
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`\\b(?<!\\b(?:vo|vk) )(?:chong|ck) ${I}\\b|\\bong xa\\b`), value: 'Mẹ', implied: true },
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`\\b(?:vo|vk) ${I}\\b|\\bba xa\\b`), value: 'Cha', implied: true },
  // "mẹ bé là em", "bố cháu chính là tôi": the relation named first, the citizen after "là".
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`\\b${MOTHER} (?:cua )?${BABY} (?:la|chinh la) (?:toi|tui|minh|mk|em|e|tao|tau|chi)\\b(?=\\s*(?:$|[,.;:!]|nhe|nha|a\\b|day|do))`), value: 'Mẹ' },
  { field: 'quan_he_voi_nguoi_duoc_khai_sinh', re: new RegExp(`\\b${FATHER} (?:cua )?${BABY} (?:la|chinh la) (?:toi|tui|minh|mk|em|e|tao|tau|anh)\\b(?=\\s*(?:$|[,.;:!]|nhe|nha|a\\b|day|do))`), value: 'Cha' },
  // Marriage: the citizen's side.
  { field: 'ben_cua_nguoi_yeu_cau', re: new RegExp(`${NOT_OWNED}\\b${I}\\s+(?:la\\s+)?(?:ben\\s+nam|chu re|nam|con trai)\\b(?!\\s*(?:\\d|nay|ngoai|sinh|nao|roi|toi|minh|em|tui|cua))|${NOT_OWNED}\\b${I}\\s+la\\s+(?:chong|ck)\\s*(?:a|nhe|nha|day)?\\s*[.!]?\\s*$`), value: 'Bên nam' },
  { field: 'ben_cua_nguoi_yeu_cau', re: new RegExp(`${NOT_OWNED}\\b${I}\\s+(?:la\\s+)?(?:ben\\s+nu|co dau|nu|con gai)\\b(?!\\s*(?:\\d|sinh|toi|minh|em|tui|cua))|${NOT_OWNED}\\b${I}\\s+la\\s+(?:vo|vk)\\s*(?:a|nhe|nha|day)?\\s*[.!]?\\s*$`), value: 'Bên nữ' },
  // "em tên Lê Thị Hồng, bên nữ, sinh …": the side said in apposition after the citizen's own details.
  { field: 'ben_cua_nguoi_yeu_cau', re: /[,;(]\s*(?:la\s+)?(?:ben\s+nu|co dau)\s*(?=[,.;)!]|$|\s+(?:nha|nhe|a|nhá)\b)/, value: 'Bên nữ' },
  { field: 'ben_cua_nguoi_yeu_cau', re: /[,;(]\s*(?:la\s+)?(?:ben\s+nam|chu re)\s*(?=[,.;)!]|$|\s+(?:nha|nhe|a|nhá)\b)/, value: 'Bên nam' },
  { field: 'ben_cua_nguoi_yeu_cau', re: /\b(?:co dau|ben nu) (?:la|chinh la) (?:minh|toi|tui|em|e|tao|tau|chi)\b(?=\s*(?:$|[,.;:!]|nhe|nha|a\b|day|do))/, value: 'Bên nữ' },
  { field: 'ben_cua_nguoi_yeu_cau', re: /\b(?:chu re|ben nam) (?:la|chinh la) (?:minh|toi|tui|em|e|tao|tau|anh)\b(?=\s*(?:$|[,.;:!]|nhe|nha|a\b|day|do))/, value: 'Bên nam' },
  { field: 'ben_cua_nguoi_yeu_cau', re: /\bnguoi (?:di )?(?:khai|yeu cau|lam) (?:la )?(?:ben )?nam\b/, value: 'Bên nam' },
  { field: 'ben_cua_nguoi_yeu_cau', re: /\bnguoi (?:di )?(?:khai|yeu cau|lam) (?:la )?(?:ben )?nu\b/, value: 'Bên nữ' },
  { field: 'ben_cua_nguoi_yeu_cau', re: new RegExp(`\\b(?:vo|vk) (?:sap cuoi|tuong lai|chua cuoi)\\b|\\bban gai (?:cua )?${I}\\b|\\b(?:vo|vk) ${I}\\b`), value: 'Bên nam', implied: true },
  { field: 'ben_cua_nguoi_yeu_cau', re: new RegExp(`\\b(?:chong|ck) (?:sap cuoi|tuong lai|chua cuoi)\\b|\\bban trai (?:cua )?${I}\\b|\\b(?<!\\b(?:vo|vk) )(?:chong|ck) ${I}\\b`), value: 'Bên nữ', implied: true },
  // Residence: the relation to the head said as the form's own value ("quan hệ với chủ hộ (thì) ghi
  // (là) khác"): said outright, it wins over any relation read from the story.
  { field: 'moi_quan_he_voi_chu_ho', re: /\bquan he (?:voi |cua (?:toi|tui|minh|em|e) voi )?chu ho\b[^.;?]{0,20}?\b(?:ghi|la|chon)(?: la)? khac\b/, value: 'Khác' },
  // A head who is no relation the form lists: an in-law ("chủ hộ là bố chồng em", "bố vợ tôi là
  // chủ hộ"), an uncle or aunt who holds the household ("chú mình đứng tên chủ hộ"), a landlord
  // ("chủ hộ là chủ nhà trọ", "nhà trọ của ông …, ông là chủ hộ", "chủ trọ tên …") or a friend
  // ("không họ hàng gì", "chủ hộ là bạn em"); before the rules below, which would read "… ck e"
  // or "vợ tôi" inside "bố ck e", "bố vợ tôi".
  {
    field: 'moi_quan_he_voi_chu_ho',
    re: new RegExp(
      `\\bchu ho (?:la |chinh la )?(?:ong |ba )?(?:${FATHER}|${MOTHER}|anh|chi|em) (?:vo|chong|ck|vk)\\b|\\b(?:${FATHER}|${MOTHER}|anh|chi|em) (?:vo|chong|ck|vk)(?: (?:cua )?${I})?\\b[^.;?]{0,60}?\\b(?:la|dung ten|cung la)(?: chu ho\\b| nguoi dung ten chu ho\\b)|` +
        `\\b(?:chu|bac|co|di|cau|mo|thim|duong|o)(?: ruot| ho)? (?:cua )?${I} (?:la |dung ten |dung )(?:la )?chu ho\\b|` +
        `\\bchu ho (?:la |chinh la )?(?:chu (?:nha tro|phong tro|tro|nha)|ban (?:cua )?${I})\\b|\\bchu (?:nha tro|phong tro|tro) (?:ten|la)\\b|\\bnha tro (?:cua )?(?:ong|ba|co|chu|anh|chi|bac|di)\\b[^.;?]{0,60}?\\b(?:la|dung ten) chu ho\\b|` +
        `\\b${I} (?:chi )?la nguoi (?:di )?thue\\b`,
    ),
    value: 'Khác',
  },
  // (No kin to the landlord, yet "… nên tui đứng tên chủ hộ": the citizen is the head.)
  {
    field: 'moi_quan_he_voi_chu_ho',
    re: new RegExp(`^(?!.*\\b${I} (?:la |dung ten |dung |cung la )(?:luon )?chu ho\\b).*\\b(?:khong|ko|k|hong|hok|chang) (?:co )?(?:ho hang|ba con|quan he ho hang|quan he gia dinh|than thich)\\b`),
    value: 'Khác',
  },
  // Residence: the citizen to the head of household ("vợ em là chủ hộ", "chủ hộ là bầm con").
  // "em là con (của) chủ hộ", "tôi là vợ chủ hộ": the citizen's own relation to the head, said of themself.
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b${I}\\s+(?:la|cung la)\\s+con (?:trai |gai |ruot |de )?(?:cua\\s+)?(?:ong |ba )?chu ho\\b`), value: 'Con' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b${I}\\s+(?:la|cung la)\\s+(?:vo|vk) (?:cua\\s+)?(?:ong )?chu ho\\b`), value: 'Vợ' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b${I}\\s+(?:la|cung la)\\s+(?:chong|ck) (?:cua\\s+)?(?:ba )?chu ho\\b`), value: 'Chồng' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:vo|vk|ba xa)\\s+(?:cua\\s+)?${I}\\s+(?:la\\s+|dung ten\\s+)?chu ho\\b|\\bchu ho (?:la )?(?:vo|vk|ba xa) (?:cua )?${I}\\b`), value: 'Chồng' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:chong|ck|ong xa)\\s+(?:cua\\s+)?${I}\\s+(?:la\\s+|dung ten\\s+)?chu ho\\b|\\bchu ho (?:la )?(?:chong|ck|ong xa) (?:cua )?${I}\\b`), value: 'Vợ' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:${FATHER}|${MOTHER})\\s+(?:cua\\s+)?(?:${I}|a|c|e)\\s+(?:la\\s+|dung ten\\s+)?chu ho\\b|\\bchu ho (?:la )?(?:${FATHER}|${MOTHER}) (?:cua )?${I}\\b`), value: 'Con' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\bcon (?:trai |gai )?(?:cua\\s+)?${I}\\s+(?:la\\s+|dung ten\\s+)?chu ho\\b|\\bchu ho (?:la )?con (?:trai |gai )?(?:cua )?${I}\\b`), value: 'parent' },
  // "chồng em là Đoàn Văn Toàn, chủ hộ, …": the head of household said in apposition after a relative.
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:chong|ck|ong xa)\\s+(?:cua\\s+)?${I}\\b[^.;?]{0,60}?,\\s*(?:la\\s+|cung la\\s+)?chu ho\\b`), value: 'Vợ' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:vo|vk|ba xa)\\s+(?:cua\\s+)?${I}\\b[^.;?]{0,60}?,\\s*(?:la\\s+|cung la\\s+)?chu ho\\b`), value: 'Chồng' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:${FATHER}|${MOTHER})\\s+(?:cua\\s+)?${I}\\b[^.;?]{0,60}?,\\s*(?:la\\s+|cung la\\s+)?chu ho\\b`), value: 'Con' },
  // "con gái tôi tên Lê Thu Hà là chủ hộ", "nhà tôi vợ đứng tên chủ hộ": the relative's name or
  // other words between, and "là/đứng tên chủ hộ" said of them (never "… tôi là chủ hộ").
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\bcon (?:trai |gai )?(?:cua\\s+)?${I}\\b[^.;?]{0,50}?(?<!\\b${I}\\s)(?:la|dung ten|cung la)\\s+chu ho\\b`), value: 'parent' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:chong|ck|ong xa)\\s+(?:cua\\s+)?${I}\\b[^.;?]{0,50}?(?<!\\b${I}\\s)(?:la|dung ten|cung la)\\s+chu ho\\b|\\b(?:nha|ho) ${I},? (?:chong|ck|ong xa) dung ten(?: la)? chu ho\\b`), value: 'Vợ' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:vo|vk|ba xa)\\s+(?:cua\\s+)?${I}\\b[^.;?]{0,50}?(?<!\\b${I}\\s)(?:la|dung ten|cung la)\\s+chu ho\\b|\\b(?:nha|ho) ${I},? (?:vo|vk|ba xa) dung ten(?: la)? chu ho\\b`), value: 'Chồng' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\b(?:${FATHER}|${MOTHER})\\s+(?:cua\\s+)?${I}\\b[^.;?]{0,50}?(?<!\\b${I}\\s)(?:la|dung ten|cung la)\\s+chu ho\\b`), value: 'Con' },
  // "chủ hộ là bà Tâm, chủ nhà trọ": the landlord of a rented room is no relative.
  { field: 'moi_quan_he_voi_chu_ho', re: /\bchu ho\b[^.;?]{0,60}?,\s*(?:la\s+)?(?:chu (?:nha tro|phong tro|tro)|nguoi cho (?:em|toi|tui|minh) thue)\b/, value: 'Khác' },
  // "Chủ hộ: Trịnh Văn Phúc, CCCD …, là bố tôi": the relation said after the head's details.
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\bchu ho\\b[^.;?]{0,80}?,\\s*(?:ong ay |ba ay )?la (?:${FATHER}|${MOTHER}) (?:cua )?${I}\\b`), value: 'Con' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\bchu ho\\b[^.;?]{0,80}?,\\s*la (?:vo|vk) (?:cua )?${I}\\b`), value: 'Chồng' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`\\bchu ho\\b[^.;?]{0,80}?,\\s*la (?:chong|ck) (?:cua )?${I}\\b`), value: 'Vợ' },
  { field: 'moi_quan_he_voi_chu_ho', re: new RegExp(`${NOT_OWNED}\\b${I}\\s+(?:la\\s+|cung la\\s+|dung ten\\s+)?chu ho\\b|\\bchu ho (?:la|chinh la) (?:toi|tui|minh|em|tao|tau)\\b(?=\\s*(?:$|[,.;!]|luon|nhe|nha|a\\b))`), value: 'Chủ hộ' },
  {
    field: 'moi_quan_he_voi_chu_ho',
    re: new RegExp(`\\bchu ho (?:la )?(?:ong |ba )?(?:chu|bac|co|di|cau|mo|thim|anh|chi|em|ong|ba|ong noi|ba noi|ong ngoai|ba ngoai)(?: (?:ruot|ho|trai|gai|ho))?(?: cua)? ${I}\\b|\\b(?:o|tro|o nho|o ghep|thue)\\s+(?:nha|tro)\\s+(?:cua\\s+)?(?:chu|bac|co|di|cau|anh|chi|ong|ba)\\b|\\b${I}\\s+(?:chi\\s+)?(?:la\\s+)?(?:nguoi\\s+)?(?:thue tro|o tro|thue nha|o nho|o ghep)\\b|\\bchu (?:ho|nha|tro)\\s+(?:noi|cho)\\s+${I}\\s+(?:dang\\s+)?(?:o tro|thue|tro|o nho)\\b`),
    value: 'Khác',
  },
  // Extracts and marital status: who the paper is for.
  { field: 'quan_he_voi_nguoi_duoc_cap', re: /\bban than\b|\bchinh (?:toi|tui|minh|mk|em|tao|tau)\b|\b(?:cho|cua) (?:toi|tui|minh|mk|mik|em|tao|tau)\b(?=\s*(?:$|[,.;]|de|thoi|a\b|nha|nhe|luon))/, value: 'Bản thân' },
  // "cho vợ tôi", "cho vợ" (the owner left unsaid), not "cho vợ chồng em".
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`\\b(?:cho|cua) (?:vo|vk|ba xa)(?:\\s+(?:cua\\s+)?${I})?\\b(?!\\s+(?:chong|ck|sap|tuong|cu|truoc))`), value: 'Chồng' },
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`\\b(?:cho|cua) (?:chong|ck|ong xa)(?:\\s+(?:cua\\s+)?${I})?\\b(?!\\s+(?:vo|vk|sap|tuong|cu|truoc))`), value: 'Vợ' },
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`\\b(?:cho|cua) (?:${FATHER}|${MOTHER})(?:\\s+(?:cua\\s+)?${I})?(?=\\s*(?:$|[,.;!?]|a\\b|nhe|nha|voi|di|de|thi))`), value: 'Con' },
  // "tôi là Vương Đình Hải, sinh …, bố cháu, cccd …": the relation in apposition, or the whole answer.
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`[,;(]\\s*(?:la\\s+)?${MOTHER} (?:cua )?(?:chau|no|con|be)\\s*(?=[,.;)!]|$)|${WHOLE(`${MOTHER} (?:cua )?(?:chau|no|con|be)`).source}`), value: 'Mẹ' },
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`[,;(]\\s*(?:la\\s+)?${FATHER} (?:cua )?(?:chau|no|con|be)\\s*(?=[,.;)!]|$)|${WHOLE(`${FATHER} (?:cua )?(?:chau|no|con|be)`).source}`), value: 'Cha' },
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`\\b(?:${I}\\s+(?:la\\s+)?me (?:cua )?(?:chau|no|em|con|be)\\b${NOT_DATA})`), value: 'Mẹ' },
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`\\b(?:${I}\\s+(?:la\\s+)?(?:bo|cha|ba) (?:cua )?(?:chau|no|em|con|be)\\b${NOT_DATA})`), value: 'Cha' },
  // "Tôi là bố, muốn xin … cho con gái": the relation said bare.
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`${NOT_OWNED}\\b(?:${I}|c)\\s+(?:la|lam|lm)\\s+${MOTHER}(?:\\s+(?:cua\\s+)?(?:chau|no|con|be))?\\s*(?=[,.:;!]|$)`), value: 'Mẹ' },
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`${NOT_OWNED}\\b(?:${I}|a)\\s+(?:la|lam|lm)\\s+(?:bo|cha|tia)(?:\\s+(?:cua\\s+)?(?:chau|no|con|be))?\\s*(?=[,.:;!]|$)`), value: 'Cha' },
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`\\b(?:cho|cua) (?:thang |dua |be )?con (?:trai |gai )?(?:${I}\\b)?|\\bcon (?:trai |gai )?(?:toi|tui|minh|em|tao|tau)\\b`), value: 'parent' },
  // "tôi là người giám hộ của cháu", "mình là người đại diện theo pháp luật của em ấy": a guardian.
  { field: 'quan_he_voi_nguoi_duoc_cap', re: new RegExp(`\\b${I}\\s+(?:la|lam|dang la|duoc cu lam)\\s+(?:nguoi\\s+)?(?:giam ho|dai dien theo phap luat|dai dien hop phap)\\b`), value: 'Người đại diện theo pháp luật' },
  // "giùm em gái tôi", "cho anh trai mình", "hộ ông nội tôi": a relative other than a parent, child or spouse.
  {
    field: 'quan_he_voi_nguoi_duoc_cap',
    re: new RegExp(`\\b(?:cho|giup|gium|dum|ho(?! chi minh)|thay) (?:anh|chi|em|a|c|ong|ba|co|chu|bac|di|cau|mo|thim|chau|ban|anh em|chi em)(?: (?:trai|gai|ruot|ho|noi|ngoai|ho|ban))* (?:cua )?(?:toi|tui|minh|mk|tao|tau|em|e)\\b|\\b(?:cho|giup|gium|dum|thay) (?:anh|chi|em|a|c) (?:trai|gai)\\b|\\b(?:cho|giup|gium|dum|thay) (?:ong|ba|chau) (?:noi|ngoai)\\b|\\bcho ong(?=\\s*(?:$|[,.;!]|nha\\b|nhe\\b|voi\\b|a\\b))`),
    value: 'Khác',
  },
  // Marital status.
  { field: 'tinh_trang_hon_nhan', re: /\b(?:chua (?:tung )?(?:(?:dang ky|dang ki|dk|dky|dki) )?(?:ket hon|lay vo|lay chong|co vo|co chong|vo|chong)|doc than|chua lap gia dinh|chua co gia dinh)\b/, value: 'Chưa đăng ký kết hôn với ai' },
  { field: 'tinh_trang_hon_nhan', re: /\b(?:ly hon|ly di|li hon|li di|bo nhau|da ly than)\b/, value: 'Đã đăng ký kết hôn nhưng đã ly hôn' },
  { field: 'tinh_trang_hon_nhan', re: /\b(?:vo|chong|ong nha|ba nha|ong xa|ba xa) (?:toi |tui |minh |em |e |anh |chi |co |bac )?(?:da |mat |cung )?(?:mat|qua doi|chet|khuat|di roi|tu tran|hy sinh)\b|\bgoa\b/, value: 'Đã đăng ký kết hôn nhưng vợ/chồng đã chết' },
  { field: 'tinh_trang_hon_nhan', re: /\b(?:dang co (?:vo|chong)|da co (?:vo|chong)|dang ket hon)\b/, value: 'Hiện đang có vợ/chồng' },
  // Which civil-status event an extract is for.
  { field: 'loai_viec_ho_tich', re: /\b(?:trich luc|ban sao|giay)\s+(?:ban sao\s+)?(?:giay\s+)?(?:(?:dang ky\s+)?khai sinh)\b|\bkhai sinh\b(?=.*\btrich luc\b)|\btrich luc\b.*\bkhai sinh\b/, value: 'Khai sinh' },
  { field: 'loai_viec_ho_tich', re: /\b(?:trich luc|ban sao|giay)\s+(?:ban sao\s+)?(?:giay\s+)?(?:(?:dang ky\s+|chung nhan\s+)?ket hon)\b|\btrich luc\b.*\bket hon\b/, value: 'Kết hôn' },
  { field: 'loai_viec_ho_tich', re: /\b(?:trich luc|ban sao|giay)\s+(?:ban sao\s+)?(?:giay\s+)?(?:(?:dang ky\s+)?(?:viec\s+)?nhan (?:cha|me|bo)(?:,? (?:me|cha))?(?:,? con)?)\b|\b(?:trich luc|ban sao)\b.*\bnhan (?:cha|me|bo)(?:,? (?:me|cha))?,? con\b/, value: 'Nhận cha, mẹ, con' },
  { field: 'loai_viec_ho_tich', re: /\b(?:trich luc|ban sao|giay)\s+(?:ban sao\s+)?(?:giay\s+)?(?:khai tu|bao tu)\b|\bkhai tu\b(?=.*\b(?:trich luc|ban sao)\b)|\b(?:trich luc|ban sao)\b.*\bkhai tu\b/, value: 'Khai tử' },
  // Why a marital-status certificate is needed.
  { field: 'muc_dich_su_dung', re: /\b(?:de|muc dich|dung de|nop de|xin de|lay de|lam)\b.{0,25}\b(?:ket hon|dang ky ket hon|cuoi vo|cuoi chong|lay vo|lay chong)\b/, value: 'Đăng ký kết hôn' },
  { field: 'muc_dich_su_dung', re: /\b(?:muon|sap|dinh|chuan bi|tinh)\s+(?:di\s+)?(?:dang ky ket hon|ket hon|cuoi vo|cuoi chong|lay vo|lay chong|cuoi)\b/, value: 'Đăng ký kết hôn' },
  { field: 'muc_dich_su_dung', re: /\b(?:de|muc dich|dung de|nop de|xin de|lay de)\b.{0,25}\b(?:vay von|vay ngan hang|vay tien)\b/, value: 'Vay vốn ngân hàng' },
  { field: 'muc_dich_su_dung', re: /\b(?:de|muc dich|dung de|nop de|xin de|lay de)\b.{0,25}\b(?:mua ban|chuyen nhuong|sang ten|ban)\b.{0,15}\b(?:nha|dat)\b/, value: 'Giao dịch mua bán nhà đất' },
  // Legal aid: which group the citizen belongs to.
  { field: 'dien_tro_giup_phap_ly', re: /\bho ngheo\b|\bso ho ngheo\b/, value: 'Người thuộc hộ nghèo' },
  { field: 'dien_tro_giup_phap_ly', re: /\bnguoi co cong\b|\bthuong binh\b|\bliet si\b|\bbenh binh\b/, value: 'Người có công với cách mạng' },
  { field: 'dien_tro_giup_phap_ly', re: /\bmua ban nguoi\b|\bbi ban (?:sang|qua)\b/, value: 'Nạn nhân của hành vi mua bán người' },
  {
    field: 'dien_tro_giup_phap_ly',
    re: /\bbao luc gia dinh\b|\bbi (?:chong|vo) (?:danh|bao hanh)\b|\bkhuyet tat\b|\bnguoi cao tuoi\b|\bnhiem hiv\b|\bkho khan ve tai chinh\b/,
    value: 'Người có khó khăn về tài chính (người cao tuổi, người khuyết tật, nạn nhân bạo lực gia đình, người nhiễm HIV, ...)',
  },
  { field: 'dien_tro_giup_phap_ly', re: /\bdan toc thieu so\b/, value: 'Người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn' },
];

const COUNT_WORDS: Record<string, string> = { mot: '1', hai: '2', ba: '3', bon: '4', nam: '5' };

/** Choice-field statements in one message (folded matching; values as the form's options). */
export function findStatements(text: string): Statement[] {
  const f = foldSameLength(text).replace(/\s+/g, ' ');
  const out: Statement[] = [];
  const seen = new Set<string>();
  for (const r of RULES) {
    if (seen.has(r.field)) continue;
    if (r.re.test(f)) {
      out.push({ field: r.field, value: r.value, implied: r.implied });
      seen.add(r.field);
    }
  }
  // The other side named with a gendered pronoun ("ảnh", "anh ấy", "ổng"; "chỉ", "cô ấy", "bả"):
  // the citizen is the other side (inferred, so a side said outright wins).
  if (!seen.has('ben_cua_nguoi_yeu_cau')) {
    const t = text.normalize('NFC').toLocaleLowerCase('vi');
    // Only as the subject of details ("ảnh tên …", "ổng sinh …"): "ảnh" is also a photo.
    const DETAIL = '\\s+(?:tên|sinh|sanh|ở|là|cccd|căn|số|sđt|đã|chưa|kết|lần|cũng)';
    if (new RegExp(`(?:^|[\\s,.;])(?:ảnh|ổng)(?=${DETAIL})`, 'u').test(t) || /\banh ay\b/.test(f)) out.push({ field: 'ben_cua_nguoi_yeu_cau', value: 'Bên nữ', implied: true });
    else if (new RegExp(`(?:^|[\\s,.;])bả(?=${DETAIL})`, 'u').test(t) || /\b(?:co ay|chi ay)\b/.test(f)) out.push({ field: 'ben_cua_nguoi_yeu_cau', value: 'Bên nam', implied: true });
  }
  // "Chồng tui đi làm xa, tui xin bản sao … cho ổng", "Em trai tau … xin giấy … cho hắn": the
  // paper is for the relative the message named before the pronoun.
  if (!seen.has('quan_he_voi_nguoi_duoc_cap')) {
    const t = text.normalize('NFC').toLocaleLowerCase('vi');
    const pro = /(?:^|[\s,.;])(?:cho|giùm|giúp|dùm|thay)\s+(?:ổng|bả|hắn|ảnh|chỉ|nó|ông ấy|bà ấy|anh ấy|chị ấy|cô ấy)(?![\p{L}])/u.exec(t);
    if (pro) {
      const before = f.slice(0, pro.index);
      const kin = new RegExp(`\\b(?:(chong|ck|ong xa)|(vo|vk|ba xa)|(?:${FATHER}|${MOTHER}) (?:cua )?${I}|((?:anh|chi|em)(?: (?:trai|gai|ruot|ho))* (?:cua )?${I}|(?:anh|chi|em) (?:trai|gai)|(?:ong|ba) (?:noi|ngoai)))\\b`, 'g');
      let last: RegExpExecArray | undefined;
      for (const m of before.matchAll(kin)) last = m as RegExpExecArray;
      if (last) out.push({ field: 'quan_he_voi_nguoi_duoc_cap', value: last[1] ? 'Vợ' : last[2] ? 'Chồng' : last[3] ? 'Khác' : 'Con' });
    }
  }
  const copies = /\b(?:lay|xin|can|cap|in|lam|them)?\s*(\d{1,2}|mot|hai|ba|bon|nam)\s+(?:ban|bo|to)\b(?!\s*(?:than|nam|nu|sao y|con|me|chau|cha)\b)/.exec(f);
  if (copies) {
    const n = COUNT_WORDS[copies[1]!] ?? String(Number(copies[1]));
    out.push({ field: 'so_luong_ban_sao', value: n }, { field: 'so_luong', value: n });
  }
  const both = /\b(?:ca hai|ca 2|hai dua|2 dua|hai em|2 em|chung em|chung toi|chung minh|bon em|bon minh|hai ben|2 ben|ca hai ben|ca 2 ben|hai nguoi|2 nguoi|\w+ (?:voi|va) (?:anh|chi|em|anh ay|chi ay|co ay|\w+) (?:deu|cung deu))\b.{0,25}\b(?:lan dau|lan thu nhat|lan 1|lan mot|chua (?:tung )?(?:ket hon|cuoi|lay|co gia dinh)(?: (?:ai|lan nao))?)\b/.exec(f);
  if (both) out.push({ field: 'lan_ket_hon_ben_nu', value: 'Lần thứ nhất' }, { field: 'lan_ket_hon_ben_nam', value: 'Lần thứ nhất' });
  return out;
}

/** Marriage number of one side: "em kết hôn lần đầu", "anh ấy đã ly hôn, lần này là lần hai". */
export function marriageCount(folded: string): string | undefined {
  if (/\b(?:lan thu ba|lan ba|lan 3)\b/.test(folded)) return 'Lần thứ ba';
  if (/\b(?:lan thu hai|lan hai|lan 2|tai hon|ket hon lai|(?:ly hon|li hon|ly di|goa|vo mat|chong mat)(?: (?:duoc|roi))? (?:mot|1) lan)\b/.test(folded)) return 'Lần thứ hai';
  if (/\b(?:lan dau|lan thu nhat|lan 1|chua (?:tung )?(?:ket hon|cuoi|lay vo|lay chong)(?: lan nao)?)\b/.test(folded)) return 'Lần thứ nhất';
  return undefined;
}

export type Correction =
  /** "số cuối căn cước là 8", "đuôi sđt là 758 chứ không phải 785". */
  | { kind: 'lastDigits'; digits: string; key?: PersonKey; wrong?: string; who?: string }
  /** "nhà số 41 chứ không phải 14", "không phải Lương Thế Vinh mà là Lương Thế Vĩnh". */
  | { kind: 'replace'; from: string; to: string; key?: PersonKey; who?: string }
  /** "sửa lại ngày sinh là 16/8/1983", "à nhầm, sđt là 0376 111 229". */
  | { kind: 'set'; key: PersonKey; text: string; who?: string; wrong?: string };

const KEY_WORDS: Array<[RegExp, PersonKey]> = [
  [/\b(?:ngay sinh|ngay thang nam sinh|nam sinh|sinh nhat|ns|sn|sinh ngay|sinh|sanh ngay|sanh|de ngay)\b/, 'ngaySinh'],
  [/\b(?:cccd|can cuoc|cmnd|cmt|so dinh danh|dinh danh|ccd)\b/, 'soDinhDanh'],
  [/\b(?:sdt|so dien thoai|dien thoai|so dt|dt|so phone|zalo)\b/, 'soDienThoai'],
  [/\b(?:que quan|que)\b/, 'queQuan'],
  [/\b(?:dia chi|noi o|cho o|nha so|so nha|nha|thuong tru|tam tru|noi cu tru)\b/, 'noiCuTru'],
  [/\b(?:ho ten|ho va ten|ten)\b/, 'hoTen'],
];

const WHO: Array<[RegExp, string]> = [
  // "sửa lại tên bé là …, vợ em muốn …": the person right after the value's own word is the one corrected.
  [/^(?:\W*\w+){0,4}?\W*(?:ten|ho ten|ngay sinh|nam sinh)\s+(?:cua\s+)?(?:be|chau|con|em be|con be|thang be)\b/, 'child'],
  [/\b(?:me|ma|u|bam) (?:cua )?(?:chau|be|no|em be)\b/, 'mother'],
  [/\b(?:bo|cha|ba|tia) (?:cua )?(?:chau|be|no|em be)\b/, 'father'],
  [/\b(?:vo sap cuoi|co dau|ben nu|ban gai)\b/, 'bride'],
  [/\b(?:chong sap cuoi|chu re|ben nam|ban trai)\b/, 'groom'],
  [/\b(?:anh ay|co ay|chi ay|ong ay|ba ay|nguoi yeu|ny|han)\b/, 'other3'],
  [/\bchu ho\b/, 'chuHo'],
  [/\b(?<!\b(?:em|anh|chi|bo|me|cha|ong|ba|co|chu|di|cau) )(?:vo|vk) (?:cua )?(?:toi|tui|minh|em|e|anh|a|mk)\b|\bba xa\b/, 'wife'],
  [/\b(?<!\b(?:em|anh|chi|bo|me|cha|ong|ba|co|chu|di|cau) )(?:chong|ck) (?:cua )?(?:toi|tui|minh|em|e|chi|c|mk)\b|\bong xa\b/, 'husband'],
  // "mẹ tôi sinh …", "anh trai mình …": a parent or a sibling owned by the citizen.
  [/\b(?:me|ma|u|bam) (?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e)\b/, 'mother'],
  [/\b(?:bo|cha|tia) (?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e)\b/, 'father'],
  [/\b(?:anh|chi|em)(?: (?:trai|gai|ruot|ho))* (?:cua )?(?:toi|tui|tao|tau|minh|mk|e)\b|\b(?:anh|chi|em) (?:trai|gai)\b/, 'relative'],
  [/\b(?:be|chau|con|em be)\b/, 'child'],
  [/\b(?:cua )?(?:toi|tui|tao|tau|minh|mik|mk|em|e|t|anh|chi)\b/, 'self'],
];

const CORRECTION_CUE = /\b(?:nham|lon|sai|sua|sua lai|dinh chinh|khong phai|ko phai|k phai|chu khong|chu ko|chu k|cho khong|cho ko|cho k|chu hong|cho hong|hong phai|ghi lai|viet lai|go lai|dung ra|dung la|phai la|moi dung|moi chinh xac|cho dung|doi lai|doi thanh)\b/;

/**
 * The kind of value a correction is about, by its key word. Beside toned words, "nha" without
 * its tone is the particle, not "nhà" ("tên bé là Thạch Minh Khôi nha" is a name), and "Quế" is
 * a name, not "quê".
 */
const TONED_KEY_WORD: Readonly<Record<string, string>> = { nha: 'nhà', que: 'quê', ten: 'tên' };
function keyOf(folded: string, typed?: string): PersonKey | undefined {
  const toned = typed !== undefined && foldSameLength(typed) !== typed.toLowerCase();
  for (const [re, key] of KEY_WORDS) {
    for (const m of folded.matchAll(new RegExp(re.source, 'g'))) {
      const accented = TONED_KEY_WORD[m[0]];
      if (toned && accented && typed!.slice(m.index, m.index + accented.length).toLocaleLowerCase('vi') !== accented) continue;
      // ("… Minh Khoi nha": "nha" ending a clause is the particle.)
      if (m[0] === 'nha' && /^\s*(?:[,.!?;]|$)/.test(folded.slice(m.index + 3))) continue;
      return key;
    }
  }
  return undefined;
}

/** The correction words as typed with diacritics; unaccented typing is always accepted. */
const CORRECTION_ACCENTED: ReadonlySet<string> = new Set([
  'nhầm', 'lộn', 'sai', 'sửa', 'sửa lại', 'đính chính', 'không phải', 'ko phải', 'k phải', 'chứ không', 'chứ ko', 'chứ k', 'chớ không', 'chớ ko', 'chớ k', 'ghi lại', 'viết lại',
  // (southern "hổng phải"; "chớ hổng phải" below, "chứ hông bà con gì" is no correction)
  'hổng phải', 'hông phải',
  'gõ lại', 'đúng ra', 'đúng là', 'phải là', 'mới đúng', 'mới chính xác', 'cho đúng', 'đổi lại', 'đổi thành',
]);

/**
 * Whether the message uses a correction word. A word that only folds like one ("phường Sài
 * Gòn", "chị Nhâm") is no correction: typed with diacritics, the word must be the
 * correction word itself.
 */
function correctionCue(t: string, f: string): boolean {
  return correctionCueAt(t, f) >= 0;
}

/** Whether the message takes back or corrects something ("à lộn", "chớ hổng phải", "… mới đúng"). */
export function hasCorrectionCue(text: string): boolean {
  const t = tidy(text.normalize('NFC'));
  return correctionCue(t, foldSameLength(t));
}

/**
 * "à không, …", "ờ không, …" opening a message, "ý em là …": the citizen takes back what they
 * just said. Typed with diacritics, "ý" must be "ý" ("y" alone folds from "y tế" too).
 */
const TAKE_BACK = /^(?:(?:a|o|u|ui|oi|ay|ay da|chet|thoi)\s*,?\s*)?(?:khong|ko|k|hong)\s*[,.!]+\s*(?=\S)|\by (?:em|e|minh|mk|toi|tui|chi|anh|con|chau|tao|tau) (?:la|noi la|muon noi(?: la)?)\b/;

/** Where the first correction word stands in the message (-1: none). */
function correctionCueAt(t: string, f: string): number {
  let first = -1;
  for (const m of f.matchAll(new RegExp(CORRECTION_CUE.source, 'g'))) {
    const typed = t.slice(m.index!, m.index! + m[0].length);
    const lower = typed.toLocaleLowerCase('vi');
    const southern = /^ch[ứớ] h[ổô]ng$/u.test(lower) && /^\s+phai\b/.test(f.slice(m.index! + m[0].length));
    if (foldSameLength(typed) === typed.toLowerCase() || CORRECTION_ACCENTED.has(lower) || southern) {
      first = m.index!;
      break;
    }
  }
  const back = TAKE_BACK.exec(f);
  if (back && (back[0].startsWith('y ') ? /^(?:y|ý)\s/iu.test(t.slice(back.index)) : true) && (first < 0 || back.index < first)) first = back.index;
  return first;
}

/**
 * Where a correction starts in a message that first gives a value and then corrects it
 * ("số đt em là 0868 123 987, à nhầm số cuối là 9"): the offset of the correction word, or
 * undefined when the message opens with it.
 */
export function correctionStart(text: string): number | undefined {
  const t = tidy(text.normalize('NFC'));
  const f = foldSameLength(t);
  let at = correctionCueAt(t, f);
  const last = /\b(?:so cuoi|duoi)\b/.exec(f);
  if (at < 0 || (last && last.index < at)) at = last ? last.index : at;
  if (at <= 0) return undefined;
  // Back to the start of the clause ("à nhầm", "ờ sai rồi").
  const clause = Math.max(t.lastIndexOf(',', at), t.lastIndexOf(';', at), t.lastIndexOf('.', at));
  return clause > 0 ? clause + 1 : at;
}

function whoOf(folded: string): string | undefined {
  for (const [re, who] of WHO) if (re.test(folded)) return who;
  return undefined;
}

/** The correction a message makes, if it is one. */
export function findCorrection(text: string): Correction | undefined {
  const t = tidy(text.normalize('NFC'));
  const f = foldSameLength(t);
  if (!correctionCue(t, f) && !/\b(?:so cuoi|duoi)\b/.test(f)) return undefined;
  const key = keyOf(f, t);
  // "e nhầm", "tôi ghi lộn": the speaker owning up, not whose value it is.
  // "căn cước anh Long": a title before a capitalised given name names that person, not the citizen.
  const titled = f.replace(/\b(?:anh|chi|em|co|chu|ong|ba|ban)\s+(?=\S)/g, (m, at: number) => (/^\p{Lu}/u.test(t.slice(at + m.length)) ? ' '.repeat(m.length) : m));
  const owned = titled.replace(TAKE_BACK, ' ').replace(/\b(?:toi|tui|tao|tau|em|e|minh|mk|chi|anh|con|chau)\s+(?:ghi |go |viet |noi |doc |nho )?(?:nham|lon|sai|nguoc|thieu dau|thieu|sot|quen dau|khong dau|ko dau)\b/g, ' ').replace(/\b(?:sua|sua lai|nham|sai)\b/g, ' ');
  // "bả sinh 18/03/1976", "số của ổng": the southern and central "he, she", only as typed with their tones.
  // ("anh hai ảnh", "vợ ổng": a relative owned by the pronoun is no other person named; nor is
  // the toned pronoun itself, which folds to "anh", "chi".)
  const marked = foldSameLength(t.replace(/(?<!\p{L})(?:bả|ổng|ảnh|chỉ|hắn)(?!\p{L})/giu, ' qprn '))
    .toLowerCase()
    .replace(TAKE_BACK, ' ')
    .replace(/\b(?:toi|tui|tao|tau|em|e|minh|mk|chi|anh|con|chau)\s+(?:ghi |go |viet |noi |doc |nho )?(?:nham|lon|sai|nguoc|thieu dau|thieu|sot|quen dau|khong dau|ko dau)\b/g, ' ')
    .replace(/\b(?:anh|chi|em|vo|chong|con|me|ma|bo|cha)(?:\s+(?:hai|ba|tu|nam|sau|ut|ca|trai|gai|ho))?\s+(?:cua\s+)?qprn\b/g, ' ');
  const pronoun = /\bqprn\b/.test(marked) && !/\b(?:me|ma|bo|cha|vo|chong|con|chau|anh|chi|em)\b/.test(marked.replace(/\b(?:anh|chi|em) (?=nham|lon)/g, ''));
  const who = pronoun ? 'other3' : whoOf(owned);

  // "số căn cước bác là 083152000471, hai số cuối là 7 với 1": the whole number said again wins
  // over the words about its last digits.
  // (Said after the correction word: "sđt em là 0868 123 987, à nhầm số cuối là 9" corrects the digits.)
  const again = t.slice(Math.max(0, correctionCueAt(t, f)));
  const aboutLast = /\b(?:so cuoi|duoi)\b/.test(f);
  if (aboutLast && ((key === 'soDinhDanh' && parseIdNumber(again).ok) || (key === 'soDienThoai' && parsePhone(again).ok))) return { kind: 'set', key, text: again, who };
  // Last digits: "số cuối (căn cước) là 8", "đuôi sđt là 758 (chứ không phải 785)".
  const last = /\b(?:(?:\d|hai|ba|bon) )?(?:so|chu so) cuoi(?: cung)?\b.*?\b(?:la|thanh|phai la|sua thanh|moi dung)?\W*(\d+)\b(?:.*?\b(?:chu|khong|ko|k)\s+(?:khong\s+|ko\s+|k\s+)?phai\W*(\d+))?/.exec(f) ??
    /\bduoi\b.*?\b(?:la|thanh)?\W*(\d+)\b(?:.*?\b(?:chu|khong|ko|k)\s+(?:khong\s+|ko\s+|k\s+)?phai\W*(\d+))?/.exec(f);
  if (last && last[1]!.length <= 6) return { kind: 'lastDigits', digits: last[1]!, wrong: last[2], key: key === 'soDienThoai' || key === 'soDinhDanh' ? key : undefined, who };

  // "không phải Y mà là X".
  const notBut = /\b(?:khong|ko|k|hong|hok) phai\s+(?:la\s+)?(.+?)\s+ma (?:la\s+|phai la\s+)?(.+)$/d.exec(f);
  if (notBut) {
    const [a, b] = [notBut.indices![1]!, notBut.indices![2]!];
    return { kind: 'replace', from: stripLead(t.slice(a[0], a[1])), to: stripTail(t.slice(b[0], b[1])), key, who };
  }
  // "X chứ không phải Y".
  const ratherThan = /(\S+(?:\s+\S+){0,4}?)\s*,?\s+ch[uo]\s+(?:khong|ko|k|hong|hok)\s+phai(?:\s+la)?\s+(.+)$/d.exec(f);
  if (ratherThan) {
    const [a, b] = [ratherThan.indices![1]!, ratherThan.indices![2]!];
    // A date or a year is re-read whole: "ngày sinh bé là 12/11 chứ không phải 21/11".
    if (key === 'ngaySinh') return { kind: 'set', key, text: t.slice(a[0], a[1]), who, wrong: stripTail(t.slice(b[0], b[1])).split(/[,;]/)[0]!.trim() };
    const to = lastValue(t.slice(a[0], a[1]));
    const from = stripTail(t.slice(b[0], b[1]));
    if (to && from) return { kind: 'replace', from: /^\d+$/.test(to) ? (/\d+/.exec(from)?.[0] ?? from) : from, to, key, who };
  }
  // "sửa (lại) ngày sinh (của mình) là/thành …", "nhầm, sđt là …".
  if (key) {
    // "sn e 2/10/2000 mới đúng": the value said before "mới đúng", not the words after it.
    const right = /\bmoi dung\b/.exec(f);
    // "tên thằng cháu là Nguyễn Phước Minh Khang, không phải Khôi": the value before the words taking the old one back.
    const not = /[,;]\s*(?:chu\s+|cho\s+)?(?:khong|ko|k|hong|hok) phai\b/.exec(f);
    const limit = Math.min(right ? right.index : f.length, not ? not.index : f.length);
    // (Whose value it is read from those words too: "Khôi là thằng anh hắn" names another person.)
    if (not && not.index === limit) {
      const head = findCorrection(t.slice(0, limit));
      if (head?.kind === 'set' && head.key === key) return head;
    }
    const at = /\b(?:la|thanh|dung la|phai la|:)\s*(?=\S)/g;
    let m: RegExpExecArray | null;
    let pos = -1;
    while ((m = at.exec(f)) && m.index < limit) pos = m.index + m[0].length;
    const value = t.slice(Math.max(0, pos), limit);
    return { kind: 'set', key, text: stripTail(value), who };
  }
  return undefined;
}

function stripLead(s: string): string {
  return s.replace(/^(?:là|la|số|so)\s+/iu, '').trim();
}

function stripTail(s: string): string {
  return tidy(s)
    .replace(/[\s,.;!]+(?:ạ|a|nhé|nhe|nha|nhá|đó|do|ấy|ay|mới đúng|moi dung|nghen|nghe)?[\s.!]*$/iu, '')
    .replace(/\s+(?:ạ|nhé|nha|nhá|mới đúng|moi dung)$/iu, '')
    .trim();
}

/** The value part of "nhà số 41" (→ "41") or "tên là Vĩnh" (→ "Vĩnh"). */
function lastValue(s: string): string | undefined {
  const digits = /(\d+)\s*$/.exec(s);
  if (digits) return digits[1];
  const m = /.*(?:^|\s)(?:là|la|tên|ten|ở|tại)\s+(.+)$/iu.exec(s);
  return (m ? m[1]! : s).trim() || undefined;
}
