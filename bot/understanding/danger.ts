/**
 * The safety-critical rules of the understanding stage: phrases that mean someone may be
 * in danger at this moment, what kind of danger (which number to call first), and the
 * phrases that make an alarming word harmless ("nóng chết mất", "giá vàng cháy quá") or
 * put the event in the past ("hôm qua", "năm ngoái").
 *
 * The rules do not decide alone: `UnderstandingStage` combines them with the intent
 * model's probability of `danger`, so that a rule firing on a hyperbole does not send the
 * emergency numbers to chit-chat, and a danger message with no listed phrase still gets
 * them when the model is sure. Patterns are on folded, teencode-expanded text.
 */

import { fold } from '../../knowledge/text/index.js';
import { STATE_PATTERNS } from './danger-states.js';

export type DangerKind = 'medical' | 'suicide' | 'violence' | 'child_missing' | 'confinement_trafficking' | 'fire';

export const DANGER_KINDS: readonly DangerKind[] = ['medical', 'suicide', 'violence', 'child_missing', 'confinement_trafficking', 'fire'];

/** What a plea for help is for when it is no alarm: a question, papers, a procedure, homework. */
const PLEA_ERRAND = 'cau hoi|hoi (ve|chut|xiu|ti|may|cai|gi)|giay to|thu tuc|ho so|lam giay|bai tap|bai kiem tra|mon (hoc|toan|van|anh)|khong biet (hoi|lam|dien|nop) (ai|o dau|the nao|sao)|khong bt hoi ai';

/** What follows "đánh" when it is no blow: đánh giá, đánh bài, đánh răng, đánh rơi, đánh máy. */
/** What follows "đập/đạp" when it is no blow: a wall pulled down, threshing rice, an egg, cycling. */
const NOT_AFTER_DAP = 'tuong|gach|tran|san|nen|be tong|lua|trung|hop|lon|dat|xe|xe dap|may|muoi|mui|ban phim|chan ga|phanh|thang';

const NOT_AFTER_DANH =
  'gia|dau|may|bai|bac|co|golf|cau|rang|son|sach|dum|bong|thuc|ten|chu|van|tieng|trong|dan|lua|roi|dien|game|so|xe|vay|trung|phan|vong|lai|tennis|ca (bien|song|suoi|dong|ngoai|xa|dem|moi|bang)';

/**
 * Verbs of bodily harm done by someone, as people type them (Southern "quánh", "uýnh";
 * "dí dao", "kề dao"), folded. Alone they fill stories of past disputes; after an ongoing
 * cue ("đang", "vừa") they are an attack in progress.
 */
const HARM_VERBS = [
  `danh(?! (${NOT_AFTER_DANH}))`, 'quanh', 'uynh', 'oanh', `dap(?! (${NOT_AFTER_DAP}))`, 'dap pha', 'dam(?! (cuoi|ma|hoi|tang|dong|bao|dong))', 'chem(?! gio)', 'ban chet', 'ban sung', 'bop co', 'siet co', 'bop nghet', 'ke dao', 'di dao', 'cam dao', 'cam sung', 'cam bua',
  'cam gay', 'tat axit', 'tat xang', 'tuoi xang', 'loi ruot', 'thung ruot', 'duoi danh', 'duoi chem', 'dap dau', 'dam dao', 'ton thuong', 'hanh hung', 'danh dap', 'tum toc', 'giat toc',
  'lot do', 'xo nga', 'dap cua', 'pha cua', 'nem da', 'dot nha',
].join('|');

const KIND_PATTERNS: Record<DangerKind, RegExp[]> = {
  medical: [
    // Poisoned by what was eaten: wild mushrooms, puffer fish, toads, bad alcohol, then vomiting or collapse.
    /\b(an|uong) (\w+ ){0,3}?(nam|ca noc|coc|la ngon|ruou)\b.{0,60}\b(non mua|non oi|oi mua|la di|ngat|xiu|co giat|khong noi duoc|tim tai|kho tho|sui bot)\b/,
    /\b(khong|ko|ngung|ngat|tat|kho|het) tho\b/,
    /\b(bat tinh|ngat xiu|ngat lim|xiu roi|bi xiu|lim di|hon me|khong tinh|mat y thuc|tim tai|mat tai)\b/,
    /\bco giat\b/,
    /\b(nuot|nuot phai|uong nham|an nham|hit phai)\b.{0,30}\b(pin|thuoc|hoa chat|thuoc tru sau|thuoc chuot|xang|nuoc tay|axit|dong xu|cuc pin|vien|do choi|hat)\b/,
    /\b(ngo doc|trung doc|soc phan ve|soc thuoc|qua lieu|di ung nang)\b/,
    /\bchay (rat )?nhieu mau\b|\bchay mau (rat |qua )?(nhieu|khong ngung|khong cam|lenh lang|dam dia|xoi xa)\b|\bmau chay (khong|ko) (cam|ngung|dung)\b|\b(mat|ra) nhieu mau\b/,
    /\b(dot quy|meo mieng|lien tay|nhoi mau|dau that nguc|dau nguc du doi|ngung tim|tim ngung)\b/,
    /\b(duoi nuoc|chet duoi|bi dien giat|dien giat|ran (can|doc)|cho dien can|bong nang|te tu tren cao|nga tu tren)\b/,
    /\b(cap cuu|goi 115|xe cuu thuong)\b/,
    /\b(non lien tuc|lo mo|li bi|ngo doc nam|an nham nam|co giat lien tuc)\b/,
    /\buong (\d+|ca|het|nhieu|mot nam) (vien|vi|lo|hop)\b/,
    /\b(chuyen da|vo oi|ra oi|sinh non|de rot|bang huyet|ra mau nhieu|chay mau am dao|say thai)\b/,
    /\b(sot cao co giat|sot cao li bi|tim tai|khong cu dong|khong phan ung|mat mau|gay xuong ho|dau dau du doi)\b/,
    // Unresponsive: called or shaken and no answer, lying still, collapsed ("gọi mãi không dậy",
    // "nằm bất động", "gục xuống … gọi không trả lời"); not "bất động sản" (real estate).
    /\b(goi|lay|lac|vo|danh thuc)( (mai|hoai|may|hoai ma|ca buoi))? (khong|ko|hong|cha|chang) (day|tinh|tra loi|nhuc nhich)\b/,
    /\bnam (bat dong|im bat dong|guc)\b(?! san)|\b(guc xuong|nga guc|nga gục|quy xuong)\b.{0,40}\b(khong|ko|hong) (tra loi|day|tinh|tho|nhuc nhich)\b/,
  ],
  suicide: [
    // A farewell with no errand named: "tối nay em sẽ đi" (clause end), "trước khi tui đi",
    // "rời khỏi thế giới này", a letter left for the family.
    /\b(toi nay|dem nay|hom nay|mai|sang mai) (toi|tui|em|minh|tao|con|t|e) se (di|ra di)( day| luon| that| thoi)? ?(\||$)|\btruoc khi (toi|tui|em|minh|tao|con) (di|ra di|chet)( \||$| )|\b(roi khoi|tu biet|tu gia) (the gioi|cuoc doi|tran gian|cuoc song)\b|\bviet (thu|di thu|thu tuyet menh) (cho|gui|de lai cho) (me|bo|ba|ma|ca nha|gia dinh|vo|chong|con)\b.{0,15}\broi\b/,
    /\b(tu tu|tu sat|tu van minh|ket lieu|ket thuc cuoc doi|ket thuc cuoc song|quyen sinh)\b/,
    /\b(muon|sap|dinh|se|chi muon) (chet|bien mat khoi)\b/,
    /\b(khong|ko|chang) (muon|thiet) song\b|\bchan song\b|\bsong (khong|ko) noi nua\b/,
    /(?<!\ban )\btreo co\b|\b(nhay lau|nhay cau|nhay song|cat tay|cat co tay|uong ca lo thuoc|uong het vi thuoc|uong thuoc ngu)\b/,
    /\b(dung|dang dung) tren (noc|san thuong|mai|lan can|thanh cau)\b/,
    /\b(da mua than|dot than trong|dot than dong cua)\b/,
    // Farewells and hopelessness are warning signs on their own in a public-service chat.
    /\b(tam biet|vinh biet|xin loi) (moi nguoi|tat ca|ca nha|the gioi|cuoc doi|bo me|ba me|me|ba|bo)\b.{0,20}$/,
    /\b(viet|de lai|de) (xong |san )?(di thu|thu tuyet menh|thu tu biet)\b|\bkhong con gi (luu luyen|nuoi tiec|de mat)\b/,
    /\b(dem|ngay) nay la (dem|ngay) cuoi cung\b|\b(dem|ngay) cuoi cung cua (em|toi|minh|tui|con)\b.{0,60}\b(cam on|tam biet|xin loi|vinh biet)\b/,
    /\b(hen kiep sau|ra di mai mai|khong con ly do (de )?song|khong con gi de song|ngu mai khong day|khong muon thuc day|giai thoat cho minh)\b/,
    // The means made ready and a leaving said ("chuẩn bị dây rồi … trước khi đi"), or last words
    // before going ("muốn nói với ai đó một lời trước khi đi"), with no suicide word at all.
    /\b(chuan bi|mua|sam|de|co|cam|buoc|that|treo)( san| xong| roi| ca)? (day(?! (dien|chuyen|sac|nit|chun|giay|cap))|day thung|soi day|thuoc ngu|than|thuoc tru sau|thuoc chuot|lo thuoc|vi thuoc)\b.{0,80}\b(truoc khi (di|ra di)(?= *(\||$))|loi cuoi|lan cuoi|tam biet|vinh biet|ra di|di day|ket thuc|giai thoat)\b/,
    /\b(mot loi|loi cuoi|vai loi|lan cuoi)( \p{L}+){0,3} truoc khi (di|ra di|roi xa)(?= *(\||$))/u,
    // Gone to a bridge, a river or a roof, then a parting word or silence ("ra cầu rồi, kêu tui
    // nuôi con cho tốt, giờ gọi không bắt máy"), in either order.
    /\b(ra|len|toi|den|dung tren|ngoi tren|leo len) (cau(?! thang| long| cuu| hon| xin| khan| nguyen| ky)|song|bo song|bo ho|san thuong|noc nha|tang thuong|mai nha)\b.{0,100}\b(tat may|khong bat may|khong nghe may|goi khong duoc|khong lien lac|nuoi con|cham soc (con|me|ba|bo|ma)|tam biet|xin loi|tha loi|vinh biet|di day)\b/,
    /\b(nuoi con cho tot|cham soc (con|me|ba|bo|ma) (giup|cho tot)|tam biet|vinh biet|tha loi|di day)\b.{0,100}\b(ra|len|toi|den|dung tren|ngoi tren|leo len) (cau(?! thang| long| cuu| hon| xin| khan| nguyen| ky)|song|bo song|bo ho|san thuong|noc nha|tang thuong|mai nha)\b/,
  ],
  violence: [
    /\b(danh nhau|au da|hon chien|xo xat)\b.{0,40}\b(dao|kiem|sung|mau|la het|keu cuu|gay)\b/,
    new RegExp(`\\bdang (bi )?(danh(?! (${NOT_AFTER_DANH}))|dap(?! (${NOT_AFTER_DAP}))|hanh hung|bop co|siet co|chem|dam|ban|cuop|doa)\\b`),
    // Compositional: an ongoing cue, up to three words (who, with what), a verb of harm.
    // Folded look-alikes kept out: đăng ký/đăng tin, đánh giá/đánh bài, chém gió, đám cưới.
    // "dg" is how "đang" is typed in a hurry (it is also "đường": only before a harm).
    new RegExp(`\\b(dang(?! (ky|ki|tin|bai|anh|len|tai|kiem|bao(?! hanh)|quang cao|tuyen))|dg|vua|van dang|lai dang|con dang) (\\p{L}+ ){0,3}?(${HARM_VERBS})\\b`, 'u'),
    // "mã tấu" comes out of the teencode table as "ma toi" ("tau" is also "tao"/"tôi").
    /\b(cam|vung|rut|mang|vac|xach) ma (tau|toi)\b/,
    /\b(cam|vung|rut|mang) (dao|kiem|rua|gay|bua|sung|cay|xa beng|dao phay|dao thai)\b/,
    // Not bare "ban": folded, "sẽ bán, tui …" (sell) is "ban toi"; a shot says "bắn chết" or has a gun.
    /\b(dam|chem) (chet|nguoi|em|toi|me|vo|con|chong|bo|anh|chi)\b|\bban chet\b/,
    /\b(doa|de doa) (giet|chem|dam|tat axit|dot nha)\b.{0,40}\b(dang|ngay|bay gio|toi nay|o ngoai|truoc cua)\b/,
    /\b(dang|vua) (dap cua|pha cua|xong vao|tong cua|dot nha)\b/,
    /\b(hom nay|toi nay|bay gio|vua|dang)\b.{0,30}\b(doa|de doa) (giet|chem|dam|tat axit|dot nha)\b/,
    /\b(danh|bi danh)\b.{0,25}\b(bam tim|bam het|bam dap|chay mau|gay tay|gay chan|ngat|tham tim)\b/,
    /\b(doa|de doa) (bat|bat coc|bat mat|bat di) (con|be|chau)\b/,
    /\b(hiep dam|cuong hiep|xam hai)\b.{0,30}\b(dang|vua|ngay|luc nay)\b/,
    /\b(bi|co nguoi|thang) (theo doi|bam theo|di theo|rinh)\b.{0,30}\b(dang|bay gio|luc nay|ngay)\b/,
    // A plea that goes on to an errand ("cứu em với, em có mấy câu hỏi về giấy tờ") asks for help with papers.
    new RegExp(`((?<!\\bgiai )\\bcuu (voi|em|toi|me|con|tui|minh|chau)\\b|\\bcuu\\b.{0,10}\\b(nhanh|gap|ngay)\\b)(?!.{0,50}\\b(${PLEA_ERRAND})\\b)`),
    /\b(goi|bao) (113|cong an) (giup|ho|gap)\b/,
  ],
  child_missing: [
    // Put on a vehicle and driven off: "bế lên xe máy chạy mất", "kéo lên xe chở đi".
    /\b(be|bong|om|keo|loi|dat|du)\b.{0,25}\blen (xe|xe may|o to|oto|xe hoi|taxi)\b.{0,30}\b(chay mat|di mat|chay di|cho di|mat tieu|phong di|chay luon)\b/,
    /\b(lac|mat) con (o|tai|giua|ngoai)\b/,
    /\b(bat coc|bat mat|cuop (con|be|chau)|dat (con|be|chau) di mat|bi bat di|bi dan di|bi du di)\b/,
    /\b(nguoi la|ke la)\b.{0,50}\b(dat|bat|du|cho|dan|bong|om|don|ruoc)\b.{0,15}\b(con|be|chau|dua nho)\b/,
    // Picked up by someone the family never sent: "đón con tôi ở trường, chồng tôi không hề nhờ ai".
    /\b(don|ruoc|dua) (con|be|chau|dua nho|thang be|con be)\b.{0,80}\b(khong (he )?nho (ai|ai di|ai don)|khong ai nho|khong (he )?quen (biet )?(nguoi|ai)|khong phai nguoi nha)\b/,
    /\b(con|be|chau|con trai|con gai|thang be|con be|dua nho|em be|me|bo|ong|ba|vo|chong|em|nguoi nha)\b.{0,25}\b(lac mat|bi lac|di lac|mat tich|khong thay dau|khong tim thay|tim khong thay|chua ve nha|chua thay ve|mat lien lac|khong co o dau|khong biet o dau)\b(?! (mat )?((cai|chiec|cuon|to|tam|quyen|bo|cay|con|may) )?(giay|so|the|ho so|vi|dien thoai|chia khoa|can cuoc|cmnd|ho chieu|bang|tien|do|hanh ly|xe|hoc ba|so do|balo|cap))/,
    /\b(lai xe|cho) (con|be|chau|dua nho|thang be|con be)\b.{0,20}\b(di mat|chay mat|bo chay)\b/,
    // Taken and held for money: "bắt con tôi rồi, đòi 200 triệu".
    /\b(bat|giu|bat giu|bat mat) (con|be|chau|dua nho|em be|thang be|con be|con trai|con gai)\b.{0,50}\b(doi (\d+ )?(tien|trieu|ty|chuoc)|tien chuoc|khong duoc bao)\b/,
    // A child named, then not found anywhere ("thằng nhỏ ra mương chơi, giờ kiếm hông thấy nó đâu"):
    // "nó" points back at the child; a thing looked for is named by its own word, not a child's.
    /\b(thang (be|nho|cu)|con (be|nho|trai|gai|toi|tui|em|minh)|dua (nho|be)|em be|chau (be|nho|trai|gai))\b.{0,120}\b(khong|ko|hong|hok|cha|chang) (thay|tim thay|kiem thay|tim ra|kiem ra) (no|be|chau|thang be|con be|thang nho|con nho|dua nho)( \p{L}+)? (dau|o dau)\b/u,
    // Nobody knows where a person is: "giờ không biết cháu ở đâu".
    /\bkhong (biet|thay|ro|tim duoc|tim thay) (con|be|chau|thang be|con be|dua nho|em be|ong|ba|me|bo|ma|me|nguoi nha) ?(\p{L}+ )?(o dau|dau ca|dau het|di dau|dau nua|dau roi|dau luon|dau(?= *(\||$)))\b/u,
  ],
  confinement_trafficking: [
    // Across a border and held: papers or phone taken, ransom asked, forced work.
    /\b(campuchia|cam pu chia|myanmar|lao|trung quoc|bien gioi|cua khau|malaysia|ma lai|thai lan|indonesia|philippines|dubai|a rap|angola)\b.{0,80}\b(bi danh|bi giu|giu (dt|dien thoai|ho chieu|giay to)|thu (dt|dien thoai|ho chieu|giay to)|lay het (dt|dien thoai)|bi nhot|khong cho ve|moi tha|tien chuoc|bi ban|ep lam|bat lam)\b/,
    /\b(nhot(?! minh)|giam long|bi giam|khoa trai|khoa cua nhot|bi khoa trong|xich lai|troi lai)\b/,
    /\b(nguoi|thang|tui|bon|chung|no|ho|hang|ong chu|ba chu|chu) giam\b(?! (ho|doc|dinh|sat|khao|thi|gia|bot|can|thieu|tru|thue|phi|tai|nhe|an))|\bgiam (toi|tui|em|chau|con|minh|nguoi) (trong|o|tai)\b|\bgiam (trong|o|tai) (nha nghi|khach san|phong|kho|can nha|nha kho|xuong)\b/,
    /\b(chuyen|dua|ban|dem|cho) (toi|tui|em|chau|minh|con|nguoi)? ?(sang|qua) (ben kia|bien gioi|campuchia|cam pu chia|myanmar|lao|trung quoc)\b/,
    /\b(khong|ko) cho (ra ngoai|ra khoi|ve nha|ve|di dau|an|lien lac)\b/,
    /\b(thu|giu|tich thu) (ho chieu|giay to|dien thoai)\b.{0,40}\b(khong cho|ko cho|bat)\b/,
    /\b(ban sang|bi ban (sang|qua|vao|lam vo|lam gai|cho nguoi)|buon nguoi|mua ban nguoi|bi lua sang|lua ban|cuong buc lao dong|ep lam gai|ep ban dam|ep an xin|bat an xin|bat lam viec khong cong)\b/,
    // Not bare "bo doi": folded, bỏ đói (starve) is bộ đội (soldier).
    /\b(bi bo doi|bo doi (toi|tui|em|chau|me|ba|vo|nguoi gia|may ngay|nhieu ngay|ca ngay)|khong cho an)\b/,
    /\b(tien chuoc|doi chuoc|chuoc nguoi)\b/,
    /\blua (sang|qua) (campuchia|cam pu chia|myanmar|lao|trung quoc|nuoc ngoai|ben kia)\b/,
    /\bsang (campuchia|myanmar|lao|trung quoc|cam pu chia)\b.{0,80}\b(bi danh|bi giu|bi nhot|khong cho ve|doi tien|bi ban)\b/,
  ],
  fire: [
    /\b(chay|lua)\b.{0,30}\blan (vo|vao|sang|toi|den|qua) (nha|phong|xuong|cho|kho)\b|\b(dang co lua|lua dang chay|dang boc lua|dang boc khoi)\b/,
    /\b(chay nha|nha (dang )?chay roi|nha bi chay|dang chay (lon|du doi|ngun ngut|to)|hoa hoan|boc chay|khoi (den|mu mit|day dac)|ket trong dam chay)\b/,
    /\b(ro ri|ro|xi) (gas|ga|khi gas|khi ga|khi doc)\b|\bno (binh )?(gas|ga)\b/,
    /\b(sap nha|nha sap(?! (het|toi|den|xong|duoc|phai|ban|sua|xay|don|chuyen|cuoi|nhap|lam|xin|co|khoi))|sap tran|dat lo vui|lu cuon|nuoc lu (dang )?(ngap|len)|mac ket|ket (lai )?trong)\b/,
    /\bgoi 114\b/,
    // A building said to be burning, unaccented ("xuong may o khu cong nghiep dang chay"): vehicles
    // and people "đang chạy" (running) are not in the list.
    /\b(nha|khu tro|day tro|phong tro|xuong|xuong may|kho hang|can ho|chung cu|tiem|cho|quan|cong ty|nha may|toa nha|khach san|truong)( \w+){0,5} (dang|bi|vua) chay\b(?! (xe|di|ra|vao|theo|qua|tron|vong|bo|may|thu|an|duoc|lai|toi|den|ve|mau|nuoc|mo hoi|dich|mu|day|noi|com|khet|canh))/,
    /\bchay (xe|cho(?! (khoi|kip|xong|nhanh|duoc|toi|den|nguoi|con|may|vui|dep))|kho|xuong|can ho|chung cu|tang|ham|phong|quan|bep)\b.{0,40}\b(khoi|lua|no|boc)\b/,
    /\bkhoi (boc|bay|tran|day|den|mu|ngun ngut|cuon)\b/,
    /\b(gas|ga|binh ga|binh gas)\b.{0,25}\b(xi|ro|chay|boc lua|ra lua|no|bat lua)\b/,
    /\b(ra lua|bat lua(?! dao)|boc lua|ben lua|lua boc|lua chay|lua len tran|lua bung|chay lan|ngon lua|bi ket(?! (xe|duong|tien|von|lich|viec|mang))|ket cung|khong thoat ra duoc)\b/,
  ],
};

/** Feelings and efforts that "… muốn chết" exaggerates. */
const FEELINGS = [
  'cuoi', 'dau', 'met', 'so', 'nong', 'lanh', 'ret', 'doi', 'khat', 'buon ngu', 'buon', 'chan', 'tuc', 'cay', 'ngon', 'ngai', 'xau ho', 'hoi hop', 'cang thang', 'ngot',
  'run', 'phe', 'do', 'do te', 'nhuc', 'nhuc nha', 'que', 'ho then', 'tiec', 'buc', 'buc boi', 'sot ruot', 'xot', 'ghen', 'dau rang', 'gat gu', 'man', 'on thi', 'hoc', 'lam', 'chay', 'tap', 'ban', 'nho', 'them', 'kho', 'dau dau', 'dau co', 'dau bung', 'met moi', 'ngop', 'chat',
].join('|');

/** Alarming words used harmlessly: hyperbole, prices, games, sports, gadgets. */
/** Children's games whose names sound like danger (hide-and-seek, blind man's buff, werewolf), folded. */
export const CHILDREN_GAMES = 'tron tim|u mien|bit mat bat de|ma soi';

const HARMLESS: RegExp[] = [
  /\b(nong|doi|met|buon ngu|cuoi|so|chan|ret|lanh|nhot|ban|lo|ngai|thich|me|them|hoi hop|cang thang|khat|no|xau ho|ngai ngung)( qua| lam| thi)? (muon |gan |suyt |den )?chet( mat| di duoc| luon| thoi)?\b/,
  /\bchet (mat|me|cuoi)\b.{0,5}$/,
  // Markets, never bare "gia" (Gia Lâm), "vang" (vâng) or "san" (sàn nhà).
  /\b(gia vang|gia xang|gia dat|gia nha|gia ca|gia co phieu|gia coin|gia dien|chung khoan|co phieu|bitcoin|crypto|coin|thi truong|san chung khoan)\b.{0,20}\b(chay|boc chay|no|sap|giet|tham sat|lao doc|nong)\b/,
  /\b(deadline|kpi|do an|luan van|bao cao|task|du an)( \w+){0,2} (chay|chay nha|boc chay|toang|chet)\b|\bchay (hang|ve|tui|vi|phong|show|deadline|kpi|pho|san|concert)\b|\b(?<!(uong|an|nuot) )het (hang|ve|cho(?! (con|be|chau|vo|chong|me|bo|ba|ma|em|anh|chi|nguoi|ong|co|chu|di|cau|nha|gia dinh))|slot)\b/,
  // Folding makes words collide (trận/trần, truyện/truyền, tuyển/tuyến): only unambiguous game words.
  /\b(choi game|(?<!quan |tiem )game|boss|level|nhan vat|(?<!cho (?:xem|coi) )phim(?! (?:sex|nguoi lon|khieu dam|con heo|doi truy))|doc truyen|doi bong|cau thu|trong tai|tran dau|tran bong|doi tuyen|ty so|penalty|ban thang)\b/,
  // Not bare "mang" (mạng / mang thai / mang dao).
  /\b(dien thoai|may tinh|laptop|wifi|mang internet|mang xa hoi|rot mang|app|ung dung|zalo|facebook|tai khoan)( \w+){0,3} (bi )?(chet|treo|sap(?! (het|toi|den|ve|duoc|tat|can))|hong|cuu|dung)\b/,
  /\bcuu (net|diem|bai|toi voi bai|em voi bai|mon)\b/,
  // A habit asked about ("con tôi hay bị chảy máu cam, có sao không") is a health question, not an event.
  /\b(hay|thuong|thinh thoang|de) bi (\p{L}+ ){0,2}(chay mau cam|chay mau chan rang|sot|ho|dau (dau|bung|nguc|lung)|chong mat|hoa mat|ngat|xiu|co giat|tieu chay|non|oi|di ung|hen|suyen|mat ngu|tut huyet ap|tang huyet ap|me sang|nghet mui|noi man)\b.{0,30}\b(co sao|co nguy hiem|co benh gi|co anh huong|co lam sao)( khong| ko| k| hong| hok| khg)?\s*$/u,
  // A habit of wandering asked about with a paper or a device ("ông tôi hay đi lạc, làm vòng tay định danh").
  /\b(hay|thuong|de|hay bi|thuong bi|de bi) (di lac|lac duong|quen duong|di lung tung)\b/,
  // Hyperbole after a nuisance ("chó sủa suốt đêm không ngủ được muốn chết").
  /\b(khong ngu duoc|mat ngu|buc minh|buc qua|on qua|on ao|phien qua|chan qua)\b.{0,12}\b(muon chet|chet mat|chet di duoc|chet luon)\b/,
  // Kept late at work ("sếp bắt ở lại họp, không cho về", "giữ lại làm thêm, không cho về sớm"): an
  // employer's demand, not confinement, as long as nothing locks, takes or hits.
  /^(?!.*\b(khoa|nhot|giam(?! doc)|danh|dap|troi|xich|thu (dt|dien thoai|giay to|ho chieu|can cuoc)|giu (dt|dien thoai|giay to|ho chieu|can cuoc)|dien thoai bi)\b).*\b(lam them|tang ca|hop|truc|o lai|giu (toi|tui|em|minh) lai)\b.{0,40}\b(khong|ko) cho (ve|nghi|tan ca)\b/,
  // Water over a street, ankle-deep, on the way to work: a nuisance, not a flood to flee.
  /\bngap (\w+ ){0,2}(mat ca|co chan|banh xe|bap chan|nua banh|gan xe)\b|\b(duong|pho|hem|ngo|kiet) (\w+ ){0,2}ngap\b.{0,40}\b(di lam|di hoc|lay loi|kho di|chet may|tac duong|ket xe|bun)\b/,
  // "Chém gió" is boasting; wanting to die over homework is a figure of speech.
  /\bchem gio\b/,
  // A knife or a blade used for cooking or crafts ("hay cầm dao lam gọt bút chì", "cầm dao thái rau").
  /\b(cam|dung|lay) (dao|dao lam|luoi lam|keo|dao roc giay)( \w+){0,2} (de )?(got|cat|thai|bam|cao|roc|chat|lang) (\w+ )?(trai cay|hoa qua|tao|but|but chi|chi|giay|rau|thit|ca|cu|mong|rau|rau cu|banh|long ga|go|day)\b/,
  // Smoke from a neighbour's burning of offerings, rubbish or a grill, complained about: a nuisance.
  /^(?!.*\b(chay lan|lan (sang|qua|vao|toi)|boc chay|chay lon|chay nha|mac ket|ket trong|ngat|kho tho|bat tinh)\b).*\b(dot (vang ma|rac|la|nhang|huong|rom|ra|co|than nuong)|nuong thit|hut thuoc|khoi thuoc|khoi bep|khoi nhang)\b/,
  // Idioms and children's games: a friend who "stabs in the back" by gossip, hide-and-seek.
  new RegExp(`\\bdam sau lung\\b(?! (\\w+ ){0,3}(mot|1|hai|2|may) nhat)|\\b(choi )?(${CHILDREN_GAMES}|cuop co)\\b`),
  // A small sting or scrape asked about ("ong đốt một cái hơi sưng thôi, bôi gì").
  /\b(hoi|chi hoi|hoi bi|nhe|mot chut|chut xiu|ti xiu) (sung|dau|do|ngua|tray|xuoc|rat|bam)( \w+){0,2} (thoi|thui)\b|\b(sung|tray|xuoc|bam|dau) nhe\b.{0,40}\b(boi|thoa|chuom|co sao|co can)\b/,
  // The grave sign denied and only a mild one left ("hổng khó thở gì hết, chỉ ngứa ngứa thôi"); a
  // denied sign is joined by "_" (see DENIED_SIGNS).
  /\b(khong|ko|hong|hok|khg|cha|chang|chua|k)_\w+\b.{0,80}\bchi (hoi |bi |la )?(\w+ ){0,2}(ngua|dau|sung|do|met|nhuc|rat|xot|tray|xuoc|bam|moi)( \w+){0,3} (thoi|thui|a)\b|\bchi (hoi |bi |la )?(\w+ ){0,2}(ngua|dau|sung|do|met|nhuc|rat|xot|tray|xuoc|bam)( \w+){0,3} (thoi|thui)\b.{0,80}\b(khong|ko|hong|hok|khg|cha|chang|chua|k)_\w+/,
  // Gas run out and a refill asked for, not a leak.
  /\b(binh )?(gas|ga) (\w+ ){0,2}het( \w+){0,3} (goi|doi|mua|giao|dat)\b|\b(doi|giao|mua|dat|thay) (binh )?(gas|ga)\b(?! (\w+ ){0,3}(xi|ro|mui|no|chay))/,
  // "Chết cười" is laughter ("chết cười với thằng bạn, nó nhảy xuống hồ bơi quên cởi giày").
  /^ ?(\w+ ){0,2}chet cuoi\b|\bchet cuoi (voi|luon|mat|that|di duoc)\b/,
  // Shooting games at an internet café ("ra tiệm net bắn súng một trận tới sáng", "bắn PUBG").
  /\b(quan net|tiem net|choi net|ra net|net cafe|phong net|pubg|free fire|dot kich|csgo|cs go|lien quan|game ban sung|ban sung (online|game|mot tran|1 tran|xuyen dem|toi sang|ca dem|suot dem))\b/,
  /\b(bai tap|bai nay|de thi|de nay|deadline|kpi|bai kiem tra|mon (toan|van|anh|ly|hoa|sinh|su|dia))\b.{0,40}\bmuon (chet|xiu|ngat|khoc)( luon| mat| di duoc| that)?\b/,
  // What an emergency service costs ("cấp cứu 115 có mất tiền không").
  /\b(113|114|115|111|xe cap cuu|goi cap cuu|cap cuu)\b.{0,20}\b(mat tien|mat phi|bao nhieu tien|tinh phi|co phi|tra tien|mien phi|het bao nhieu)\b/,
  // The writer's own harmless explanation of a short delay ("về trễ 10 phút, chắc kẹt xe").
  /\bchac (la |tai |do |bi )?(ket xe|tac duong|ket duong|ham choi|di choi|ghe nha ban|quen|het pin|ngu quen)\b/,
  // Pets, never bare "cho"/"ga" (cho con = for my child; ga = gas): lost, dead or stuck ("mèo bị kẹt trên cây").
  /\b(meo|con cho|chu cho|cho nha|cun|chim|thu cung|pet|ca canh|vet|con ga|ga nha|cay canh|cay hoa|hoa hong|chau cay|vuon rau|cay xoai|cay nha)\b.{0,15}\b(bi lac|lac mat|mat tich|di lac|chet|bi ket|mac ket|ket (tren|duoi|trong)|roi xuong|leo len (\w+ ){0,3}(roi )?(bi )?(ket |mac ket )?(khong|hong|ko|k|cha|chang) (leo )?(xuong|ra) (duoc|noi)|(dang )?(tron|nup|chui) (\w+ ){0,2}(trong|duoi|vao|vo|sau) (\w+ ){0,3}(khong|hong|ko|cha) (chiu )?ra)\b/,
  /\b(dua thoi|dua thui|dua ti|noi dua|hi hi|haha|hihi|cho vui mieng|vui mieng|noi cho vui|noi choi|noi vui|gia vo|sung nuoc|phao bong|phao hoa|quen chia khoa|escape room|(choi|tro choi|game|thoat) phong kin|tho (sua )?khoa)\b/,
  // A feeling or a pleasure, then fainting or dying "luôn/mất" ("đói quá xỉu luôn", "nghe muốn xỉu luôn").
  new RegExp(`\\b(${FEELINGS}|vui|me|dep|hay|ngon|dinh|phe|nghe|xem|dau long)( qua| lam| thiet| ghe| vai)?( muon| gan| suyt)? (xiu|ngat|chet) (luon|mat|di duoc|that|roi)\\b`, 'u'),
  /\b(tao|tui|toi|em|minh|t) muon (bop co|no tung|dap|an tuoi nuot song)\b|\bmuon no tung\b|\bno tung (mang|mxh|cong dong|san khau|khan dai|phong ve|dau)\b/,
  // A heart, a head or a belly "about to burst" is a feeling ("tim muốn nổ tung", "đầu muốn nổ").
  // (Bare "nổ" only after "muốn/sắp/như": folded, "nó" is "no" and "nào" is "nao".)
  /\b(tim|dau|nao|bung|dau oc|cai dau)( \p{L}+){0,3} ((muon |sap |nhu muon |nhu )?(no tung|vo tung|boc chay|boc khoi)|(muon|sap|nhu muon|nhu) no)\b/u,
  /\b(yeu|nho|thuong)\b.{0,10}\b(muon|gan) chet\b/,
  // Hyperbole: a feeling or an effort, then "muốn/gần/suýt" and a dying word ("cười muốn tắt thở",
  // "đau cơ muốn chết", "ôn thi muốn xỉu", "sợ muốn đứng tim").
  new RegExp(`\\b(${FEELINGS})( (\\p{L}+))?( qua| lam| thiet| ghe| vai| that)? (muon|gan|suyt|sap) (chet|xiu|ngat|tat tho|dung tim|ngung tho|dien|khoc)\\b`, 'u'),
  // A plea for schoolwork or a gadget, not a life ("cứu em môn toán", "cứu em bài này").
  /\bcuu (em|toi|tui|minh|tao|e|t)( voi)? (mon|bai|de|deadline|diem|cau)\b/,
  /^ ?cuu (em|toi|tui|minh|tao|e|t)( voi| vs)?( \|)? (mai|sap|tuan sau|chieu nay|toi nay|sang mai) (thi|kiem tra|nop bai|thuyet trinh|bao cao|bao ve)\b/,
  // Prevention and training are topics, not events ("học bơi phòng đuối nước", "phòng cháy chữa cháy").
  /\b(phong chay chua chay|pccc|so cap cuu(?! (la|so|may|goi|bao nhieu|o dau))|hoc so cuu|(phong chong|phong ngua|phong tranh|de phong|phong|tranh|canh giac|nhan biet|day (con|tre|be) (tranh|phong|cach)) (bi )?(duoi nuoc|dien giat|ngo doc|tai nan|xam hai|bao luc|bat coc|tu tu|lac|di lac|chay|hoa hoan|lua dao|buon nguoi|dot quy))\b/,
  // Fiction and pets (folded "truyen" is also truyền dịch: only unambiguous story words).
  /\b(nu chinh|nam chinh|tieu thuyet|tap cuoi|ket phim|bo phim|cuon truyen|truyen tranh|manga|anime|kinh di|trinh tham|truyen (ma|ngon tinh|vien tuong|hanh dong))\b/,
  // Schoolwork on a literary text ("tóm tắt đoạn anh Dậu bị trói đánh", "phân tích nhân vật Chí Phèo").
  /\b(tom tat|soan bai|doan trich|tac pham|van mau|bai van|nghi luan|truyen ngan|bai tho|phan tich (doan|nhan vat|hinh anh|chi tiet|bai)|cam nhan (ve )?(doan|nhan vat|bai|hinh anh)|(viet|lam) (bai )?(van|doan van)|ke lai (doan|chuyen|cau chuyen|truyen))\b/,
  // A supposition said to be wrong, about someone back or well ("tưởng bị bắt cóc luôn rồi hả"):
  // only with no now-marker and nothing else reported.
  /^(?!.*\b(dang|van dang|bay gio|luc nay|cuu|goi khong|khong lien lac)\b).*\b(tuong|cu tuong|con tuong|lai tuong)( la| dau)? (\w+ ){0,2}(bi )?(bat coc|bat di|chet|mat tich|di lac|bi lac|bien mat|bo tron)( \w+){0,2} (roi|chu|luon)( ha| a| chu| day| ta| ne| ay)?\s*(\||$)/,
  /\b(ca vang|be ca|ca canh|con meo|con cho|cho nha|meo nha)\b.{0,25}\b(chet|lac|mat tich|bi nhot|mat)\b/,
  // A sick or poisoned pet taken to the vet ("con mèo ăn phải thuốc chuột, đang co giật, thú y nào gần").
  /\b(con meo|meo nha|con cho|cho nha|chu cho|cun|thu cung|pet|con ga|ga nha|con heo|con bo|con trau)\b.{0,60}\b(thu y|phong kham (thu cung|thu y)|benh vien thu cung)\b/,
];



/** A patient already cared for: in hospital, under treatment, on oxygen there. */
const IN_CARE = /\b((dang|duoc|da duoc) (cap cuu|mo|phau thuat|hoi suc)( \w+){0,2} (o|tai|trong) (benh vien|vien|bv|tram y te|phong mo)|(dang|da|duoc|van dang) (nam vien|dieu tri|nhap vien|chua tri|dieu tri noi tru|tho oxy o|nam (o |tai )?(benh vien|vien|khoa))|nam vien|dang o (benh vien|vien|khoa|phong hoi suc)|nhap vien (roi|tu|duoc))\b/;
/** A condition years or months old ("liệt nửa người 2 năm nay", "lâu năm", "bẩm sinh"). */
const CHRONIC = /\b((\d+|may|vai|nhieu|hai|ba|mot) (nam|thang) (nay|roi|nay roi)|lau nam|tu nho|bam sinh|man tinh|nam (mot cho|liet giuong|liet mot cho))\b/;
/**
 * The one whose body was in trouble has died, told as a fact ("anh vừa mất tại nhà hôm thứ Bảy vì
 * nhồi máu cơ tim", "đưa vào bệnh viện thì không qua khỏi"): nothing is left for an ambulance.
 */
const DIED =
  /\b(khong qua khoi|(da|vua|moi) (mat|qua doi|tu vong)( \w+){0,2} (tai|o|luc|hom|ngay|vi|do|sau|roi|tuan|thang|nam)|(da|vua|moi) qua doi|da tu vong|(mat|qua doi) (nam|thang|tuan|hom) (truoc|roi|qua|ngoai))\b/;
/**
 * A child already in the care of an institution ("bé gái bị bỏ rơi đang ở trung tâm bảo trợ xã
 * hội", "đứa bé bị bỏ trước cổng nhà thờ, giờ các sơ đang nuôi"): looked after, not missing. ("chùa"
 * folds onto "chưa": a pagoda is named with its gate, a house or a place, "tòa chưa xử quyền nuôi con" is none.)
 */
const SHELTERED =
  /\b(dang |duoc |hien )?(o|tai|gui|nuoi|cham soc) (o |tai )?(trung tam bao tro|co so bao tro|trung tam cong tac xa hoi|co so tro giup xa hoi|nha tinh thuong|lang sos|lang tre|mai am|co nhi vien|trai tre)\b|\b(nha chua|(cong|san|trong|o|tai) chua|nha tho|su thay|su co|nha su|cac so|cac xo|ba xo|cac ni co)( \w+){0,2} (dang |da |van )?(nuoi|cham soc|cuu mang|nhan nuoi|nuoi duong|bao boc)\b/;

/**
 * A past a year or more away, or the writer's childhood ("hồi 3 tuổi", "hồi nhỏ", "năm ngoái",
 * "5 năm trước", "năm 2019"): with no now-word, however sure the model is, no alarm.
 */
const FAR_PAST =
  /\b((hoi|luc|khi) (\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) tuoi|hoi nho|luc nho|hoi be|ngay xua|hoi xua|nam ngoai|nam kia|(\d+|mot|hai|ba|bon|nam|may|vai|chuc) nam (truoc|roi|ve truoc)|cach day (\d+|mot|hai|ba|may|vai) nam|nam (19|20)\d{2}|hoi (con )?(di hoc|sinh vien|cap \d|con tre))\b/;

/** Words that put the event in the past and over (no danger now unless a "now" word is there too). "bão vừa rồi", "tháng 4 vừa qua": the recent storm, last April, not "just now". */
const PAST = /\b((hoi|luc|khi) (\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) tuoi|(bao|lu|dot|tran|ky|dip|tet|mua|thang( \d+)?|tuan|nam|hom) vua (roi|qua)|toi qua|dem qua|dem hom qua|toi hom qua|chieu qua|trua qua|sang qua|bua truoc|bua hom|hom bua|hom truoc|hoi do|hoi tet|lan truoc|dot truoc|truoc kia|cach day \d+ (nam|thang|tuan)|\d+ (nam|thang) truoc|hom qua|hom kia|tuan truoc|tuan roi|thang truoc|thang roi|nam ngoai|nam truoc|nam roi|hoi truoc|truoc day|ngay xua|hoi nho|luc nho|da lau|may nam|(da|tu|cach day|hon|gan|ca|suot) (may|vai) thang|(may|vai) thang (truoc|nay|roi|qua|lien|sau|sau do)|tu nam|tu thang|da xong|da qua|da ly hon|da duoc cuu|duoc giai cuu|da ra vien|ra vien roi|tron ra duoc|da tron|ve roi|da ve|da on|gio da on|da an toan|chuyen cu|khong thanh|tung bi|tung nhot|nan nhan|trong vu|sau vu|thiet hai do|bi chay trong|bi chay het|da dap tat|nam \d{4}|da \d+ (nam|thang|tuan)|hoi (thang|tuan) \d+|hoi (dau|cuoi|giua) (thang|nam|tuan)|(dau|cuoi|giua) (thang|tuan) (truoc|roi)|da trinh bao|trinh bao roi|da bao (cong an|cong an roi|cho cong an)|hoi (he|dong(?! (hoa giai|quan tri|nhan dan|xet|thanh vien|truong|thi|tham phan|dinh gia|boi thuong|nghia vu|y))|xuan|thu(?! (tuc|tien|nghiem|phi|hoi|xem|lai))|con nho|be|xua|cap \d|sinh vien|con tre)|(da|co) tung|tung (bi|co|danh|doa|nghi|lam)|\d+ (nam|thang) (nay|roi|khong|chua|truoc)|hoi (chung song|song chung|con chung song|con song chung|con o chung|con la vo chong|con lay nhau|moi cuoi|con o voi (no|han|anh ta|ong ta|ong ay|anh ay))|(chuyen|vu viec|nhung lan|may lan) (bao luc|danh dap|bi danh|xo xat|danh nhau) cu|ly hon (duoc|da|roi) (\d+|may|vai|hai|ba|nam) (nam|thang)|ly hon tu (nam|thang|\d))\b/;
/** The writer's own study or research ("em đang làm bài tiểu luận", "đang tìm hiểu về …"): a now of the writer's desk, not of a harm. */
const STUDY = '(lam|viet|soan) (bai|tieu luan|luan van|khoa luan|do an|de tai|bao cao)|hoc (bai|mon|luat|nganh|lop so)|on thi|tim hieu|nghien cuu|di lam (co|o|tai|cho|cong ty)|dong bao hiem|huong (luong|che do|tro cap)';
// Folded look-alikes kept out: đăng ký is not đang, cấp cứu and cứu kịp are not a plea, gặp is not gấp.
const NOW = new RegExp(String.raw`\b(tu (hom qua|toi qua|dem qua|sang|chieu|trua|toi(?! da)|dem|sang nay|chieu nay|hom kia|may hom|may ngay|hai ngay|ba ngay|\d+ ngay|\d+ tieng|\d+h)|den gio|(sang|chieu|trua|toi|dem|qua|kia|luc \w+) (toi|den) (gio|bay gio)|toi gio (van|ma|con|chua|khong|ko)|den chu|(?<!(chinh|xung|dam|dieu|doan|hop|tuong|kha) )dang(?! (ky|ki|tin|bai|anh|len|tai|kiem|bao(?! hanh)|quang cao|tuyen|${STUDY}))|vua(?! (roi|qua)\b)|(?<!\b(bao|lu|dot|nam|ky|tran|lan|hom|tuan|mua|tet|dip|chuyen|vu|thang(?: \d+| \w+)?) )vua (roi|qua)|bay gio|luc nay|hom nay|van dang|giup toi ve|xin hay giup|cuu toi|khong dam ve|so lam|dang so|van con so|so qua|(?<!\b(hoi (xua|truoc|do|ay|chung song|song chung|con chung song|con song chung|con o chung|con la vo chong|con lay nhau|con o voi \w+( \w+)?)|truoc (day|kia)|ngay (xua|truoc)|nam (xua|do|ay))\b.{0,40})(hay danh|thuong xuyen danh|ngay nao cung danh)|ngay bay gio|hien gio|ngay luc nay|toi nay|dem nay|phut truoc|tieng truoc|gio truoc|nhanh len|rat gap|gap lam|(?<!(cap|truy|nghien|tra|duoc|so|da duoc|tinh nguyen|vien|khong|ko|chang|nghia vu|giai) )cuu(?! (ho|nan|ve|song|thoat|duoc|tro|kip|thuong|o dau|the nao|ra sao|giup (nguoi|ai|nan nhan)))|cuu voi|khan cap|ngay lap tuc|van con(?! (han|hieu luc|giu|luu|nguyen|ten|so|dung duoc|su dung|dong|ban chinh|giay))|van chua|con dang|suot \d+ (nam|thang|tuan) nay|ngay nao cung|thuong xuyen|(\d+|may|vai|muoi|hai|ba|nam) phut|(\d+|may|vai|hai|ba) tieng (truoc|nay|roi|qua|ma|dong ho)|nay gio|bay chu|(ti|chut|lat|mot lat|it phut) nua (la|thi|se|chac|no|han)|bua ni|bua nay|toi ni|dem ni|hom ni|luc ni|chung ni|moi (quay di|vua|xay ra)|tu nay|(giup|cuu) (toi|em|tui|minh|con|chau|me|ba|bo) voi|(may|vai|hai|ba|\d+) (hom|ngay|bua) nay)\b`);

/**
 * A question about what the law does with a harm, not a report of one: a word of legal
 * consequence and a question frame in the same sentence ("bắt cóc trẻ em bị xử lý thế nào",
 * "bỏ đói người già có bị tội không", "tự vệ làm chết người có phạm tội không"). Folded
 * "tội" is also "tôi" (I): only its unambiguous frames.
 */
const LAW_WORDS =
  /\b(bi phat|phat (bao nhieu|tien|tu|the nao|ra sao)|xu phat|bi xu ly|xu ly (the nao|ra sao|nhu the nao|nhu nao|sao)|bi xu|truy cuu|trach nhiem hinh su|pham toi|pham luat|vi pham|bi toi|co toi (khong|ko|hong|gi|chua)|toi gi|toi danh|mac toi|bi tu|(bi|phai|se) di tu|di tu (khong|ko|hong|bao lau|may nam|bao nhieu)|nam tu|ngoi tu|phat tu|hop phap|trai phep|luat|phap luat|quy dinh|ai (phai )?(den|boi thuong|chiu)|boi thuong|den bu|lenh cam|cam tiep xuc|cam (\w+ ){0,2}(lai gan|den gan|tiep can|tiep xuc)|bien phap (cam|ngan chan|bao ve)|co quyen|toa an|kien (duoc|ai|nguoi)|bang chung|lam chung|khoi to|xet xu|to sai|vu khong|bi to|cao buoc|tich thu|co duoc (phep )?(mang|cam|giu|dung|so huu|tang tru|mua|ban|trang bi) )\b/;
// Central words too: "mang chi theo", "làm răng", "ở mô".
const QUESTION_FRAME = /\b(khong|ko|hong|hok|k|chua|the nao|ra sao|nhu nao|bao nhieu|gi|ai|nao|sao|chi|rang|mo)\s*$/;
/**
 * A question about a procedure or a benefit on an alarming topic: "hồ sơ xin giấy phép cơ sở
 * cấp cứu", "nhà có người chết đuối thì xin hỗ trợ ở đâu", "đi cấp cứu trái tuyến bảo hiểm trả".
 */
const ADMIN_WORDS = /\b(giay chung sinh|giay khai sinh|lam lai giay|cap lai giay|thu tuc|ho so|giay phep|cap phep|giay to gi|giay to nao|le phi|giay chung nhan|trich luc|tham duyet|hanh nghe)\b/;
/** Benefit and registration words: a procedure question only with a question frame. */
const ADMIN_ASKS = /\b(khai tu|bao tu|chung tu|lam giay|mai tang|tro cap|che do|bao hiem|chi tra|thanh toan vien phi|ho tro|trai tuyen|dang ky|thanh lap|kinh doanh)\b/;

/**
 * Whether some sentence asks the law or a procedure about the harm (the whole message has no
 * "now" word: a report of danger now that also asks the law stays danger).
 */
/** A sentence that opens with the name of a rule, a penalty or a procedure asks about it ("Quy định về phòng cháy …", "cho hỏi mức phạt khi mang dao …"). */
const RULE_TOPIC_START = /^((cho|xin) (em |toi |minh |tui )?hoi (ve )?)?(quy dinh|muc phat|muc xu phat|che tai|dieu kien|thu tuc|ho so|luat|bo luat|nghi dinh|thong tu|quy trinh|tieu chuan|quy chuan)\b/;

/** Who pays or answers for a harm is a question wherever it stands ("rứa ai phải đền, con tui hay vợ chồng tui?"). */
const WHO_ANSWERS =
  /\bai (phai |se |moi )?(chiu )?(den|boi thuong|chiu trach nhiem|tra tien|lo chi phi)\b|\bco (phai|bi bat|bi buoc) (den|den bu|boi thuong|chiu trach nhiem|tra tien)\b.{0,30}\b(khong|ko|hong|hok|k|chua)\b/;

/**
 * A legal consequence with its question word right after it, wherever the sentence goes on
 * ("… thì bị xử tội chi, tui coi thời sự thấy ghê quá", "tội … thì đi tù bao nhiêu năm ạ, em đang
 * làm tiểu luận"): the question is asked mid-sentence, before a remark about the writer.
 */
const LAW_ASKED = new RegExp(`(${LAW_WORDS.source}).{0,24}\\b(chi|gi|nao|khong|ko|hong|hok|bao nhieu|bao lau|may nam|the nao|ra sao|nhu nao)\\b`);

function asksNotReports(sentences: readonly string[]): boolean {
  return sentences.some((x) => RULE_TOPIC_START.test(x) || WHO_ANSWERS.test(x) || (LAW_WORDS.test(x) && (QUESTION_FRAME.test(x) || /\b(khong|ko|the nao|ra sao|bao nhieu)\b/.test(x))) || LAW_ASKED.test(x) || ADMIN_WORDS.test(x) || (ADMIN_ASKS.test(x) && (QUESTION_FRAME.test(x) || /\b(o dau|bao nhieu|the nao|khong|ko|ai la nguoi|ai di|mang (gi|chi)|can (gi|chi))\b/.test(x))));
}

/** A sentence that supposes rather than reports ("nếu …", "giả sử …", "trường hợp … thì"). */
const HYPOTHETICAL = /^(\p{L}+ ){0,4}?(neu|gia su|gia nhu|trong truong hop|truong hop)\b/u;

/**
 * A general question in the conditional, with nobody named as the writer and no "now" word:
 * "bị chồng đánh thì báo cho ai, gọi ở đâu", "khi bị bắt nạt thì làm gì". It asks what one does
 * in such a case; the model alone must not make it an emergency.
 */
const GENERAL_CONDITIONAL = /^(neu |khi |lo |gia su |trong truong hop )?(bi|neu bi|khi bi)\b.{0,60}\bthi\b.{0,60}\b(ai|dau|nao|gi|sao|khong|ko)$/;
const FIRST_PERSON = /\b(toi|tui|em|minh|tao|e|t|mk)\b/;

/**
 * An animal kept at home, by words that fold onto nothing else ("con mèo", "cá betta", "bể cá";
 * not bare "con cá", which folds like "còn cả", nor "con thỏ", like "còn thở").
 */
const ANIMAL =
  /\b(con meo|meo nha|con cun|cun nha|chu cho|cho nha|con chim|chim canh|con vet|hamster|thu cung|pet|be ca (canh|vang|nha|cua)|ho ca (canh|koi|nha)|bon ca|(con|nuoi|bay|dan) ca vang|ca canh(?! (tay|dong|rung|cua|sau|truoc|ga|chim))|ca (betta|koi|bay mau|la han|than tien|ba duoi))\b/;
const ANIMAL_OPENS = new RegExp(`(^ |\\| )(\\w+ ){0,3}?${ANIMAL.source}`);
/**
 * A plant in a pot or a garden that opens a sentence ("cây mai nhà bà bị sâu ăn chết hết lá, có cứu
 * được không"): its dying and its saving are a gardener's words. Not a plant that falls, breaks or
 * burns, which can hurt someone ("cây xoài đổ đè …"); not "chậu", which folds onto "cháu".
 */
const PLANT = /\b(cay (mai|dao|quat|bonsai|kieng|canh|hoa|lan|buoi|cam|xoai|mit|nhan|vai|ot|chanh|sau rieng|ca phe|hong|tieu|che|la|bang|sung)|bon hoa|vuon (rau|hoa|lan|cay|buoi|cam|xoai)|hoa (lan|hong|mai|dao)|lan ho diep|bonsai|luong rau|ruong (lua|rau|ngo|dua))\b/;
const PLANT_OPENS = new RegExp(`(^ |\\| )(\\w+ ){0,3}?${PLANT.source}`);
/** The one asked, named after the question's last word ("… có cứu được không cháu"): the addressee, not someone in trouble. */
const ADDRESSEE_AT_END = /\b(khong|ko|hong|hok|chua|nhe|nha|a|ha|vay|the|sao|gi)( (chau|con|em|anh|chi|co|chu|bac|ban|ad|ong|ba|moi nguoi))+ *$/;
// What burns may be the plant's own part, a gardener's sickness ("cháy lá", "cháy rễ", "cháy ngọn").
const PLANT_HARMS_PEOPLE = /\b(do|nga|de|sap|gay|dien|chay(?! (het )?(la|re|ngon|canh|goc|choi|bong|trai)\b)|lua|ngo doc|an phai|nuot)\b/;
/** The owner of a thing or an animal ("con mèo nhà cháu", "cây mai của bà"): named, not in trouble. */
const OWNER = /\b(nha|cua) (toi|tui|em|minh|chau|ba|ong|co|chu|bac|anh|chi|con|tao|tau)\b/g;
/** Someone addressed at the start ("Cháu ơi, cho bà hỏi …", "ad oi"): the one asked, not someone in trouble. */
const ADDRESSEE_AT_START = /^ *((\w+ ){0,2}(chau|con|em|anh|chi|co|chu|bac|ban|ad|admin|ong|ba|moi nguoi|ca nha|shop) (oi|a|nhe)\b)?( (cho|xin) (\w+ )?hoi( chut| xiu| ti)?\b)?/;
/**
 * A farm or house animal named with its marks near a sentence's start as the one something
 * happens to ("con chó nhà bà ăn phải bả chuột", "con gà bị …"; not "con heo đất", a piggy bank):
 * typed so, these are animals, though folded "con cho" is also "còn cho".
 */
const ANIMAL_TYPED = /(?:^|[.!?\n]\s*)(?:[\p{L}\d]+[\s,]+){0,6}?(?:con|chú|bé|em|đàn|bầy) (?:chó|mèo|gà|vịt|ngan|ngỗng|heo|lợn|bò|trâu|dê|ngựa|thỏ|rùa|chim|cá) (?:nhà|của|cưng|bị|đang|vừa|ăn|nó)(?=$|[^\p{L}])/iu;
/**
 * A person who could be the one in trouble (the writer's own pronouns aside: "nhà em" owns the
 * pet). "Bé" only where it names a child, not a tank ("đáy bể").
 */
const PERSON_NAMED =
  /\b(em be|con be|thang be|be (trai|gai)|chau|vo|chong|(?<!moi )nguoi|hang xom|tre (em|con|nho)|dua (nho|be|tre)|con (toi|tui|em|minh|trai|gai|nho)|(ong|ba|bo|me|ma|anh|chi|co|chu|ban|em) (toi|tui|minh|noi|ngoai|ay|hang xom))\b/;

export interface DangerSignal {
  /** The one in trouble is a pet and no person is named: no alarm, from the rules or the model. */
  animalOnly?: boolean;
  /** The event is told as a year or more ago (or in childhood) and no now-word is there: no model can make it an alarm. */
  farPast?: boolean;
  /** Someone in the message is already in hospital or under treatment (the model alone cannot call that an emergency). */
  inCare?: boolean;
  /** A general conditional question with no writer and no "now" word (see `GENERAL_CONDITIONAL`). */
  generalQuestion?: boolean;
  kinds: DangerKind[];
  /** Which patterns fired, for the decision's explanation. */
  matches: string[];
  /** A harmless reading was found (hyperbole, prices, games). */
  harmless: boolean;
  /** The event is told as past and no "now" word is present. */
  pastOnly: boolean;
  /** The message asks what the law (or a procedure) does about the harm and no "now" word is present. */
  lawQuestion: boolean;
  /** A harm state (`danger-states.ts`) was found, a now-marker with it where the state needs one. */
  acute: boolean;
  /**
   * Every alarming part of the message is framed as a topic, not a report: a general
   * conditional question about "a person"/"a child" ("người bị … thì … không"), news, a first-aid
   * class, a film (see `framedAsTopic`). Neither the rules nor the model make it danger.
   */
  framed: boolean;
}

/** Clauses that ask in general: a conditional or a generic person, then "thì", then a question word. */
const GENERIC_CLAUSE =
  /^(\p{L}+ ){0,3}?(neu|khi|gia su|gia nhu|truong hop|trong truong hop|nguoi|ai|mot nguoi|nguoi ta|tre em|tre|hoc sinh|nguoi nao|ke|doi tuong|hanh vi|viec|vu)\b.{0,80}\bthi\b.{0,80}\b(ai|dau|nao|gi|sao|khong|ko|bao nhieu|bao lau|the nao|ra sao|nhu the nao)\b/u;
/**
 * What one does in such a case, asked in general: the clause opens with "khi / nếu / giả sử /
 * trường hợp" or "người (ta) / ai", nothing before it, and asks what to do or how to give first
 * aid ("Khi bị điện giật thì người xung quanh nên làm gì", "Người bị rắn cắn thì sơ cứu thế nào").
 * A bystander at the scene names who it is ("có người", "ông tôi"), so "có người bị … thì làm
 * sao" is no general question.
 */
const FIRST_AID_IN_GENERAL =
  /^((cho|xin) (em |toi |minh |tui )?hoi )?(khi|neu|gia su|gia nhu|truong hop|trong truong hop|nguoi|nguoi ta|ai)\b.{0,80}\bthi\b.{0,40}\b(nen lam gi|phai lam gi|can lam gi|lam gi|so cuu|xu tri|xu ly)\b/;
/** Clauses about a class, a drill, fiction or volunteering (whoever writes them). */
const TOPIC_CLAUSE =
  /\b((cach|huong dan|ky nang) so (cap )?cuu|lop (hoc )?so (cap )?cuu|(lop|khoa|hoc|chung chi) (\w+ ){0,2}(cuu ho|cuu nan|cuu sinh|boi loi|an toan)|hoc so (cap )?cuu|khoa (hoc )?so (cap )?cuu|tap huan|dien tap|ky nang (so cuu|thoat hiem|phong)|tinh nguyen vien|(bo|tap|cuon|trong) phim|tieu thuyet|truyen tranh|choi game|tro choi|tom tat (\w+ ){0,3}(doan|truyen|tac pham|bai|phim|noi dung|chuong|tap|cau chuyen)|soan bai|doan trich|tac pham|van mau|bai van|nghi luan|truyen ngan|phan tich (doan|nhan vat|tac pham|bai tho|hinh anh|chi tiet)|tieu luan|luan van|khoa luan|de tai|mon (phap luat|luat|gdcd|giao duc cong dan)|hoc truoc|biet truoc|de phong|phong khi|phong truong hop|phong sau nay|lo sau nay|(lam (the nao|sao)|cach nao) de (biet|nhan biet|nhan ra|phat hien)|(cach|dau hieu) (de )?nhan biet)\b/;
/** Clauses that pass on news or hearsay, or raise help for others; framed only when nobody of the writer's is in them. */
const NEWS_CLAUSE = /\b(xem clip|coi clip|xem video|coi video|coi tin|doc tin|luot (tiktok|facebook|fb|mang)|tren (tiktok|youtube)|canh bao|du bao|thoi tiet|doc bao|xem bao|tren bao|bao dua tin|bao chi|thoi su|ban tin|tren (tivi|tv)|xem tin|nghe tin|nghe noi|nghe ke|vu an|quyen gop|ung ho|tu thien|cuu tro)\b/;
/** The reader's fear or dismay at what they read or watched. */
const FEAR_AT_NEWS = /\b(thay |that |nghe )?(so|ghe|lo|hai) (qua|lam|that|ghe|ca nguoi)\b|\b(van con|dang|van) so\b/g;
/** First person or a person of the writer's family: such a clause reports, it does not ask in general. */
const WRITER_CLAUSE = /\b(toi|tui|(?<!(tre|anh|chi|cac|hai|be) )em|minh|tao|con toi|con em|con minh|nha toi|nha em|nha minh|vo toi|chong toi|me toi|bo toi|ba toi)\b/;

/**
 * Whether each clause of the message that could carry an alarm is framed as a topic (a generic
 * conditional question, news, a class, fiction) and no clause outside them reports anything
 * with a now-marker: "Em đang học lớp sơ cứu, khi gặp người bị co giật thì nên làm gì".
 */
function framedAsTopic(raw: string, lifeAtRisk: boolean): boolean {
  const clauses = raw
    .split(/[,.!?;:\n]+/)
    .map((c) => fold(c).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  // A first-aid class or a film around the question makes it one in general.
  if (lifeAtRisk && clauses.some((c) => TOPIC_CLAUSE.test(c))) lifeAtRisk = false;
  // First the cheap part: which clauses are framed; the harm patterns run only on the others.
  const framed = new Array<boolean>(clauses.length).fill(false);
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    // A conditional clause may be split from its "thì" by a comma: read it with the next one.
    const joined = i + 1 < clauses.length ? `${c} ${clauses[i + 1]}` : c;
    // "Trẻ bị co giật thì làm sao" may be a parent at the bedside: where a life is at risk, a
    // general question is one only when it asks the law, a benefit or who is responsible.
    const generic =
      (GENERIC_CLAUSE.test(c) || GENERIC_CLAUSE.test(joined)) &&
      !WRITER_CLAUSE.test(c) &&
      !NOW.test(` ${joined} `) &&
      (!lifeAtRisk || LAW_WORDS.test(joined) || ADMIN_WORDS.test(joined) || ADMIN_ASKS.test(joined) || /\b(co quan|trach nhiem|gia dinh|nguoi nha)\b|\bco duoc\b.{0,60}\b(khong|ko)\b/.test(joined) || FIRST_AID_IN_GENERAL.test(joined));
    // Fear at the news ("đọc báo thấy vụ bắt cóc … sợ quá") is no report of now.
    // The writer only as the one who watches or reads ("em xem clip trên tiktok có người nhảy cầu").
    const told = c.replace(/\b(toi|tui|em|minh|tao|t|e) (vua |moi |dang )?(xem|coi|doc|nghe|luot)\b/g, ' ').replace(/\b(so|ghe|lo) (qua|lam|that|ghe)\b/g, ' ');
    const news = NEWS_CLAUSE.test(c) && !WRITER_CLAUSE.test(told) && !NOW.test(` ${told} `);
    if (generic || news || TOPIC_CLAUSE.test(c)) {
      framed[i] = true;
      if (!GENERIC_CLAUSE.test(c) && GENERIC_CLAUSE.test(joined)) framed[++i] = true;
    }
  }
  if (!framed.includes(true)) return false;
  return clauses.every((c, i) => framed[i] || ((!NOW.test(` ${c} `) || /\b(hoc|tap|xem|doc)\b/.test(c)) && !anyState(` ${c} `)));
}

/** Whether a folded clause holds any harm phrase or strong state (framing check only). */
function anyState(t: string): boolean {
  return DANGER_KINDS.some((k) => ANY_STRONG[k].test(t));
}

/**
 * A span of a year or more up to now ("từ 2023 đến giờ", "từ năm ngoái tới nay"): a long-standing
 * state, so its "đến giờ" is no now-marker (a now-word elsewhere still is).
 */
const LONG_SINCE = /\btu (nam |thang \d+ (nam )?)?((19|20)\d\d|nam ngoai|nam kia|(\d+|may|vai|hai|ba) nam (truoc|nay)) (\w+ )?(den|toi) (gio|nay|bay gio)\b/g;

/**
 * A clause about papers, a procedure or an authority's handling of a case ("tôi đang cần nộp hồ
 * sơ thi công chức gấp", "đến giờ chưa thấy xử"): its now-word is the errand's or the case's,
 * not the harm's.
 */
const ERRAND_CLAUSE =
  /\b(ho so|giay to|thu tuc|nop (don|ho so|giay)|lam (don|giay|thu tuc|ho so|lai)|viet don|xin (giay|cap|lam)|khai tu|cap lai|thi cong chuc|(chua|khong|ko|van chua|chang|van khong)( thay| duoc| ai| co ai| ai chiu)? (xu|xu ly|giai quyet|tra loi|boi thuong|den bu|khoi to|dieu tra|co ket qua|hoi am|thong bao|moi len|goi len))\b/;

/**
 * Whether every clause of the message with a now-word is an errand's (`ERRAND_CLAUSE`) with no
 * harm in it: then a harm told elsewhere keeps its own time ("Năm ngoái nhà tôi bị cháy, … Tôi
 * đang cần nộp hồ sơ gấp"). Clauses are cut at punctuation and "nhưng"; a now-word only the
 * teencode expansion makes (no clause shows one) is left to the whole text.
 */
function nowOnlyInErrands(raw: string): boolean {
  if (!raw) return false;
  const clauses = raw
    .split(/[,.!?;:\n]+|\s(?=nhưng\s|nhung\s)/iu)
    .map((c) => ` ${fold(c).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim()} `)
    .filter((c) => c.trim());
  const withNow = clauses.filter((c) => NOW.test(c));
  return withNow.length > 0 && withNow.every((c) => ERRAND_CLAUSE.test(c) && !anyState(c) && !DANGER_KINDS.some((k) => ANY_NOW[k].test(c)));
}

/** Past markers that tell a recent point or a span up to now, not a bygone state. */
const RECENT_PAST = /^((hom|toi|dem|sang|chieu|trua) qua|dem hom qua|toi hom qua|hom kia|bua (truoc|hom)|hom (bua|truoc)|(\d+|may|vai|hai|ba) (ngay|tuan|thang) (nay|roi|qua)|tuan (truoc|roi)|(may|vai) thang (nay|roi|qua|lien)|(da|tu|ca|suot|gan|hon) (may|vai) thang|da \d+ (thang|tuan))$/;
const PAST_ALL = new RegExp(PAST.source, 'g');

/** Whether every past marker of the (past-masked) text is a recent one (`RECENT_PAST`). */
function pastMarkersAllRecent(pastView: string): boolean {
  for (const m of pastView.matchAll(PAST_ALL)) if (!RECENT_PAST.test(m[0])) return false;
  return true;
}

/** Runs the rules on folded, teencode-expanded text. */
/** Markers that the event is over whatever else the message says ("được giải cứu", "không thành"); "đã chôn" folds onto "đã chọn", so a date or a thing chosen ("đã chọn ngày rồi") is no burial. */
// Folded "mat do" is also "mặt đỏ" (a red face): "mất" only before "vì"/"bởi".
const OVER = /\b((da |lo )?chon cat (roi|xong)|(da (lo|lam|to chuc)|(lo|lam|to chuc) xong) (hau su|dam tang|tang le|ma chay|dam ma)|(hau su|dam tang|tang le|dam ma) (da )?(xong|roi)|da (chon(?! (ngay|gio|duoc|lua|ra|ten|truong|nghe|mua|mau|cach|xong|dia diem|noi|luc))|an tang|hoa tang)|lam dam (roi|xong)|an tang (roi|xong)|(?<!(chua|khong|ko|chang|hong|chua thay|van chua) )ve ((nuoc|que|nha|viet nam|vn) )?duoc (\d+|mot|hai|ba|bon|nam|may|vai) (ngay|tuan|thang|nam)\b|(chet|qua doi|tu vong|ra di) (vi|do|boi|sau) |mat (vi|boi) |duoc (\w+ ){0,3}giai cuu|(cong an|bien phong|luc luong chuc nang|chinh quyen|doi cuu ho|cuu ho)( (da|vua|moi|roi|phoi hop|kip thoi))* giai cuu|suyt bi|suyt nua|da lanh|lanh roi|khoi roi|da khoi|duoc (\w+ ){0,3}cuu song|duoc giai cuu|da ra vien|ra vien roi|tron ra duoc|tron ve|tron thoat|tron duoc (ve|ra|thoat|sang|qua)|thoat duoc|thoat ve|thoat ra duoc|da thoat|chay thoat|da duoc tha|duoc tha ve|khong thanh|chuyen cu|da an toan|gio da on|(?<!\b(tu|ke tu|bat dau tu|den|toi|tu thang \d+) )nam (19|20)\d{2}|(da )?tim (thay|duoc|ra) (roi|chau|be|con|nguoi)|da tim (thay|duoc|ra)|(da )?duoc (\w+ ){0,2}tim (thay|ra|duoc|ve)|(?<!(khong|chua|ko|het|van chua) )(ve (nha |den nha )?an toan|da an toan|an toan) roi|moi tim (thay|duoc|ra)|duoc cuu (ve|song|ra|thoat|kip)|da qua con nguy|qua con nguy kich|da binh phuc|lam lanh roi|da lam lanh|da kip thoi|(da )?cuu kip( thoi)? roi|cuu kip thoi|me tron con vuong|(me con|hai me con|ca hai|ca nha|moi nguoi|chau|be) (\w+ ){0,2}(deu |da )?(khoe|khoe manh|binh an|an toan|on)( manh)?( ca| het)? roi|dap tat (roi|duoc|kip)|tat roi may qua)\b/;

const OVER_ALL = new RegExp(OVER.source, 'g');

/**
 * Folded words that are also everyday words with other diacritics, and the spellings that
 * are the alarm: folded, "người giám hộ" is "nguoi giam", "bạn tôi" is "ban toi", "bộ đội"
 * is "bo doi", "án treo" is "an treo". A word the citizen typed *with* diacritics must be
 * one of these spellings for the phrase to count; typed without, it counts (we cannot tell).
 */
const ALARM_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  giam: ['giam'],
  ban: ['bắn', 'bán', 'ban'],
  chay: ['cháy', 'chảy', 'chạy'],
  tu: ['tự', 'tử'],
  nhot: ['nhốt'],
  chet: ['chết'],
  doi: ['đói', 'đòi'],
  cuu: ['cứu'],
  ket: ['kẹt', 'kết'],
  tim: ['tím', 'tim', 'tìm'],
  // Words that are no alarm themselves but sit inside alarm phrases: "tồn tại", "cần cấp cứu", "ban công".
  tai: ['tái', 'tại', 'tai'],
  tinh: ['tỉnh'],
  duoi: ['đuối', 'đuổi'],
  ran: ['rắn'],
  sua: ['sữa', 'sua'],
  can: ['cắn', 'cần', 'căn', 'cán', 'cản', 'can'],
  xiu: ['xỉu'],
  ngat: ['ngất', 'ngạt'],
  treo: ['treo'],
  sap: ['sập', 'sắp'],
  lac: ['lạc'],
  bat: ['bắt', 'bất'],
  // A stab, and sexual abuse (hiếp dâm, dâm ô); not đám, đầm, đảm.
  dam: ['đâm', 'dâm'],
  chem: ['chém'],
  danh: ['đánh'],
  mau: ['máu'],
  dap: ['đập', 'đạp'],
  quanh: ['quánh'],
  quat: ['quất'],
  lo: ['lở', 'lọ', 'lò'],
  dao: ['dao'],
  // A lake, a cough, "they" (họ không cho em về), a passport (giữ hộ chiếu), a pit; not hổ, hỗ trợ.
  ho: ['hồ', 'ho', 'họ', 'hộ', 'hố'],
  troi: ['trói'],
  lua: ['lửa', 'lừa'],
  khoi: ['khói', 'khỏi'],
  no: ['nổ', 'nó', 'nợ'],
  ga: ['ga', 'gas'],
  // Snatched, a convulsion, a shock; not "giặt" (washing: "máy giặt còn bảo hành" is no "giật con").
  giat: ['giật', 'giat'],
  // Choking (nghẹn cổ); not the southern particle "nghen" ("nó sanh 15/5 nghen cô").
  nghen: ['nghẹn'],
};

/**
 * Two-word phrases whose alarm is one spelling of a pair of look-alike words: folded, "bảo hành"
 * (a warranty) is "bạo hành" (abuse) and "đậm đà" (a rich taste) is "đấm đá" (punches). The
 * words alone are everyday words in other phrases ("báo", "hành lý"), so the spelling is read
 * per pair: typed with marks, the pair must be typed as the alarm.
 */
const PHRASE_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  'bao hanh': ['bạo hành'],
  'dam da': ['đấm đá'],
  // A pale face, not a death told ("mất tại nhà"): folded, "mặt tái" is "mất tại".
  'mat tai': ['mặt tái', 'mặt tai'],
};

/**
 * Compounds whose typed spelling vouches for a guarded word inside them: "để dành" (to save up,
 * as in "để dành đủ thuốc ngủ") is no "để đánh", yet it is the alarm phrase's own word. A guarded
 * word typed as part of one of these pairs passes the spelling check.
 */
const COMPOUND_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  'de danh': ['để dành'],
  'danh dum': ['dành dụm'],
};

/** Whether the raw word at `i` is typed as one of `COMPOUND_SPELLINGS` with its neighbour. */
function inTypedCompound(rawWords: readonly string[], i: number): boolean {
  for (const [a, b] of [
    [i - 1, i],
    [i, i + 1],
  ] as const) {
    if (a < 0 || b >= rawWords.length) continue;
    const typed = `${rawWords[a]} ${rawWords[b]}`;
    if (COMPOUND_SPELLINGS[fold(typed)]?.includes(typed)) return true;
  }
  return false;
}

/** Whether each look-alike pair of a matched phrase (see `PHRASE_SPELLINGS`) was typed as the alarm. */
function pairsTypedAsAlarm(phrase: readonly string[], rawWords: readonly string[], at: number, accented: boolean): boolean {
  for (let k = 0; k + 1 < phrase.length; k++) {
    const allowed = PHRASE_SPELLINGS[`${phrase[k]} ${phrase[k + 1]}`];
    if (!allowed) continue;
    const typed = `${rawWords[at + k]} ${rawWords[at + k + 1]}`;
    if (!allowed.includes(typed) && !(typed === `${phrase[k]} ${phrase[k + 1]}` && !accented)) return false;
  }
  return true;
}

/** Masks each look-alike pair (see `PHRASE_SPELLINGS`) the citizen typed with marks as something else. */
function maskPairs(folded: string, rawWords: readonly string[], accented: boolean): string {
  if (!accented) return folded;
  let out = folded;
  for (const [pair, spellings] of Object.entries(PHRASE_SPELLINGS)) {
    if (!out.includes(pair)) continue;
    const [a, b] = pair.split(' ') as [string, string];
    const typed: string[] = [];
    for (let i = 0; i + 1 < rawWords.length; i++) if (fold(rawWords[i]!) === a && fold(rawWords[i + 1]!) === b) typed.push(`${rawWords[i]} ${rawWords[i + 1]}`);
    if (typed.length > 0 && !typed.some((x) => spellings.includes(x))) out = out.replace(new RegExp(`\\b${pair}\\b`, 'g'), pair.replace(' ', '_'));
  }
  return out;
}

function wordsOf(raw: string): string[] {
  return raw.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Whether the citizen's own spelling of a matched phrase is the alarming one (see `ALARM_SPELLINGS`). */
function typedAsAlarm(matched: readonly string[], rawWords: readonly string[], accented: boolean): boolean {
  // A match across a sentence end ("… để trên bàn rồi | chỉ muốn hỏi …") is read on its words.
  const phrase = matched.filter((w) => w !== '|');
  if (rawWords.length === 0 || phrase.length === 0) return true;
  let seen = false;
  for (let i = 0; i + phrase.length <= rawWords.length; i++) {
    let same = true;
    for (let k = 0; k < phrase.length && same; k++) same = fold(rawWords[i + k]!) === phrase[k];
    if (!same) continue;
    seen = true;
    // A long match spans free words (".{0,80}" between a place and a harm): only its two ends
    // are the alarm's words; "lừa đảo" in between is no "dao" (knife).
    const ok = phrase.every((w, k) => {
      if (phrase.length > 4 && k >= 2 && k < phrase.length - 2) return true;
      const typed = rawWords[i + k]!;
      const allowed = ALARM_SPELLINGS[w];
      return !allowed || allowed.includes(typed) || (typed === w && !accented) || inTypedCompound(rawWords, i + k);
    });
    if (ok && pairsTypedAsAlarm(phrase, rawWords, i, accented)) return true;
  }
  if (seen) return false;
  // Teencode expansion or a pattern spanning punctuation: the phrase is not in the raw words as
  // such. A look-alike word of it the citizen did type must still be typed as the alarm ("ko, tính
  // ntn" is no "không tỉnh"); a word only the expansion made ("cc" → "cấp cứu") counts.
  if (!accented) return true;
  return phrase.every((w) => {
    const allowed = ALARM_SPELLINGS[w];
    if (!allowed) return true;
    const typed = rawWords.filter((x) => fold(x) === w);
    return typed.length === 0 || typed.some((x) => allowed.includes(x) || x === w);
  });
}

/** All the patterns of a list as one (folded text is ASCII, so "\\p{L}" can be "\\w" and no Unicode mode is needed). */
function combined(list: readonly RegExp[]): RegExp {
  return list.length ? new RegExp(list.map((re) => `(?:${re.source.replaceAll('\\p{L}', '\\w')})`).join('|')) : /(?!)/;
}
const ANY_STRONG = Object.fromEntries(DANGER_KINDS.map((k) => [k, combined([...KIND_PATTERNS[k], ...STATE_PATTERNS[k].strong])])) as Record<DangerKind, RegExp>;
/** The now-gated signs of being held, every occurrence (see the state pair in `dangerSignal`). */
const CONFINEMENT_NOW_ALL = new RegExp(combined(STATE_PATTERNS.confinement_trafficking.now).source, 'g');
const ANY_NOW = Object.fromEntries(DANGER_KINDS.map((k) => [k, combined(STATE_PATTERNS[k].now)])) as Record<DangerKind, RegExp>;

/**
 * The first match of `re` in `t` whose words the citizen typed as an alarm (`typedAsAlarm`):
 * when the leftmost match is a look-alike ("lang thang ngoài quốc lộ …"), the search goes on
 * from the next word, a few times at most.
 */
function typedMatch(re: RegExp, t: string, rawWords: readonly string[], accented: boolean): RegExpExecArray | undefined {
  let from = 0;
  for (let tries = 0; tries < 4; tries++) {
    const m = re.exec(from ? t.slice(from) : t);
    if (!m) return undefined;
    if (typedAsAlarm(m[0].trim().split(' '), rawWords, accented)) {
      m.index += from;
      return m;
    }
    const next = t.indexOf(' ', from + m.index + (m[0].startsWith(' ') ? 1 : 0));
    if (next < 0) return undefined;
    from = next;
  }
  return undefined;
}

/**
 * Now-words that fold onto everyday words ("đăng clip" is "dang clip", "Cửu Long" is "cuu long"):
 * in a message typed with diacritics, a folded now-word none of whose typed spellings is the
 * now-word is masked, so that neither a now-marker nor a pattern built on it reads it.
 */
const NOW_SPELLINGS: Readonly<Record<string, readonly string[]>> = { dang: ['đang', 'dang'], cuu: ['cứu', 'cuu'] };
/** What already tells the look-alike apart where the rules read it ("đăng ký", "cấp cứu" are read as such). */
const NOT_NOW_AFTER: Readonly<Record<string, string>> = { dang: 'ky|ki|tin|bai|anh|len|tai|kiem|bao(?! hanh)|quang cao|tuyen' };

/**
 * Past-frame words that fold onto everyday words: "máy nằm" is "may nam" (mấy năm), "cho hỏi
 * trước" is "hoi truoc" (hồi trước), "tối quá" is "toi qua" (tối qua). Masked for the past test only.
 */
const PAST_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  hoi: ['hồi', 'hoi'],
  may: ['mấy', 'may'],
  nam: ['năm', 'nam'],
  qua: ['qua'],
  tung: ['từng', 'tung'],
};

function maskLookalikes(folded: string, rawWords: readonly string[], accented: boolean, table: Readonly<Record<string, readonly string[]>> = NOW_SPELLINGS): string {
  if (!accented) return folded;
  let out = folded;
  for (const [word, spellings] of Object.entries(table)) {
    const typed = rawWords.filter((x) => fold(x) === word);
    // Only where the word would be read as now: "đăng ký" stays a registration the other rules know.
    if (typed.length > 0 && !typed.some((x) => spellings.includes(x))) out = out.replace(new RegExp(`\\b${word}\\b(?! (${NOT_NOW_AFTER[word] ?? '_'})\\b)`, 'g'), `${word}_`);
  }
  return out;
}

/**
 * Signs the writer says are absent ("hổng khó thở gì hết", "không bị co giật", "chưa sốt"): a
 * denied sign is no sign. "Không thở" itself is the sign (not breathing) and is not listed; the
 * denial must stand right before the sign, so "không cầm được máu" stays the alarm it is.
 */
const DENIED_SIGNS =
  /\b(khong|ko|hong|hok|khg|cha|chang|chua|k) (co |bi |thay |he |con )?(kho tho|tho doc|tho gap|tho kho khe|tim tai|co giat|sot( cao)?|non( mua| oi)?|oi( mua)?|chay mau|ra mau|ngat|xiu|bat tinh|lim di|choang|chong mat|dau nguc|sung (mat|moi|hong|co)|noi man|te liet|meo mieng)( gi( (het|ca|dau|luon|nha|ne|nua))?| chi (het|ca|ra)| (het|ca|luon|nha|ne|nua))?\b/g;

/**
 * Place names written after an administrative unit, capitalised as names are ("phường Đông Kinh",
 * "xã Cứu Long", "phuong Dong Kinh"): their words are the place's, not an alarm's (Đông Kinh is
 * no "động kinh", epilepsy). Read from the citizen's own text; the folded text gets the name's
 * words joined, so no alarm rule matches inside it. A lowercase name stays as it reads.
 */
const PLACE_AFTER_UNIT =
  /(?:^|[^\p{L}])(?:phường|phuong|xã|xa|thị trấn|thi tran|tỉnh|tinh|thành phố|thanh pho|tp\.?|quận|quan|huyện|huyen|thôn|thon|ấp|ap|bản|ban|khu phố|khu pho|đường|duong|phố|pho|ngõ|ngo|hẻm|hem)\s+((?:\p{Lu}[\p{L}]*)(?:\s+\p{Lu}[\p{L}]*){0,3})/gu;

function maskPlaceNames(folded: string, raw: string): string {
  if (!raw) return folded;
  let out = folded;
  for (const m of raw.normalize('NFC').matchAll(PLACE_AFTER_UNIT)) {
    const name = fold(m[1]!).toLowerCase().trim();
    if (!name.includes(' ') && name.length < 3) continue;
    out = out.replace(new RegExp(`\\b${name.replace(/ /g, ' ')}\\b`, 'g'), name.replace(/ /g, '_'));
  }
  return out;
}

/**
 * An event told as a date's name ("27 là ngày em chuyển dạ", "ngày vợ em chuyển dạ là 27/10"): the
 * event is what the date is (a form's value or a date corrected), not something happening now.
 * The words naming the event are joined so that no alarm rule reads them; a clause after a break
 * word ("… mà giờ vỡ ối rồi") stays as it reads.
 */
const EVENT_WORD = String.raw`(?: (?!(?:ma|nhung|gio|bay|dang|vua|roi|nay|ni|qua|kia|nao|xua|truoc|mai|nen|thi|con|van)\b)\w+)`;
const DATE_NAMES_EVENT = new RegExp(
  String.raw`\b\d{1,4}(?: \d{1,4}){0,2} (?:la|thi la|moi la|chinh la) (?:ngay|hom|bua|luc)${EVENT_WORD}{1,5}|\b(?:ngay|hom|bua)${EVENT_WORD}{1,5} (?:la|vao|la vao|la ngay|la hom) (?:ngay )?\d`,
  'g',
);

export function dangerSignal(foldedText: string, raw = ''): DangerSignal {
  const rawWords = wordsOf(raw);
  // A message typed with diacritics means its plain words as typed: "quanh đây" is no "quánh".
  const accented = /[^\x00-\x7f]/.test(raw) && rawWords.some((x) => fold(x) !== x);
  const folded = maskLookalikes(maskPlaceNames(foldedText, raw), rawWords, accented)
    .replace(DENIED_SIGNS, (m) => m.replace(/ /g, '_'))
    .replace(DATE_NAMES_EVENT, (m) => m.replace(/ /g, '_'))
    .replace(LONG_SINCE, (m) => m.replace(/ (den|toi) (gio|nay|bay gio)$/, ' $1_$2'));
  const t = ` ${folded} `;
  const kinds: DangerKind[] = [];
  const matches: string[] = [];
  const spans: [number, number][] = [];
  // A short shout ("cháy!!!", "chay nha 12 ngo 5!!", "CỨU") is an alarm whatever the diacritics:
  // unaccented "chay" is also chạy/chay, so it needs the shout (exclamation marks or capitals).
  const shout = /!/.test(raw) || (/\p{Lu}{3,}/u.test(raw) && raw === raw.toUpperCase());
  if (shout && folded.split(' ').length <= 10) {
    if (/(^|[^\p{L}])(cháy|chay)(?=$|[^\p{L}])/iu.test(raw.normalize('NFC') || folded) && !/\bchay (hang|ve|show|deadline|kpi|san|qua|the|nhanh|di|ra|ve)\b/.test(t)) {
      kinds.push('fire');
      matches.push('fire:shout');
    } else if (/\b(cuu|cuu voi|cuu toi|help)\b/.test(t)) {
      kinds.push('violence');
      matches.push('violence:shout');
    }
  }
  const now = NOW.test(t) && !nowOnlyInErrands(raw);
  let acute = false;
  for (const kind of DANGER_KINDS) {
    // One combined test per kind first: most messages match nothing, and one test is far
    // cheaper than a hundred calls to exec.
    if (!ANY_STRONG[kind].test(t) && !(now && ANY_NOW[kind].test(t))) continue;
    const states = STATE_PATTERNS[kind];
    const patterns: [RegExp, string][] = [
      ...KIND_PATTERNS[kind].map((re): [RegExp, string] => [re, kind]),
      ...states.strong.map((re): [RegExp, string] => [re, `${kind}:state`]),
      ...(now ? states.now.map((re): [RegExp, string] => [re, `${kind}:state-now`]) : []),
    ];
    for (const [re, tag] of patterns) {
      const m = typedMatch(re, t, rawWords, accented);
      // A now-gated harm named as the cause of something else ("bị tạm giữ vì đánh nhau") is no report of it.
      if (m && tag.endsWith('state-now') && /\b(vi|boi|ly do|toi|an) $/.test(t.slice(0, m.index + (m[0].startsWith(' ') ? 1 : 0)))) continue;
      if (m) {
        if (!kinds.includes(kind)) kinds.push(kind);
        matches.push(`${tag}:${m[0].trim()}`);
        spans.push([m.index, m.index + m[0].length]);
        if (tag !== kind) acute = true;
      }
    }
  }
  // Two different signs of being held ("giữ căn cước của em, không cho em ra khỏi nhà") are the
  // state itself, not everyday words: each alone needs a now-marker, together they stand alone.
  let heldPair = false;
  if (!now) {
    const signs = new Set<string>();
    for (const m of t.matchAll(CONFINEMENT_NOW_ALL)) {
      if (typedAsAlarm(m[0].trim().split(' '), rawWords, accented)) signs.add(m[0].trim());
    }
    if (signs.size >= 2) {
      if (!kinds.includes('confinement_trafficking')) kinds.push('confinement_trafficking');
      matches.push(`confinement_trafficking:state-pair:${[...signs].join(' + ')}`);
      acute = heldPair = true;
    }
  }
  // A plea alone ("cứu vs", "gọi 113 giúp") names no cause: beside another kind it does not choose the number.
  const pleaOnly = (m: string) => /^violence:(cuu|goi|bao|shout)/.test(m);
  if (kinds.includes('violence') && kinds.length > 1 && matches.filter((m) => m.startsWith('violence')).every(pleaOnly)) kinds.splice(kinds.indexOf('violence'), 1);
  // An alarming word in quotation marks is figurative ("bị bạn 'bắt cóc' đi Đà Lạt").
  const quoted = /['"“‘«][^'"”’»]{1,25}['"”’»]/u.exec(raw)?.[0];
  // A harmless phrase speaks for its own sentence: a film or a hyperbole in one sentence does
  // not excuse a report of now in another ("xem phim kinh dị sợ quá. Mà giờ có thằng đang cạy cửa").
  const sentenceAt = ([a, b]: [number, number]) => {
    const from = t.lastIndexOf('|', a);
    const to = t.indexOf('|', b);
    return ` ${t.slice(from + 1, to < 0 ? undefined : to).trim()} `;
  };
  const reportElsewhere = spans.some((span) => {
    const x = sentenceAt(span);
    return x.trim().length < t.trim().length && NOW.test(x) && !HARMLESS.some((re) => re.test(x));
  });
  // The animal opens a sentence ("con mèo nhà em …", "nhà em có con cá …"): it is what the
  // message is about, not a thing handed over in someone's farewell ("để lại con mèo cho mày").
  // Who is named is read on the words as typed when they carry marks: the teencode table's
  // dialect pronouns ("bả" → "bà ấy") would make "bả chuột" (rat poison) a woman.
  const personView = accented ? ` ${fold(raw.normalize('NFC')).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim()} ` : t;
  const animalOnly =
    (ANIMAL_OPENS.test(t) || (accented && ANIMAL_TYPED.test(raw.normalize('NFC'))) || (PLANT_OPENS.test(t) && !PLANT_HARMS_PEOPLE.test(t))) &&
    !PERSON_NAMED.test(personView.replace(ADDRESSEE_AT_END, ' ').replace(ADDRESSEE_AT_START, ' ').replace(OWNER, ' '));
  const harmless = animalOnly || (!reportElsewhere && HARMLESS.some((re) => re.test(t))) || (quoted !== undefined && kinds.length > 0 && matches.every((m) => fold(quoted).includes(m.split(':').pop()!.split(' ')[0]!)));
  // An illness already in a doctor's hands ("đang điều trị ở Chợ Rẫy", "đang nằm viện") or years
  // old ("liệt nửa người 2 năm nay") is no emergency to call for: only when a body state is all there is.
  const inCare =
    kinds.length > 0 &&
    ((kinds.every((k) => k === 'medical') && (IN_CARE.test(t) || CHRONIC.test(t) || DIED.test(t))) || (kinds.every((k) => k === 'child_missing') && SHELTERED.test(t)));
  const pastView = maskLookalikes(t, rawWords, accented, PAST_SPELLINGS);
  // What is told last is how things stand: an end told before a harm reported now in a sentence
  // of its own ("hòa giải hai lần không thành. … ngay lúc này … vừa đánh bố tôi ngã") is another
  // story's end; an end told after it ("lạc từ sáng. Đã tìm thấy rồi") closes it.
  let lastOver = -1;
  for (const m of t.matchAll(OVER_ALL)) lastOver = m.index;
  const reopened = lastOver >= 0 && spans.some((span) => span[0] > lastOver && !OVER.test(sentenceAt(span)) && NOW.test(sentenceAt(span)));
  // A "now" word inside a hypothetical that asks the law ("nếu chồng đang đánh mà em đánh lại
  // thì có bị tội không") is part of the question, not a report.
  const sentences = folded.split(' | ');
  const hypothetical = (x: string) => HYPOTHETICAL.test(x) && asksNotReports([x]);
  // Self-harm said for tonight or tomorrow is a report of now, whatever the message also asks
  // ("… bảo hiểm có chi không, vì ngày mai tôi sẽ không còn ở đây nữa").
  // So is self-harm the writer says they have just done or are doing ("t uống hết vỉ thuốc ngủ r,
  // … muốn hỏi thủ tục để lại tài sản cho con"): the act goes on working while they ask.
  const selfHarmSoon = matches.some(
    (m) =>
      m.startsWith('suicide') &&
      (/\b(dem nay|toi nay|hom nay|ngay mai|sang mai|mai|tuan sau|cuoi tuan|mai kia)\b/.test(m) || new RegExp(`\\b(toi|tui|em|minh|tao|t|e|tau|con)( (da|vua|moi|lo|dang|sap|se|dinh))? ${m.split(':').pop()}\\b(?! (thi|co|la|bi|se bi|duoc|phai) )`).test(t)),
  );
  // A state that lasts until something ends it (the writer's own plan or act of self-harm, a
  // person held) is not over because a recent time is told beside it ("để dành thuốc ngủ mấy
  // tháng nay rồi", "3 tháng rồi chưa trả lương, hôm qua còn đánh em"): such times say since when
  // or what else happened. An end told, a far past or a bygone state ("từng", "hồi đó") still closes it.
  const lasting = (selfHarmSoon || heldPair) && !OVER.test(t) && !FAR_PAST.test(pastView) && pastMarkersAllRecent(pastView);
  const pastOnly = (OVER.test(t) && !reopened) || (PAST.test(pastView) && !now && !lasting) || inCare;
  // Fear at the news ("mới coi tin thấy sợ quá") is the reader's, not a report of now.
  const nowIn = (x: string) => NOW.test(x) && !(NEWS_CLAUSE.test(x) && !NOW.test(x.replace(FEAR_AT_NEWS, ' ')));
  const reportedNow = selfHarmSoon || sentences.some((x) => !hypothetical(x) && nowIn(` ${x} `));
  const lawQuestion = !reportedNow && asksNotReports(sentences);
  const plain = folded.replace(/\s*\|\s*/g, ' ').trim();
  const generalQuestion = !now && GENERAL_CONDITIONAL.test(plain) && !FIRST_PERSON.test(plain);
  // With no rule, a class, a film or a literary text asked about still frames what the model alone reads.
  const framed = (kinds.length > 0 || TOPIC_CLAUSE.test(plain)) && framedAsTopic(raw || folded, kinds.includes('medical') || kinds.includes('suicide'));
  const farPast = pastOnly && !now && FAR_PAST.test(pastView);
  return {
    kinds,
    matches,
    harmless,
    pastOnly,
    lawQuestion,
    acute,
    framed,
    ...(farPast ? { farPast } : {}),
    ...(animalOnly ? { animalOnly } : {}),
    ...(generalQuestion ? { generalQuestion } : {}),
    ...(IN_CARE.test(t) ? { inCare: true } : {}),
  };
}

/**
 * Anything that can be part of an alarm, however loosely: a harm, a body in trouble, a person
 * missing or unreachable, a high place, fire, confinement, fear or a plea. Far too broad to
 * decide (it is no rule); it is the support the intent model needs before it alone calls a
 * message danger: a message with none of these words ("xin cho mk, mk đang có vợ") is never an
 * emergency however the model leans. Folded, teencode-expanded text.
 */
const ALARM_EVIDENCE = new RegExp(
  `\\b(${[
    // pleas and numbers
    'cuu', 'help', 'sos', '11[1345]', 'goi cong an', 'bao cong an', 'rat gap', 'gap lam', 'gap qua', 'khan cap', 'nhanh',
    // harm
    `danh(?! (${NOT_AFTER_DANH}))`, `dap(?! (${NOT_AFTER_DAP}))`, 'dam', 'chem', 'ban chet', 'ban sung', 'bi ban', 'dao', 'sung', 'axit', 'hat', 'tat axit', 'tat xang', 'bua', 'doa', 'giet', 'chet', 'cuop', 'trom',
    'ruot', 'bop', 'siet', 'tum', 'bao hanh', 'hanh ha', 'loi di', 'loi ra', 'dot', 'xang', 'nem', 'chan cua', 'tron', 'lo do', 'xong vao', 'treo vao', 'tren vao', 'dot nhap',
    // body
    'mau', 'ngat', 'xiu', 'tho', 'ngop', 'nghen', 'sac', 'non', 'co giat', 'giat', 'bat tinh', 'liet', 'bi te', 'te xuong', 'te cau', 'te nga', 'te xiu', 'te trong', 'nga',
    'dau bung', 'dau nguc', 'dau dau', 'keu dau', 'dau qua', 'dau lam', 'vo dau', 'be dau', 'sot', 'bong', 'phong rop', 'ran', 'dien giat', 'giat dien', 'day dien',
    'tim', 'lanh', 'mo hoi', 'ren', 'gay', 'dut', 'cat tay', 'cat co', 'cua vao', 'cua tay', 'nam im', 'bat dong', 'tro mat', 'om nguc', 'om bung', 'om dau',
    'vo oi', 'sap de', 'dang de', 'de non', 'sinh non', 'chuyen da', 'uong', 'thuoc ngu', 'thuoc chuot', 'thuoc tru sau', 'thuoc doc', 'vi thuoc', 'lo thuoc',
    'an phai', 'an nham', 'nuot', 'doc', 'duoi', 'chim', 'sac sua', 'huc', 'vang ra', 'vang xa', 'dang nam(?! (nghi|ngu|xem|doc|choi|vong|giuong|coi|nghe|luot|tren giuong|trong phong))', 'nam ngoai', 'nam giua',
    // missing, unreachable
    'lac', 'mat tich', 'mat con', 'mat tieu', 'di mat', 'chay mat', 'bat coc', 'bat di', 'bat mat', 'bat len', 'bi bat', 'bat con', 'bat em', 'bat chau',
    'be len', 'be di', 'cho di', 'keo', 'dan di', 'du di', 'bi du', 'bo nha', 'bo di', 'khong thay', 'chua thay', '(hong|ko|hok|cha|chang) thay', 'chua ve', 'khong ve', 'hong ve', 'chang ve',
    'tat may', 'lien lac', 'nghe may', 'khong nghe', 'tra loi', 'thue bao', 'dinh vi',
    // farewells, high places, water
    'tu biet', 'tam biet', 'vinh biet', 'viet thu', 'de lai thu', 'la thu', 'tha loi', 'xin loi', 'day thung', 'soi day', 'treo day', 'buoc day', 'xa nha',
    'nhay', 'tren cau', 'ra cau', 'len cau', 'thanh cau', 'cau thang', 'song', 'bien mat', 'ra bien', 'san thuong', 'tang thuong', 'ban cong', 'lan can', 'mai nha',
    'tang \\d+', 'cho vang', 'duong la', 'nha hoang', 'ket thuc', 'roi khoi', 'ra di', 'di day', 'lam dai', 'khong chiu duoc', 'khong chiu dung',
    // fire, gas, collapse, traps
    'chay', 'khoi', 'lua', 'khet', 'no tung', 'phat no', 'tieng no', 'bi no', 'chay no', 'gas', 'ga', 'ket', 'sap nha', 'nha sap', 'bi sap', 'sap tran', 'lu', 'ngap', 'thang may',
    // confinement, trafficking
    'khoa', 'nhot', 'giam', 'troi', 'xich', 'giu', 'chuoc', 'tha', 'lua', 'campuchia', 'lao', 'myanmar', 'bien gioi', 'cua khau', 'casino', 'ban sang', 'bi ban',
    // abuse, force, eviction, arrest
    'xam hai', 'hiep dam', 'cuong hiep', 'dam o', 'sam so', 'ep', 'tung len mang', 'tung clip', 'clip', 'pha', 'cuong che', 'duoi', 'bat', 'ngay lap tuc', 'toi nay', 'dem nay', 'bay gio',
    // stroke signs, told by a bystander with no medical word
    'meo', 'xe xuong', 'xe mot ben', 'mieng xe', 'mat xe', 'luoi', 'tay yeu', 'chan yeu', 'nua nguoi', 'mot ben', 'tu nhien', 'dot nhien', 'tu dung',
    // parting and giving up, said without a word of death (indirect suicide risk)
    'nhe nhom', 'nhe no', 'ganh nang', 'ly do', 'dong luc', 'tiep tuc', 'khong bao gio', 'di xa', 'dung nhan', 'dung tim', 'dung goi', 'lam phien', 'de lai', 'nuoi giup', 'nuoi gium',
    'nuoi dum', 'khong can gi', 'vi tat ca', 'lan cuoi', 'cuoi cung', 'tuyet vong', 'bat luc', 'het cach', 'kiet suc', 'khong chiu noi', 'buong xuoi', 'buong tay',
    // held by someone: "họ không cho em về", "không biết đây là đâu"
    'khong cho', 'ko cho', 'hong cho', 'nha nghi', 'khach san', 'day la dau', 'tau ca', 'chu tau', 'chu no',
    // water, land and the unreachable, said without a rule's phrase ("ghe bị lật … đang bám vào thùng xốp",
    // "núi đổ đất xuống, nhà bị lấp", "nửa đêm điện thoại tắt"), and parting instructions
    'lat', 'lat up', 'bam vao', 'bam vo', 'phao', 'thung xop', 'cua bien', 'ngoai khoi', 'troi', 'cuon', 'do dat', 'dat da', 'lap', 'vui', 'sat', 'sup', 'do xuong', 'de len',
    'tat nguon', 'dien thoai tat', 'may tat', 'nua dem', 'khuya', 'ganh nang', 'tu lo', 'mat khau', 'kiep sau', 'di truoc',
    // groping, carbon monoxide, a body that does not wake, someone alone or watched at the gate, grave
    // illness named, hiding ("con đang núp trong tiệm tạp hóa"), a stranger, drunkenness
    'so soang', 'so mo', 'dong cham', 'quay roi', 'bep than', 'lo than', 'khong day', 'mem nhun', 'nguoi mem', 'lanh ngat',
    'mot minh', 'nhin vo', 'nhin vao', 'ngoai cong', 'ngoai cua', 'xuat huyet', 'tai bien', 'liu luoi',
    'nup', 'an nap', 'la mat', 'nguoi la', 'o mot minh', 'say xin', 'say ruou',
    // dunked, bitten, dragged off, ground cracking, seizure signs, the means bought with debts ("dìm đầu", "con chó
    // đang cắn xé", "lôi một bé gái vào bụi cây", "đất nứt ra", "co quắp", "nợ nần … mua sẵn dây")
    'dim', 'cho can', 'can xe', 'can vao', 'can vo', 'loi (mot|be|con|co|chi|em|no|nguoi)', 'keo le', 'bui cay', 'nut ra', 'nut toac', 'dat nut', 'am am', 'co quap', 'can chat', 'cung do',
    'no nan', 'mua san', 'vai loi',
    // cornered by a gang, a weapon drawn ("chặn lại ở cổng, dí vô tường, có đứa rút cái gì sáng loáng")
    'chan (lai|duong|dau|dung)', 'rut (dao|sung|ra|cai|hung khi)', 'vay (quanh|lay|danh|dap)', 'sang loang', 'di (\\w+ )?(vo|vao) (tuong|goc)', 'ren (ri|la|khe)',
    // fear
    'so qua', 'so lam', 'rat so', 'dang so', 'so hai', 'hoang', 'run', 'khoc', 'la het', 'keu la', 'khoc la', 'lo lam', 'lo qua',
  ].join('|')})\\b`,
);

/**
 * A calm health question: the trouble said to be slight ("một chút", "nhẹ", "xíu") and the
 * question one of home care or whether it matters ("có sao không", "bôi gì", "uống gì", "có cần
 * đi khám không"). Whoever asks so is not in an emergency: the model alone makes no alarm of it
 * (a rule's state, e.g. heavy bleeding, still does). Folded text.
 */
const CALM_HEALTH =
  /\b(nhe|mot chut|mot ti|chut xiu|ti xiu|mot xiu|hoi hoi|so so|lat vat|thoang qua|(khong|ko|hong|hok|chua|cha|chang) (co |bi |thay )?(kho tho|sot|sot cao|co giat|non|oi|chay mau|ngat|xiu|sung (moi|mat|hong)|tim tai))\b.{0,80}\b(co sao (khong|ko|k|hong|hok|khg)|co nguy hiem (khong|ko|k|hong)|co can (di )?(kham|bac si|di vien)|(nen )?(uong|boi|thoa|an|chuom|dap) (gi|thuoc gi|cai gi)|co cach nao|lam sao cho (do|het|mau lanh))( (khong|ko|k|hong|hok|khg|chua))?( (a|ah|ak|nha|nhe|vay|ha|ad|oi|the|day|chi|ne|rua))*\s*$/;

export function calmHealthQuestion(folded: string): boolean {
  return CALM_HEALTH.test(folded);
}

/**
 * Evidence words that fold onto everyday words ("khỏi" is "khoi" like "khói", "nằm" like
 * "năm", "thơ" like "thở"): typed with marks as something else, they are no evidence.
 */
const EVIDENCE_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  khoi: ['khói', 'khoi'],
  tho: ['thở', 'tho'],
  mau: ['máu', 'mau'],
  lac: ['lạc', 'lac'],
  dao: ['dao'],
  tron: ['trốn', 'tron'],
  ran: ['rắn', 'ran'],
  bong: ['bỏng', 'bong'],
  khoa: ['khóa', 'khoá', 'khoa'],
  lu: ['lũ', 'lu'],
  song: ['sông', 'song'],
  nga: ['ngã', 'nga'],
  sot: ['sốt', 'sot'],
  dam: ['đâm', 'dâm', 'dam'],
  nam: ['nằm', 'nam'],
  chet: ['chết', 'chet'],
  giam: ['giam'],
  nem: ['ném', 'nem'],
  giat: ['giật', 'giat'],
};

/**
 * Whether a folded message has any word an alarm can be made of (see `ALARM_EVIDENCE`); with
 * the citizen's own text, a word typed with marks as an everyday word is none (`EVIDENCE_SPELLINGS`).
 */
export function alarmEvidence(folded: string, raw = ''): boolean {
  const rawWords = wordsOf(raw);
  const accented = /[^\x00-\x7f]/.test(raw) && rawWords.some((x) => fold(x) !== x);
  return ALARM_EVIDENCE.test(maskPairs(maskLookalikes(maskPlaceNames(folded, raw), rawWords, accented, EVIDENCE_SPELLINGS), rawWords, accented).replace(COURTESY, ' ').replace(EVERYDAY_SENSES, ' '));
}

/** Courtesies and errands that share an alarm word: "xin lỗi vì hỏi nhiều", "đi du học xa nhà". */
const COURTESY =
  /\bxin loi (vi |da |neu )?(hoi (nhieu|hoi|lai|hoi nhieu|dai|hoi dai)|lam phien|lam mat thoi gian|nhan muon|tra loi muon|lam ton thoi gian)\b|\b(du hoc|di hoc|hoc|lam viec|di lam|lam an|cong tac|o tro|song) xa nha\b/g;

/**
 * Everyday senses of evidence words, said as collocations nobody uses of an emergency: traffic
 * ("kẹt xe", "tắc đường", "ngã tư"), boasting ("chém gió", "đánh bay"), words that fold onto an alarm word
 * ("lựa chọn" is no "lửa", "thổ cư" no "thở", "lãnh sự" no "lạnh", "khóa học" no lock, "kết quả"
 * no trap), and a drunk asleep. Masked before the evidence test only: the rules read the text whole.
 */
const EVERYDAY_SENSES =
  /\b(ket (xe|duong|noi|ban|qua|hon|thuc (hoc|nam|ca)|luan|toan|so|hop)|tac (duong|xe)|nga (tu|ba|nam|sau|bay)(?! (tren|cao|lau|mai|cay|gac|giuong|xe|thang|ban|ghe|lan))|chem gio|danh bay|lua (chon|tuoi|dao)|khoa (hoc|luan|thi|tu|dao tao|le)|tim (hieu|kiem|viec|nha|tro)|tho cu|tuoi tho|nha tho|bai tho|lanh (dao|su|luong|thu|dam)|tha thu|giu (gin|cho|lien lac)|say (ruou|xin|bia)( \w+){0,2} (ngu|nam ngu|ngu say|ngu quen))\b/g;

/**
 * Kinds whose phrases are specific enough to stand alone (when not harmless and not past):
 * "tự tử", "không thở", "bị lừa sang … giữ lại", "cháy nhà" are never small talk. Violence
 * words are not: they fill the stories of past disputes, so they need the model's support.
 */
export const STANDALONE_KINDS: ReadonlySet<DangerKind> = new Set(['medical', 'suicide', 'confinement_trafficking', 'fire', 'child_missing']);

/**
 * Whether a child is involved (the reply adds 111): a small child named as such ("bé", "em bé",
 * "đứa nhỏ", "thằng bé", "con tôi", "cháu 5 tuổi", "học sinh", an age under 18). Folded "con" is
 * also "còn" (still) and the classifier of "con dao", "con chó"; "cháu" is also how a young adult
 * speaks to an elder; "bé" is also "bể" (a tank): only the phrases that name a child count.
 */
const CHILD_WORDS =
  /\b(em be|tre (em|con|nho|so sinh)|dua (nho|be|tre)|con nit|con (be|nho|trai|gai|toi|tui|em|minh|nha|tao|chi|anh|co|chu|ban)|thang (be|nho|cu)|chau (be|nho|trai|gai|noi|ngoai|toi|tui|em|minh)|hoc sinh|so sinh|(?<!\d)([1-9]|1[0-7]) (tuoi|thang tuoi)|be(?! (nuoc|boi|phot|ca|tong|oi|ngoai|vo|gay|cong|mac|tac|len|di|theo|xe|con|cha|chong|dau)\b))\b/;

export function involvesChild(folded: string): boolean {
  return CHILD_WORDS.test(folded);
}

/** The kind whose number goes first when several fire: life first, then the rest. */
export function primaryKind(kinds: readonly DangerKind[]): DangerKind | undefined {
  // The number that stops the cause goes first (fire, self-harm, a child taken, an attacker, a
  // captor); a body in trouble alongside adds 115 in the same first sentence (danger-reply.ts).
  const order: DangerKind[] = ['fire', 'suicide', 'child_missing', 'violence', 'confinement_trafficking', 'medical'];
  return order.find((k) => kinds.includes(k));
}

/**
 * Cues of each kind, for a message the intent model alone calls danger (no rule named a kind):
 * the number and the safe step still follow what it describes, not a default. Looser than the
 * rules on purpose (they only choose among kinds, never raise an alarm). Folded text; "cháy"
 * (fire) and "chạy"/"chảy" fold alike, so fire's bare word is read from the citizen's own spelling.
 */
const KIND_CUES: ReadonlyArray<[DangerKind, RegExp, number]> = [
  ['fire', /\b(khoi|lua(?! (dao|gat|sang|qua|ban|tinh|dao))|khet|no tung|phat no|tieng no|chap dien|gas|binh ga|ngap|lu|nuoc (len|lu|cuon|dang len)|song (cuon|danh)|cuon troi|bi cuon|troi mat|chim|choi voi|duoi nuoc|sap (nha|tran|mai|cau|tuong|ham|lo|gian)|do sap|bi sap|sat lo|vui|mac ket|bi ket|ket (ben )?(trong|duoi|tren|giua)|thang may|lat xe|xe lat|lat o|bam (vo|vao) (cai )?(cay|cot|thanh|mep)|giua dong|giua song)\b/g, 2],
  ['medical', /\b(nuoc soi|dau soi|phong rop|mau|chay mau|ra mau|tho|kho tho|ngat|xiu|bat tinh|co giat|giat (tay|chan)|tro mat|tro nguoc|dau (nguc|bung|dau)|om nguc|mo hoi|sot|non (mua|oi|ra|lien tuc)|oi (mua|ra)|tim tai|tai met|mang thai|bau|chuyen da|ran|ong (dot|chich)|cho can|bong|dien giat|trung gio|dot quy|meo|nga|te|nam (im|bat dong|guc|duoi san)|ren|keu dau|cat (vao|trung|dut)|cua (vao|trung|dut)|dut (ngon|tay|chan)|mach mau|phun|khong cam|thuoc|tieu duong|huyet ap|lim)\b/g, 1],
  ['suicide', /\b(bien mat|vinh vien|vet cat|co tay|dao lam|luoi lam|nghi thoi|khong phai lo|dung tim|de lai (het|tat ca)|off luon|khong con gap|kiep sau|di day|xin loi|tha loi|tam biet|vinh biet|tu biet|loi cuoi|tin nhan cuoi|lan cuoi|tat may|khong (bat|nghe) may|than|day thung|soi day|treo day|xa nha|lan can|ban cong|san thuong|nhay|lam dai|nghi quan|khong chiu (noi|duoc) nua|song lam gi|ra di|di theo (bo|me|ba|ma|ong|anh|chong|vo)|dung lai gan|ra song|ra cau|len cau|tram cam|no nan|vo no|no (tin dung|cho vay|xa hoi den))\b/g, 2],
  ['child_missing', /\b(khong thay (dau|chau|be|con|no)|chua (thay )?ve|khong ve|hong ve|lac|mat tich|bo nha|bo di|di dau mat|tim khap|tim (mai|hoai) khong|chay di dau|buong tay|mat lien lac|tat may|nguoi la|xe la|don (chau|be|con)|cho di|be di|dan di|du di|bo (trong|truoc|ben)|thung giay|so sinh)\b/g, 1],
  ['confinement_trafficking', /\b(nhot|xich|troi|giu (lai|ho chieu|giay to|dien thoai)|khoa (cua|trai|ngoai|phong)|khong cho (ra|ve|xuong|di|an)|chuoc|bien gioi|cua khau|campuchia|myanmar|trung quoc|bi ban|ban sang|lua (sang|qua|ban)|ep (lam|tiep|ban)|chu (tau|quan|no|nha)|xuong|ky tuc xa|container|ham)\b/g, 1],
  ['violence', /\b(danh|dam|chem|dao|sung|dap|doa|giet|cuop|rinh|theo doi|bam theo|di theo|xong vao|dot nha|tat|quanh|uynh|rua|ma tau|gay|hanh hung|say ruou|go cua|dap cua)\b/g, 1],
];

/**
 * The most likely kind for a message with no rule's kind: the kind whose cues weigh most (life
 * first on a tie: fire, medical, suicide, child missing, confinement, violence); violence when
 * nothing is said of any.
 */
export function likelyKind(folded: string, raw = ''): DangerKind {
  const t = ` ${folded} `;
  const score = new Map<DangerKind, number>();
  for (const [kind, re, weight] of KIND_CUES) score.set(kind, (t.match(re)?.length ?? 0) * weight);
  // "Cháy" typed with its marks, or "chay" unaccented with no other reading nearby.
  if (/(^|[^\p{L}])cháy(?=$|[^\p{L}])/iu.test(raw.normalize('NFC'))) score.set('fire', score.get('fire')! + 3);
  // A child not where they should be is missing before anything else the model heard.
  if (CHILD_WORDS.test(folded) && /\b(khong thay|chua (thay )?ve|lac|mat tich|bo nha|di dau mat|di mat|tim khap|mat lien lac|nguoi la|xe la|du (\w+ ){0,3}di|di theo)\b/.test(t)) score.set('child_missing', score.get('child_missing')! + 3);
  const order: DangerKind[] = ['fire', 'medical', 'suicide', 'child_missing', 'confinement_trafficking', 'violence'];
  let best: DangerKind = 'violence';
  let top = 0;
  for (const k of order) if (score.get(k)! > top) [best, top] = [k, score.get(k)!];
  return best;
}
