import { LACKED_SUBJECTS, type LackedSubject } from './lacked.js';
import type { LawInfo } from './schema.js';

/**
 * The statutes the product quotes, by document number. Only these are imported: the
 * current main law of eight core đề mục of the Bộ pháp điển, the 2023 consumer-protection
 * law from the bundle's JSONL of all đề mục (`bundleDemuc`), the 2020 residence law and
 * the 2022 domestic-violence law as enacted, and two laws from their consolidated texts
 * (`consolidated`): the 2024 land law and the civil procedure code (its 2025 text, with the
 * regional courts; the bundle's đề mục 37.5 still names the district courts and is not quoted).
 * The bundle's Cư trú đề mục (39.3) still holds the superseded 2006 law and is never
 * imported; guiding decrees and circulars are left out (see REPORT.md for counts).
 */
export const LAWS: readonly LawInfo[] = [
  { document: '91/2015/QH13', name: 'Bộ luật Dân sự 2015', shortName: 'Bộ luật Dân sự', version: 'Bộ pháp điển, đề mục 9.1 Dân sự', areaWords: 'dân sự hợp đồng tài sản thừa kế di chúc', signals: ['thua ke', 'di chuc', 'di san', 'hop dong', 'dat coc', 'tien coc', 'vay', 'cho vay', 'vay tien', 'muon tien', 'cho muon', 'muon xe', 'mượn', 'lai suat', 'boi thuong', 'thiet hai', 'den bu', 'tang cho', 'uy quyen', 'hụi', 'giao dich', 'thue nha', 'cam co', 'the chap', 'so huu', 'nhat duoc', 'danh roi', 'thanh nien', 'giam ho', 'doi ten', 'doi ho', 'thoi hieu khoi kien', 'danh du', 'nhan pham', 'tra no', 'doi no', 'no tien', 'giay no', 'cam do', 'mua ban', 'bảo hành', 'tra gop', 'hang xom', 'nha ben canh', 'benh vien', 'vien phi', 'nhat duoc', 'bao lanh'] },
  { document: '52/2014/QH13', name: 'Luật Hôn nhân và gia đình 2014', shortName: 'Luật Hôn nhân và gia đình', version: 'Bộ pháp điển, đề mục 8.4', areaWords: 'hôn nhân gia đình vợ chồng con cái ly hôn kết hôn', signals: ['ly hon', 'ly di', 'ly than', 'ket hon', 'lay vo', 'lay chong', 'vo chong', 'nuoi con', 'cap duong', 'tai san chung', 'tai san rieng', 'con nuoi', 'mang thai ho', 'cha duong', 'bo duong', 'me ke', 'con rieng', 'thuan tinh', 'chung song', 'nhan con', 'nhan cha', 'con chung', 'quyen nuoi', 'gianh con', 'dam cuoi', 'ngoai tinh', 'vo cu', 'chong cu', 'me chong', 'bo chong', 'con dau', 'con re'] },
  { document: '45/2019/QH14', name: 'Bộ luật Lao động 2019', shortName: 'Bộ luật Lao động', version: 'Bộ pháp điển, đề mục 20.2', areaWords: 'lao động người lao động công ty doanh nghiệp làm việc', signals: ['lao dong', 'cong ty', 'sếp', 'lương', 'thu viec', 'sa thai', 'nghi viec', 'duoi viec', 'tang ca', 'lam them', 'nghi phep', 'ky luat', 'nghi huu', 've huu', 'thoi viec', 'nhan vien', 'cong nhan', 'xi nghiep', 'nghi de', 'nghi sinh', 'nghi thai san', 'nghi ngang', 'nguoi lao dong', 'hop dong lao dong', 'cty', 'ca dem', 'thuong tet', 'tru luong', 'no luong'] },
  { document: '100/2015/QH13', name: 'Bộ luật Hình sự 2015 (sửa đổi, bổ sung 2017)', shortName: 'Bộ luật Hình sự', version: 'Bộ pháp điển, đề mục 16.1 (có sửa đổi theo Luật 12/2017/QH14)', areaWords: 'hình sự tội phạm phạt tù', signals: ['tội', 'di tu', 'phat tu', 'ngoi tu', 'hinh su', 'truy cuu', 'an treo', 'an tich', 'pham toi', 'toi gi', 'toi danh', 'trộm', 'lua dao', 'cướp', 'danh bac', 'ma tuy', 'hiep dam', 'giết', 'gay thuong tich', 'hoi lo', 'vu khong', 'tu ve', 'phong ve', 'danh nguoi', 'danh nhau', 'bi bat', 'tam giam', 'khoi to', 'an cap', 'trom cap', 'xam hai', 'lam nhuc'] },
  { document: '92/2015/QH13', name: 'Bộ luật Tố tụng dân sự 2015', shortName: 'Bộ luật Tố tụng dân sự', version: 'Văn bản hợp nhất 99/VBHN-VPQH ngày 26/08/2025', aliases: ['99/VBHN-VPQH'], consolidated: { document: '99/VBHN-VPQH', date: '2025-08-26', file: '99_VBHN_VPQH_2025_Bo_Luat_To_Tung_Dan_Su.json' }, textAsOf: '2025-08-26', areaWords: 'tòa án khởi kiện kiện tụng', signals: ['tòa', 'toa an', 'khoi kien', 'kiện', 'an phi', 'khang cao', 'xet xu', 'ban an', 'phien toa'] },
  { document: '60/2014/QH13', name: 'Luật Hộ tịch 2014', shortName: 'Luật Hộ tịch', version: 'Bộ pháp điển, đề mục 15.3', areaWords: 'hộ tịch khai sinh khai tử', signals: ['khai sinh', 'khai tu', 'ho tich', 'cai chinh', 'trich luc'] },
  { document: '11/2017/QH14', name: 'Luật Trợ giúp pháp lý 2017', shortName: 'Luật Trợ giúp pháp lý', version: 'Bộ pháp điển, đề mục 4.5', areaWords: 'trợ giúp pháp lý miễn phí', signals: ['tro giup phap ly', 'luat su mien phi', 'tgpl', 'ho ngheo', 'can ngheo'] },
  { document: '02/2011/QH13', name: 'Luật Khiếu nại 2011', shortName: 'Luật Khiếu nại', version: 'Bộ pháp điển, đề mục 18.1', areaWords: 'khiếu nại', signals: ['khieu nai'] },
  { document: '25/2018/QH14', name: 'Luật Tố cáo 2018', shortName: 'Luật Tố cáo', version: 'Bộ pháp điển, đề mục 18.5', areaWords: 'tố cáo', signals: ['to cao', 'to giac'] },
  { document: '68/2020/QH14', name: 'Luật Cư trú 2020', shortName: 'Luật Cư trú', version: 'văn bản ban hành (trước cải cách chính quyền hai cấp 2025: "cấp huyện" trong văn bản đã thay đổi)', areaWords: 'cư trú thường trú tạm trú hộ khẩu', signals: ['thuong tru', 'tam tru', 'ho khau', 'cu tru', 'tam vang', 'luu tru', 'nhap khau', 'tach ho', 'tach khau', 'cat khau', 'phong tro', 'o tro', 'chu tro', 'nha tro', 'o nho'] },
  { document: '13/2022/QH15', name: 'Luật Phòng, chống bạo lực gia đình 2022', shortName: 'Luật Phòng, chống bạo lực gia đình', version: 'văn bản ban hành', areaWords: 'bạo lực gia đình', signals: ['bao luc gia dinh', 'bạo hành', 'danh vo', 'danh chong', 'cam tiep xuc', 'tam lanh', 'bao luc'] },
  { document: '19/2023/QH15', name: 'Luật Bảo vệ quyền lợi người tiêu dùng 2023', shortName: 'Luật Bảo vệ quyền lợi người tiêu dùng', version: 'Bộ pháp điển, đề mục 34.1', areaWords: 'người tiêu dùng bảo vệ quyền lợi hàng hóa dịch vụ tổ chức cá nhân kinh doanh', signals: ['nguoi tieu dung', 'doi tra', 'tra hang', 'hang gia', 'hang nhai', 'mua online', 'mua hang online', 'mua hang qua mang', 'dat hang online', 'dat hang qua mang', 'san thuong mai dien tu', 'shopee', 'lazada', 'tiki', 'hoan tien', 'quang cao sai'], bundleDemuc: '34.1' },
  { document: '31/2024/QH15', name: 'Luật Đất đai 2024', shortName: 'Luật Đất đai', version: 'Văn bản hợp nhất 45/VBHN-VPQH ngày 28/02/2025', areaWords: 'đất đai đất sổ đỏ', signals: ['đất', 'so do', 'so hong', 'thua dat', 'tach thua', 'thu hoi dat', 'quyen su dung dat', 'tho cu', 'dat o', 'dat nong nghiep', 'giai toa'], aliases: ['45/VBHN-VPQH'], consolidated: { document: '45/VBHN-VPQH', date: '2025-02-28', file: '45_VBHN_VPQH_2025_Luat_Dat_Dai.json' }, textAsOf: '2025-02-28' },
];

/**
 * Signals whose unaccented spelling is mostly another word ("toi" is "tôi", I;
 * "muon" is "muốn", want; "vay" is "vậy") or two words of two laws ("bao hanh" is "bảo hành",
 * a warranty, and "bạo hành", violence): in a question typed without diacritics they say
 * nothing; the law is then named by longer phrases ("pham toi", "cho vay", "muon tien").
 */
export const AMBIGUOUS_FOLDED_SIGNALS: ReadonlySet<string> = new Set(['toi', 'muon', 'vay', 'kien', 'bao hanh']);

/** First day of the two-tier local government (provinces and communes; no district level). */
export const TWO_TIER_REFORM_DATE = '2025-07-01';

/**
 * Whether the stored wording of a law is older than the two-tier reform, so that a district
 * body it names ("Ủy ban nhân dân cấp huyện", "Tòa án nhân dân huyện") no longer exists.
 */
export function predatesTwoTierReform(law: LawInfo | undefined): boolean {
  return law !== undefined && (law.textAsOf === undefined || law.textAsOf < TWO_TIER_REFORM_DATE);
}

export const LAW_BY_DOCUMENT: ReadonlyMap<string, LawInfo> = new Map(LAWS.map((l) => [l.document, l]));

const DOCUMENT_BY_ALIAS: ReadonlyMap<string, string> = new Map(LAWS.flatMap((l) => (l.aliases ?? []).map((a) => [a, l.document] as const)));

/** The stored document number of a cited one ("45/VBHN-VPQH" → "31/2024/QH15"); unknown numbers unchanged. */
export function canonicalDocument(document: string): string {
  return DOCUMENT_BY_ALIAS.get(document) ?? document;
}

/**
 * Laws citizens ask about that the data does not hold (or holds only in a superseded
 * version). A question about them gets the lawyer offer and the official portal, never
 * an older text. `phrases` are folded (no diacritics), matched as whole words.
 */
export interface MissingLaw {
  name: string;
  phrases: readonly string[];
  alsoOneOf?: readonly string[];
  /**
   * Phrases naming something a law we have also regulates (the employer's duties on social
   * insurance: Bộ luật Lao động Điều 48 and 168). A question matched only by these is still the
   * missing law's unless an article of a law the question names answers it well
   * (`bot/legal-info/missing-law.ts`); `phrases` are the missing law's own subject, always missing.
   */
  shared?: readonly string[];
  /** Words that, beside a shared phrase, make the question the missing law's own subject (its benefits and regime). */
  subject?: readonly string[];
  /** Words that send the question to a law we have although a phrase matched (damages, a loan, a theft). */
  unless?: readonly string[];
  /** The criminal code (in the data) answers the question when it is criminal (`CRIMINAL_WORDS`). */
  notWhenCriminal?: boolean;
  /**
   * The criminal code answers the question when it asks where the crime begins ("trộm bao nhiêu
   * thì bị truy cứu trách nhiệm hình sự chứ không chỉ phạt hành chính"): the threshold is the
   * crime's article, though the administrative sanction is named beside it. Not when prison is
   * only the bound of what is asked ("chưa đến mức đi tù thì bị phạt hành chính bao nhiêu").
   */
  notWhenCrimeAsked?: boolean;
  /** A subject derived from the index, read like `shared` unless on the legal route its `own` words match (see `LackedSubject`). */
  answerable?: boolean;
  own?: boolean;
}

/**
 * The laws named by hand: the ones issue 13 names, and laws the bundle holds that we do not
 * import (Việc làm, Bảo hiểm y tế, Thuế thu nhập cá nhân). Checked before the subjects derived
 * from the đề mục index (`LACKED_SUBJECTS`, `lacked.ts`).
 */
export const EXPLICIT_MISSING_LAWS: readonly MissingLaw[] = [
  {
    name: 'Luật Căn cước 2023',
    phrases: ['can cuoc', 'cccd', 'chung minh nhan dan', 'cmnd', 'dinh danh', 'the can cuoc', 'vneid'],
  },
  {
    name: 'Luật Bảo hiểm xã hội 2024',
    phrases: [
      'luong huu', 'huu tri', 'che do thai san', 'tien thai san', 'tro cap thai san', 'luong thai san', 'bao hiem mot lan', 'tro cap om dau', 'che do om dau', 'tien om dau', 'che do tu tuat', 'tro cap tu tuat', 'tro cap mai tang', 'tien mai tang', 'bhxh tu nguyen', 'bao hiem xa hoi tu nguyen',
      // The one-time withdrawal in its other spellings (each also matches a shared phrase: no new scope).
      'bao hiem xa hoi mot lan', 'bao hiem xa hoi 1 lan', 'bhxh mot lan', 'bhxh 1 lan', 'rut bhxh', 'rut bao hiem xa hoi',
    ],
    shared: ['bao hiem xa hoi', 'bhxh', 'dong bao hiem', 'so bao hiem'],
    subject: [
      'rut', 'mot lan', '1 lan', 'bao luu', 'cong don', 'tu nguyen', 'huu', 'nghi huu', 've huu', 'tuoi huu', 'tu tuat', 'mai tang', 'om dau', 'thai san', 'sinh con', 'sinh be',
      'tai nan', 'benh nghe nghiep', 'that nghiep', 'y te', 'muc huong', 'duoc huong', 'huong che do', 'che do', 'tinh sai', 'muc dong', 'tinh theo luong', 'dinh cu', 'tra cuu',
    ],
  },
  {
    name: 'Luật Xử lý vi phạm hành chính',
    phrases: ['xu phat hanh chinh', 'phat hanh chinh', 'vi pham hanh chinh', 'xu phat vi pham', 'bien ban xu phat', 'nop phat', 'qua han nop phat'],
    notWhenCrimeAsked: true,
  },
  {
    // Traffic *fines*; a traffic crime (BLHS Điều 260) is in the data.
    name: 'Nghị định 168/2024/NĐ-CP (xử phạt vi phạm giao thông)',
    phrases: ['giao thong', 'nong do con', 'tru diem', 'tru het diem', 'diem bang lai', 'diem giay phep lai xe', 'den do', 'vuot den', 'mu bao hiem', 'bang lai', 'giay phep lai xe', 'phat nguoi', 'csgt', 'canh sat giao thong', 'lai xe', 'xe may', 'o to', 'tru diem', 'tam giu xe'],
    alsoOneOf: ['phat', 'muc phat', 'bi phat', 'tuoc', 'giu xe', 'tam giu', 'tru diem', 'tru het diem', 'phat nguoi', 'tich hop', 'doi bang', 'cap lai', 'lap bien ban'],
    // A vehicle left with a parking lot and lost there is a deposit contract (BLDS Điều 554–560), not a police impound.
    unless: ['gui xe', 'bai giu xe', 'bai gui xe', 'diem giu xe', 'nha giu xe', 'bai xe', 've xe'],
  },
  {
    // The rules of the road and of driving licences (who may drive what, at what age), not fines.
    name: 'Luật Trật tự, an toàn giao thông đường bộ 2024',
    phrases: ['bang lai', 'giay phep lai xe', 'gplx', 'lai xe', 'chay xe', 'dieu khien xe', 'xe dien', 'xe may dien', 'xe dap dien', 'xe phan khoi', 'dang kiem', 'toc do', 'lan duong', 'mu bao hiem', 'cho 3 nguoi', 'cho ba nguoi', 'dau xe', 'do xe'],
    alsoOneOf: ['tuoi', 'co can bang', 'can bang', 'phai co bang', 'thi bang', 'hang bang', 'bang hang', 'duoc phep', 'duoc chay', 'duoc lai', 'bat buoc', 'quy dinh', 'toi da', 'toi thieu', 'het han', 'lan nao', 'duoc di', 'pham luat', 'vi pham', 'sai luat', 'dung luat', 'trai luat', 'thi lai', 'phuc hoi diem', 'khoi phuc diem', 'tru diem', 'tru het'],
    unless: ['boi thuong', 'den bu', 'thiet hai', 'tai nan', 'muon xe', 'cam do', 'trom', 'lua', 'hop dong', 'mua ban', 'thua ke', 'cong ty', 'tai xe cong ty'],
  },
  {
    // Maternity, sickness and survivors' *money* is the social insurance law's; the length of
    // maternity leave is the Labour Code's (Điều 139), answered from it.
    name: 'Luật Bảo hiểm xã hội 2024',
    phrases: ['thai san', 'nghi de', 'nghi sinh', 'om dau', 'sinh con', 'sinh em be', 'sinh be'],
    alsoOneOf: ['bao nhieu tien', 'may trieu', 'duoc bao nhieu tien', 'tinh tien', 'tinh luong', 'muc huong', 'huong bao nhieu', 'nhan bao nhieu', 'lanh bao nhieu', 'linh bao nhieu', 'nhan tien', 'lanh tien', 'linh tien', 'tro cap', 'tien bao hiem', 'bao hiem tra', 'bao hiem chi tra', 'mot lan', 'dong bao hiem bao lau', 'dong bao lau'],
    unless: ['cong ty khong tra', 'sa thai', 'duoi viec', 'cham dut hop dong'],
  },
  {
    // Unemployment insurance: Luật Việc làm (the bundle holds it, đề mục 20.4; we do not import it).
    name: 'Luật Việc làm',
    phrases: ['bao hiem that nghiep', 'tro cap that nghiep', 'bhtn', 'tien that nghiep', 'huong that nghiep', 'lanh that nghiep', 'lam that nghiep'],
    // Severance pay is the Labour Code's (Điều 46), which itself leaves out the time insured against unemployment.
    unless: ['tro cap thoi viec'],
  },
  {
    // Health insurance: Luật Bảo hiểm y tế (the bundle holds it, đề mục 2.2; we do not import it).
    name: 'Luật Bảo hiểm y tế',
    phrases: ['bao hiem y te', 'bhyt', 'the bhyt', 'trai tuyen', 'dung tuyen', 'thong tuyen', 'chuyen tuyen', 'muc huong bao hiem'],
  },
  {
    name: 'Luật Thuế thu nhập cá nhân',
    phrases: ['thue thu nhap ca nhan', 'thue tncn', 'tncn', 'giam tru gia canh', 'quyet toan thue', 'thue thu nhap', 'nguoi phu thuoc'],
    alsoOneOf: ['bao nhieu', 'muc', 'phai nop', 'phai dong', 'chiu thue', 'dong thue', 'nop thue', 'duoc giam', 'duoc tru', 'bac', 'thue suat', 'co phai', 'khong phai', 'mien', 'tinh'],
  },
  {
    // Business household taxes and tax administration (Luật Quản lý thuế: in the bundle, not imported).
    name: 'Luật Quản lý thuế',
    phrases: ['thue khoan', 'thue mon bai', 'le phi mon bai', 'thue ho kinh doanh', 'ho kinh doanh nop thue', 'no tien thue', 'cham nop thue', 'tron thue', 'tien cham nop', 'khoa ma so thue'],
    unless: ['hop dong', 'thue nha', 'cho thue'],
    notWhenCriminal: true,
  },
  {
    // Selling, serving and advertising alcohol (to minors, hours, licences, home brewing): Luật
    // Phòng, chống tác hại của rượu, bia 2019, which we do not import. Drinking and driving is the
    // traffic decree's (above); violence or damage while drunk is answered by the laws we hold.
    name: 'Luật Phòng, chống tác hại của rượu, bia 2019',
    phrases: ['ban ruou', 'ban bia', 'ban ruou bia', 'kinh doanh ruou', 'kinh doanh bia', 'quang cao ruou', 'quang cao bia', 'giay phep ban ruou', 'nau ruou', 'ruou tu nau', 'ruou thu cong'],
    // No `alsoOneOf` and crimes by their words, not `notWhenCriminal`: either would read unaccented
    // "tôi" as "tội" ("quan nha toi ban bia …") and give the question a crime article.
    unless: ['boi thuong', 'thiet hai', 'hop dong', 'no tien', 'vay', 'thue nha', 'danh', 'chui', 'ly hon', 'ngo doc', 'chet nguoi', 'tu vong', 'hinh su', 'truy cuu', 'ruou gia', 'di tu', 'quyt', 'trom'],
  },
  {
    // Military service (who is called up, at what age, deferment, exemption): Luật Nghĩa vụ quân sự,
    // which we do not import. Evading it is a crime the criminal code in the data answers.
    name: 'Luật Nghĩa vụ quân sự 2015',
    phrases: ['nghia vu quan su', 'nvqs', 'nhap ngu', 'tong tuyen quan', 'kham tuyen quan su'],
    alsoOneOf: ['tuoi', 'bi goi', 'goi di', 'goi nhap ngu', 'tam hoan', 'hoan', 'mien', 'duoc mien', 'bat buoc', 'quy dinh', 'luat', 'co phai di', 'phai di khong', 'con bi', 'bao lau', 'may nam', 'dieu kien', 'tieu chuan', 'ai phai'],
    unless: ['dang ky lan dau', 'dang ky nghia vu', 'ghi ten', 'giay gioi thieu', 'di chuyen', 'chuyen di', 'chuyen den', 'khai bao', 'tam vang', 'ban sao', 'giay khai sinh', 'o dau', 'mang gi', 'mang j', 'ban chi huy quan su', 'xuat ngu', 'cuu chien binh', 'chat doc'],
    notWhenCriminal: true,
  },
  {
    // Where and how a notary may notarise (at the person's home, outside the office): Luật Công
    // chứng, whichever contract is to be notarised (the derived subject gives way to "hợp đồng",
    // "tặng cho" words, whose form the civil code answers; the notary's own practice it does not).
    name: 'Luật Công chứng',
    phrases: [
      'cong chung tai nha', 'cong chung ngoai tru so', 'den nha de cong chung', 'den tan nha de cong chung', 'toi nha de cong chung', 'toi tan nha de cong chung',
      'den nha cong chung', 'toi nha cong chung', 'xuong nha cong chung', 'cong chung vien den nha', 'cong chung vien toi nha', 'cong chung vien xuong nha',
      'cong chung vien co duoc den', 'cong chung vien co duoc toi', 'cong chung vien co duoc xuong', 'cong chung vien co den', 'cong chung vien co toi',
      // What a notary may do (notarise for a relative, refuse, charge): the notary's own law. Who may not
      // witness or notarise a will is the civil code's (Điều 632, 637).
      'cong chung vien co duoc', 'cong chung vien duoc phep', 'cong chung vien khong duoc', 'cong chung vien co quyen',
    ],
    unless: ['di chuc'],
  },
  {
    // A work accident's compensation and benefits: Luật An toàn, vệ sinh lao động (not imported).
    name: 'Luật An toàn, vệ sinh lao động',
    phrases: ['tai nan lao dong', 'benh nghe nghiep'],
    alsoOneOf: ['bao nhieu', 'boi thuong', 'tro cap', 'duoc huong', 'che do', 'duoc nhan', 'ai tra', 'ai chiu', 'chi tra', 'tien'],
    notWhenCriminal: true,
  },
  {
    // A benefit of "the insurance" unnamed ("hưởng chế độ bảo hiểm": a husband's days off when his
    // wife gives birth, sick pay) is the social insurance regime; last, after the entries that name
    // their insurance (unemployment, health, work accidents).
    name: 'Luật Bảo hiểm xã hội 2024',
    phrases: ['che do bao hiem', 'huong bao hiem'],
  },
];

/**
 * Every law or subject the data lacks: the hand-named ones first, then those derived from the
 * đề mục index (empty stubs and missing đề mục; `lacked.ts`).
 */
export const MISSING_LAWS: readonly MissingLaw[] = [...EXPLICIT_MISSING_LAWS, ...(LACKED_SUBJECTS as readonly LackedSubject[])];

/**
 * A question about an administrative fine, whatever its subject ("không đăng ký tạm trú có bị
 * phạt không", "xây nhà không phép phạt bao nhiêu"): the amounts are set by the government's
 * decrees on fines, which the data lacks (the laws we hold name what is forbidden, not the
 * fine). Answered with the lawyer offer and the portal, like a missing law, unless the
 * question is criminal (`CRIMINAL_WORDS`, or it names the criminal code), a contract's or a
 * deposit's penalty (Bộ luật Dân sự Điều 418, 328), an employer's (Bộ luật Lao động Điều 127),
 * or how to contest a fine (Luật Khiếu nại answers that).
 * `phrases` are folded, whole words; `vaguePhrases` ("bị xử lý thế nào") count only when the
 * question names no law we hold (`LawInfo.signals`).
 */
export const FINE_QUESTION = {
  name: 'Luật Xử lý vi phạm hành chính và các nghị định xử phạt vi phạm hành chính',
  phrases: ['bi phat', 'co phat', 'phat bao nhieu', 'phat nhieu', 'phat may', 'muc phat', 'phat tien', 'xu phat', 'bi xu phat', 'nop phat', 'tien phat', 'phat hanh chinh'],
  vaguePhrases: ['bi xu ly', 'xu ly the nao', 'xu ly nhu the nao', 'xu ly ra sao', 'che tai'],
  unless: ['coc', 'hop dong', 'phat vi pham hop dong', 'cong ty', 'sep', 'nguoi lao dong', 'nhan vien', 'ky luat', 'tru luong', 'phat tu', 'hinh phat', 'an phi', 'khieu nai', 'khoi kien', 'to cao'],
} as const;

/**
 * Words that make a question criminal (BLHS is in the data): never a missing-law fine question.
 * Matched accented when the question is typed with diacritics ("Tôi" is not "tội", "tự" is not
 * "tù"), folded otherwise.
 */
export const CRIMINAL_WORDS: readonly string[] = ['tù', 'phạt tù', 'hình sự', 'truy cứu', 'tội', 'chết người', 'tử vong'];

/** The official portals named when the data lacks a law. */
export const OFFICIAL_PORTAL = { name: 'Cơ sở dữ liệu quốc gia về văn bản pháp luật', url: 'https://vbpl.vn' } as const;
