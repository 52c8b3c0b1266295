/**
 * The border between "what does the law say" and "how do I do the procedure" (issue 13),
 * read from the shape of the question rather than its topic: the same topic ("nhập hộ khẩu
 * vào nhà thuê") is a legal question in "… có được không" and a procedure question in
 * "… làm ở đâu, cần giấy tờ gì". All patterns are on folded, teencode-expanded text.
 *
 *   law frame   có được … không · được chưa · có phải … không · có bị … không · bao nhiêu
 *               tuổi / mấy tuổi · ai phải / ai được / ai là người giám hộ / của ai · có quyền · có hợp pháp ·
 *               có đúng không · thì sao · luật quy định · bị phạt · phạm tội · đi tù
 *               · … gồm những gì (not a dossier) · có thuộc diện … không · cần … đồng ý không
 *               · tòa / cơ quan / ủy ban / công an có xử / xem xét / giải quyết / thụ lý … không
 *               · a time the law allows: phải … trong bao lâu · thời hạn / thời hiệu … là bao lâu
 *                 · bao lâu thì hết thời hạn / quyền
 *   how frame   ở đâu · hồ sơ · giấy tờ gì · lệ phí · mất bao lâu · thủ tục · nộp · mẫu / tờ
 *               khai · online / VNeID · làm thế nào để · nhờ người làm thay · lên đâu / gửi đâu ·
 *               xin (giấy) phép (whether a permit is needed is the permit procedure's question)
 *
 * A message with a law frame and no how frame asks the law.
 */

/** Words that only a question about the law uses (never about a procedure's steps). */
const LAW_WORDS =
  /\b((?<!\b(cong ty|van phong|doan|hang|to chuc hanh nghe|hoi) )luat(?! su\b)|phap luat|quy dinh|theo luat|dung luat|trai luat|sai luat|co hop phap|hop phap (khong|ko|hong|chua|khg)|la hop phap|bat hop phap|trai phep|bi phat|phat bao nhieu|xu phat|bi xu ly|pham toi|pham luat|bi toi|toi gi|trach nhiem hinh su|(bi|phai|se) di tu|ngoi tu|phat tu|truy cuu|co quyen|quyen gi|co nghia vu|nghia vu gi|nghia vu (nuoi|cap duong|tra)|co hieu luc|co gia tri|hop le|bat buoc)\b/;

/** Question frames that ask whether something is allowed, due, or whose it is. */
const LAW_FRAMES =
  /\b(co (duoc|dc)\b.{0,60}\b(khong|ko|hong|hok|k|chua)|(?<!\b(khong|chua|chang|cha)( \p{L}+)? )(duoc|dc) (khong|ko|hong|hok|k|chua|nua khong|nua ko|gi|phan nao|chia|huong)|(duoc|dc) (\p{L}+ ){0,2}(khong|ko|hong|chua)$|co phai\b.{0,60}\b(khong|ko|hong|k)|co (duoc )?(coi|tinh|xem) la\b.{0,60}\b(khong|ko|hong|k)|(toa|toa an) co (xu|cho|chap nhan|giai quyet|thu ly|cong nhan)\b.{0,60}\b(khong|ko|hong|k)|(co quan( nha nuoc)?|nha nuoc|chinh quyen|uy ban|ubnd|cong an|vien kiem sat|thanh tra) co (xem xet|giai quyet|thu ly|tiep nhan|chap nhan|xu ly)\b.{0,60}\b(khong|ko|hong|k)|phai (khong|ko|hong)$|(?<!\bco )\bphai (giu|tra|boi thuong|den|nuoi|cap duong|chiu|bao ve|xin loi|dong|thong bao|bao truoc)\b.{0,60}\b(khong|ko|hong|chua)$|co bi\b.{0,50}\b(khong|ko|hong|k|gi)|bao nhieu tuoi|may tuoi|du tuoi|du bao nhieu|ai (phai|duoc|chiu|den|tra|nuoi|giu|o voi)|ai (la|se la) nguoi (giam ho|thua ke|huong thua ke|dai dien|nuoi|cham soc|cap duong|chiu trach nhiem|boi thuong|co quyen|duoc quyen|duoc huong)|cua ai|voi ai|co dung (khong|ko|hong|k)|co sao (khong|ko|hong)|thi sao|co mat (khong|ko|hong)|co con (\p{L}+ ){0,3}(khong|ko|hong|duoc)|toi da|toi thieu|chia (the nao|sao|nhu the nao|nhu nao|ra sao)|bao lau thi (\p{L}+ ){1,3}phai|co can (\p{L}+ ){0,3}(khong|ko|hong|k)$|dieu kien|thoi han (bao lau|nao|la)|(thoi han|thoi hieu)( \p{L}+){0,8} (la )?(bao lau|may (nam|thang|ngay)|bao nhieu (nam|thang|ngay))|phai (\p{L}+ ){0,6}trong (vong )?(bao lau|may ngay)|bao lau (thi )?het (thoi han|thoi hieu|quyen|han)|trong thoi han|thoi hieu|truong hop nao|la gi$|hinh thuc nao|gom nhung (hanh vi|hinh thuc|ai|loai)|duoc tinh (the nao|sao|nhu the nao)|(khoan|quyen|loai|muc|phan) (gi|nao)|bao nhieu phan|con (thoi han|thoi hieu|kip|hieu luc)\b.{0,50}\b(khong|ko|hong|hok|k|chua)|(qua han|het thoi han|het thoi hieu)\b.{0,30}\b(khong|ko|hong|hok|k|chua)|bi xu ly (hinh su )?(sao|the nao|nhu the nao|ra sao|nhu nao)|(?<!\b(ho so|giay to|thu tuc|to khai|mau don)\b.{0,40})(bao )?gom nhung (gi|cai gi)|co thuoc (dien|truong hop|doi tuong)\b.{0,60}\b(khong|ko|hong|hok|k)|(can|phai) (duoc )?(\p{L}+ ){0,3}dong y\b(?! bang van ban)(?! co cong chung).{0,20}\b(khong|ko|hong|hok|k)|co (dung|sai|trai|vi pham) (luat|phap luat|quy dinh)( (khong|ko|hong|hok|k|khg|chua))?|(toa|toa an) (se )?(giai quyet|xu|xu ly|phan xu|chia|tinh) (the nao|sao|nhu the nao|nhu nao|ra sao)|bao truoc\b.{0,30}\b(bao nhieu|may|bao lau)|(tinh|xac dinh|coi la) o (dau|mo)|(theo|cua|thuoc ve|o voi|giao cho) (\p{L}+ ){1,2}hay (la )?(theo|cua|thuoc ve|o voi|giao cho|cho) \p{L}+)(?!\p{L})/u;

/**
 * Going to an office to have the act done: "ra xã làm được không", "ra công an xã mần được
 * không", "lên phường nộp", "đến ủy ban chứng thực": the place of the procedure is asked.
 */
const OFFICE_ACT =
  '(ra|len|den|toi|xuong) (uy ban |ubnd |cong an |bo phan |phong )?(xa|phuong|thi tran|uy ban|ubnd|cong an|huyen|mot cua|tu phap)( [a-z0-9]+){0,3} (lam|man|nop|xin|dang ky|chung thuc|xac nhan|bao|khai)';

/**
 * The steps of a procedure asked by their catalogue words: "trình tự thực hiện …", "quy trình",
 * "các bước", "cơ quan nào thực hiện / cấp / tiếp nhận" (the portal's own headings). Central "ở mô",
 * "chỗ mô" is "ở đâu".
 */
const STEPS_ASKED = 'trinh tu( thuc hien)?|quy trinh|cac buoc|tung buoc|(co quan|noi|don vi) nao (thuc hien|cap|tiep nhan)|o mo|cho mo|noi mo';

/** What only a procedure question asks: where, which papers, fee, time, channel, form. */
const HOW_FRAMES = new RegExp(
  `\\b(${OFFICE_ACT}|${STEPS_ASKED}|${
  /o dau|noi nao|cho nao|ho so|(?<!\b(khong|hong|ko|chang|cha|chua) co )giay to (gi|chi)|giay to nao|can giay to|can (nhung )?giay (gi|chi|nao)|can mang|mang gi|mang theo|le phi|phi bao nhieu|het bao nhieu|mat bao lau|bao lau thi (co|xong|lay|nhan|duoc cap)|may ngay|thu tuc|nop (don|ho so|o)|mau don|to khai|online|truc tuyen|qua mang|qua zalo|vneid|dich vu cong|lam the nao de|lam sao de|cach (lam|xin|dang ky)|(?<!\b(di|dang|van|tung|con|da|sap di|se) )lam (o|tai)|(?<!\b(chua|khong|chang|chua kip|chua di|khong di) )lam giay|can nhung gi|(can|phai) nop (nhung )?(gi|chi|cai gi)|can chuan bi|lam thay|nho nguoi|ve (tan )?que|lam (the nao|sao|nhu the nao|nhu nao)|man sao|di dau|den dau|len dau|gui dau|(?<!(khong|chua|chang|ko) )xin (giay )?phep|(phai|can|nen) lam gi|mang nhung gi|bao sao|khai sao|ai (di )?khai|(khai bao|bao|dang ky|trinh bao|xin) (the nao|nhu the nao|nhu nao|ra sao)/.source
  })\\b`,
);

/**
 * The procedure facets: where, which papers, fee, time, channel (online, VNeID), form, by proxy.
 * These ask the procedure even inside a yes/no law frame ("có được nộp online không").
 */
export const PROCEDURE_FACETS = new RegExp(
  `\\b(${OFFICE_ACT}|${
  /(?<!(khong|chua|chang|ko) )xin (giay )?phep|o dau|noi nao|cho nao|di dau|den dau|lam (o|tai)|nop (o|tai)|ho so|giay to|giay gi|can mang|mang theo|le phi|phi bao nhieu|het bao nhieu|mat bao lau|bao lau thi (co|xong|lay|nhan|duoc cap)|may ngay|online|truc tuyen|qua mang|qua zalo|qua buu dien|vneid|dich vu cong|mau don|to khai|lam thay|lam ho|nho nguoi|uy quyen cho|thu tuc/.source
  })\\b`,
);

/**
 * A yes/no law frame: "có quyền / có được / có phải / có bị / có thể / có coi là … không". The
 * words between the opener and "không" are the act whose permission is asked ("tôi có quyền
 * nộp đơn lúc này không"), not a how question.
 */
const YES_NO_SPAN =
  /\b(co (quyen|duoc|dc|phai|bi|the|(duoc )?(coi|tinh|xem) la)|duoc phep)\b(.{0,80})\b(khong|ko|hong|hok|khg|chua)\b/g;

/**
 * "…, có đúng luật không / có hợp pháp không / có sai luật không / vậy có được không": the whole
 * clause before it is the act whose lawfulness is asked.
 */
const LAWFUL_TAIL =
  /^(.*?)\b((co|vay co|nhu vay co|the co|nhu the co) (dung|sai|trai|vi pham) (luat|phap luat|quy dinh)( khong| ko| hong| hok| khg)?|(co|la) (hop phap|bat hop phap|hop le)( khong| ko| hong| hok| khg)?|(vay|nhu vay|the) (co )?(duoc|dc) (khong|ko|hong|hok|khg))$/;

/**
 * "luật quy định … trong bao lâu / phải …": what follows the law's words is the law's content.
 */
const LAW_SAYS = /\b((luat|phap luat|theo luat|theo quy dinh) (quy dinh|noi|bat)|quy dinh (cua )?(phap )?luat)\b(.*)$/;

/**
 * The text with the acts asked about in a law frame blanked out, so that a how word naming the
 * act ("nộp đơn", "làm đơn", "tư vấn") does not read as a how question. A procedure facet
 * (`PROCEDURE_FACETS`) is kept wherever it stands.
 */
/**
 * "qua mạng / online" after a wrong or a deal ("lừa đảo qua mạng", "vay tiền online") is how the
 * act was done, not the channel of a procedure.
 */
const MANNER_CHANNEL =
  /\b(lua dao|lua|chiem doat|ban hang|mua hang|mua ban|vay tien|cho vay|vay|xuc pham|boi nho|lam nhuc|de doa|chui|dang bai|dang tin|danh bac|ca do|quen|lam quen|tong tien|chuyen khoan|chuyen tien)((?: [\p{L}\p{N}]+){0,5}) (qua mang|online|tren mang|qua zalo|qua facebook)\b/gu;

/**
 * An application already made is the story, not a how question: "tôi đã nộp đơn khiếu nại 2
 * tháng rồi", "gửi đơn lên huyện từ tháng 3 mà chưa ai trả lời", "nộp đơn khiếu nại lên ủy ban
 * phường hơn 2 tháng rồi" (the office named between the act and its time).
 */
const NARRATED_ACT = /\b((?:da|vua|moi|tung) (?:nop|gui|lam) (?:don|ho so)|(?:nop|gui|lam) (?:don|ho so)(?= (?:[\p{L}\p{N}]+ ){0,5}(?:roi|tu|hon|cach day|chua|ma khong|ma van|nhung khong|\d+ (?:ngay|tuan|thang|nam))\b| (?:[\p{L}\p{N}]+ ){0,8}(?:hon |ca |gan |duoc )?(?:\d+ |mot |hai |ba |bon |nam |sau |may |vai )?(?:ngay|tuan|thang|nam)(?: ruoi)? (?:roi|nay|ma|van|chua)\b))/gu;

/**
 * "ở đâu" after a negation is "anywhere", not a question of place: "cũng không đăng ký tạm trú ở
 * đâu", "chưa từng làm ở đâu", "không có nhà ở đâu"; "không biết / không rõ … ở đâu" still asks
 * it. A bare "không" is left alone: folded text has no commas, and in "… được không, làm ở đâu" it
 * ends a question.
 */
const NOWHERE = /\b((?:cung|van|deu) (?:khong|chua|chang|ko)|(?:khong|chua|chang|ko) (?:he|tung|co))((?: (?!(?:biet|ro|hieu|nho|tim|thay|thi|ma|nen|de|gio|vay|nhung)\b)\p{L}+){0,5}) o dau\b/gu;
/** "không … ở đâu cả / hết": "at all" makes a bare "không" a nowhere ("không đăng ký tạm trú ở đâu cả"). */
const NOWHERE_AT_ALL = /\b(khong|chua|chang|ko)((?: (?!(?:biet|ro|hieu|nho|tim|thay|thi|ma|nen|de|gio|vay|nhung)\b)\p{L}+){0,5}) o dau (?=ca\b|het\b)/gu;

/**
 * Where the law deems something to be ("nơi cư trú tính ở đâu", "được xác định ở đâu", "coi là ở
 * mô"): a legal notion's place, asked of the law, not a place to go.
 */
const DEEMED_WHERE = /\b((?:duoc )?(?:tinh|xac dinh|coi la)) o (?:dau|mo)\b/g;

/**
 * "ở" as the verb to live or stay ("chưa biết sẽ ở đâu", "giờ đang ở đâu cũng được", "định ở
 * đâu"): where someone lives, not the place of an act asked. Preceded by a tense or intent word.
 */
const STAY_WHERE = /\b((?:se|dang|dinh|sap|song|sinh song)) o (?:dau|mo)\b/g;

export function withoutAskedActs(text: string): string {
  const t = text
    .replace(DEEMED_WHERE, '$1')
    .replace(STAY_WHERE, '$1')
    .replace(MANNER_CHANNEL, (_all, act: string, between: string) => `${act}${between}`)
    .replace(NARRATED_ACT, ' ');
  const keepFacets = (span: string) => {
    const kept: string[] = [];
    const re = new RegExp(PROCEDURE_FACETS.source, 'g');
    for (const m of span.matchAll(re)) kept.push(m[0]);
    return ` ${kept.join(' ; ')} `;
  };
  let out = t.replace(YES_NO_SPAN, (_all, opener: string, _a, _b, _c, span: string, end: string) => `${opener} ${keepFacets(span)} ${end}`);
  const tail = LAWFUL_TAIL.exec(out.trim());
  if (tail) out = `${keepFacets(tail[1] ?? '')} ${out.trim().slice((tail[1] ?? '').length)}`;
  const says = LAW_SAYS.exec(out);
  if (says) {
    // The law's deadline is the content asked; where/papers/fee/channel stay procedure facets.
    const after = keepFacets(says[says.length - 1] ?? '').replace(/\b(mat bao lau|bao lau thi \p{L}+|may ngay)\b/gu, ' ');
    out = `${out.slice(0, says.index)} ${says[1]} ${after}`;
  }
  return out.replace(/\s+/g, ' ');
}

export interface LawFrame {
  /** The question asks whether something is allowed, due, punished or whose it is. */
  law: boolean;
  /** A word only legal questions use ("luật", "hợp pháp", "bị phạt"): stronger than a frame. */
  lawWord: boolean;
  /** The question asks where, with which papers, at what fee or how long: a procedure. */
  how: boolean;
}

/**
 * A notice period ("phải báo trước mấy ngày", "báo trước cho công ty bao lâu") is the time the law
 * sets before an act, not the time a procedure takes: its "mấy ngày" is no how word.
 */
const NOTICE_PERIOD = /\bbao truoc\b.{0,30}?\b(bao nhieu|may|bao lau)( (ngay|thang|tuan|hom))?\b/g;

/** The rules of a game or a sport are no law ("luật chơi Ma Sói", "luật việt vị"). */
const PLAY = /\b(game|tro choi|luat choi|bong da|viet vi|co vua|co tuong|the thao|tran dau)\b/;

/** Addressees after a question: "mn", "mọi người", "ad ơi", "ae", "các bác" ("ạ", "nha" stay: they end a question). */
const ADDRESSEE_TAIL = /( (moi nguoi|mn|ae|anh em|ca nha|ad|admin|ban oi|ban|cac bac|anh chi|oi))+$/;

/** How a question ends when it has no question mark ("… có bị phạt không", "… tội gì", "… vậy"). */
const ASKS_AT_END = /\b(khong|ko|hong|hok|k|khg|chua|gi|chi|nao|sao|bao nhieu|nhieu|ai|the nao|ra sao|nhu nao|khi nao|bao lau|a|vay|nhi|day|ha|ta)$/;

/**
 * Reads the law and how frames of a folded, teencode-expanded message (or sentence). A law
 * word counts only in a question (`asked`: the sentence ended in "?"; otherwise a question
 * word at its end): "quyết định xử phạt tôi …, muốn khiếu nại" tells, it does not ask.
 */
export function lawFrame(folded: string, asked = false): LawFrame {
  // Who is asked, said after the question ("… có hợp lệ ko mn", "… được không ad ơi"), is not the question's end.
  const t = folded.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim().replace(ADDRESSEE_TAIL, '');
  const somewhere = folded.replace(NOWHERE, (_all, neg: string, between: string) => `${neg}${between}`).replace(NOWHERE_AT_ALL, (_all, neg: string, between: string) => `${neg}${between} `);
  const how = HOW_FRAMES.test(withoutAskedActs(somewhere.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(NOTICE_PERIOD, ' ').replace(/\s+/g, ' ').trim()));
  if (PLAY.test(t)) return { law: false, lawWord: false, how };
  const lawWord = LAW_WORDS.test(t) && (asked || ASKS_AT_END.test(t));
  return { law: lawWord || LAW_FRAMES.test(t), lawWord, how };
}

/**
 * The sentences that ask: those ending in "?", or the last one when none does. A story
 * mentions the law on its way ("chủ nhà nói phải khai báo cho đúng luật, không thì bị phạt")
 * and then asks how ("phải làm gì, ai đi khai?"): only the asking sentences carry the law frame.
 */
export function askingSentences(text: string): string[] {
  const parts = text
    .split(/(?<=[.!?;\n])\s*/u)
    .map((p) => p.trim())
    .filter((p) => /[\p{L}\p{N}]/u.test(p));
  const asked = parts.filter((p) => /\?\s*$/u.test(p));
  return asked.length ? asked : parts.slice(-1);
}

/**
 * The frames of a whole message, read on its asking sentences; a where/papers/fee word
 * anywhere in the story still points to a procedure.
 * `foldSentence` folds and expands teencode the way the caller does.
 */
export function messageLawFrame(text: string, foldSentence: (sentence: string) => string): LawFrame {
  const whole = lawFrame(foldSentence(text), /\?\s*$/u.test(text));
  const sentences = askingSentences(text);
  if (sentences.length <= 1 && sentences[0] === text.trim()) return whole;
  const asked = sentences.map((x) => lawFrame(foldSentence(x), /\?\s*$/u.test(x)));
  // An application told as done ("nộp đơn khiếu nại lên phường cả tháng rồi") is the story, not a how word.
  // A paper made in the story ("vợ chồng tôi đã làm giấy tặng riêng cho nó") is background when
  // the asking sentences name the law and ask no how ("pháp luật quy định thế nào ạ?").
  const lawWord = asked.some((f) => f.lawWord);
  const how = asked.some((f) => f.how) || (!lawWord && whole.how && STRONG_HOW.test(foldSentence(text).replace(NARRATED_ACT, ' ')));
  return { law: asked.some((f) => f.law), lawWord, how };
}

/** How words that point to a procedure wherever they stand in a story (not "về quê", "đi đâu"). */
const STRONG_HOW = /\b(o dau|ho so|thu tuc|le phi|to khai|(?<!\b(khong|hong|ko|chang|cha|chua) co )giay to gi|giay to nao|can giay to|(?<!\b(chua|khong|chang|chua kip|chua di|khong di) )lam giay|nop (don|ho so))\b/;

/** A general legal question by its shape: a law frame and no procedure facet. */
export function asksTheLawNotHow(folded: string): boolean {
  const f = lawFrame(folded);
  return f.law && !f.how;
}
