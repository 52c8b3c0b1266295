/**
 * The vocabulary of harm STATES by kind of danger (issue 12): how people describe a body, a
 * person or a place in trouble, whatever the sentence around it. Each state is written once on
 * folded, teencode-expanded text and covers accented and unaccented typing alike (folding
 * makes them one), Northern, Central and Southern words ("ngất/xỉu/lịm", "hong thở",
 * "quánh/quất/nện", "vô/vào", "má/mạ"), and the abbreviations the teencode table expands.
 *
 * A state says nothing about WHEN: `danger.ts` decides that from now-markers and from the
 * framing (past, hypothetical, a question about the law or a procedure, news, training). The
 * vocabulary is kept wide on purpose; precision comes from the framing, not from narrowing it.
 *
 * Every entry is a regular-expression alternative over whole folded words; phrases that fold
 * onto everyday words are guarded by `ALARM_SPELLINGS` in `danger.ts` when typed with marks.
 */

import type { DangerKind } from './danger.js';

/** Joins alternatives into one word-bounded pattern. */
// Folded text is plain ASCII letters and digits: no Unicode mode needed ("\\p{L}" is written "\\w").
const words = (alternatives: readonly string[]): RegExp => new RegExp(`\\b(${alternatives.join('|').replaceAll('\\p{L}', '\\w')})\\b`);

/**
 * Medical emergencies: unconscious, not breathing, choking, convulsing, heavy bleeding,
 * poisoning and overdose, burns, stroke and heart signs, drowning and electrocution, a
 * serious fall, allergic shock, childbirth complications.
 */
const MEDICAL: RegExp[] = [
  // Breathing: "không/ko/hong/hok/chẳng thở (được)", "thở không nổi", "khó thở", "thở khò khè", "ngạt thở".
  words(['(khong|ko|hong|hok|k|cha|chang|ngung|ngat|tat|het|khong con|ko con|hong con) tho( duoc| noi)?', 'tho (khong|ko|hong|cha|chang) (duoc|noi|ra hoi)', 'kho tho', 'tho hon hen', 'tho kho khe', 'tho doc', 'tho dut quang', 'tho phi pho', 'nghet tho', 'ngat tho', 'tim tai', 'tim ngat']),
  // Choking: a bone, a seed, food or a toy stuck.
  words(['(hoc|mac|nghen|nuot) (xuong|hot|hat|di vat|thuc an|keo|dong xu|do choi|cuc pin|pin)', 'sac (sua|nuoc|bot|thuc an|com)', 'nghen (co|hong)']),
  // Unresponsive and collapsed.
  words([
    'bat tinh', 'ngat xiu', 'ngat lim', 'xiu (roi|luon|ngang|xuong)', 'bi xiu', 'ngat (roi|luon|xiu|di)', 'bi ngat', 'lim (di|roi|luon)', 'nam lim', 'hon me', 'khong (con )?tinh( lai| day)?(?! (phi|tien|lai|thue|gio|la|vao|theo|den|toan|tao))', '(ko|hong) tinh( lai| day)?(?! (phi|tien|lai|thue|gio|la|vao|theo|den|toan))', 'mat y thuc', 'li bi',
    'khong (cuc cua|nhuc nhich|dong day|cu dong|phan ung)', '(ko|hong|cha) (cuc cua|nhuc nhich|dong day|cu dong)', 'nam (im re|bat dong|sui bot|guc|bet)(?! san)',
    'goi( mai| hoai| may)? (khong|ko|hong|cha|chang) (thua|day|tinh|tra loi)', 'lay (khong|ko|hong) (day|tinh)', 'mat tai( met)?', 'moi tham', 'tai xanh', 'mat xanh mat tim', 'tro mat', 'sui bot( mep)?',
  ]),
  // Convulsions and attacks, also by their signs with no word for them ("tay chân co quắp lại,
  // miệng cắn chặt", "mắt trợn ngược", "người cứng đơ giật giật").
  words([
    '(tay chan|chan tay|nguoi|ca nguoi|than minh) (\\p{L}+ ){0,2}(co quap lai|cung do|cung doi|giat giat|giat lien hoi|giat tung con)', '(mieng|ham|rang) (\\p{L}+ ){0,2}can chat', 'mat (\\p{L}+ ){0,1}tro (nguoc|trang)',
  ]),
  words(['co giat', 'len con (co giat|dong kinh|dau tim|hen|suyen|dau that nguc|vat va|dai|kich dong|la het)', 'dong kinh', 'giat kinh phong', 'kinh phong']),
  // Rabies: afraid of water and of wind, after a bite ("sợ nước sợ gió").
  words(['so nuoc (\\p{L}+ ){0,2}so gio', 'so gio (\\p{L}+ ){0,2}so nuoc', 'so (anh sang|tieng dong) (\\p{L}+ ){0,2}so (nuoc|gio)']),
  // Heavy bleeding.
  words([
    'chay (rat |qua )?nhieu mau', 'chay mau (rat |qua )?(nhieu|khong ngung|khong cam|lenh lang|dam dia|xoi xa|qua troi|be bet|tu tua)', 'mau (chay|ra) (khong|ko) (cam|ngung|dung)', '(mat|ra) (rat )?nhieu mau',
    '(oi|non|ho|khac) ra mau', 'be bet mau', 'mau (chay )?(lenh lang|dam dia|xoi xa|be bet|tung toe)', 'nam (trong|giua) vung mau', 'vo dau chay mau', 'dap dau chay mau', 'dut (lia|roi|gan|mach)',
  ]),
  // Poisoning and overdose.
  words([
    '(nuot|nuot phai|uong nham|uong phai|an nham|an phai|hit phai|liem phai) .{0,30}(pin|thuoc|hoa chat|thuoc tru sau|thuoc chuot|thuoc diet co|xang|dau hoa|nuoc tay|nuoc rua|axit|xut|dong xu|cuc pin|vien|nam|con cong|la ngon)',
    'ngo doc', 'trung doc', 'soc phan ve', 'soc thuoc', 'qua lieu', 'chich qua lieu', 'phe (da|thuoc) qua lieu', 'ngo doc (nam|ruou|thuc an|khi)', 'an nam (\\p{L}+ ){0,4}(non|oi|dau bung|met|xiu)',
    '(non|oi) (thoc thao|lien tuc|mat mat|ra mat)', '(non|oi) thoc (non|oi) thao', 'dau bung quan quai', 'quan quai', 'uong (\\d+|ca|het|nhieu|mot nam|nguyen) (vien|vi|lo|hop|chai)',
  ]),
  // Allergic reactions, bites and stings (a dog's bite alone asks where to get the rabies shot; a
  // rabid dog, or bleeding, is the alarm).
  words(['sung vu (mat|moi|co|hong|ca nguoi)', 'sung (mat|moi|hong) (kho tho|khong tho)', 'noi man (khap|toan|het) (nguoi|than)', '(bi|vua bi|moi bi) (ong|ong vo ve|ong bap cay|ran|ran doc|bo cap|cho dai) (dot|can|mo)(?! bo)']),
  // Burns.
  words(['bong (nang|nuoc soi|lua|dien|hoa chat|axit|xang|ca nguoi|het|do)', '(nuoc soi|dau soi|dau nong|nuoc nong|chao dau|noi nuoc soi|noi canh) (do|tat|doi|hat|dổ)( \\p{L}+){0,2} (vao|len|trung)']),
  // Stroke and heart.
  words([
    'dot quy', 'meo mieng', 'meo (mom|mat)', 'liet nua nguoi', 'yeu nua nguoi', 'te (liet )?nua nguoi', 'khong nhac (len )?duoc (tay|chan)', 'nhoi mau', 'ngung tim', 'tim ngung( dap)?',
    'dau that nguc', 'dau nguc du doi', 'dau nguc (\\p{L}+ ){0,4}(va mo hoi|kho tho|tim tai|mat tai|lan ra tay|ngat|xiu|choang)', 'vat va mo hoi', 'dau dau du doi',
  ]),
  // Struck or pinned by something falling, a limb bent the wrong way ("giàn giáo rơi trúng người,
  // đang nằm dưới đất rên, chân bẻ quặt ra sau", "xương lòi ra").
  words([
    '(gian giao|cot|tuong|cay|tam ton|tam be tong|tam kinh|thanh sat|cuc be tong|vat lieu|cau truc|thung hang|tu|ke) (\\p{L}+ ){0,2}(roi|do|sap|de|dap) (trung|vao|len|de len) (nguoi|dau|lung|chan|nguc|bung)',
    '(chan|tay|canh tay|cang chan|dau goi) (\\p{L}+ ){0,2}(be quat|gay quat|quat nguoc|gap nguoc|lech han)', 'xuong (\\p{L}+ ){0,2}(loi|dam) ra', 'nam (\\p{L}+ ){0,3}(ren|rên ri|keu rên|quan quai)',
  ]),
  // Water, electricity, falls and crushing.
  words([
    'duoi nuoc', 'chet duoi', 'vot len', '(roi|rot|te|nga|lot|truot) (xuong )?(ao|ho nuoc|gieng|muong|kenh|be nuoc|ho boi|vuc)', 'nuoc cuon', 'bi cuon (troi|di)', 'chim (xuong|nghim|mat)', 'ngup (nuoc|duoi)',
    '(con nit|tre con|dua nho|be|tui nho|may dua|thang nho|con be|chau|con) (\\p{L}+ ){0,3}(treo|leo|leo treo) (len )?(cot dien|tru dien|tram bien ap|day dien|tram dien)',
    'dien giat', '(?<!cuop )giat dien(?! thoai)', 'cham dien', '(dung|dung phai|cham|cam) (vo|vao|phai)? ?(day dien|o dien|cot dien|o cam)', 'dien (phong|chay) (vao|qua) nguoi',
    'te (cau thang|lau|tu tren|tu mai|tu cay|dap dau|xuong dat|nga dap dau)', 'nga (tu tren|dap dau|tu lau|tu mai|tu giao)', 'dap dau (xuong|vao)', 'vo dau', 'vo so(?! (do|hong|ho khau|tiet kiem|duoc|khong|ko|giup|dum|gium))', 'gay (co|cot song|xuong ho)', 'bi de (len|trung)', 'de len nguoi',
    'tai nan (\\p{L}+ ){0,6}(nam (bat dong|im|guc|giua duong|bet)|bat tinh|chay mau|khong tho|ket)', 'xe (tong|can) (\\p{L}+ ){0,3}(nam (bat dong|im|guc|giua duong|bet)|bat tinh|chay mau)',
  ]),
  // Pregnancy and childbirth; bleeding or fever just after a birth ("vừa đẻ ở nhà, máu ra nhiều", "chưa ra nhau").
  words([
    '(vua|moi) (de|sinh|sanh)( \\p{L}+){0,10} (mau (\\p{L}+ ){0,2}(ra|chay) (\\p{L}+ ){0,2}(nhieu|khong ngung|qua troi|xoi xa|tum lum)|bang huyet|chua ra nhau|sot cao|ngat|xiu)', 'chua ra (cai )?nhau',
  ]),
  words(['(nuoc )?oi (da |bi )?(vo|ra|chay)( roi| het)', 'nuoc oi (vo|ra|chay)', 'dau de (\\p{L}+ ){0,4}(khong kip|chua co xe|chua co ai|o nha mot minh|giua duong)', 'chuyen da', 'vo oi', 'ra oi', 'sinh non', 'de rot', 'de non', 'bang huyet', 'ra huyet', 'ra (nhieu )?mau (am dao|nhieu|qua troi)', 'chay mau am dao', 'say thai', 'dong thai', 'bau (\\p{L}+ ){0,8}(ra huyet|ra mau|dau bung du doi|dau bung qua)']),
  // Choking, water, machines and animals, told in other words ("mắc ngang họng", "trượt chân xuống hồ",
  // "máy cày cán qua chân", "chó đang cắn", "đang nằm ngoài ruộng", "bể nước ối", "đẻ rơi").
  words([
    '(mac|ket|nghen|cuc (\\p{L}+ ){0,3}) ?ngang hong', '(mac|ket) (o |trong )?hong(?! (xuong|ra|duoc|vo|vao|len|di|chiu|cho|co))', 'ho (ma|hoai|mai) (khong|ko) ra',
    '(roi|rot|te|nga|lot|truot|truot chan|nhay|lao) (\\p{L}+ ){0,2}xuong (ho|song|ao|gieng|suoi|kenh|muong|bien|vuc|dam)', 'khong biet boi', 'chuot rut (\\p{L}+ ){0,3}boi', 'dang bam (vao )?(phao|cay|thanh|mep|tang da)',
    'can qua (chan|tay|nguoi|dau|bung)', 'may (cay|xay|cat|ep|tuot) (\\p{L}+ ){0,2}(can|cuon|ket|kep|cat)', 'dang nam (o |ngoai |giua |duoi |ben )?(le duong|ruong|giua duong|mat dat|vung nuoc|duoi dat|ven duong|dong|bo ruong|bo muong|bai)', '(trau|bo|xe|xe may|oto|o to) (\\p{L}+ ){0,2}(huc|tong|can|dam) (\\p{L}+ ){0,2}(vang|nga|bat tinh|nam)',
    'dang (bi )?can (vao )?(mot |1 )?(dua nho|be|chau|nguoi|co|mat|chan|tay)', '(can|tan cong|huc) (\\p{L}+ ){0,3}vao (co|mat|dau|bung)', '(can|tan cong|huc) (rach|nat) (mat|tay|chan|co|bung|canh tay)', 'nghien nat', 'rach (canh tay|bung|co)',
    '(be|vo) (nuoc )?oi', 'de roi', 'ngoi mong', 'tung con (\\d+|mot|hai|ba|nam) phut', '(voi|hoa chat|axit|xang|nuoc tay|xut) (bot )?(\\p{L}+ ){0,2}(bay|ban|bon|van|tat) vao mat', 'khong nhin thay gi', 'me man',
    'bo quen (\\p{L}+ ){0,2}trong (xe|oto|o to)', 'khong (dung|ngoi) (len|day) duoc', '(bi|dang bi) (\\p{L}+ ){0,3}do de(?! (trong|o|tai|vao|vo|ngoai|san|lai|danh|cho|tren ban))', 'do de (len|trung) (nguoi|chan|tay|em|be|chau|ong|ba)', 'bi (\\p{L}+ ){0,3}de (len|trung|nat) (nguoi|chan|tay|bung|nguc)', 'keu yeu ot',
  ]),
  // Stroke signs (FAST) as a bystander tells them, with no medical word: a face or mouth that
  // droops to one side, a thick tongue, an arm that drops what it holds. Alone, a drooping mouth
  // or a thick tongue is the sign; slurred or unclear speech and a weak hand are everyday words
  // too ("con nói ngọng", "anh nói không rõ"), so they count only after a sudden onset
  // ("tự nhiên", "đột nhiên", "tự dưng", "đang … thì").
  words([
    '(mieng|mom|mat) (bi )?(xe|meo|lech|xech)( \\p{L}+){0,2} (mot ben|qua mot ben|sang mot ben|xuong)', '(mot ben|nua) (mat|mieng|nguoi) (\\p{L}+ ){0,2}(xe|meo|lech|te|liet|yeu|khong cu dong)',
    'noi (do|dot|cung|lo) luoi', 'luoi (bi )?(cung|do|lo) (lai|ra)',
    '(tu nhien|dot nhien|tu dung|bong nhien|bong dung|dang (\\p{L}+ ){1,4}thi) (\\p{L}+ ){0,4}(liu luoi|noi (liu luoi|khong ro|ngong|lap bap|kho|khong ra tieng|khong thanh (loi|tieng|cau)|lung bung)|yeu (nua nguoi|mot ben|tay|chan)|(tay|chan) (yeu|te|liet|buong thong)|cam (\\p{L}+ ){0,2}(rot|khong (duoc|noi|vung))|meo (mieng|mat)|mat (xe|lech))',
  ]),
  // Not waking, the body limp or cold ("ngủ không dậy, người mềm"), or a charcoal stove in a shut
  // room and people who do not wake (carbon monoxide).
  words([
    '(khong|ko|hong|cha) (day|tinh|thuc)( \\p{L}+){0,3} (nguoi|tay chan|than minh)? ?(mem nhun|mem oat|mem|lanh|tim tai)',
    '(bep than|lo than|than to ong|chau than|khi than|may phat dien)( \\p{L}+){0,12} (khong (day|tinh)|ngat|xiu|lim|li bi|kho tho|nguoi mem|mem nhun)',
  ]),
  // A plea for an ambulance.
  words(['cap cuu gap', 'goi (xe )?cap cuu', 'goi 115', 'xe cuu thuong', 'can cap cuu', 'dua di cap cuu']),
];

/** Grave illnesses named, not yet their signs: danger only with a now-marker ("xuất huyết não, đang ở nhà một mình"). */
const MEDICAL_NOW: RegExp[] = [words(['xuat huyet nao', 'tai bien (mach mau nao|nang)', 'bi tai bien', 'tai bien', 'nhoi mau (co tim|nao)', 'len con (hen|suyen|tim)', 'nguy kich', 'liu luoi'])];

/**
 * Violence in progress or imminent: a blow, a weapon in hand, strangling, a break-in, being
 * followed or taken by force, a threat to kill or burn, sexual assault. Verbs without a
 * weapon or a now-marker fill stories of past disputes; `danger.ts` asks for a now-marker.
 */
const VIOLENCE: RegExp[] = [
  words([
    '(cam|vung|rut|mang|vac|xach|cam theo|giau|thu) (dao|kiem|rua|gay|bua|sung|cay|xa beng|dao phay|dao thai|dao bau|dao gam|ma tau|mac tau|tuyp sat|ong tuyp|cay sat|gay sat|gay go|cuoc|xeng|liem|chai be|manh chai|chai xang|can xang|axit|binh xit)',
    // Coercion by blows: "không cho (tiền) thì đánh", "không đưa thì chém".
    '(khong|ko) (cho|dua|nghe|chiu)( \\p{L}+){0,2} thi (danh|dap|chem|giet|dot|dam|quanh|uynh)',
    // Something picked up to strike with and the blow threatened ("cầm ghế đòi đánh bác sĩ").
    '(cam|vung|vac|nhac|giat lay) (\\p{L}+ ){0,2}(doi|doa|dinh|toan|xong vao) (danh|chem|dam|giet|dap|phang|nem)',
    'ke dao', 'di dao', 'chia (dao|sung)', 'ban sung', 'no sung', 'tieng sung',
  ]),
  // A person dragged or held who fights back or screams, told by whoever sees or hears it
  // ("kéo vào nhà nghỉ, cô ấy vùng vẫy la lên"); a scream for help heard ("tiếng la thất thanh").
  /\b(keo|loi|loi keo|ep|bat|day|giu|om chat|vac|khieng|nhet)\b.{0,50}\b(vung vay|giay giua|giay dua|vung ra|khang cu)\b/,
  /\b((bi|bat) (\w+ ){0,3}(keo|loi|vac|khieng|nhet)|(keo|loi|vac|khieng|nhet|bat) (co gai|co be|chi|em|ba|ong|nguoi|be|chau|thang be|dua be|dua nho|phu nu|co ay|chi ay|toi|tui|minh)) (\w+ ){0,3}(vao|len|ra|di)\b.{0,50}\b(la len|la het|keu la|keu cuu|khoc thet)\b/,
  words(['(la|keu|het|tieng la|tieng keu|tieng het) that thanh', 'tieng (keu|la|het) cuu']),
  // A robber in the house, a driver taking the writer somewhere deserted.
  words(['(nha|phong|tiem|cua hang|quan) (\\p{L}+ ){0,2}co (cuop|ke cuop)', 'co (cuop|ke cuop|trom|ke trom) (dang|vao|trong|o trong|dot nhap)', '(trom|cuop) (dang|van dang|con) (o )?trong nha',
    '(cho|dua|keo|dan|lai xe) (em|toi|tui|minh|chau|con|chi) (\\p{L}+ ){0,2}(vao|den|toi|di|ra) (cho vang|duong la|bai dat vang|hem vang|nha hoang|rung|bai hoang)']),
  // Hiding from someone right now ("con đang núp trong tiệm tạp hóa", "em trốn vô wc rồi"), or
  // followed home by a stranger ("có thằng áo đen theo con từ chỗ học thêm về").
  /\b(dang|van dang|phai|lai|da|vua) (nup|tron|an nap|chay tron|tron tam)( \w+){0,2} (trong|vao|vo|sau|duoi|tren|o trong)\b(?!.*\b(hoi xua|ngay xua|hoi nho|luc nho)\b)/,
  // (Written from "theo": the citizen's spelling is checked on a match's first and last words.)
  /\btheo (em|toi|tui|minh|con|chau|chi|be|vo|tao)( \w+){0,3} (tu|suot|ve|den|toi|tan)\b.{0,60}\b(so qua|so lam|rat so|dang so|so run|nup|tron|an nap|chay tron)\b/,
  // Someone at the door demanding to be let in ("ông chủ trọ say, cứ gõ cửa phòng em đòi vào").
  /\b(go|dap|cay|lay|giat) (\w+ ){0,2}cua( \w+){0,4} (doi|doi cho|bat|ep|doi xong) (vao|vo|mo cua|mo)\b(?! (\w+ )?(giao|lay|sua|doc|ghi|kiem tra|thu|lam|don|phat))/,
  // A robbery just now with the writer hurt or the robber still near ("vừa bị cướp giật điện
  // thoại, thằng đó còn đứng bên kia đường", "mới bị giật túi té trầy hết tay").
  /\b(vua|moi|dang|vua moi) bi (\w+ ){0,2}(cuop|giat|cuop giat|chan (duong|dau) cuop)\b.{0,100}\b(tray xuoc|tray (het|xuoc)|chay mau|bi thuong|bam tim|te|nga|(con|van|van con|dang) (dung|o|ngoi|rinh|lang vang|bam theo|di theo|cho) (ben|gan|ngoai|truoc|quanh|do|day|dau)|dang (dung|rinh|bam theo|di theo) (ben|gan|ngoai|truoc|quanh|do))\b/,
  words(['bop co', 'siet co', 'bop nghet', 'bit mieng', 'dim (dau )?(xuong )?nuoc', 'tum toc', 'giat toc', '(?<!\\b(te|nga|roi|rot|truot|lot|vap|va)\\b.{0,30})dap dau', 'xo nga', 'tat axit', 'tat xang', 'tuoi xang', 'doi xang', 'dot nha', '(?<!(chat|may cat co|may cat|may cua|luoi cua|luoi may) )chem(?! gio)', 'dam (chet|nguoi|lien tiep)', 'chem nhau', 'danh (hoi dong|tap the|chet|te hai)', 'xum vao (danh|dap|dam)', 'xong vao (danh|dap|dam|nha)']),
  // Followed, watched, taken by force.
  words(['(?<!\\b(ba|bo|me|ma|ong|anh|chi|co|chu|di|cau|thay|co giao|vo|chong|nho|nhoc|con|chau|be)( \\p{L}+)? )(bam|di|chay|chay xe|lai xe) theo (em|toi|tui|minh|con|chau|chi|me|vo|be)(?! (\\p{L}+ ){0,6}(moi|hang) (sang|ngay|buoi|toi))', 'bam duoi', 'rinh (rap|mo|ngoai)', 'lang vang (truoc|ngoai|quanh)', 'bat (len|vao|nhet vao) (xe|cop|oto)', 'nhet vao (xe|cop|bao)', 'bi bat (len|di) (xe|mat)', '(cho|dua|cho di|dua di) (\\p{L}+ ){0,3}di dau (khong|ko) biet']),
  // A stranger or an intruder at the door or inside ("nó vào nhà rồi", "hắn đang ở ngoài cửa",
  // "ông lạ mặt đứng ngoài cửa phòng gõ mãi", "có ông lạ bám theo").
  words([
    '(no|han|thang do|thang kia|ong la|nguoi la|ke la|ga do|tui no|bon no) (\\p{L}+ ){0,3}(o|dung|ngoi|rinh) ((ngoai|truoc|sau) )?(cua|cong)(?! (hang|hieu|khau|so|ngo|ty|an|viec|truong|chua))', '(no|han|tui no|bon no|ke la|nguoi la) (vao|vo|xong vao|treo vao) (nha|phong) roi',
    '(nguoi|ong|ba|ke|thang|anh|chu|nguoi dan ong) (la|la mat|la hoac) (\\p{L}+ ){0,4}(bam theo|di theo|theo doi|rinh|go cua|dap cua|dung (o|ngoai|truoc))', 'go (cua )?(mai|hoai|lien tuc) (khong|ko|k) di',
  ]),
  // Threats of death or fire, with a near time ("tối nay", "sẽ") or fear of it.
  /\b(doa|de doa|dam doa|hu doa|tuyen bo|noi|nhan tin)\b.{0,60}\b(se|sap|toi nay|dem nay|ngay mai|mai|gio|bay gio|neu khong)\b.{0,30}\b(giet(?! (con )?(ga|heo|lon|vit|bo|ca|de|trau|chuot|gian|muoi|sau|thit|thoi gian))|chem|dam|tat axit|tat xang|dot nha|dot|xu dep|danh chet|thanh toan|lay mang)\b/,
  /\b(doa|de doa|so|dang so|rat so|so lam)\b( \p{L}+){0,3} (giet(?! mo)|chem chet|dam chet|giet chet|lay mang)\b/u,
  // A threat to maim ("đe dọa chặt tay chồng tôi nếu không trả", "dọa tạt axit con bé").
  /\b(doa|de doa|dam doa|hu doa)\b( \p{L}+){0,2} (chat|cat|danh gay|be gay) (tay|chan|ngon|co)\b|\b(doa|de doa|dam doa|hu doa) (tat axit|tat xang|dot nha|dot xe)\b/u,
  // Beating verbs, every region (need a now-marker; see `danger.ts`).
  words(['(du|dua|keo|loi) (\\p{L}+ ){0,3}vao (nha|phong|xe) (\\p{L}+ ){0,3}(dong cua|khoa cua|khoa trai)', 'cham vao (nguoi|vung kin|nguc|nguoi em|nguoi con|nguoi chau)', 'nam lay tay (con|chau|em|be)']),
  // A child's sexual abuse told by the child or a parent ("con gái 7 tuổi kể bị chú hàng xóm … động
  // chạm vùng kín"): the abuser is still near the child, so it is danger now whenever it happened
  // (111 with 113), never a past matter for the lawyer queue alone.
  /\b(?:con|be|chau|dua nho|con gai|con trai|em be|con be|thang be|dua be|hoc sinh)\b(?: \p{L}+| \d+){0,20}? (?:xam hai|dam o|sam so|hiep dam|dong cham (?:vung kin|cho kin|vao vung kin|vao cho kin|nguoi)|so (?:vao |mo )?(?:vung kin|cho kin|nguc|vu)|cho (?:xem|coi) phim (?:sex|nguoi lon|khieu dam|con heo)|bat (?:\p{L}+ ){0,2}(?:coi|thao|cho xem) (?:do|quan|ao|het|quan ao))\b/u,
  // Sexual violence, break-ins and blows (each needs a now-marker).
  words(['sam so', 'so soang', 'so mo (nguoi|nguc|dui|vung kin)', 'quay roi tinh duc', 'hiep dam', 'cuong hiep', 'xam hai', 'dong cham (vung kin|co the|nguoi)', 'so mo', 'loi (vao|vo) (nha|phong|buong|xe)', 'keo (vao|vo) (nha|phong|buong|xe)', 'ep (quan he|ngu)', 'cuong dam', 'dam (nhau|vao)', 'cay cua', 'cay khoa', 'pha khoa', 'be khoa', 'dot nhap', '(treo|leo) (rao|tuong|cong|ban cong|cua so) (vao|vo)', '(treo|leo) (vao|vo) nha', 'dap cua', 'pha cua', 'tong cua', 'dap pha', 'danh dap', 'danh nhau', 'hanh hung',
    // "bảo hành" (a warranty) typed without marks, said with what a warranty is of, for or by.
    '(?<!((phieu|so|het|con|trung tam|che do|thoi han|thoi gian|dich vu|tem|chinh sach|tu choi|duoc|goi|xin|dem|mang|gui)|(dien thoai|may|xe|hang|san pham|tivi|laptop|tu lanh|may giat|may lanh|dieu hoa|linh kien|do)( \\p{L}+){0,2} (dang|van dang|van con|con|het|trong)) )bao hanh(?! ((\\p{L}+ ){0,1}(dien thoai|may|xe|san pham|hang|tivi|tu lanh|laptop|linh kien|chinh hang|mien phi|o dau)|\\d+ (thang|nam)))', 'hanh ha', 'quanh', 'uynh', 'oanh', 'quat', 'dam da', 'tat (lien tuc|vao mat|tai|bom bop)', 'dam vao (mat|dau|bung)', 'vut (do|ghe|chen)', 'nem (do|ghe|chen|da)']),
];

/** The means of self-harm as named when made ready ("dây" bare, not a cable, a charger or a clothes line). */
const MEANS = 'thuoc|thuoc ngu|day(?! (dien|chuyen|sac|nit|chun|giay|cap|phoi|buoc|thun|deo|lung|mang|loa))|day thung|soi day|than|thuoc tru sau|thuoc chuot|lo thuoc|vi thuoc|dao lam|luoi lam';
/** Giving up, said without a word of death. */
const HOPELESS = 'ganh nang|muon bien mat|chan song|khong chiu noi nua|het cach|tuyet vong|buong xuoi|met moi qua roi|met lam roi|chan (lam|qua|het|doi|that su)( roi)?|met moi (lam|qua)|het chiu noi|bat luc';
/** Standing on a height or a bank now ("giờ tôi đang đứng trên cầu Nhật Tân"). */
const HEIGHT_NOW = '(dang|van dang|van con|gio) (dung|ngoi|o|leo) (tren|tai|giua|ngoai|sat) (cau(?! (thang|long|cuu|hon|xin|khan|nguyen|ky|truc|thu|tu|giay|vong|da|bong|ca|keo))|thanh cau|san thuong|noc nha|mai nha|lan can|ban cong|tang thuong|bo song|mep song|vach da|mep vuc)';
/** After the writer is gone ("nếu tôi đi rồi thì …", "khi em chết thì nợ …"): asked about one's own death. */
const IF_GONE = '(neu|khi|lo|sau khi|mai kia) (toi|tui|em|minh|tao|con|tau) ((di|ra di) (roi|mat|luon|that)|chet|khong con( nua| tren doi)?|mat)( roi)?( thi)?';
/** A note written and left for the family ("viết sẵn giấy để lại cho vợ", "để lại thư cho bố mẹ", "mấy lời dặn con"). */
const PARTING_NOTE =
  '(viet|de lai|soan|gui lai)( san| xong| roi| het)* (\\p{L}+ ){0,1}(thu|giay|loi nhan|loi dan|vai dong|may dong|vai loi|may loi|di thu|thu tuyet menh)( \\p{L}+){0,3} (de lai |gui lai |dan )?(cho )?(vo|chong|con|cac con|me|bo|ba|ma|ca nha|gia dinh|bo me|ba me|moi nguoi)';
/** Going away and never coming back ("đi thật xa và không về nữa", "ra đi mãi mãi"). */
const GONE_FOR_GOOD = '(di|ra di|bo di)( \\p{L}+){0,5} (mai mai|(khong|chang|ko|se khong) (bao gio )?(ve|quay (lai|ve)|tro ve) (nua|lai nua))';
/** Everything one owns given away, the children sent to the grandparents. */
const GIVEN_AWAY = '(dem|cho|tang|phat|gui|giao|chia) (lai )?(het|tat ca|toan bo) (\\p{L}+ ){0,2}(quan ao|do dac|tai san|do dung|tien|tien bac|do dac ca nhan)';
/** The children sent to the grandparents: a sign only beside a height. */
const SENT_AWAY = 'gui (con|cac con|hai dua nho|dua nho|chau|may dua nho) (\\p{L}+ ){0,2}(sang|qua|ve|cho) (ba|ong|nha) ?(ngoai|noi)?';

/**
 * A farewell letter written for the parents, the spouse or everyone, or the means of dying set
 * aside: a plan's preparation (a will, or a letter to one's children, is an elder's everyday paper).
 */
const PREPARED =
  '((da )?viet (xong |san |het |roi )?(\\p{L}+ ){0,2}(thu|la thu|buc thu|thu tay|loi nhan|loi tran troi) (cho|gui|de lai cho|de lai) (\\p{L}+ ){0,2}(bo me|ba me|cha me|bo|me|ba|ma|vo|chong|ca nha|gia dinh|moi nguoi)' +
  '|(gom|tich|de danh|danh dum|giau|cat|mua) (san |du |het |nhieu |ca )?(\\p{L}+ ){0,1}(thuoc ngu|thuoc an than|thuoc tru sau|thuoc chuot|lo thuoc|vi thuoc|day thung|than to))';
/** The writer's own death, asked about or planned for ("nếu mình mất thì", "khi tôi không còn"). */
const OWN_DEATH = '(neu|khi|sau khi|lo|nhu) (toi|tui|em|minh|tao|con|t|e|tau) (co )?(mat|chet|qua doi|khong con|ra di|di roi)';

/** Self-harm and suicide intent, said plainly or in the words of giving up and parting. */
const SUICIDE: RegExp[] = [
  words([
    '(khong|ko|hong|chang|cha) (con )?(muon|thiet|thich) (song|ton tai|thuc day|tinh day|song tiep|song nua|o tren doi)',
    // The writer's own plan not to live on ("em không định sống lâu nữa", "tui hổng định sống thêm
    // nữa"); an illness is told without a plan ("bác sĩ nói ông không sống được lâu nữa"). ("tính"
    // folds onto "tỉnh", which the spelling guard keeps for the unconscious.)
    '(khong|ko|hong|chang|cha) (con )?(dinh|mun) song (lau |them |tiep )?(nua|them nua)', '(cha|chang|ko|khong) (con )?thiet (gi|song|chi)( nua)?', 'chan song', 'song (khong|ko|cha) (noi|de lam gi)', 'song (chang|cha|khong) de lam gi',
    'chet (di )?cho (xong|roi|nhe no|nhe|moi nguoi|ca nha|khoi|yen|dut)', 'chet quach', 'muon chet (di|cho|quach|luon)', 'thay xac (toi|tui|em|minh|tao|con|tau)', 'nhat xac (toi|tui|em|minh|tao|con)',
    'khong bao gio (tinh|thuc) (day|lai)', '(ngu|di) (mai mai|mot giac dai|that xa) (\\p{L}+ ){0,3}(khong|ko) (bao gio )?(tinh|thuc|tro) (day|lai|ve)', 'ket thuc (moi thu|tat ca|het|cuoc doi|ban than|doi minh|cuoc song)',
    '(gom|tich|mua|de danh) (du|het|san|nhieu|ca lo|ca vi)? ?(thuoc ngu|thuoc an than|thuoc tru sau|thuoc chuot|vien thuoc)', '(rach|cat|cua|cha) (co )?tay', 'tu (hai|lam hai|lam dau) (ban than|minh)', 'lam dau ban than',
    '(dung|ngoi|treo|leo|dang dung|dang ngoi|treo) (tren|len|ra|qua|o|sat) (lan can|thanh cau|mep|noc nha|mai nha|san thuong|cua so|ban cong|thanh chan|thanh lan can|tang thuong)',
    '(dem|hom|toi|ngay) nay la (lan|dem|ngay) cuoi',
    'mep (cau|vuc|san thuong|mai nha|toa nha|lan can|nui)', '(uong|nuot) (het|ca|nguyen|tat ca|mot lan) (\\p{L}+ ){0,2}(thuoc|vien|lo|vi)', '(dung|nam|ngoi) (o |tren |giua )?duong ray', '(muon|chi muon) (di xuong|nhay|buong tay|lao xuong|lao ra)( luon)?( cho xong)?', 'treo lung lang',
    'tin nhan cuoi( cung)?', 'loi nhan cuoi', 'nhan tin tu biet',
    // Affairs settled for the family and a near date the writer will not be there for ("để lại nhà
    // đất cho hai đứa con …, vì tôi không định ở lại đến tuần sau. Tôi đã chuẩn bị xong mọi thứ"),
    // in either order; a move abroad or to another home is named as such and is no sign.
    '(?<!(dinh cu|xuat canh|nuoc ngoai|chuyen nha|chuyen ve|chuyen di)( \\p{L}+){0,30} )(de lai|sang ten|giao lai|chia) (\\p{L}+ ){0,4}cho (\\p{L}+ ){0,2}(con|cac con|vo|chong|chau)( \\p{L}+){0,40} (khong|chang) (dinh|con|muon|the) (o lai|o day|song|ton tai)( nua)? (den|toi|qua|sang) (tuan sau|thang sau|nam sau|tet|mai|ngay mai|cuoi tuan|mai kia)(?!( \\p{L}+){0,30} (dinh cu|xuat canh|nuoc ngoai|chuyen nha|chuyen ve|chuyen di|di lam|lam an))',
    '(khong|chang) (dinh|con|muon|the) (o lai|o day|song|ton tai)( nua)? (den|toi|qua|sang) (tuan sau|thang sau|nam sau|tet|mai|ngay mai|cuoi tuan|mai kia)( \\p{L}+| \\|){0,30} (chuan bi|sap xep|thu xep|lo) (xong|het|san)( \\p{L}+){0,2} (moi thu|moi viec|tat ca|giay to)(?!( \\p{L}+){0,30} (dinh cu|xuat canh|nuoc ngoai|chuyen nha|chuyen ve|chuyen di|di lam|lam an))',
    // Poison or pills named for tonight, as a plan or a threat to someone ("nếu em không quay lại thì tối nay nó uống thuốc chuột").
    '(toi nay|dem nay|sang mai|ngay mai|se|sap|dinh|doa|doa la) (\\p{L}+ ){0,2}(uong|nuot|tu uong) (\\p{L}+ ){0,2}(thuoc chuot|thuoc tru sau|thuoc diet co|thuoc co|thuoc ngu|ca lo thuoc|het lo thuoc|ca vi thuoc|het vi thuoc|axit)',
    // The writer holding a blade and at the end of their strength ("e ko chịu nổi nữa, đang cầm dao lam").
    '(toi|tui|em|minh|e|t|tao|con) (\\p{L}+ ){0,6}(cam|giu|nam) (dao lam|luoi lam|manh chai|dao roc giay)',
    // A blade held against oneself ("đang cầm dao lam trong tay, không biết có nên rạch không").
    '(dao lam|luoi lam|manh chai|dao roc giay)( \\p{L}+){0,8} (rach|cat|cua)( (tay|co tay|co|khong|vao))?',
    // The means made ready, with heartbreak or being alone around it ("bị bồ đá rồi nhắn là đã
    // chuẩn bị sẵn dây, ở nhà một mình").
    '(chuan bi|mua|sam|de|gom)( san| xong| roi| ca)? (day(?! (dien|chuyen|sac|nit|chun|giay|cap|phoi|buoc|thun|deo|lung))|day thung|soi day|than|thuoc ngu|thuoc tru sau|thuoc chuot|lo thuoc|vi thuoc)( \\p{L}+){0,8} (o nha mot minh|mot minh|khong ai (biet|o nha|ben canh)|bo da|that tinh|chia tay|tuyet vong|chan qua|met moi qua)',
    '(bo da|that tinh|chia tay|tuyet vong|chan doi|chan song|no nan|mat het)( \\p{L}+){0,10} (chuan bi|mua|sam|gom)( san| xong| roi| ca)? (day(?! (dien|chuyen|sac|nit|chun|giay|cap|phoi|buoc|thun|deo|lung))|day thung|soi day|than|thuoc ngu|thuoc tru sau|thuoc chuot|lo thuoc|vi thuoc)',
    // Preparation and the writer's own death spoken of, in either order: a letter written for the
    // family or the means set aside, then "nếu mình mất thì …" ("đã viết xong thư cho bố mẹ, để trên
    // bàn rồi. Chỉ muốn hỏi nếu mình mất thì sổ tiết kiệm …"). Either alone is an everyday message
    // (a letter home; a will asked about); together they are a plan.
    `${PREPARED}( \\p{L}+| \\|){0,30} ${OWN_DEATH}`,
    `${OWN_DEATH}( \\p{L}+| \\|){0,30} ${PREPARED}`,
    // A parting wish to those who stay, with the choice said to be made ("mọi người ở lại mạnh
    // khỏe, t đã quyết rồi, không ai cản được"); a trip or a job abroad names where it goes.
    '(o lai|con lai) (\\p{L}+ ){0,2}(manh khoe|binh an|song tot|song vui|vui ve|hanh phuc|giu gin suc khoe)( \\p{L}+){0,12} (da quyet|quyet roi|quyet dinh roi|khong ai (can|ngan|giu|cuu) (duoc|noi|lai)|dung (tim|can|ngan|cuu)|lan cuoi|kiep sau|khong quay (lai|ve)|giai thoat)',
    '(da quyet|quyet roi|quyet dinh roi|khong ai (can|ngan|giu) (duoc|noi|lai))( \\p{L}+){0,12} (o lai|con lai) (\\p{L}+ ){0,2}(manh khoe|binh an|song tot|song vui|vui ve|hanh phuc|giu gin suc khoe)',
    // Indirect signs (no word of death): no reason left to go on, the others better off without
    // the writer, a sleep with no waking, a leaving with "don't look for / text me", things given
    // away with nothing needed any more, thanks "for everything" as a parting. Each says the
    // writer is about to be gone, which an everyday message does not.
    '(khong|ko|hong|chang) (con )?(ly do|dong luc|ly le) (gi )?(de )?(song|tiep tuc|co gang|ton tai|o lai)',
    '(moi nguoi|ca nha|gia dinh|bo me|ba me|vo con|ai cung|tat ca) (\\p{L}+ ){0,3}(nhe nhom|nhe no|sung suong|hanh phuc|tot hon|do kho|do ganh nang) (hon )?(khi|neu) (khong (con )?co|vang|thieu|mat) (toi|tui|em|minh|tao|con|tau)',
    '(ngu|nham mat) (\\p{L}+ ){0,3}(khong bao gio|ko bao gio|chang bao gio|mai khong|ma khong) (day|tinh|thuc|mo mat)( lai| nua)?',
    '(dung|khoi|dung co) (tim|nhan|goi|cho|doi|lo cho) (\\p{L}+ ){0,4}(nua|lam gi)\\b.{0,40}\\b(di xa|di that xa|di luon|ra di|khong ve|khong quay lai|biet mat)',
    '(di xa|di that xa|di luon|ra di)\\b.{0,40}\\b(dung|khoi|dung co) (tim|nhan|goi|cho|doi|lo cho)',
    '(chia|cho|tang|de lai|gui lai|giao lai|trao lai) (\\p{L}+ ){0,8}(chac )?(toi|tui|em|minh|tao|con)? ?(khong|ko|hong|chang) (con )?(can|dung den) (gi|chi)( nua)?',
    '(nho|gui|giao|de lai) (\\p{L}+ ){0,4}(nuoi|cham soc|trong) (giup|gium|dum|ho)\\b.{0,60}\\b(khong can|tam biet|cam on|xin loi|vinh biet|di day|di xa)',
    // (The parting words end the match: a friend's name after them is typed as it is, "bạn" included.)
    'cam on (\\p{L}+ ){0,2}(vi tat ca|vi moi thu|da la)(?=( \\p{L}+){0,3} ?(\\||$))',
    'song (de )?(lam gi|lam chi|co y nghia gi) nua', '(chang|cha|khong|ko) (con )?ai (can|thuong|quan tam|can den) (toi|tui|em|minh|tao|con)( nua)?( \\p{L}+){0,2} (chet|bien mat|ra di|song lam gi)',
    // A keepsake handed back with comfort for those left ('gửi lại mẹ con heo đất, mẹ đừng buồn'), "don't cry for me".
    '(gui lai|de lai|tra lai|cho lai) (\\p{L}+ ){0,1}(me|bo|ba|ma|ca nha|moi nguoi|vo|chong|con|anh|chi|em|ban) (\\p{L}+ ){0,8}(dung buon|dung khoc|tha loi|quen (em|con|toi|tui|minh) di)', 'dung (buon|khoc) (vi|cho) (em|con|toi|tui|minh|tao)',
    '(se|sap) (khong|ko) (lam phien|lam ganh nang|lam kho) (\\p{L}+ ){0,3}nua',
    // A parting letter, then leaving soon ("viết thư cho bố mẹ rồi, đêm nay em sẽ đi").
    '(viet|de lai|gui)( xong)? (thu|loi nhan|di thu|thu tuyet menh)( \\p{L}+){0,8} (se|sap|dem nay|toi nay|hom nay) (\\p{L}+ ){0,2}?(di|ra di|roi xa|di xa)', 'la lan cuoi (cung )?(em|toi|tui|minh|con)', 'la ganh nang (cho|cua) (\\p{L}+ ){0,8}(chet|bien mat|ra di|ket thuc)',
    // Hopelessness and the means made ready ("là gánh nặng … thuốc con mua rồi"), in either order.
    `(${HOPELESS})( \\p{L}+){0,16} (${MEANS})( \\p{L}+){0,2} (mua|chuan bi|gom|de san|mua san|de) (roi|san|xong|du)`,
    `(${MEANS})( \\p{L}+){0,2} (mua|chuan bi|gom|de san|mua san|de) (roi|san|xong|du)( \\p{L}+){0,16} (${HOPELESS})`,
    // The means made ready and the writer waiting to be alone ("… chuẩn bị sẵn rồi, chỉ đợi tối nay
    // nhà đi vắng hết"): a plan with its hour.
    `(${MEANS})( \\p{L}+){0,2} (mua|chuan bi|gom|de|giau|cat)( san| xong| roi| ky)+( \\p{L}+){0,12} (doi|cho|chi doi|chi cho|de) (\\p{L}+ ){0,6}(vang|di vang|di het|ngu het|ngu say|khong con ai|khong co ai|o nha mot minh|mot minh)`,
    // Last instructions and a parting ("mật khẩu điện thoại để trong ngăn kéo, mọi người tự lo nhé").
    '(mat khau|ma pin|the atm|the ngan hang|so tiet kiem|giay to nha|so do)( \\p{L}+){0,4} (de|cat|giau|gui) (san )?(trong|o|duoi|tren|cho)( \\p{L}+){0,14} (tu lo (nhe|nha|nhe|lay)|lo cho nhau|song tot|o lai manh khoe|tam biet|vinh biet|dung buon|dung tim|tha loi)',
    // On a height now with one's own death asked about or everything given away ("đã đem hết đồ đạc
    // cho em gái … giờ đang đứng trên cầu … nếu tôi đi rồi thì nợ …"), in either order; one's death
    // asked about after everything given away.
    `${HEIGHT_NOW}\\b.{0,200}\\b(${IF_GONE}|${GIVEN_AWAY}|${SENT_AWAY}|${HOPELESS})`,
    `(${IF_GONE}|${GIVEN_AWAY}|${SENT_AWAY}|${HOPELESS})\\b.{0,200}\\b${HEIGHT_NOW}`,
    `(${GIVEN_AWAY})\\b.{0,200}\\b${IF_GONE}`,
    // The means gathered in full and one's own death asked about ("đã gom đủ thuốc rồi … nếu tôi
    // mất thì sổ tiết kiệm …"): the question is what the writer leaves behind.
    `(gom|tich|tru|de danh|mua|chuan bi|cat)( san| du| xong| het| roi)+ (${MEANS})\\b.{0,200}\\b${IF_GONE}`,
    // A parting note left for the family and a going away for good ("viết sẵn giấy để lại cho vợ
    // … tối nay sẽ đi đâu đó thật xa và không về nữa"), in either order.
    `${PARTING_NOTE}\\b.{0,200}\\b${GONE_FOR_GOOD}`,
    `${GONE_FOR_GOOD}\\b.{0,200}\\b${PARTING_NOTE}`,
    // Not here any more after tonight ("sau đêm nay tôi không còn nữa", "mai em không còn trên đời").
    '(dem nay|toi nay|hom nay|mai|ngay mai|sang mai|sau (dem|toi|hom) nay|qua (dem|toi) nay)( \\p{L}+){0,4} (toi|tui|em|minh|tao|con|anh|chi|tau) (se |da |chac )?(khong|chang|cha|ko|hong) (con )?(con nua|con tren doi|con o day|con song|con o tren doi)',
    '(toi|tui|em|minh|tao|con|tau) (se |da |chac )?(khong|chang|cha|ko|hong) con (nua|tren doi|o tren doi)( \\p{L}+){0,2} (sau|tu|ke tu|qua) (dem nay|toi nay|hom nay|mai)',
    // A sleep wished with no waking ("chỉ muốn ngủ một giấc không dậy nữa", "ngủ luôn không dậy").
    '(muon|chi muon|uoc|uoc gi|muon duoc) ngu (\\p{L}+ ){0,3}(khong|ko|hong|cha|chang) (bao gio )?(day|thuc|tinh|thuc day|tinh day) (nua|lai|luon)',
    // Leaving far tonight with an apology or a goodbye for the family ("tối nay em sẽ đi thật xa, nhắn
    // mẹ là em xin lỗi"), in either order; an errand names where, a farewell names no place.
    '(se|sap|phai|muon|chuan bi) (di|ra di|bo di) (that |rat |that la )?(xa|mai mai|khong ve|khong quay (lai|ve))( \\p{L}+){0,12} (xin loi|tha loi|tam biet|vinh biet)(?! vi (lam phien|lam mat thoi gian|hoi nhieu|da lam phien))',
    '(xin loi|tha loi|tam biet|vinh biet)( \\p{L}+){0,12} (se|sap|phai|muon) (di|ra di|bo di) (that |rat )?(xa|mai mai|khong ve|khong quay (lai|ve))',
    // Someone asked to pass on an apology or a goodbye to the family ("nhờ ai nhắn giúp mẹ em là em xin lỗi").
    '(nhan|noi|bao|chuyen loi) (giup|gium|dum|ho|lai)( \\p{L}+){0,3} (me|bo|ba|ma|vo|chong|con|ca nha|gia dinh|bo me|ba me) (\\p{L}+ ){0,3}(xin loi|tha loi|tam biet|dung buon|dung khoc|thuong)',
    // An apology or a goodbye to the family, then silence ("'mẹ ơi con xin lỗi' rồi tắt máy", "xin lỗi cả nhà rồi khóa cửa phòng").
    '((me|bo|ba|ma|ca nha|moi nguoi|anh|chi) oi (con|em|chau) (xin loi|tha loi)|xin loi (ca nha|moi nguoi|bo me|ba me|gia dinh|tat ca|me|ba|bo|ma|vo|chong|con)|tha loi cho (con|em|toi|tui|minh)|tam biet (ca nha|moi nguoi|me|bo|ba|ma|vo|chong|con))( \\p{L}+){0,14} (tat may|tat nguon|khong (bat|nghe|nhac) may|khong lien lac|mat lien lac|khoa (trai )?cua|dong (het )?cua|chan (het|so|zalo|facebook)|bien mat|khong tra loi)',
    '(so|lo|e|chi so|so la) (\\p{L}+ ){0,3}(lam dai|lam dieu dai dot|lam chuyen dai dot|lam viec dai dot|nghi quan|lam lieu|tim den cai chet|tim cai chet|quyen sinh)',
    // The means in place: a rope on a beam, charcoal burning behind a shut door, a jump named.
    '(treo|buoc|that|mac|cot) (\\p{L}+ ){0,2}(day|soi day|day thung|thong long)(?! (phoi|dien|quan ao)) (len|vao|tren|o) (\\p{L}+ ){0,2}(xa|xa nha|quat tran|cay|cua so|lan can|cau thang|moc|khung cua)',
    '(bep than|lo than|dot than|mui than|chau than|than to ong)( \\p{L}+){0,10} (khoa|dong|bit|chan) (\\p{L}+ ){0,2}(cua|kin|het)', '(khoa|dong|bit|chan) (\\p{L}+ ){0,3}(cua|kin|phong)( \\p{L}+){0,10} (bep than|lo than|dot than|mui than|chau than|than to ong)',
    '(se|sap|dinh|doi|muon|noi|bao) nhay (tu |xuong |khoi )(\\p{L}+ ){0,3}(cau|lau|tang|san thuong|song|ho|toa nha|ban cong|chung cu|vach|vuc)', 'nhay (tu )?(cau|tang \\d+|lau \\d+|san thuong) (\\p{L}+ ){0,3}xuong',
    // A high place and "don't come near" ("đứng ngoài ban công tầng 9, nói đừng lại gần").
    '(ban cong|lan can|san thuong|mai nha|noc nha|thanh cau|mep|cua so|tang thuong)( \\p{L}+){0,10} (dung|khong duoc|cam) (lai gan|toi gan|den gan|buoc toi|lai day|qua day)',
    '(ai|nguoi nao|ai ma) (lai gan|toi gan|den gan|buoc toi|xong toi|leo len) (la|thi) (\\p{L}+ ){0,2}(nhay|lao xuong|buong tay|tha tay)',
    // Pesticide, rat poison or sleeping pills just taken ("vừa uống thuốc trừ sâu", "uống chai thuốc cỏ").
    '(vua|moi|da|dang|lo) (uong|nuot|tu uong) (\\p{L}+ ){0,2}(thuoc tru sau|thuoc diet co|thuoc co|thuoc chuot|thuoc ngu|thuoc an than|nuoc tay|axit|xang|dau hoa)',
    // "Going after" a parent or partner who died, said before going quiet ("nó nhắn sẽ đi theo bố rồi tắt máy").
    '(se|sap|muon|xin|dinh) (di theo|theo) (bo|me|ba|ma|ong|anh|chong|vo|con|ban)( \\p{L}+){0,6} (tat may|khong (bat|nghe) may|mat lien lac|khong lien lac|xuong suoi vang|tren troi|ben kia)',
  ]),
];

/** Fire, gas, explosion, collapse, flood, landslide, people trapped. */
const FIRE: RegExp[] = [
  words([
    'phut lua', 'lua (phut|bung|boc|ngun ngut|lan|chay)', 'boc chay', 'boc lua', 'dang chay (to|lon|du doi|ngun ngut|rui|dung dung)', 'chay (to|lon|du doi|ngun ngut|rui|dung dung) (qua|lam|roi)', 'chay lan (sang|qua|toi)', 'ngon lua',
    'khoi (den|mu|dac|day|tran|bay|ngun|kit|cuon|boc|um)', 'mui (khet|chay) (\\p{L}+ ){0,4}khoi', 'mui (gas|ga|khi gas|khi ga) (nong nac|rat nang|bay|xong)', 'nong nac mui (gas|ga)', 'xi (gas|ga)', 'ro (ri )?(gas|ga|khi)', 'no (binh )?(gas|ga)', 'no tung', 'phat no', 'tieng no', 'chap dien',
    'sap (nha|tuong|tran|gian|cong trinh)', '(nha|tuong|tran|cau|gian|mai) (bi )?(do )?sap (roi|xuong|het(?! han)|mat|de)', 'do sap(?! (lam|xay|mo|co|duoc|toi|den|giai|thu|ban|chuyen|di|ve|nhap|khoi|phai|bi|quy|nang|cap|trien|thi|dat))', 'sat lo', 'sat (taluy|ta luy|nui|doi|lo dat)', '(?<!\\b(mua|ban|\\d+|mot|cai|nhung|cac|hai|ba|so|chia|tach|thua|tien) )lo dat(?! (nay|do|kia|cua|o|tai|\\d|mat tien|nen|tho cu|nong nghiep|co nam|nam (trong|o|tai|gan|ngay|canh)|thuoc|quy hoach|dien tich|gia|chinh chu))', 'bi (\\p{L}+ ){0,2}cuon (xuong|troi|di|vao)', 'vui lap', 'bi vui', 'dat da (do|vui|lap)',
    'nuoc lu', 'lu (len|cuon|ngap|quet|dang len)', 'ngap (toi|den|qua|het) (mai|noc|co|nguc|dau|tang)', 'nuoc (len|dang len|dang dang) (toi|den|qua) (mai|noc|co|nguc)', 'lu ong', 'lu quet',
    '(nut toac|nghieng|rung lac|lun|rung)( \\p{L}+){0,8} (o trong|dang o trong|con o trong|ben trong)', 'tran nha (nut|rung|sap)', '(cuon|thoi|lam|danh) sap', 'sap mai', '(dat|da|cat|bun) vui', 'bi (dat|da|cat|bun) (vui|lap)', 'cau (treo )?sap',
    '(nuoc|lu) (\\p{L}+ ){0,2}(len|dang len|dang dang|ngap) (toi|den|qua) (giuong|ban|cua so|bung|dau goi|nguc|co|mai|noc|tang)',
    // Water come into the house up to a body ("nước tràn vô nhà tới bụng", "nước vào nhà ngang ngực").
    '(nuoc|lu) (\\p{L}+ ){0,2}(tran|tran vao|tran vo|vao|vo|ngap|len|dang len|dang dang) (\\p{L}+ ){0,2}(toi|den|qua|ngang) (giuong|ban|cua so|bung|dau goi|nguc|co|mai|noc|tang|hong|vai|eo|dui)\\b', '(treo|leo) len noc (tu|nha|xe)',
    'mac ket', 'bi ket (trong|tren|duoi|giua)', 'ket (lai )?ben trong', '(lat|roi|lao) xuong (deo|vuc|song|suoi|kenh|ho)', 'ket (trong|tren|duoi|giua) (\\p{L}+ ){0,3}(nha|thang may|xe|lau|tang|dam chay|phong|ham)', 'thang may (bi )?(ket|ro|roi|dut)',
  ]),
];

/** A child or an elder taken or abandoned. */
const CHILD_TAKEN: RegExp[] = [
  words([
    'bat coc', 'bat mat', 'bi bat di', 'bi dan di', 'bi du di',
    // Carried or led off and gone ("anh ta đến trường bế con bé đi mất", "dắt thằng bé đi mất tiêu").
    '(?<!\\b(toi|tui|minh|tao|ta) )(be|bong|om|dan|dat|du|keo|loi|cuop|giat|bat|cho|mang) (\\p{L}+ ){0,1}(con|be|chau|dua nho|thang be|con be|em be|dua be)( \\p{L}+){0,2} (di mat|chay mat|mat tieu|di mat tieu|bien mat)', '(?<!(may|tiem|bot|nuoc|xa|phoi) )giat (con|be|chau|dua nho)', 'cuop (con|be|chau)', 'bong (con|be|chau)', 'om (con|be|chau) (\\p{L}+ ){0,2}(chay|bo di|di mat)',
    'bo (\\p{L}+ ){0,4}(trong thung|truoc cong|bai rac|ven duong|goc cho)', 'khoc tim (me|bo|ba|ma)', 'lac (me|bo|ba|ma|gia dinh)',
  ]),
];

/** Someone not where they should be: danger only with a now-marker ("từ sáng tới giờ", "10 phút"). */
const CHILD_MISSING_NOW: RegExp[] = [
  words([
    '(bi (du|lua|ru)|du do|ru re) (\\p{L}+ ){0,4}di (lam|theo|dau|sang|qua)', 'bi bo (lai|trong|truoc)', '(con|be|em be|tre|chau|so sinh|dua nho|nguoi gia|ong cu|ba cu|cu gia) (\\p{L}+ ){0,3}(bi )?(bo roi|vut bo)', '(bo roi|vut bo) (\\p{L}+ ){0,2}(con|be|em be|tre|chau|so sinh|dua nho|nguoi gia|ong cu|ba cu)', 'khong ai (nhan|don)', 'lac mat', 'bi lac', 'di lac', 'mat tich', 'mat lien lac',
    // Not when the writer says where the person is ("vợ em đang ở bển ngoại chưa về", "còn ở quê
    // chưa về"): a whereabouts given is data (a form's residence), not someone missing.
    '(?<!\\b(dang|con|van|van con|hien|hien dang|hien con) o( \\p{L}+){1,4} )(chua|van chua|chang thay|hong thay|khong thay|ko thay) (ve|tro ve)( nha)?',
    // A parent's turn ended and the child not handed back, with a threat ("quá giờ trả con 5 tiếng",
    // "mày đừng hòng gặp lại nó", "không bao giờ được thấy con nữa").
    '(khong|ko|hong|chua|nhat quyet khong|khong chiu) (chiu )?(tra (con|chau|be|thang be|con be|dua nho)(?! (tien|no|lai tien))|(dua|giao) (con|chau|be|thang be|con be|dua nho) (ve|lai))', 'qua (gio|hen) (tra|dua|giao) (con|chau|be)',
    '(dung hong|dung mong|khoi|dung co mo) (gap|thay|nhin|nhin thay|dua) (lai )?(con|no|chau|be|thang be|con be|dua nho|con may)', 'khong bao gio (duoc )?(gap|thay|nhin thay|gap lai|thay lai) (lai )?(con|no|chau|be|thang be|con be)( nua)?', 'khong (ve|tro ve) nha (tu|ca|may|suot|luc)', 'khong thay (dau|tam hoi)', '(?<!(so do|so hong|giay to|giay|the|vi|chia khoa|dien thoai|ho chieu|can cuoc|cccd|bang lai|hop dong|ho so|tien|xe|so tiet kiem|di chuc)( \\p{L}+){0,10} )tim (khap|moi|het) (noi|cho)', 'tim khong (thay|ra)', 've (tre|muon|chua toi) (\\d+|may|hai|ba|bon|nam|mot) (tieng|gio)', 'khong ai biet (\\p{L}+ ){0,2}(o dau|di dau)',
    // A child who cannot be reached, said of the child ("điện thoại của cháu tắt máy, đến giờ chưa
    // liên lạc được", "con bé không đến lớp, gọi không được"): the phone or the school is how
    // parents learn a child is missing.
    '(con|be|chau|thang be|con be|dua nho|em be|con trai|con gai)( \\p{L}+){0,25} (chua|khong|ko|hong|van chua|van khong) (lien lac|goi|lien he|tim)( \\p{L}+)? (duoc|dc|ra)',
    '(con|be|chau|thang be|con be|dua nho|em be|con trai|con gai)( \\p{L}+){0,6} (khong|chua|ko|hong) (den|toi|co mat o|vao) (lop|truong)( \\p{L}+){0,20} (tat may|khong (lien lac|goi|nghe may)|chua (lien lac|ve)|khong ai (biet|thay))',
  ]),
];

CHILD_TAKEN.push(
  /\b(nguoi|ong|ba|ke|thang|co|chi|anh|nguoi dan ong|nguoi dan ba) la( mat)?\b.{0,40}\b(dat|bat|du|cho|dan|bong|om|be|goi|keo|don)\b.{0,15}\b(con|be|chau|dua nho|tre|em be|be gai|be trai)\b/,
  /\b(con|be|chau|dua nho|thang be|con be)\b.{0,30}\b(nguoi la|ong la|ba la|ke la|nguoi dan ong la) (don|dat|bat|du|be|cho|om) di\b/,
  /\b(nguoi|chu|co|ong|ba|anh|chi|thang|nguoi dan ong|nguoi dan ba) (nao|la|la mat|la hoac|khong quen)( \w+){0,3} (da )?(don|ruoc|dua|cho|dat) (\w+ ){0,3}(di|roi|ve)\b.{0,60}\b(khong (he )?nho (ai|ai di|ai don)|khong ai nho|khong (he )?quen|khong phai nguoi nha|khong biet (la )?ai|khong ai don)\b/,
  words(['(mo cong|ra khoi nha|chay ra duong|tu di) (\\p{L}+ ){0,3}di dau mat', 'chi (con )?thay (doi )?(dep|xe dap|cap sach|giay)']),
);

/** Someone lost who cannot find the way: an elder or a child who does not know their home. */
CHILD_TAKEN.push(
  words([
    '(khong|ko|hong) (nho|biet) (nha|duong ve|duong ve nha|dia chi|ten)( minh| cua minh)?( o dau| la gi)?', 'quen (duong ve|nha|ten)( minh)?', 'khong biet (duong )?ve nha',
    'lang thang (\\p{L}+ ){0,6}(khong nho|khong biet|quen) (nha|duong|ten|dia chi)',
  ]),
);

/** Confinement, forced labour and trafficking. */
const CONFINEMENT: RegExp[] = [
  words([
    'nhot(?! minh)', 'giam long', 'khoa trai', 'khoa cua nhot', 'phong khoa (trai|tu ben ngoai)', 'khoa (\\p{L}+ ){0,2}(trong|o trong) (phong|nha|xuong|kho|chuong|toilet|nha ve sinh|nha kho)', 'khoa (nhot|lai) (toi|em|tui|con|chau|me|ba|nguoi)',
    // Taken somewhere unknown and not let go: "đưa vào nhà nghỉ, không biết đây là đâu".
    '(dua|dan|cho|du|lua|keo|bat) (\\p{L}+ ){0,3}(vao|den|toi|ra|len) (\\p{L}+ ){0,4}(khong biet|ko biet|hong biet) (day la|minh dang o|dang o|o) (dau|cho nao|noi nao)',
    'xich (chan|tay|lai|vao)', 'troi (chan tay|chan|tay|lai|vao)(?! (chan|qua|oi|dat))', 'ban (sang|qua|cho) (\\p{L}+ ){0,3}(campuchia|cam pu chia|myanmar|lao|trung quoc|song bac|casino|nha chua)', 'buon nguoi', 'lua ban',
    // Whoever runs is caught and beaten ("ai bỏ trốn bắt lại là đánh", "trốn về là bị đánh").
    '(bo tron|tron|chay tron|tron ve|tron ra|bo ve)( \\p{L}+){0,3} (bi )?(bat lai|danh|bi danh|dap|bi dap|xich|bi xich|nhot|bi nhot|ban|dien giat|chich dien)',
    'cuong buc lao dong', 'ep (lam gai|ban dam|an xin|ban ve so)', '(bat|ep|buoc) (\\p{L}+ ){0,2}(tiep khach|ban dam|lam gai|di khach|ngu voi khach)', 'bat (di )?(an xin|ban ve so)', 'tien chuoc', 'doi chuoc',
    // Held until someone pays: "gia đình chuộc mới được về", "nợ 5000 đô mới cho về".
    '(chuoc|chuoc ve|chuoc ra|nop tien|gui tien|tra du) (\\p{L}+ ){0,3}(moi|thi moi) (duoc |cho )?(ve|tha|ra)', 'no (\\d+ )?(do|usd|dola|trieu|te)( \\p{L}+){0,8} (moi|thi moi) (duoc |cho )?(ve|tha|ra)',
    // Money demanded before a person is let go ("đòi em bồi thường 20 triệu mới thả", "bắt nộp
    // 50 triệu mới thả người"): "thả" is said of someone held.
    '(doi|bat|phai|ep) (\\p{L}+ ){0,6}(\\d+ )?(trieu|do|usd|dola|te|ty|tien|cay vang|chi vang)( \\p{L}+){0,3} (moi|thi moi) (chiu )?tha',
    // Taken across a border overnight and kept where the writer cannot tell ("sáng ra thấy mình qua biên giới … không biết mình đang ở đâu").
    '(qua|sang|vuot|toi|den) (bien gioi|nuoc ngoai|ben kia bien gioi)( \\p{L}+){0,40} (khong|ko|hong) biet (minh )?(dang )?o (dau|cho nao)', 'bao ve (co|cam|deo) (sung|dui cui|gay dien|ma tau)',
  ]),
];

/** Signs of being held that are everyday words too: danger only with a now-marker. */
const CONFINEMENT_NOW: RegExp[] = [
  words([
    'khong cho (toi |tui |em |minh |chau |con |chi |nguoi ta )?(ra ngoai|ra khoi|ve|ve que|ve nha|di dau|an|lien lac|goi)', '(thu|giu|tich thu) (het )?(ho chieu|giay to|dien thoai|can cuoc)', 'bi ban', 'ep (lam viec|di lam)', 'lam viec (khong|ko) (luong|cong)',
    'cau cuu', 'keu cuu',
    // Locked in from outside, nobody let out ("khóa cửa ký túc xá từ ngoài, không cho ai ra").
    'khoa (\\p{L}+ ){0,4}tu (ben )?ngoai', '(phong|cua|cong|kho|xuong) (sat )?khoa ngoai', 'khong cho (ai|nguoi nao|chung (em|toi|tui|chau|con)|tui (em|toi)|bon (em|toi)|mot ai) (ra|ve|di|ra ngoai|roi|thoat)',
    // Held by people named only as "they": "họ không cho em về", "nó không cho tui ra".
    '(ho|no|tui no|bon no|chung no|nguoi ta|han|chu|ong chu|ba chu|chu tau|chu no) (\\p{L}+ ){0,2}(khong|ko|hong|cha|chang) cho (em|toi|tui|minh|chau|con|chung em|chung toi|tui em|tui toi|chi|nguoi ta) (ve|ra|di|ra ngoai|roi|len bo|lien lac|goi)', 'muon (tron|tron thoat) (ra|thoat|ve|khoi)', 'khong cho (nghi|thoi viec)', 'nhan len', 'nhan tin len', 'bat lam viec',
    // Forced to work long hours and locked in at night ("chủ bắt làm 16 tiếng mỗi ngày, đêm khóa cổng").
    '(bat|ep|buoc) (\\p{L}+ ){0,2}lam (\\p{L}+ ){0,2}(\\d+|muoi \\w+) (tieng|gio)( \\p{L}+){0,12} (dem|toi|ban dem|toi toi|dem dem) (\\p{L}+ ){0,2}khoa (cong|cua|phong|lai)',
  ]),
];

/** The state vocabulary by kind: `strong` states stand alone, `now` states need a now-marker. */
export interface KindStates {
  strong: readonly RegExp[];
  now: readonly RegExp[];
}

/** `danger.ts` adds the now-markers and the framing. */
export const STATE_PATTERNS: Readonly<Record<DangerKind, KindStates>> = {
  medical: { strong: MEDICAL, now: MEDICAL_NOW },
  // The last group (beating verbs) fills stories of past disputes: it needs a now-marker.
  violence: { strong: VIOLENCE.slice(0, -1), now: VIOLENCE.slice(-1) },
  suicide: { strong: SUICIDE, now: [] },
  fire: { strong: FIRE, now: [] },
  child_missing: { strong: CHILD_TAKEN, now: CHILD_MISSING_NOW },
  confinement_trafficking: { strong: CONFINEMENT, now: CONFINEMENT_NOW },
};
