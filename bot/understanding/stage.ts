import type { Intent } from '../../knowledge/understanding/index.js';
import { isBareYesNo, readYesNo } from '../../knowledge/text/index.js';
import { alarmEvidence, calmHealthQuestion, CHILDREN_GAMES, dangerSignal, involvesChild, likelyKind, primaryKind, STANDALONE_KINDS, type DangerKind } from './danger.js';
import { prepareText } from '../triage/text.js';
import { messageFeatures, NEGATED_DISPUTE } from './features.js';
import { askingSentences, lawFrame, messageLawFrame } from './law-frame.js';
import { needOf, withoutDeniedDisputes } from './need.js';
import type { LinearModel } from './linear-model.js';
import { asksToFillForm, carriesFormData, carriesPersonalFacts } from '../forms/index.js';

/** What the skills tell the stage about the conversation so far (plain data, no state objects). */
export interface ConversationContext {
  /** The procedure under discussion (last answered), if any. */
  procedureCode?: string;
  /** A form is being filled in this conversation. */
  formActive?: boolean;
  /** The legal-aid intake waits for an answer (offer, consent, eligibility, ...). */
  triageAwaiting?: boolean;
  /** Q&A asked which of several procedures was meant. */
  qaAwaiting?: boolean;
  /** The stage itself asked "what do you mean?" last turn. */
  clarifyAwaiting?: boolean;
  /** Folded values of the buttons the bot offered with its last reply. */
  offered?: readonly string[];
}

export type Awaiting = 'forms' | 'triage' | 'qa';

/** The decision for one message, before any skill runs. */
export interface Understanding {
  intent: Intent;
  /** Calibrated probability of `intent` (1 for explicit commands and button values). */
  confidence: number;
  /** Model probabilities by intent (rounded), for evals and debugging. */
  scores: Partial<Record<Intent, number>>;
  /** Danger now: decided first, wins over everything. */
  danger?: { kind: DangerKind; kinds: DangerKind[]; child: boolean };
  /** No intent is confident enough: ask one question with choices instead of guessing. */
  abstain: boolean;
  /** The message tells of an event that is over (no "now" word): never the emergency reply. */
  pastEvent?: boolean;
  /** A skill waiting for an answer that this message gives. */
  awaiting?: Awaiting;
  /**
   * For a message told as a story: the sentences that ask or say what the citizen wants
   * (`need.ts`), for skills that look for a topic word; absent when the whole message is the need.
   */
  need?: string;
  /**
   * The citizen wants the procedure itself done, even in a yes/no frame: a lost or damaged paper
   * issued again ("thất lạc hết, đăng ký lại được không"), a copy asked for ("bản của tui thất
   * lạc, xin bản sao được hông"), procedures done together ("làm khai sinh và nhận cha cùng lúc
   * được không"). The procedure's card answers it, never an article in its place.
   */
  procedureWanted?: boolean;
  /** Why: the rules that fired and the words that weighed most. */
  reasons: string[];
}

export interface UnderstandingThresholds {
  /** Model probability of danger above which a message is danger without any rule. */
  dangerAlone: number;
  /** Below `dangerAlone`, the model's first reading of danger still counts from this probability. */
  dangerBest: number;
  /** Model probability of danger above which a danger rule is believed. */
  dangerWithRule: number;
  /** Below this confidence (and with no context to lean on) the stage abstains. */
  abstain: number;
  /** Below this confidence an out-of-scope reading is asked about rather than refused. */
  refuse: number;
  /** Probability of `legal_question` above which a law-shaped question read as a procedure is a legal question. */
  lawShift: number;
  /** Probability of `legal_question` above which an own problem asked as a question of law is a legal question. */
  ownLawShift: number;
}

export const DEFAULT_THRESHOLDS: UnderstandingThresholds = { dangerAlone: 0.5, dangerBest: 0.5, dangerWithRule: 0.03, abstain: 0.35, refuse: 0.7, lawShift: 0.07, ownLawShift: 0.02 };

/** Exact messages that are commands whatever the model says (button captions and values). */
export type CommandTable = ReadonlyMap<string, Intent>;

const PROCEDURE_CODE = /\b\d\.\d{6}\b/;
const FEEDBACK = /^(👍|👎)/u;
/** The words the web chat shows for 👍/👎 where a device has no emoji font (and what citizens type). */
const FEEDBACK_WORDS = /^(rat )?(huu ich|khong huu ich|chua huu ich|chua dung y|chua dung)( a| qua| lam)?$/;
/** A verb of making or filling, then (within two words) a named form: "làm ct01", "điền giúp tờ khai", "khai mẫu CT02". */
const FORM_ASKED =
  /\b(lam|dien|khai|viet|soan|in|ghi|dien giup|lam giup|lam ho|dien ho|khai giup|khai ho|viet giup|soan giup)( \p{L}+){0,2} (to khai|ct ?0\d|tk ?\d+|mau ct ?0\d|mau to khai|mau don|bieu mau|mau (so )?\d{1,2}|form)\b/u;

/** A need for a paper or a procedure: "cần làm giấy tờ gì", "làm sao để có lại thẻ", "hồ sơ gồm". */
/** The folded value of the answer's "Điền tờ khai giúp tôi" button. */
const FILL_FORM_OFFER = 'dien to khai giup toi';
/** A short yes ("ừ đồng ý", "dạ được", "ok em", "có, điền giúp em"), not a question that starts with "có". */
function acceptsOffer(folded: string): boolean {
  if (isBareYesNo(folded)) return readYesNo(folded) === 'yes';
  return readYesNo(folded) === 'yes' && folded.split(' ').length <= 5 && !/\b(gi|j|nao|dau|sao|khong|ko|hong|bao nhieu|may|chua)\b|\?/.test(folded);
}
/** The least procedure probability with which a legal question that also asks how becomes a procedure question. */
const HOW_ASKED_MIN = 0.03;
/**
 * How to do an act, in words that only a procedure answers: its papers, fee, form, or how and
 * where to report, register or apply. Not a forum ("kiện ở đâu"), a length ("mấy ngày") or papers
 * never signed ("không ký giấy tờ gì"), which questions of law ask too.
 */
const HOW_TO_DO =
  /\b(thu tuc (the nao|ra sao|gi|gom)|le phi|to khai|(?<!khong (ky|co|can) )giay to (gi|chi|nao)|can giay to|can (nhung )?giay (gi|chi|nao)|ho so (gom|gi|the nao)|nop ho so|(khai bao|bao|dang ky|trinh bao|xin) (the nao|nhu the nao|nhu nao|ra sao|o dau)|lam (the nao|sao|nhu the nao) de)\b/;
/**
 * How to do an act asked at the end of the question, with the act's object between ("khai báo
 * lưu trú thế nào", "đăng ký tạm trú cho con như thế nào", "làm sổ riêng ra sao"): the verb is a
 * procedure's, and nothing between is a computation, a share or a sanction the law decides
 * ("tiền làm thêm tính thế nào", "đất chia ra sao").
 */
const HOW_AT_END =
  /\b(khai bao|thong bao|bao|dang ky|trinh bao|xin|nop|sang ten|gia han|xoa|tach|doi|cap|lam (giay|so|the|ho chieu|can cuoc|thu tuc|ho so|bang|giay phep|lai))((?: (?!(?:tinh|chia|xu|phat|boi thuong|giai quyet|quy dinh|huong|tra|den|thuong)\b)\p{L}+){0,5}) (the nao|nhu the nao|nhu nao|ra sao|ntn)( (a|ah|vay|v|nhi|nha|ha|ban|ad|chi|anh|em))*$/u;
/** Folded text as plain words: punctuation and symbols to spaces, one space between words. */
const plainWords = (folded: string): string => folded.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();

/**
 * Drops one reading from the posterior (in place): the others share what it had, so the
 * confidence stays among them. Returns the reading now on top.
 */
function nextReading(posterior: Partial<Record<Intent, number>>, dropped: Intent): Intent {
  const rest = 1 - (posterior[dropped] ?? 0);
  posterior[dropped] = 0;
  const intents = Object.keys(posterior) as Intent[];
  if (rest > 0) for (const k of intents) posterior[k] = posterior[k]! / rest;
  return intents.reduce((a, b) => (posterior[b]! > posterior[a]! ? b : a));
}
/** A question word or mark: the message asks something rather than only giving details. */
const ASKS_SOMETHING = /\?|\b(gi|j|nao|dau|sao|the nao|ntn|bao nhieu|bao lau|may|chua|khong|ko|k|hong|hok|duoc khong|co phai|la sao)\b/;
/**
 * Whether the message asks something: a question word, or a question mark in the text as typed
 * (the folded text the stage matches on has lost its punctuation: "… cho bố hay cho mẹ nuôi hả?").
 */
/**
 * A paper's purpose ("để làm hồ sơ vay mua nhà", "để làm thủ tục mua đất") and a form asked to be
 * made ("làm tờ khai để điều chỉnh", "điền giúp tờ khai") use the words of a procedure question
 * ("hồ sơ", "thủ tục", "tờ khai") without asking one.
 */
const PURPOSE_OR_FORM_ASKED = /\b(?:de|cho|phuc vu|bo sung)\s+(?:(?:lam|nop|hoan thien|bo sung|di)\s+)?(?:ho so|thu tuc)\b|\b(?:lam|dien|viet|soan|khai)\s+(?:(?:giup|gium|dum|ho|cho|toi|tui|em|e|minh|cai|to|bo)\s+){0,3}(?:to khai|mau don|mau to khai|bieu mau)\b/g;
/** Whether the message still asks how (where, papers, fee…) once those purposes and form requests are set aside. */
function howAskedBeyondRequest(text: string, folded: string): boolean {
  const rest = folded.replace(PURPOSE_OR_FORM_ASKED, ' ');
  return rest === folded || lawFrame(rest, /\?/.test(text)).how;
}
function asksSomething(text: string, folded: string): boolean {
  return /\?/.test(text) || ASKS_SOMETHING.test(folded);
}
/** A want, a need or a trouble: the message is about something to do, not only who the citizen is. */
const WANTS_SOMETHING = /\b(muon|(?<!neu )can(?! cuoc)|xin|lam|dang ky|thu tuc|cap|doi|mat|hoi|giup|bi|phai|nop|chet|qua doi|sinh con|de con|cuoi|ly hon)\b/;
/**
 * A lawyer asked about rather than asked for: a choice between a lawyer and someone else ("nên hỏi
 * luật sư hay cán bộ xã", "lên phường hay thuê luật sư"), whether one is needed, what one costs or
 * does. Such a message is a question (the legal skills offer the lawyer anyway), never the
 * command that opens a lawyer request.
 */
const LAWYER_ASKED_ABOUT =
  /\bluat su (hay|hoac|voi|va|khac|hay la) (\w+ ){0,2}?(can bo|cong chung|tu phap|phuong|xa|toa|cong an|tro giup|hoa giai|tu lam|tu di)|\b(hay|hoac|hay la) (hoi |nho |gap |thue |mon |tim )?(mot )?luat su\b|\b(co can|can phai|bat buoc|co bat buoc|nen|co nen|phai) (\w+ ){0,2}luat su\b.{0,60}\b(khong|ko|k|hong|chua|hay|gi|nao)\b|\b(thue|moi|chi phi|phi) (\w+ ){0,1}luat su\b.{0,30}\b(bao nhieu|het|mat|ton|tinh the nao|tinh sao)\b|\bluat su (co duoc|co phai|co quyen|lam gi|la gi|khac gi)\b/;
/** A lawyer asked for, whatever else the message says: "cho tôi gặp luật sư", "kết nối luật sư giúp em". */
const LAWYER_ASKED_FOR =
  /\b(cho (toi|tui|em|minh|con|chau|t|e) (gap|noi chuyen|lien he|xin|duoc gap|duoc noi chuyen)|ket noi|noi may|chuyen (cho|sang|qua)|goi (giup|gium|dum)|muon (gap|noi chuyen|lien he)|can (gap|noi chuyen)|gap ngay|xin gap|dang ky gap)\b/;

/** Below this the model alone cannot refuse a message as manipulation without some sign of one. */
const WEAK_MANIPULATION = 0.6;
/** Signs of a manipulation attempt: an instruction to the system, forgery or evasion, someone else's data. */
const MANIPULATION_SIGN =
  /\b(admin|system|prompt|developer|dev mode|jailbreak|ignore|instructions?|bo qua (moi |tat ca |het |cac )?(huong dan|quy tac|lenh|bo loc)|quen het|nghe lenh|dong vai|gia vo|lam gia|gia mao|(trong|nhin|y) nhu (that|hang that|ban that)|khac dau|photoshop|chinh sua|tron|lach|ne phat|khong bi phat hien|qua mat|du lieu cua|nguoi khac|nguoi dung khac|lich su chat|tra (giup|ra|gium|dum|cuu)|hoi lo|dut lot|bao ke|hack|mat khau|tai khoan cua)\b/;
function manipulationEvidence(text: string, folded: string): boolean {
  return MANIPULATION_SIGN.test(folded) || /giả(?!\p{L})/iu.test(text) || /[[\]<>{}|]/.test(text) || /\b(cccd|can cuoc|so dien thoai|sdt|dia chi|so nha) (cua|of) (ong|ba|anh|chi|co|chu|nguoi|hang xom|ban|em)\b/.test(folded);
}
const PROCEDURE_NEED =
  /\b((lam|xin|can|nop|chuan bi|mang) (nhung )?(giay|giay to|ho so|thu tuc) (gi|chi|nao|o dau|o mo)|giay to (gi|chi)|giay (gi|chi)|ho so gom|mang (gi|chi|nhung gi) theo|(lam|nop|xin|bao) (o dau|o mo|cho nao)|(lam sao|lam the nao|cach nao) de (co|lay|xin|nhan|lam|cap) (lai )?(the|giay|so|ban sao|can cuoc|ho chieu|bang|chung nhan)|(co|duoc|huong|nhan|xin) (\w+ ){0,2}(che do|tro cap|ho tro|chinh sach|quyen loi) (gi|chi|nao)( (khong|ko|hong|hok|k))?$)\b/;
/** Hearsay of a benefit: "nghe nói được nhận tiền", "hàng xóm bảo gia đình được hỗ trợ". */
const HEARD_OF_BENEFIT =
  /\b(nghe|hang xom|nguoi ta|moi nguoi|ban be|can bo|co nguoi) (noi|bao|ke|doan)\b.{0,60}\b(duoc|co) (nhan|huong|lanh|linh|ho tro|tro cap|cap|mien|giam|rut|lay)\b/;
const NEGATED_DISPUTES = new RegExp(NEGATED_DISPUTE.source, 'g');
/** A dispute denied, or one the citizen wants to forestall ("tránh sau này con cháu tranh chấp", "để khỏi kiện cáo"). */
const DENIED_DISPUTE = new RegExp(`${NEGATED_DISPUTE.source}|\\b(tranh|de tranh|khoi|de khoi|de khong|phong khi)( \\p{L}+){0,4} (tranh chap|kien cao|kien tung)\\b`, 'u');
/** A need that is a dispute whatever papers it asks for. */
const DISPUTE_NEED = /\b(kien|khoi kien|tranh chap|doi lai|doi no|doi tien|doi quyen|khong tra|quyt|lua dao|boi thuong|den bu|khieu nai|to cao|to giac|ly hon|danh|chiem|lan chiem)\b/;

/**
 * What makes an own legal problem a matter for a lawyer rather than a question of law: a court,
 * the police or a prosecution, violence or threats, a deadline running, a lawyer named, or the
 * other side demanding now ("giờ đòi bắt thằng bé về", not "vợ có đòi chia được không").
 */
const NEEDS_LAWYER =
  /\b(toa|toa an|kien|khoi kien|bi kien|kien ra|xet xu|ban an|thi hanh an|cong an|bi bat|tam giam|tam giu|khoi to|trieu tap|dieu tra|vien kiem sat|danh|danh dap|hanh hung|bao luc|de doa|doa|doa giet|doa danh|chem|ep buoc|cuong che|bi tat|tat (em|toi|tui|minh|con|vo|chong|vao mat)|khoa cua|khoa phong|nhot|het han|han chot|sap het|truoc ngay|ngay mai|tuan sau|luat su)\b|(?<!\b(co|duoc|dc|quyen|muon) )\bdoi (bat|lay|chia|duoi|thu hoi|tich thu)\b/;
/** A benefit the State grants, named: an allowance, a regime, support, a pension, social insurance paid out, money every month. */
const STATE_BENEFIT =
  /\b(tro cap|tuat|che do (chinh sach|nguoi co cong|thuong binh|liet si|thai san|om dau|huu)|ho tro (gi )?(tu |cua )?nha nuoc|nha nuoc (co )?ho tro|luong huu|(lanh|linh|rut|nhan|huong) (het |tien )?(bao hiem xa hoi|bhxh)|(bao hiem xa hoi|bhxh) mot lan|mot lan (luon )?(duoc|dc)|(tien )?(ho tro|tro cap) (hang|hon|moi) thang|tien (hang|moi) thang)\b/;
/** Thanks for a procedure done: "cảm ơn em, nhờ em mà chị làm xong giấy khai tử rồi". */
const THANKS_DONE = /^(cam on|cam on em|thank|thanks|tks)\b.*\b(xong|duoc roi|roi)$/;
/** A message that opens with a greeting. */
const GREETING_OPEN = /^(alo|a lo|chao|xin chao|hello|helo|hi|hey|he lo|ha lo|hu)\b/;
/** Small talk's own phrases: greeting once, dropping by, wishing well, asking after the bot. */
const SMALL_TALK_CUE =
  /\b(chao (mot|1) (cau|cai|tieng)|chao (cai|tieng)|ghe (chao|tham|hoi tham)|hoi tham|cho vui|chuc (ad|bot|ban|em|anh|chi|moi nguoi|ca nha|tro ly)|(con )?(song|thuc|khoe) (khong|ko|k|hong|hok|chu)|lau (qua )?(roi )?(khong|ko|k) (gap|ghe|thay))\b/;
/** Anything asked or requested besides small talk. */
const REQUEST_WORDS = /\b(cho (toi|em|minh|tui|e|t) (hoi|xin|biet)|(muon|xin|can) hoi|hoi (ve|thu tuc|cach|gia)|xin|giup|chi (giup|dum|gium|cho)|muon|can|tim|lam sao|o dau|bao nhieu|the nao|nhu nao|cach|gi|nao)\b/;
/** A mood said with a hyperbole ("vui muốn chết", "mệt muốn xỉu"): no want in it. */
const MOOD_HYPERBOLE = /\b(muon|muon the) (chet|xiu|khoc|bay|dien|ngat)\b/g;
/** The least greeting probability with which an out-of-scope small talk is read as a greeting. */
const SMALL_TALK_MIN = 0.02;
/**
 * Small talk: a greeting first, then a small-talk phrase, or nothing asked or requested at all
 * ("hello ad, hnay e vui muốn chết luôn á"). A greeting in front of a real request is not.
 */
function smallTalk(folded: string): boolean {
  if (!GREETING_OPEN.test(folded)) return false;
  const rest = folded.replace(SMALL_TALK_CUE, ' ').replace(MOOD_HYPERBOLE, ' ');
  if (REQUEST_WORDS.test(rest)) return false;
  return SMALL_TALK_CUE.test(folded) || !ASKS_SOMETHING.test(rest);
}
/** Details of a person asked for ("cho xin số điện thoại / địa chỉ nhà / số căn cước của …"). */
const OTHERS_DATA =
  /\b(xin|cho (toi|em|minh|tui) (xin|biet)|tra (giup|cuu)?|tim (giup)?|xem (giup)?|cung cap|biet)\b.{0,20}\b(dia chi|so dien thoai|sdt|dien thoai|so cccd|so can cuoc|can cuoc|cmnd|thong tin|ho khau|ngay sinh|tai khoan|tien an)\b.{0,12}\bcua\b/;
/** A person named with a capitalised given name and surname ("chị Nguyễn Thị Hoa", "anh Trần Văn Nam"). */
const NAMED_PERSON = /(?<!^)(?<![.!?]\s*)\b\p{Lu}\p{Ll}+ (\p{Lu}\p{Ll}+ ){0,2}\p{Lu}\p{Ll}+/u;
/** The writer's own or their family's details: a form's data, not someone else's. */
const OWN_KIN = /\bcua (toi|tui|em|minh|tao|chinh toi|(me|bo|ba|ma|cha|vo|chong|con|ong|ba noi|ba ngoai) (toi|tui|em|minh))\b/;
/** Property stolen: theft, pickpocketing (not a snatch or a robbery, which threaten a person). */
const PROPERTY_THEFT = /\b(bi trom|trom mat|mat trom|bi mat trom|bi lay trom|lay trom|ke trom|an trom|bi moc tui|moc tui|mat cap|bi mat cap)\b/;
/**
 * A small injury asked about (what to put on it, whether a shot is needed, whether it matters):
 * "bé té trầy đầu gối, có cần tiêm uốn ván không". The model alone cannot make it an alarm (a
 * rule's phrase, bleeding that will not stop, still can).
 */
const MINOR_CARE =
  /\b(tray|xuoc|tray xuoc|tray da|u dau|noi (cuc )?u|bam nhe|bam tim nhe|dut (tay )?nhe|cat (tay )?nhe|bong nhe|trat chan|bong gan|sung nhe|muoi dot|kien can)\b.{0,80}\b(co can|can (\w+ ){0,2}(tiem|kham|may)|co sao|co nguy hiem|co sao khong|boi (gi|thuoc)|thoa (gi|thuoc)|tiem (uon van|phong)|uong thuoc gi|kham o dau|cho mau lanh|mau lanh)\b/;
/** Play and delight ("tụi nhỏ đang tắm mưa ngoài sân vui lắm", "chơi trốn tìm"): no alarm from the model alone. */
const AT_PLAY = new RegExp(
  `\\b(vui (lam|qua|ghe|that|ve|het biet|hon hon)|thich (lam|qua|ghe|me)|${CHILDREN_GAMES}|tam mua|hihi|haha|hehe)\\b`,
);
/** A person hurt, threatened or in peril: a theft with these is no mere property report. */
const PERSON_HARMED =
  /\b(danh|dam|chem|dao|sung|mau|bi thuong|doa|cuop|giat|khong tho|bat tinh|nguy hiem|dang (o|trong) nha|dang do|dang lay|van con|chay|lua|khoi|bat coc|nhot|cuu)\b/;
/**
 * What only the law's content answers: the conditions it sets ("cần điều kiện gì"), who bears a
 * duty ("ai phải bồi thường", "… thì ai đền" at the end: folded "ai đến" is "ai den" too), the time it allows ("bao lâu phải được giải quyết", "ở bao lâu thì bắt buộc phải đăng ký"), how
 * an estate is shared ("miếng đất chia sao"), what a court decides ("tòa giải quyết thế nào"), who
 * qualifies for the State's free legal help ("có thuộc diện được trợ giúp pháp lý không").
 */
const CONDITION_ASKED =
  /\b(dieu kien (gi|nao|chi|ra sao|the nao|nhu the nao|nhu nao|la gi|gom nhung gi|gom gi)|ai (phai |se |chiu )?(boi thuong|chiu trach nhiem|tra no|nuoi|cap duong)|ai (phai |se )?den( bu| tien)?$|(trong )?bao lau (thi )?(bat buoc )?phai|(chia|phan chia) (sao|the nao|nhu the nao|nhu nao|ra sao)|(toa|toa an) (se )?(giai quyet|xu|xu ly|phan xu|chia|tinh|quyet dinh) (the nao|sao|nhu the nao|nhu nao|ra sao)|co thuoc (dien|doi tuong) (duoc )?(tro giup phap ly|ho tro phap ly|mien an phi|mien giam an phi)\b.{0,40}\b(khong|ko|hong|hok|k))\b/;
/**
 * The time the law allows asked by its name ("thời hạn để làm đơn khiếu nại là bao lâu", "thời hiệu
 * mấy năm", "bao lâu thì hết quyền kiện"): the law's content, like a condition.
 */
const TIME_LIMIT_ASKED = /\b((thoi han|thoi hieu)( \p{L}+){0,8} (la )?(bao lau|may (nam|thang|ngay)|bao nhieu (nam|thang|ngay))|bao lau (thi )?het (thoi han|thoi hieu|quyen))\b/u;
/**
 * Whether a consequence follows, asked yes or no ("nhà ở quê có bị xóa đăng ký thường trú hông",
 * "đất bỏ hoang có bị thu hồi không"): what the law does, not a procedure to do.
 */
const CONSEQUENCE_ASKED =
  /\bco (se )?bi (\p{L}+ ){0,2}(xoa|gach ten|thu hoi|tich thu|cat|khoa|mat quyen|duoi|cam|huy)\b.{0,60}\b(khong|ko|hong|hok|k|khg|chua)( (a|ah|vay|v|nhi|nha|ha|he|ta|chu|ban|ad|mn|moi nguoi|cac bac|anh chi|rua|ru|hen|ne|na|the))*$/u;
/**
 * A rule heard of and checked ("nghe nói đi xa một năm là bị xóa hộ khẩu, có thật không"): the law is
 * asked. The tail may end in a Central or Southern particle ("có đúng không rứa", "phải hông hen").
 */
const HEARSAY_CHECKED =
  /\b(nghe noi|nghe bao|nghe nguoi ta (noi|bao)|nguoi ta (noi|bao))\b.{0,100}\b(co (dung|that|phai vay|phai the|dung vay|that vay) (khong|ko|hong|hok|k|khg)|dung (khong|ko|hong|hok)|that (khong|ko|hong|hok)|phai (khong|ko|hong|hok))( (a|ah|vay|v|nhi|nha|ha|he|ta|chu|ban|ad|mn|moi nguoi|cac bac|anh chi|rua|ru|hen|ne|na|the))*$/;
/** The law named as what is asked: "luật", "pháp luật", "quy định" (not a law firm nor a lawyer). */
const LAW_NAMED = /\b((?<!\b(cong ty|van phong|doan|hang) )(phap )?luat(?! su\b)|quy dinh)\b/;
/** The law's content asked: a condition, a consequence, a rule heard of and checked, a time limit. */
const lawContentIn = (folded: string): boolean => CONDITION_ASKED.test(folded) || CONSEQUENCE_ASKED.test(folded) || HEARSAY_CHECKED.test(folded) || TIME_LIMIT_ASKED.test(folded);
/** Papers never made are the story, not a need: "không ai ghi lại giấy tờ gì", "chưa có giấy tờ gì". */
const NO_PAPERS = /\b(khong|ko|chua|chang|cha)( \p{L}+){0,3} (giay to|giay) (gi|chi|nao)\b/gu;
/** The writer taking their own case to court: "tôi kiện được không", "em có khởi kiện công ty được không". */
const OWN_SUIT = /\b(toi|em|minh|tui|tao|chung toi|gia dinh toi) (co )?(the )?(kien|khoi kien|dua (ra|len) toa)\b.{0,40}\b(duoc|dc)\b/;
/**
 * A paper lost, burnt, torn, soaked or faded, or taken ("thất lạc", "bị cháy mất", "rách nát",
 * "ướt hỏng", "mờ hết chữ", "bị trộm"); not a death ("ông tôi mất năm 1995").
 */
const PAPER_LOST =
  /\b(that lac|bi mat|danh mat|lam mat|danh roi|lam roi|chay mat|bi chay|chay het|rach|rach nat|nhau nat|bi hong|hu hong|mo het|mo chu|bi uot|uot het|mat het|mat roi|bi trom|bi cuop|bi giat|moi mot|(moi|mot|chuot|gian) (an|can|gam|xong)|nat het|ruc nat)\b/;
/** Getting a paper again: issued again, exchanged, a copy or an extract from the register, registered again. */
const PAPER_AGAIN =
  /\b(cap lai|lam lai|xin lai|dang ky lai|(xin|cap|lay|lam|trich) (ban )?sao|trich luc|cap doi|doi lai|lam moi|doi (cai|the|so|giay|bang) moi|doi sang (\p{L}+ ){0,2}moi)\b/u;
/** Procedures asked to be done together: "làm khai sinh và nhận cha cùng lúc", "đăng ký kèm thẻ BHYT một lần". */
const DONE_TOGETHER = /\b(lam|dang ky|xin)\b.{0,40}\b(va|kem|voi|cung)\b.{0,40}\b(cung luc|cung mot luc|mot lan|mot the|ket hop|mot luot)\b/;
/**
 * The act of a procedure asked about by what its page answers, in a yes/no frame or in words
 * the how frame does not list (read on the asking sentences, folded):
 * - the office where it is done: "xin ở phường chỗ tui ở được hông", "chứng thực ở ủy ban phường
 *   được hông", "Xã làm được không rứa", "đăng ký ở xã mình được không", "xin ở đại sứ quán được không";
 * - who goes, by proxy or at home: "đi xin giùm nó được hông", "cháu đi làm một mình được không",
 *   "có phải dẫn bé đi ko", "cán bộ có về tận nhà được không", "nhờ cán bộ xã đến nhà chứng thực";
 * - the channel: "báo qua app được không", "làm trên điện thoại được không";
 * - how, in Central or plain words: "làm răng", "ra răng", "báo bằng cách nào", "phải khai chi rứa".
 */
const PROCEDURE_OFFICE = '(uy ban|ubnd|xa|phuong|thi tran|cong an|dai su quan|lanh su quan|bo phan mot cua|mot cua|huyen|tinh)';
const PROCEDURE_ACT_VERB = '(lam|man|xin|dang ky|chung thuc|xac nhan|bao|khai bao|khai|nop|lay|cap|doi|sang ten|ky)';
const PROCEDURE_ACT_ASKED = new RegExp(
  [
    `\\b${PROCEDURE_ACT_VERB}( \\p{L}+){0,3} (o|tai|voi|len|ra|den|toi|xuong) (uy ban |ubnd |cong an |bo phan )?${PROCEDURE_OFFICE}\\b.{0,40}\\b(duoc|dc|khong|ko|hong|hok|k)\\b`,
    `\\b(o|tai|voi|len|ra|den|toi|xuong) (uy ban |ubnd |cong an |bo phan )?${PROCEDURE_OFFICE}( \\p{L}+){0,3} ${PROCEDURE_ACT_VERB}\\b.{0,40}\\b(duoc|dc|khong|ko|hong|hok|k)\\b`,
    `\\b${PROCEDURE_OFFICE} (co )?(lam|man|chung thuc|xac nhan|cap|nhan)( \\p{L}+){0,2} (duoc|dc) (khong|ko|hong|hok|k|chu)\\b`,
    `\\bnho (uy ban |ubnd |can bo )?${PROCEDURE_OFFICE} ${PROCEDURE_ACT_VERB}\\b.{0,40}\\b(duoc|dc|khong|ko|hong|hok|k)\\b`,
    '\\b(tu di|(di|lam|di lam|xin|nop|dang ky) mot minh|di truc tiep|truc tiep di|(lam|xin|di|nop|nhan|linh|ky|khai|bao) (giup|gium|dum|ho|thay)|nho (can bo|nguoi|con|ban|ai)|(ve|den|toi) (tan )?nha|(dan|dua|dat) (be|con|chau|no|ba|me|bo|ma|ong|hang) (di|ra|len|theo)|phai co mat)\\b',
    '\\b(qua|tren|bang) (app|ung dung|dien thoai|zalo|mang|vneid|cong dich vu)\\b',
    '\\b((lam|man|khai|bao|xin|dang ky|nop|ra) rang|bang cach nao|(khai|bao|nop|mang|chuan bi) (chi|gi|cai gi)( (rua|vay|v|a|ha|anh chi))*$)',
  ].join('|'),
  'u',
);
/**
 * What only a procedure's page answers, asked in the asking sentences themselves (not a "về quê"
 * or a "thủ tục" told in the story): where, which papers, fee, time, form, channel, how, a permit.
 */
const PROCEDURE_FACET_ASKED =
  /\b(o dau|o mo|cho nao|noi nao|(lien he|nop|gui|den|toi|len) (o )?(dau|mo)|ho so (gom|gi|can|nhu)|(?<!khong (ky|co|can) )giay to (gi|chi|nao)|giay (gi|chi|nao)|can (mang|chuan bi|nhung|gi|chi)|mang (gi|chi|theo|nhung)|le phi|het bao nhieu|bao nhieu tien|mat bao lau|bao lau thi (co|xong|lay|nhan)|thu tuc (gi|the nao|ra sao|nhu the nao|gom)|lam giay|to khai|mau don|online|truc tuyen|qua mang|vneid|dich vu cong|lam (the nao|sao|nhu the nao|nhu nao|ra sao)|man (sao|rang)|(?<!(khong|chua|chang|ko) )xin (giay )?phep(?! ai\b))\b/;
/** Help asked with the trouble itself: "giờ phải làm sao", "nên làm thế nào", "phải làm gì". */
const HELP_ASKED = /\b(phai |nen |gio )?lam (the nao|sao|nhu the nao|nhu nao|ra sao|gi)\b/g;
/**
 * The citizen's own act wanted, then asked whether it can be done ("Tôi muốn xóa tên họ ra khỏi
 * nhà mình. Làm được không?", "muốn làm thẻ cho con 5 tuổi …, trẻ nhỏ có làm được không", "giờ
 * muốn làm sổ thì có được không"): the act's procedure answers it (who may, where, with which
 * papers), not an article. Not a duty ("có phải … không"), a condition or the law named.
 */
const OWN_ACT_WANTED = /\b(toi|tui|tao|tau|em|e|minh|mk|t|chung toi|chung em|con(?! cai)|chau|vo chong (toi|em|tui|minh))( \p{L}+){0,4} (muon|(?<!co )can|dinh|tinh|mun)( \p{L}+){0,3} (lam|xin|dang ky|cap|doi|xoa|tach|sang ten|chung thuc|khai|nhap|chuyen|lay)\b/u;
const CAN_IT_BE_DONE = /\b((co )?(lam|xin|dang ky|cap|doi|xoa|tach|chung thuc|khai|lam lai|xin lai)( \p{L}+){0,4} (duoc|dc)|co (duoc|dc)) (khong|ko|hong|hok|k|chu)\b/u;
/**
 * A choice between two procedure acts ("có phải xin lại từ đầu không hay chỉ điều chỉnh giấy phép",
 * "có phải làm lại khai sinh không hay xin bản sao thôi"): which procedure applies, answered by
 * their cards. Not a duty against doing nothing ("có phải xin phép không hay cứ thế xây / tự làm").
 */
const PROCEDURE_CHOICE =
  /\bco phai (\p{L}+ ){0,2}(lam|xin|dang ky|cap|doi|khai|bao)( \p{L}+){0,8} (khong|ko|hong|hok|k) hay (la )?(chi can |chi |can )?(lam|xin|dang ky|dieu chinh|gia han|keo dai|cap|doi|bo sung|trich luc|nop|sua|khai)\b/u;
function ownActCanBeDone(folded: string, asked: string): boolean {
  // Whose consent the law requires, or a suit, asks the law whatever act is wanted.
  return OWN_ACT_WANTED.test(folded) && CAN_IT_BE_DONE.test(asked) && !/\b(co phai|dong y|kien|khoi kien)\b/.test(asked) && !CONDITION_ASKED.test(asked) && !CONSEQUENCE_ASKED.test(asked);
}
/** The act of a procedure wanted, said and not asked: "cần xóa tên tôi khỏi đó", "giờ cần làm văn bản chia và xác nhận ở xã". */
const ACT_WANTED = /\b(can|muon|nho|xin) (\p{L}+ ){0,2}(lam|xin|xoa|dang ky|sang ten|tach|cap|doi|chung thuc|xac nhan|trich luc|khai)\b/u;
/**
 * The law itself asked in so many words ("luật quy định ai phải khai", "luật mới còn cho rút không"),
 * a duty ("có bắt buộc … không"), a fine ("mức phạt", "nộp phạt ở đâu", "trừ điểm") or whether a scheme
 * told is lawful ("làm giấy từ chối để chủ nợ không đòi được, như thế có được không"): the law's answer.
 */
const LAW_ASKED_BY_NAME = /\b((phap )?luat (moi )?(co |con )?(quy dinh|cho|bat|noi)|quy dinh (cua )?(phap )?luat|theo (quy dinh|luat|phap luat)|bat buoc|(nop|muc|bi|dong) phat|phat (bao nhieu|nguoi)|tru diem|(nhu the|nhu vay|lam vay|lam the) (thi )?(co )?(duoc|dc|hop phap|dung) (khong|ko|hong|hok|k))\b/;
/**
 * Free legal help from the State wanted, for a poor, disabled or elderly citizen's case: "không
 * có tiền thuê luật sư, nhà nước có cử người giúp miễn phí không", "có được trợ giúp pháp lý miễn
 * phí không", "có chỗ nào của nhà nước giúp miễn phí …, tới đâu": the legal-aid request is the
 * procedure. Not who qualifies ("có thuộc diện … không"), what it covers or whether it costs.
 */
const LEGAL_AID_WANTED =
  /\b(tro giup phap ly|(luat su|nguoi|cho|noi|ai|nha nuoc)( \p{L}+){0,4} (giup|ho tro|bao chua|bao ve|tu van)( \p{L}+){0,5} mien phi)\b/u;
/** Where or how to ask for it: "liên hệ ở đâu", "tới đâu", "nộp đơn ở mô", "xin cho mạ ở mô, cần giấy chi". */
const LEGAL_AID_WHERE = /\b(o dau|o mo|toi dau|den dau|len dau|lien he|cho nao|noi nao|nop don|lam don|gui don|xin (o|cho|tro giup)|lam sao|lam the nao|thu tuc)\b/;
const LEGAL_AID_LAW = /\b(thuoc dien|doi tuong|dieu kien|truong hop nao|nhung viec gi|viec gi|hinh thuc|co quyen|la ai|mat tien|tra phi|ai duoc|nhung ai|ai thi)\b/;
/** The least procedure probability with which a paper wanted again is read as a procedure question. */
const PROCEDURE_WANTED_MIN = 0.1;
/** The legal-problem reading needed before an own suit turns a legal question into a problem. */
const OWN_SUIT_MIN = 0.02;
/** Below this a law-shaped legal-question reading still abstains (the model barely leans to it). */
const LAW_SHAPED_MIN = 0.25;
/**
 * Where a dispute, a complaint, a denunciation or a suit is taken ("tranh chấp đất thì kiện ở đâu",
 * "khiếu nại quyết định của xã thì gửi đơn cho ai"): who resolves it is set by law (the competence
 * articles of the complaints, denunciations and land laws and the civil procedure code), not by a
 * procedure's page. Only the forum is asked: papers, fee, time or channel keep it a procedure.
 */
const FORUM_ASKED =
  /\b(khieu nai|to cao|to giac|tranh chap|(?<!(dieu|y|sang) )kien|khoi kien|lan sang|lan chiem|lan dat)\b.{0,80}\b(o dau|cho ai|den dau|len dau|gui dau|(toa|toa an|co quan|cap) nao|ai giai quyet)\b/;
const NOT_FORUM_FACETS = /\b(ho so|giay to|giay gi|le phi|phi|mat bao lau|bao lau|may ngay|online|truc tuyen|qua mang|vneid|dich vu cong|mau don|to khai|thu tuc|can mang|mang theo)\b/;
/** A local body asked to mediate: "nhờ xã đứng ra hòa giải", "gửi đơn lên phường hòa giải", "hòa giải ở thôn". */
const LOCAL_MEDIATION =
  /\b(xa|phuong|thon|ap|xom|to dan pho|khu pho|to hoa giai|uy ban|ubnd|thi tran)\b(?: \p{L}+){0,4} (hoa giai|dung ra)\b|\bhoa giai (o|tai|tren) (xa|phuong|thon|ap|xom|to dan pho|khu pho|uy ban|ubnd|thi tran)\b/u;
/** Mediation already tried ("hòa giải không thành", "đã lên xã hòa giải"): what comes next is the dispute's. */
const MEDIATION_TRIED = /\b(khong thanh|khong xong|that bai|bat thanh)\b|\bda (\p{L}+ ){0,3}hoa giai\b/u;
/** Whether mediation is compulsory is the law's question ("có bắt buộc hòa giải ở xã trước không"). */
const MEDIATION_DUTY = /\b(co phai|bat buoc|co can|phai qua)\b(?: \p{L}+){0,6} hoa giai\b/u;
/** Whose a property is by law: "của chung hay của riêng", "tài sản riêng hay tài sản chung". */
const OWN_OR_SHARED = /\b(cua|tai san) (chung|rieng)( \p{L}+){0,3} (hay|hoac) (la )?(cua |tai san )?(chung|rieng)\b/u;
/** Violence or threats in the story: a case for a lawyer whatever is asked. */
const HARM_TOLD = /\b(danh|danh dap|doa|chem|hanh hung|bao luc|dam)\b/;
/** A suit declined in the asking sentences ("tôi không muốn kiện ra tòa ngay") asks for no suit. */
const SUIT_DECLINED = /\b(khong|chua|chang) (muon |tinh |dinh )?(kien|khoi kien|dua ra toa)( ra toa)?\b/g;

/**
 * The commune's or ward's mediation of a dispute asked for, as a procedure to do ("muốn nhờ xã
 * đứng ra hòa giải thì nộp đơn ở mô", "có thể nhờ xã đứng ra giải quyết không"): not when it was
 * already tried, when whether it is compulsory is asked, when the story tells of violence or
 * threats, or when the asking sentences want a suit.
 */
function mediationWanted(text: string, folded: string, asked: string, lawWord: boolean): boolean {
  if (lawWord || !LOCAL_MEDIATION.test(folded) || MEDIATION_TRIED.test(folded) || MEDIATION_DUTY.test(folded) || HARM_TOLD.test(folded)) return false;
  if (/\b(kien|khoi kien|toa|toa an)\b/.test(asked.replace(SUIT_DECLINED, ' '))) return false;
  return asksSomething(text, folded);
}

/** The writer or their family, as the subject of a statement: "tôi", "nhà tui", "gia đình em", "chị gái tôi". */
const OWN_PARTY = '(toi|tui|tau|tao|em|minh|chung toi|chung em|(nha|gia dinh|bo|me|ba|ma|cha|vo|chong|con|anh|chi|em|ong|cau|di|chu|co|thim|mo|mu|bac)( \\p{L}+)? (toi|tui|em|minh|tau|tao|chau|con))';
/** Before the act: "có", "đang", "mới", "vừa", "đã", "lại", "cũng". */
const TOLD_WHEN = '((co|dang|moi|vua|da|lai|cung|bi) )*';
/** A dispute with someone, told as the writer's own: "tôi có tranh chấp đất với hàng xóm", "tui với ông anh đang tranh chấp căn nhà". */
const OWN_DISPUTE_WITH = new RegExp(
  [
    `\\b${OWN_PARTY} (\\p{L}+ ){0,2}?${TOLD_WHEN}(tranh chap|kien nhau|kien tung|xich mich)\\b.{0,60}\\bvoi\\b`,
    `\\b${OWN_PARTY} (va|voi) (\\p{L}+ ){1,4}?${TOLD_WHEN}(tranh chap|kien nhau|kien tung)\\b`,
  ].join('|'),
  'u',
);
/** A wrong at law done to the writer: sued, fired, cheated, not paid, land taken ("kiến cắn", "lửa", "dưới" are not). */
const OWN_WRONG_ACT = '(kien(?! (can|dot|vang|lua|ba khoang|bu))|khoi kien|duoi viec|duoi ra khoi|duoi khoi|sa thai|cho nghi viec|cho thoi viec|lua dao|lua gat|lua (het|mat|lay|tien)|quyt|giam luong|tru luong|no luong|lan dat|lan chiem|lan ranh|chiem dat|chiem nha|chiem dung|xiet no)';
/**
 * The writer's own dispute, told with the other party (issue 12): a dispute with someone, or a
 * wrong done to the writer or their family by someone ("bị công ty kiện", "bị sếp đuổi việc", "bị
 * người quen lừa đảo", "bị chủ thầu quỵt lương", "bị hàng xóm lấn đất", "bị kiện đòi tiền bởi ngân
 * hàng"). A personal legal problem, unless the law itself is asked.
 */
const OWN_DISPUTE_TOLD = new RegExp(
  [
    OWN_DISPUTE_WITH.source,
    `\\b${OWN_PARTY} ${TOLD_WHEN}bi (\\p{L}+ ){0,5}?${OWN_WRONG_ACT}\\b`,
  ].join('|'),
  'u',
);
/** The least legal-problem reading with which an own dispute told is read as a legal problem. */
const OWN_DISPUTE_MIN = 0.02;

/**
 * An own dispute told (`OWN_DISPUTE_TOLD`) with nothing asked but help with it: no question of law
 * (a law frame or word, the law named), no procedure's facet (where, papers, fee, how a paper is
 * done), and either no question at all or one asking what to do ("giờ phải làm sao", "giúp em").
 */
function ownDisputeStated(text: string, folded: string, asked: string, lawAsked: boolean): boolean {
  if (lawAsked || !OWN_DISPUTE_TOLD.test(folded) || LAW_ASKED_BY_NAME.test(asked)) return false;
  if (PROCEDURE_FACET_ASKED.test(asked.replace(HELP_ASKED, ' ')) || PROCEDURE_ACT_ASKED.test(asked) || FORUM_ASKED.test(folded)) return false;
  const asks = /\?/.test(text) || QUESTION_SHAPE.test(asked);
  return !asks || ASKS_FOR_HELP.test(asked);
}

/** The asking sentence wants help with the case, not the rule: "phải làm sao", "giúp tôi", "tư vấn". */
const ASKS_FOR_HELP = /\b(muon( \w+){1,6} thi sao|lam sao|lam the nao|phai lam gi|nen lam gi|giup (toi|em|minh|tui|chau|voi)|tu van|cuu|huong giai quyet|xu ly the nao|giai quyet (the nao|sao|nhu the nao|nhu nao|o dau))\b/;

/**
 * Words that point at something said before or ask in general, naming nothing: a message made
 * only of these (or of no word at all) cannot be answered without knowing what it is about.
 */
const VAGUE_WORDS = new Set(
  (
    'cai do kia nay ay the con vay thi sao gio ra nao lam nhu la vu viec chuyen giay ' +
    'a a ah u um uh ua ha hả nhi nhe di voi oi em anh chi toi tui minh ad ban co khong ko duoc dc roi nua tiep gi chu ca ma ' +
    'hoi xin giup cho biet luon nhe nha ' +
    // How long, when, who said it, with nothing it is about: "làm cái đó mất lâu không", "hôm qua đi
    // rồi mà người ta bảo chưa được", "mấy cái giấy đó".
    'may mat lau bao het hom qua mai nguoi ta chua di den toi ve day do sao'
  ).split(' '),
);

function isVague(folded: string): boolean {
  const words = folded
    .replace(/\b(giay to|thu tuc|ho so|bay gio|the nao|ra sao|hom truoc|hom bua)\b/g, ' ')
    .split(' ')
    .filter(Boolean);
  return words.every((w) => VAGUE_WORDS.has(w));
}

/** What every request for a form has: a form noun or a fill verb. */
/**
 * Words that carry a form's data (a person, a date, a place, a kinship, a status, copies):
 * with a form open, a message holding them is an answer to the form even when the model,
 * trained on single messages, reads it as something else ("nha toi o xom 3", "ông nhà tui
 * mất năm 2020", "lấy thêm 2 bản sao nha ad").
 */
const FORM_DATA_CUE =
  /\b(ten|ho ten|sinh|ngay sinh|nam sinh|que|nguyen quan|thuong tru|tam tru|dia chi|so nha|ngo|ngach|hem|kiet|duong|pho|thon|xom|ap|to dan pho|khu pho|phuong|xa|huyen|tinh|tp|dan toc|quoc tich|ban sao|ban chinh|gioi tinh|bo|me|vo|chong|ba xa|ong xa|con|chau|ong nha|ba nha|cccd|can cuoc|cmnd|sdt|so dien thoai|dien thoai|lan thu|ly hon|goa|mat nam|doc than|chu ho|nghe nghiep|thue tro|o cung|o chung|o voi)\b/;
/** A question in the words or the shape of the message: it may be about something else. */
const QUESTION_SHAPE = /\?|\b(bao nhieu|o dau|the nao|nhu nao|ra sao|lam sao|tai sao|vi sao|bao lau|khi nao|co duoc|duoc khong|duoc ko|dc ko|phai khong|gi khong|gi ko)\b|\b(khong|ko|k|hong|chua|gi|j)\s*$/;
const FORM_CUE = /\b(to khai|mau|dien|form|don|prefill|bieu mau|khai giup|khai ho|in san|soan|tai ve|download|ct ?0\d|tk ?\d+|phieu)\b/;

/**
 * The understanding stage (issue 12): reads every message with the conversation context
 * and returns one decision that the bot's router maps to a skill. Order of precedence:
 *
 *   explicit command / button value ─▶ danger now ─▶ answer to a waiting skill
 *     ─▶ intent model (+ context) ─▶ abstain when unsure
 */
export class UnderstandingStage {
  constructor(
    private readonly model: LinearModel,
    private readonly teencode: Readonly<Record<string, string>>,
    private readonly commands: CommandTable = new Map(),
    private readonly thresholds: UnderstandingThresholds = DEFAULT_THRESHOLDS,
  ) {}

  understand(text: string, context: ConversationContext = {}): Understanding {
    const { prepared, features } = messageFeatures(text, this.teencode);
    const folded = plainWords(prepared.folded);
    const prediction = this.model.predict(features);
    const p = prediction.probabilities as Record<Intent, number>;
    const scores: Partial<Record<Intent, number>> = {};
    for (const [k, v] of Object.entries(p)) if (v >= 0.01) scores[k as Intent] = Math.round(v * 1000) / 1000;
    const reasons: string[] = [];
    // Sentence ends kept as "|": "lo ma chay. Nhà đã có" is no "cháy nhà".
    const signal = dangerSignal(
      text
        .split(/[.!?;\n]+/)
        .map((part) => prepareText(part, this.teencode).folded)
        .filter(Boolean)
        .join(' | '),
      text,
    );
    const need = needOf(text, (x) => prepareText(x, this.teencode).folded);
    // What the skills are told the citizen needs: without the clauses that deny a dispute ("không
    // tranh chấp với ai"), whose words a skill looking for a dispute would otherwise find.
    const needReported = withoutDeniedDisputes(need ?? text, (x) => prepareText(x, this.teencode).folded, DENIED_DISPUTE) ?? need;
    // The asking sentences (read once, when first needed), folded and joined by " ; " (so that
    // "$" ends the last one), and their clauses, each folded: "sang tên như thế nào, có phải đổi
    // biển không" asks how in its first.
    let asking: string[] | undefined;
    const askingRead = () => (asking ??= askingSentences(text));
    const foldPart = (x: string) => plainWords(prepareText(x, this.teencode).folded);
    let askedTextRead: string | undefined;
    const askedEnd = () => (askedTextRead ??= askingRead().map(foldPart).join(' ; '));
    let askedClausesRead: string[] | undefined;
    const askedClauses = () => (askedClausesRead ??= askingRead().flatMap((x) => x.split(/[,;:]\s*/u)).map(foldPart).filter(Boolean));
    const howAtEnd = () => askedClauses().some((c) => HOW_AT_END.test(c));
    const decided = (intent: Intent, confidence: number, extra: Partial<Understanding> = {}): Understanding => ({
      intent,
      confidence: Math.round(confidence * 1000) / 1000,
      scores,
      abstain: false,
      reasons,
      ...(signal.pastOnly ? { pastEvent: true } : {}),
      ...(needReported ? { need: needReported } : {}),
      ...extra,
    });

    // 1. Danger now wins over everything, buttons included.
    // Only two things switch an alarm off: the event is over, or the message asks what the
    // law (or a procedure) does about it. Neither holds when a "now" word is present.
    const pd = p.danger ?? 0;
    const off = signal.pastOnly || signal.lawQuestion;
    const rule = signal.kinds.length > 0 && !signal.harmless && !off;
    // The model alone needs support: a rule's phrase (even one switched off) or at least one
    // word an alarm can be made of; "xin cho mk, mk đang có vợ" has none.
    const supported = signal.kinds.length > 0 || alarmEvidence(folded, text);
    // Property taken with nobody hurt or threatened ("vừa bị trộm điện thoại trên xe buýt") is a
    // report to make, not danger now: the model alone cannot make it one.
    const propertyOnly = PROPERTY_THEFT.test(folded) && !PERSON_HARMED.test(folded);
    // A dispute with someone told as the writer's own ("nhà em đang tranh chấp lối đi với nhà hàng
    // xóm") with nobody hurt or threatened is a legal problem: the model alone cannot make it an alarm.
    const disputeOnly = OWN_DISPUTE_WITH.test(folded) && !PERSON_HARMED.test(folded) && !HARM_TOLD.test(folded);
    // With a form open, a message that carries the form's data ("tui ở ấp …, xã …") is an
    // answer to the form: the model alone cannot make it an alarm (a rule still can).
    // (Read only when it matters: extracting the facts is the forms skill's work.)
    let formAnswerRead: boolean | undefined;
    const formAnswer = () => (formAnswerRead ??= !!context.formActive && carriesFormData(text, new Date()));
    // The citizen's own facts in the message (a name, a date, an ID): read at most once, and only
    // where a decision needs them.
    let personalFactsRead: boolean | undefined;
    const personalFacts = () => (personalFactsRead ??= carriesPersonalFacts(text, new Date()));
    const minorCare = !!signal.animalOnly || MINOR_CARE.test(folded) || AT_PLAY.test(folded) || calmHealthQuestion(folded) || (!!signal.inCare && likelyKind(folded, text) === 'medical');
    const modelSays =
      !minorCare &&
      (pd >= this.thresholds.dangerAlone || (prediction.best === 'danger' && pd >= this.thresholds.dangerBest)) && supported && !(signal.generalQuestion && pd < 0.9) && !propertyOnly && !disputeOnly && !formAnswer();
    // A harm state with no past, law or topic framing is danger on its own (issue 12): the
    // model only adds recall, never vetoes a state.
    const standalone = rule && (signal.acute || signal.kinds.some((k) => STANDALONE_KINDS.has(k)));
    const dangerNow =
      !signal.framed &&
      ((modelSays && !(off && (pd < 0.9 || signal.farPast || (signal.pastOnly && signal.lawQuestion))) && !(signal.harmless && !rule && pd < 0.95)) || (rule && pd >= this.thresholds.dangerWithRule) || standalone);
    if (dangerNow) {
      reasons.push(...signal.matches, `p(danger)=${pd.toFixed(2)}`);
      const kinds = signal.kinds.length ? signal.kinds : [likelyKind(folded, text)];
      return decided('danger', Math.max(pd, rule ? 0.9 : pd), { danger: { kind: primaryKind(kinds)!, kinds, child: involvesChild(folded) } });
    }
    if (signal.matches.length) reasons.push(...signal.matches.map((m) => `not-now:${m}`), ...(signal.pastOnly ? ['past'] : []), ...(signal.lawQuestion ? ['asks-the-law'] : []), ...(signal.harmless ? ['harmless'] : []));

    // 2. Explicit commands: a tap on a button just offered answers whoever asked; then the
    //    bot's own captions, procedure codes, 👍/👎.
    const command = this.commands.get(folded);
    if (command) return decided(command, 1, { reasons: [...reasons, 'command'] });
    const awaitingSkill: Awaiting | undefined = context.formActive ? 'forms' : context.triageAwaiting ? 'triage' : context.qaAwaiting ? 'qa' : undefined;
    if (awaitingSkill && context.offered?.includes(folded)) {
      const intent: Intent = awaitingSkill === 'forms' ? 'form_data' : awaitingSkill === 'triage' ? 'legal_problem' : 'procedure';
      return decided(intent, 1, { awaiting: awaitingSkill, reasons: [...reasons, 'button'] });
    }
    // A bare yes after an answer whose one proposal was to fill its form in ("Điền tờ khai giúp
    // tôi"): the citizen accepts that proposal, not the answer again.
    if (!context.formActive && !context.triageAwaiting && context.offered?.includes(FILL_FORM_OFFER) && acceptsOffer(folded)) {
      return decided('form_request', 0.9, { reasons: [...reasons, 'yes-to-form-offer'] });
    }
    // Personal details volunteered, with no question, right after that proposal ("Tên tui là
    // Lê Thị Mận, sinh năm 1962 …", "căn cước của tui 0491…"): people answer an offer to fill a
    // form by starting to give what it needs; nothing else in the conversation asks for them.
    if (
      !context.formActive &&
      !context.triageAwaiting &&
      context.offered?.includes(FILL_FORM_OFFER) &&
      !asksSomething(text, folded) &&
      personalFacts()
    ) {
      return decided('form_request', 0.85, { reasons: [...reasons, 'details-after-form-offer'] });
    }
    if (FEEDBACK.test(text.trim()) || FEEDBACK_WORDS.test(folded)) return decided('greeting', 1, { reasons: [...reasons, 'feedback'] });
    if (PROCEDURE_CODE.test(text)) return decided('procedure', 1, { reasons: [...reasons, 'code'] });

    // The conversation is evidence too: a short "ở đâu" is a follow-up when a procedure is
    // under discussion, data when a form is open. Bayes with a context prior, renormalised.
    const prior: Partial<Record<Intent, number>> = {};
    if (context.procedureCode) Object.assign(prior, { followup: 10, procedure: 1.5, out_of_scope: 0.5, greeting: 0.7 });
    if (context.formActive) Object.assign(prior, { form_data: 6 });
    // Without a procedure under discussion there is nothing to follow up.
    if (!context.procedureCode) prior.followup = 0.3;
    const posterior = { ...p };
    let total = 0;
    for (const k of Object.keys(posterior) as Intent[]) total += posterior[k] = (posterior[k] ?? 0) * (prior[k] ?? 1);
    for (const k of Object.keys(posterior) as Intent[]) posterior[k] = posterior[k]! / total;
    if (!context.formActive) {
      // Personal details with no form open: the citizen either asks about a procedure
      // (details given along the way) or wants a form filled; the data reading's share goes
      // to those two. After an answer about a procedure, details are for its form.
      const m = posterior.form_data ?? 0;
      const a = context.procedureCode ? 0.01 : (p.procedure ?? 0) + 0.01;
      const b = context.procedureCode ? 1 : (p.form_request ?? 0) + 0.01;
      posterior.form_data = 0;
      posterior.procedure = (posterior.procedure ?? 0) + (m * a) / (a + b);
      posterior.form_request = (posterior.form_request ?? 0) + (m * b) / (a + b);
    }
    let intent = prediction.best as Intent;
    for (const k of Object.keys(posterior) as Intent[]) if (posterior[k]! > (posterior[intent] ?? 0)) intent = k;
    if (intent === 'danger') {
      // The model leans to danger but the rules say it is over or harmless: the next reading.
      // The other readings share what danger had: the confidence is among them.
      intent = nextReading(posterior, 'danger');
      if (signal.pastOnly && (posterior.legal_problem ?? 0) > 0.05) intent = 'legal_problem';
    }
    if (intent === 'manipulation' && posterior.manipulation! < WEAK_MANIPULATION && !manipulationEvidence(text, folded)) {
      // A weak reading of manipulation with nothing of one in it (no instruction to the system,
      // no forgery or evasion, no one else's data): a citizen's story is never refused on it;
      // the next reading takes the message, as when danger is switched off.
      intent = nextReading(posterior, 'manipulation');
      reasons.push('manipulation-unsupported');
      // Danger was not decided in step 1: the model's lean to it cannot come back this way.
      if (intent === 'danger') intent = nextReading(posterior, 'danger');
    }
    if (intent === 'handoff' && LAWYER_ASKED_ABOUT.test(folded) && !LAWYER_ASKED_FOR.test(folded)) {
      intent = nextReading(posterior, 'handoff');
      reasons.push('lawyer-asked-about');
    }
    let confidence = posterior[intent]!;
    const pc = posterior;
    reasons.push(...this.model.explain(features, intent, 4).map((e) => `${e.feature}:${e.weight}`));

    // 3. An answer to a skill that asked something.
    const shortReply = folded.split(' ').length <= 6;
    const yesNo = isBareYesNo(folded);
    const commandLike: Intent[] = ['privacy', 'handoff', 'manipulation'];
    // A model reading of manipulation does not take an answer that carries the form's data
    // ("mình chưa kết hôn lần nào, cần 2 bản để đi làm thủ tục kết hôn").
    if (context.formActive && (yesNo || !commandLike.includes(intent) || (intent === 'manipulation' && formAnswer()))) {
      const carriesData = () =>
        features.some((f) => f === 's:id12' || f === 's:phone' || f === 's:date' || f === 's:year') ||
        (FORM_DATA_CUE.test(folded) && !QUESTION_SHAPE.test(folded)) ||
        (formAnswer() && !QUESTION_SHAPE.test(folded));
      if (intent === 'form_data' || shortReply || yesNo || (pc.form_data ?? 0) >= 0.2 || intent === 'form_request' || carriesData()) {
        return decided(intent === 'form_request' ? 'form_request' : 'form_data', Math.max(confidence, p.form_data ?? 0), { awaiting: 'forms' });
      }
    }
    if (context.triageAwaiting && (yesNo || ((shortReply || intent === 'form_data') && !commandLike.includes(intent)))) {
      return decided(intent === 'form_data' || yesNo ? 'legal_problem' : intent, confidence, { awaiting: 'triage' });
    }
    // Thanks or a greeting while a clarifying question waits is said to the bot, not a choice
    // ("cảm ơn" answered with the first choice's procedure card); the question stays open.
    const courtesy = intent === 'greeting' && confidence >= 0.5 && !yesNo;
    if (context.qaAwaiting && shortReply && !commandLike.includes(intent) && intent !== 'danger' && !courtesy) {
      return decided('procedure', Math.max(confidence, p.procedure ?? 0), { awaiting: 'qa' });
    }

    // 4. The model's reading, adjusted by context.
    if (intent === 'followup' && !context.procedureCode) {
      // An aspect question with nothing under discussion asks about some procedure.
      intent = 'procedure';
      confidence = (pc.followup ?? 0) + (pc.procedure ?? 0);
    } else if (intent === 'procedure' && context.procedureCode && (pc.followup ?? 0) >= 0.2 && shortReply) {
      intent = 'followup';
      confidence = (pc.followup ?? 0) + (pc.procedure ?? 0);
    }
    if ((intent === 'legal_problem' || intent === 'out_of_scope') && (pc.procedure ?? 0) >= 0.05) {
      // A story of trouble whose need is a paper or a benefit ("bị móc túi mất ví … làm sao để có
      // lại thẻ", "nghe nói được nhận tiền hàng tháng từ bảo hiểm"): a procedure question, unless
      // the need itself is a dispute ("muốn kiện", "đòi lại", "ly hôn").
      const asked = need ? prepareText(need, this.teencode).folded : folded;
      // Or the asking sentences ask where, with which papers, by whom or how a paper is done
      // ("phải làm giấy từ chối nhận di sản ở mô", "sửa lỗi này ở đâu", "phải khai chi rứa"), with no
      // alarm, no lawyer's matter (a court, the police, threats, a deadline) and no law word.
      const paperAsked =
        intent === 'legal_problem' &&
        !signal.kinds.length &&
        !NEEDS_LAWYER.test(folded) &&
        !LAW_ASKED_BY_NAME.test(askedEnd()) &&
        // "giờ phải làm sao" alone asks for help with the trouble, not for a paper.
        (PROCEDURE_FACET_ASKED.test(askedEnd().replace(HELP_ASKED, ' ')) || PROCEDURE_ACT_ASKED.test(askedEnd()) || howAtEnd());
      if ((PROCEDURE_NEED.test(asked.replace(NO_PAPERS, ' ')) || HEARD_OF_BENEFIT.test(folded) || paperAsked) && !DISPUTE_NEED.test(asked.replace(NEGATED_DISPUTES, ' '))) {
        confidence = (pc.procedure ?? 0) + (pc[intent] ?? 0);
        intent = 'procedure';
        reasons.push('procedure-need');
      }
    }
    const frame = messageLawFrame(text, (x) => (x === text ? prepared.folded : prepareText(x, this.teencode).folded));
    // A lost or damaged paper to get again, or procedures to do together, is the procedure wanted
    // whatever the frame ("đăng ký lại được không" asks whether it can be done, which its page
    // answers); a law word ("có bị phạt không") or a dispute as the need still asks the law.
    const askedFolded = need ? prepareText(need, this.teencode).folded : folded;
    const procedureWanted =
      !context.procedureCode &&
      !frame.lawWord &&
      ((PAPER_LOST.test(folded) && PAPER_AGAIN.test(folded)) || DONE_TOGETHER.test(folded)) &&
      !DISPUTE_NEED.test(askedFolded.replace(NEGATED_DISPUTES, ' ')) &&
      (pc.procedure ?? 0) >= PROCEDURE_WANTED_MIN;
    if (procedureWanted && (intent === 'legal_question' || intent === 'legal_problem')) {
      confidence = (pc.procedure ?? 0) + (pc[intent] ?? 0);
      intent = 'procedure';
      reasons.push('procedure-wanted');
    }
    // Whether one gets a benefit of the State ("mẹ tôi có được hưởng trợ cấp tuất không", "có
    // được hỗ trợ gì từ nhà nước không", "lãnh bảo hiểm xã hội một lần được không") is asked of the
    // procedure that grants it, not of the law; an employer's severance stays a question of law.
    const stateBenefit = STATE_BENEFIT.test(folded) && !/\b(thoi viec|mat viec)\b/.test(folded);
    const lawContent = lawContentIn(folded);
    // The citizen's own act wanted and asked whether it can be done ("Tôi muốn xóa tên … Làm được
    // không?") is asked of the act's procedure: the law frame does not take it.
    const ownAct = !frame.lawWord && !LAW_ASKED_BY_NAME.test(askedEnd()) && ownActCanBeDone(folded, askedEnd());
    if (!context.procedureCode && (frame.law || lawContent) && !frame.how && !procedureWanted && !ownAct && !(intent === 'procedure' && stateBenefit) && (intent === 'procedure' || intent === 'out_of_scope')) {
      // The shape of the question decides the border the topic words blur: "có được … không",
      // "bao nhiêu tuổi thì", "có bị phạt không" with no where/papers/fee asks the law, and
      // is answered with the article (or the lawyer offer), never a procedure card.
      const pl = pc.legal_question ?? 0;
      // "… cần điều kiện gì": the conditions the law sets are asked, whatever the topic's words.
      const lawWord = frame.lawWord || lawContent;
      // A story told at length ("chuyện là em thuê nhà … mà không biết có đăng ký được không") is
      // mostly the citizen wanting a procedure done: the model must lean to the law more.
      const story = features.includes('s:len:31+');
      const needed = story ? this.thresholds.lawShift * 2 : this.thresholds.lawShift;
      // A story's length makes the model lean to a procedure by itself; the law's content asked in
      // the asking sentences themselves ("Nghe nói bị xóa hộ khẩu ở quê, có đúng hông?") or the law
      // named there ("Luật … quy định thế nào") is the question, however long the story before it.
      // A law word about the act wanted ("ký cho có giá trị", "không báo có bị phạt") is not.
      const askedLaw = lawContentIn(askedEnd()) || LAW_NAMED.test(askedEnd());
      const shift = intent === 'procedure' ? pl >= needed || (lawWord && !(story && pl < this.thresholds.lawShift && !askedLaw)) : lawWord && pl >= needed;
      if (shift) {
        confidence = pl + (pc[intent] ?? 0);
        intent = 'legal_question';
        reasons.push('law-frame');
      }
    }
    if (!context.procedureCode && intent === 'legal_question' && ((frame.how && HOW_TO_DO.test(folded)) || howAtEnd()) && !frame.lawWord && (pc.procedure ?? 0) >= HOW_ASKED_MIN) {
      // The reverse border: a question that also asks how, where or with which papers to do it
      // ("có phải báo lưu trú không, báo thế nào?", "thuê trọ có phải đăng ký tạm trú không, đăng
      // ký như thế nào") wants the procedure done; its card answers both halves.
      confidence = (pc.procedure ?? 0) + (pc.legal_question ?? 0);
      intent = 'procedure';
      reasons.push('how-asked');
    }
    if (
      !context.procedureCode &&
      intent === 'procedure' &&
      FORUM_ASKED.test(folded.replace(NEGATED_DISPUTES, ' ')) &&
      !NOT_FORUM_FACETS.test(folded) &&
      (pc.legal_question ?? 0) + (pc.legal_problem ?? 0) >= this.thresholds.ownLawShift
    ) {
      // The forum of a dispute is the law's answer; an own story told at length is a case for a lawyer.
      const story = features.includes('s:len:31+');
      confidence = (pc.procedure ?? 0) + (pc.legal_question ?? 0) + (pc.legal_problem ?? 0);
      intent = story ? 'legal_problem' : 'legal_question';
      reasons.push('forum-asked');
    }
    // A story with an alarm in it, even one that is over, goes to triage as it is.
    // The law's content or the law itself asked in the asking sentences (see the law frame above)
    // holds however sure the model is of an own problem from the story before them.
    const askedLaw = () => lawContentIn(askedEnd()) || LAW_NAMED.test(askedEnd());
    if (!context.procedureCode && intent === 'legal_problem' && !signal.kinds.length && pd < 0.2 && ((pc.legal_question ?? 0) >= this.thresholds.ownLawShift || askedLaw())) {
      // The citizen's own situation, asked as a question of law ("… vậy chúng tôi có quyền đòi
      // chia không", "chủ trọ giữ căn cước có đúng không", "bảo hiểm có trả không"): what the law says is
      // the answer. A story that needs a lawyer stays a legal problem: a court, the police or a
      // prosecution in it, violence or threats, a deadline, or the citizen wanting to sue or to be
      // helped with the case.
      const asking = (need ? prepareText(need, this.teencode).folded : folded).replace(/[^\p{L}\p{N} ]+/gu, ' ');
      // The law named in the asking sentences ("Luật nói nhà đó là của chung hay của riêng tui?",
      // "luật bắt họ trả lại bao nhiêu"): the court, the suit or the other side's demand told in the
      // story is its background; violence or threats anywhere still need a lawyer.
      const lawNamed = LAW_ASKED_BY_NAME.test(askedEnd()) || OWN_OR_SHARED.test(askedEnd()) || askedLaw();
      const lawyerNeeded = lawNamed ? NEEDS_LAWYER.test(askedEnd()) || HARM_TOLD.test(folded) : NEEDS_LAWYER.test(folded);
      if (frame.law && !frame.how && !lawyerNeeded && !ASKS_FOR_HELP.test(asking)) {
        confidence = (pc.legal_question ?? 0) + (pc.legal_problem ?? 0);
        intent = 'legal_question';
        reasons.push('own-situation-asks-the-law');
      }
    }
    if (!context.procedureCode && intent === 'legal_question' && (pc.legal_problem ?? 0) >= OWN_SUIT_MIN && OWN_SUIT.test(folded)) {
      // The writer asks whether they can take their own case to court ("tôi kiện được không",
      // "em có khởi kiện công ty được không"): a case for a lawyer, whatever else the story asks.
      confidence = (pc.legal_question ?? 0) + (pc.legal_problem ?? 0);
      intent = 'legal_problem';
      reasons.push('own-suit');
    }
    if (
      !context.procedureCode &&
      (intent === 'legal_question' || intent === 'procedure' || intent === 'out_of_scope' || intent === 'manipulation' || intent === 'greeting') &&
      (pc.legal_problem ?? 0) >= OWN_DISPUTE_MIN &&
      ownDisputeStated(text, folded, askedEnd(), frame.law || frame.lawWord || lawContent)
    ) {
      // The citizen's own dispute told with the other party, and no question of what the law says
      // ("Tôi có tranh chấp đất với hàng xóm", "em bị công ty đuổi việc, giờ phải làm sao"): a
      // personal legal problem for triage and a lawyer (the article may come as context).
      confidence = (pc.legal_problem ?? 0) + (pc[intent] ?? 0);
      intent = 'legal_problem';
      reasons.push('own-dispute-told');
    }
    if (!context.procedureCode && (intent === 'legal_problem' || intent === 'legal_question' || intent === 'out_of_scope') && mediationWanted(text, folded, need ? prepareText(need, this.teencode).folded : folded, frame.lawWord)) {
      // A dispute told as the background, and the commune's mediation asked for ("muốn nhờ xã đứng
      // ra hòa giải thì nộp đơn ở đâu"): the need is that procedure, not the dispute or its law.
      confidence = (pc.procedure ?? 0) + (pc[intent] ?? 0);
      intent = 'procedure';
      reasons.push('mediation-asked');
    }
    const askedText = askedEnd();
    if (
      !context.procedureCode &&
      (intent === 'legal_problem' || intent === 'legal_question' || intent === 'out_of_scope') &&
      LEGAL_AID_WANTED.test(folded) &&
      LEGAL_AID_WHERE.test(askedText) &&
      !LEGAL_AID_LAW.test(askedText) &&
      !frame.lawWord
    ) {
      // A case told as the background and the State's free legal help asked for: the legal-aid
      // request is the need (its card names the centre and the papers; triage still offers a lawyer).
      confidence = (pc.procedure ?? 0) + (pc[intent] ?? 0);
      intent = 'procedure';
      reasons.push('legal-aid-wanted');
    }
    // A procedure question that asks how, where, by whom or through which channel the act is done
    // ("xin ở phường được hông", "cháu đi làm một mình được không", "khai báo lưu trú thế nào"): the
    // procedure's card answers it, never an article in its place; the law named in so many words
    // ("luật quy định ai phải khai") still asks the law.
    const actAsked =
      !context.procedureCode &&
      intent === 'procedure' &&
      !frame.lawWord &&
      !LAW_ASKED_BY_NAME.test(askedText) &&
      (PROCEDURE_FACET_ASKED.test(askedText) ||
        PROCEDURE_ACT_ASKED.test(askedText) ||
        HOW_TO_DO.test(askedText) ||
        howAtEnd() ||
        reasons.includes('legal-aid-wanted') ||
        (!asksSomething(text, folded) && ACT_WANTED.test(askedText)) ||
        ownActCanBeDone(folded, askedText) ||
        PROCEDURE_CHOICE.test(askedText));
    if (actAsked && !procedureWanted) reasons.push('act-asked');
    const personalData =
      features.some((f) => f === 's:id12' || f === 's:phone' || f === 's:date') ||
      // A name with a birth date written in words ("Mẹ tôi là Bùi Thị Lựu, sinh năm 1948, ngày 20
      // tháng 1"), not shaped as a question ("bà chưa đi làm căn cước" is no question): the same
      // details, told the way people say them.
      (!/\?/.test(text) && !QUESTION_SHAPE.test(folded) && personalFacts());
    if (context.procedureCode && !context.formActive && personalData && (!['privacy', 'handoff', 'manipulation'].includes(intent) || confidence < 0.6)) {
      // After an answer about a procedure, a message carrying an ID, a phone or a date is the
      // citizen's details for that procedure's form (issue 20), not a new question.
      return decided('form_request', Math.max(confidence, 0.5), { reasons: [...reasons, 'details-after-answer'] });
    }
    // A casual request for a paper ("khai tử cho ông") is no request when the message asks where,
    // with which papers or how (a question about the procedure), or thanks for one done.
    // The paper's purpose ("để làm hồ sơ vay mua nhà", "để làm thủ tục mua đất") and the form
    // asked to be made ("làm tờ khai để điều chỉnh") name a procedure word without asking how.
    if (!context.formActive && !(frame.how && howAskedBeyondRequest(text, folded)) && !THANKS_DONE.test(folded) && asksToFillForm(folded) && !['privacy', 'handoff', 'manipulation'].includes(intent)) return decided('form_request', Math.max(pc.form_request ?? 0, 0.5), { reasons: [...reasons, 'form-asked-casually'] });
    if (intent !== 'form_request' && FORM_ASKED.test(folded) && !/\b(o dau|cho nao|noi nao|lay dau)\b/.test(folded) && !['privacy', 'handoff', 'manipulation', 'legal_problem', 'legal_question'].includes(intent)) {
      // "lam ct01 dang ky thuong tru", "làm tờ khai tạm trú": a verb of making or filling in
      // front of a named form asks for that form whatever the topic words say; "làm giấy khai
      // sinh" names no form and stays a procedure question.
      reasons.push('form-named');
      confidence = Math.max(pc.form_request ?? 0, 0.5);
      intent = 'form_request';
    }
    if (intent === 'form_request' && !FORM_CUE.test(folded)) {
      // A request for a form names a form or asks to fill one; a bare topic is a procedure question.
      intent = 'procedure';
      confidence = (pc.procedure ?? 0) + (pc.form_request ?? 0);
    }
    if (intent === 'form_data' && !context.formActive) {
      // Personal details with no form open: a question that carries them is still a question;
      // otherwise the citizen wants a form filled (the form skill asks which one).
      if ((pc.procedure ?? 0) >= 0.15) {
        intent = 'procedure';
        confidence = Math.max(confidence, pc.procedure ?? 0);
      } else if (FORM_CUE.test(folded)) intent = 'form_request';
    }
    if (
      intent === 'procedure' &&
      !context.formActive &&
      !context.procedureCode &&
      !asksSomething(text, folded) &&
      !WANTS_SOMETHING.test(folded) &&
      personalFacts()
    ) {
      // Only who the citizen is ("chào ad, e tên Trần Thị Hoa, sinh 14/08/1996, số cccd …"),
      // nothing asked or wanted: no procedure is named, so none is answered (issue 12); the
      // details are kept and the form skill asks what they are for.
      intent = 'form_request';
      confidence = Math.max(pc.form_request ?? 0, 0.5);
      reasons.push('details-only');
    }
    if (!context.formActive && OTHERS_DATA.test(folded) && (NAMED_PERSON.test(text) || /\bsinh (nam )?(19|20)\d\d\b/.test(folded)) && !OWN_KIN.test(folded)) {
      // Another person's details asked for, the person named: never looked up (issue 12).
      if (['procedure', 'followup', 'out_of_scope', 'form_request', 'form_data', 'legal_question'].includes(intent)) {
        confidence = Math.max(confidence, 0.6);
        intent = 'manipulation';
        reasons.push('others-data');
      }
    }
    if (intent === 'out_of_scope' && (p.greeting ?? 0) >= SMALL_TALK_MIN && smallTalk(folded)) {
      // A greeting with a mood, the weather or a joke about the bot and nothing else asked ("chào
      // bạn, hôm nay trời mưa buồn, chào một câu cho vui"): small talk, not a request to refuse.
      confidence = (pc.greeting ?? 0) + (pc.out_of_scope ?? 0);
      intent = 'greeting';
      reasons.push('small-talk');
    }
    if (THANKS_DONE.test(folded) && !QUESTION_SHAPE.test(folded) && ['procedure', 'form_request', 'out_of_scope'].includes(intent)) {
      // Thanks for a procedure done asks nothing: small talk, not that procedure again.
      confidence = Math.max(confidence, 0.5);
      intent = 'greeting';
      reasons.push('thanks-done');
    }
    // Refusing a real question costs more than asking: out of scope needs to be clear.
    const needed = intent === 'out_of_scope' ? this.thresholds.refuse : this.thresholds.abstain;
    // "cái đó thì sao", "thế còn giấy kia", "???" with nothing under discussion name nothing to
    // answer: one question with choices, never a guess at a procedure or a refusal; nor a guess at a
    // case for a lawyer ("hôm qua đi rồi mà người ta bảo chưa được" names no matter).
    const vague = !context.procedureCode && !context.formActive && (intent === 'procedure' || intent === 'out_of_scope' || intent === 'legal_problem' || intent === 'legal_question') && isVague(folded);
    if (vague) reasons.push('vague');
    // A question shaped as a question of law (a law frame, no where/papers/fee) that the model
    // also reads first as a legal question is one, however spread the model's reading: the
    // legal-info skill answers with the article or the lawyer offer, never a procedure card.
    const lawShaped = intent === 'legal_question' && frame.law && !frame.how && !context.procedureCode && confidence >= LAW_SHAPED_MIN;
    if (lawShaped && confidence < needed) reasons.push('law-shaped');
    const abstain = vague || (confidence < needed && !lawShaped && !(context.procedureCode && intent !== 'out_of_scope'));
    return decided(intent, confidence, { abstain, ...((procedureWanted || actAsked) && intent === 'procedure' ? { procedureWanted: true } : {}) });
  }
}
