import { describe, expect, it } from 'vitest';
import type { Procedure } from '../knowledge/index.js';
import { makeProcedure } from './testing/fixtures.js';
import {
  actionOfName,
  actionOfQuestion,
  birthRegisteredAlready,
  businessFormAsked,
  bySideOfBorder,
  caseOfName,
  caseOfQuestion,
  casesOfName,
  combinedPartRuledOut,
  issuesHeldPaper,
  joinedPartsAsked,
  levelOfName,
  lifecycleOfQuestion,
  namedLevel,
  preferForCitizen,
  receivedBenefit,
  statusesOfQuestion,
  statusOfProcedure,
  wrongPaper,
} from './preference.js';
import type { ProcedureCatalog, SearchHit } from './types.js';

const proc = (code: string, name: string, over: Partial<Procedure> = {}): Procedure => makeProcedure({ code, name, ...over });

function catalogOf(list: Procedure[]): ProcedureCatalog {
  const byCode = new Map(list.map((p) => [p.code, p]));
  return { get: (c) => byCode.get(c), all: () => list, dataDate: '2026-06-01' };
}

const hit = (p: Procedure, score: number): SearchHit => ({ code: p.code, name: p.name, score });

describe('caseOfQuestion and caseOfName', () => {
  it.each([
    ['làm lại căn cước bị mất', 'reissue'],
    ['mat giay chung nhan ho kinh doanh thi lam sao', 'reissue'],
    ['đổi thẻ căn cước sai thông tin', 'change'],
    ['tôi 30 tuổi chưa có giấy khai sinh', 'late'],
    ['khai sinh quá hạn cho con', 'late'],
    ['đăng ký khai sinh cho con', null],
  ])('%s → %s', (q, c) => expect(caseOfQuestion(q)).toBe(c));

  it.each([
    ['Cấp lại thẻ căn cước', 'reissue'],
    ['Cấp đổi thẻ căn cước', 'change'],
    ['Thủ tục đăng ký lại khai sinh', 'late'],
    ['Thủ tục đăng ký khai sinh', 'new'],
  ])('%s → %s', (n, c) => expect(caseOfName(n)).toBe(c));
});

describe('preferForCitizen', () => {
  const householdLand = proc('1.000001', 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình, cá nhân');
  const companyLand = proc('1.000002', 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho tổ chức', { applicants: ['Doanh nghiệp', 'Tổ chức nước ngoài'] });
  const newBusiness = proc('1.000003', 'Đăng ký thành lập hộ kinh doanh');
  const reissueBusiness = proc('1.000004', 'Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh');
  const nationalPermit = proc('1.000005', 'Cấp giấy phép xây dựng');
  const otherProvince = proc('1.000006', 'Cấp giấy phép xây dựng có thời hạn (Đà Nẵng)', { scope: 'provincial', province: 'Đà Nẵng' });
  const homeProvince = proc('1.000007', 'Cấp giấy phép xây dựng (TP Hà Nội)', { scope: 'provincial', province: 'Hà Nội' });
  const catalogue = catalogOf([householdLand, companyLand, newBusiness, reissueBusiness, nationalPermit, otherProvince, homeProvince]);

  it('prefers the procedure for individuals over the one only for organisations', () => {
    const out = preferForCitizen([hit(companyLand, 1.5), hit(householdLand, 1.45)], catalogue, 'làm sổ đỏ lần đầu', { province: 'Hà Nội', rerank: null });
    expect(out.map((h) => h.code)).toEqual([householdLand.code, companyLand.code]);
  });

  it('keeps a procedure for organisations first when the question names a word only its name has', () => {
    const gms = proc('1.000011', 'Cấp, cấp lại Giấy phép liên vận GMS hoặc sổ TAD', { applicants: ['Doanh nghiệp', 'Hợp tác xã'] });
    const laos = proc('1.000012', 'Cấp, cấp lại Giấy phép liên vận giữa Việt Nam và Lào', { applicants: ['Công dân Việt Nam', 'Doanh nghiệp'] });
    const cat = catalogOf([gms, laos]);
    const hits = [hit(gms, 1.8), hit(laos, 1.75)];
    expect(preferForCitizen(hits, cat, 'xin giấy phép liên vận GMS cho xe cá nhân', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(gms.code);
    expect(preferForCitizen(hits, cat, 'xin giấy phép liên vận cho xe cá nhân', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(laos.code);
  });

  it('prefers a procedure open to organisations when the asker speaks for a company, not when a worker names an employer', () => {
    const licence = proc('1.000013', 'Cấp lại giấy phép lái xe', { applicants: ['Công dân Việt Nam', 'Người nước ngoài'] });
    const transport = proc('1.000014', 'Cấp lại Giấy phép vận tải', { applicants: ['Công dân Việt Nam', 'Doanh nghiệp', 'Hợp tác xã'] });
    const cat = catalogOf([licence, transport]);
    const hits = [hit(licence, 1.8), hit(transport, 1.7)];
    expect(preferForCitizen(hits, cat, 'giấy phép của xe tải công ty tôi bị mất, xin cấp lại ở đâu', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(transport.code);
    expect(preferForCitizen(hits, cat, 'tôi làm ở công ty vận tải, bị mất giấy phép, xin cấp lại ở đâu', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(licence.code);
  });

  it('tells the reissue of a certificate from a new registration by what the citizen says', () => {
    const hits = [hit(newBusiness, 1.6), hit(reissueBusiness, 1.55)];
    expect(preferForCitizen(hits, catalogue, 'mất giấy chứng nhận hộ kinh doanh', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(reissueBusiness.code);
    expect(preferForCitizen(hits, catalogue, 'đăng ký hộ kinh doanh', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(newBusiness.code);
  });

  it('a copy asked beside a loss is the copy from the register, not the paper issued again', () => {
    const reissueDiploma = proc('9.000101', 'Cấp lại văn bằng, chứng chỉ');
    const copyDiploma = proc('9.000102', 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc');
    const cat = catalogOf([reissueDiploma, copyDiploma]);
    const hits = [hit(reissueDiploma, 1.6), hit(copyDiploma, 1.5)];
    const first = (q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('em làm mất bằng tốt nghiệp cấp 3 rồi, giờ muốn xin bản sao thì làm ở đâu')).toBe(copyDiploma.code);
    // The loss alone, or the paper asked again in so many words: the reissue.
    expect(first('em làm mất bằng tốt nghiệp cấp 3 rồi, giờ làm sao')).toBe(reissueDiploma.code);
    expect(first('mất bằng, muốn xin cấp lại chứ không cần bản sao')).toBe(reissueDiploma.code);
  });

  it("never offers another province's own variant unless the citizen names it", () => {
    const hits = [hit(otherProvince, 1.9), hit(homeProvince, 1.7), hit(nationalPermit, 1.6)];
    expect(preferForCitizen(hits, catalogue, 'xin giấy phép xây dựng', { province: 'Hà Nội', rerank: null }).map((h) => h.code)).toEqual([homeProvince.code, nationalPermit.code]);
    expect(preferForCitizen(hits, catalogue, 'xin giấy phép xây dựng ở Đà Nẵng', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(otherProvince.code);
    expect(preferForCitizen(hits, catalogue, 'xin giấy phép xây dựng', { province: 'Đà Nẵng', rerank: null }).map((h) => h.code)).toEqual([otherProvince.code, nationalPermit.code]);
  });

  it('reads the named province whatever punctuation follows it, and puts its own variant before the national twin', () => {
    const national = proc('1.000009', 'Cấp lại giấy chứng nhận do bị mất');
    const own = proc('1.000010', 'Cấp lại giấy chứng nhận do bị mất', { scope: 'provincial', province: 'Đồng Tháp' });
    const cat = catalogOf([national, own]);
    const hits = [hit(national, 2), hit(own, 1.9)];
    for (const q of ['Nhà em ở Sa Đéc, Đồng Tháp. Mất sổ đỏ rồi, xin cấp lại ở đâu?', 'tui o dong thap, mat so do xin cap lai o dau', 'Đồng Tháp: mất sổ đỏ xin cấp lại?']) {
      expect(preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null }).map((h) => h.code)).toEqual([own.code, national.code]);
    }
    expect(preferForCitizen(hits, cat, 'mất sổ đỏ xin cấp lại ở đâu', { province: 'Hà Nội', rerank: null }).map((h) => h.code)).toEqual([national.code]);
  });

  it("puts the home province's own variant first when the citizen names the province, whatever the reranker learned", () => {
    const twin = proc('1.000008', 'Cấp giấy phép xây dựng (TP Hà Nội)', { scope: 'provincial', province: 'TP Hà Nội' });
    const cat = catalogOf([nationalPermit, twin]);
    // A model that ranks every provincial record down (stories rarely name a province).
    const model = { features: ['provincial'], weights: [-5], depth: 5, minRatio: 0 };
    const hits = [hit(twin, 1.8), hit(nationalPermit, 1.7)];
    const named = preferForCitizen(hits, cat, 'xin giấy phép xây dựng ở Hà Nội', { province: 'Hà Nội', rerank: model });
    expect(named.map((h) => h.code)).toEqual([twin.code, nationalPermit.code]);
    expect(named[0]!.score).toBeGreaterThanOrEqual(named[1]!.score);
    const unnamed = preferForCitizen(hits, cat, 'xin giấy phép xây dựng', { province: 'Hà Nội', rerank: model });
    expect(unnamed.map((h) => h.code)).toEqual([nationalPermit.code, twin.code]);
  });

  it('reads "mất bao lâu", "mất tiền" as a cost, not a loss, and "lần đầu" as a first issue', () => {
    expect(caseOfQuestion('làm thẻ căn cước lần đầu mất bao lâu, có mất tiền không')).toBe('new');
    expect(caseOfQuestion('đăng ký hộ kinh doanh mất mấy ngày')).toBe(null);
    expect(caseOfQuestion('giấy đăng ký hộ kinh doanh bị mất, có mất tiền không')).toBe('reissue');
    expect(caseOfName('Cấp, cấp lại Giấy phép liên vận GMS')).toBe('new');
  });

  it('chooses the variant with a foreign element only when the citizen names one', () => {
    const plain = proc('1.000010', 'Thủ tục đăng ký giám hộ');
    const foreignTwin = proc('1.000011', 'Thủ tục đăng ký giám hộ có yếu tố nước ngoài');
    const cat = catalogOf([plain, foreignTwin]);
    const hits = [hit(plain, 1.93), hit(foreignTwin, 1.92)];
    expect(preferForCitizen(hits, cat, 'đăng ký giám hộ cho cháu mang quốc tịch nước ngoài', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(foreignTwin.code);
    expect(preferForCitizen([hit(foreignTwin, 1.95), hit(plain, 1.9)], cat, 'đăng ký giám hộ cho cháu mồ côi', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(plain.code);
  });

  it('prefers the in-person variant unless the citizen asks online', () => {
    const onlineOnly = proc('1.000012', 'Cấp lại chứng nhận đăng ký xe thực hiện bằng dịch vụ công trực tuyến toàn trình');
    const partial = proc('1.000013', 'Cấp lại chứng nhận đăng ký xe thực hiện bằng dịch vụ công trực tuyến một phần hoặc trực tiếp');
    const cat = catalogOf([onlineOnly, partial]);
    const hits = [hit(onlineOnly, 1.6), hit(partial, 1.55)];
    expect(preferForCitizen(hits, cat, 'mất cà vẹt xe máy xin cấp lại ở đâu', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(partial.code);
    expect(preferForCitizen(hits, cat, 'cấp lại cà vẹt online trên VNeID', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(onlineOnly.code);
  });

  it('tells the under-14 variant from the adult one by the age said, a child word, else an adult', () => {
    const adult = proc('1.000014', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên');
    const minor = proc('1.000015', 'Cấp thẻ căn cước cho người dưới 14 tuổi');
    const cat = catalogOf([adult, minor]);
    const hits = [hit(adult, 1.7), hit(minor, 1.68)];
    expect(preferForCitizen(hits, cat, 'làm thẻ căn cước cho con 10 tuổi', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(minor.code);
    expect(preferForCitizen([hit(minor, 1.7), hit(adult, 1.68)], cat, 'tôi 16 tuổi làm thẻ căn cước lần đầu', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(adult.code);
    expect(preferForCitizen([hit(minor, 1.7), hit(adult, 1.68)], cat, 'làm thẻ căn cước ở đâu', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(adult.code);
  });

  it('a damaged or changed card is renewed (cấp đổi), a lost one reissued (cấp lại)', () => {
    const renew = proc('1.000020', 'Cấp đổi thẻ căn cước');
    const reissue = proc('1.000021', 'Cấp lại thẻ căn cước');
    const cat = catalogOf([renew, reissue]);
    const hits = [hit(reissue, 2.0), hit(renew, 1.9)];
    const first = (q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('cái thẻ căn cước bị gãy đôi, chữ mờ hết, ngân hàng không nhận, làm lại thế nào')).toBe(renew.code);
    expect(first('the can cuoc cua toi bi gay doi, chu mo het, lam lai o dau')).toBe(renew.code);
    expect(first('em vừa đổi tên theo quyết định của phường, giờ thẻ vẫn tên cũ thì phải làm lại thẻ không')).toBe(renew.code);
    expect(first('đi xe ôm để quên cái túi có thẻ căn cước, giờ làm lại ở đâu')).toBe(reissue.code);
    expect(first('tôi làm mất ví, trong đó có thẻ căn cước')).toBe(reissue.code);
  });

  it('a name that covers two cases fits both ("Cấp lại …, Cấp đổi sang …")', () => {
    expect(casesOfName('Đăng ký xe lần đầu trực tuyến toàn trình đối với xe nhập khẩu')).toEqual(['new']);
    expect(casesOfName('Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh, Cấp đổi sang Giấy chứng nhận đăng ký hộ kinh doanh')).toEqual(['reissue', 'change']);
    const both = proc('1.000022', 'Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh, Cấp đổi sang Giấy chứng nhận đăng ký hộ kinh doanh');
    const cat = catalogOf([newBusiness, both]);
    const out = preferForCitizen([hit(newBusiness, 2.0), hit(both, 1.9)], cat, 'giấy phép kinh doanh quán cà phê bị ướt rách nát hết, xin lại cái khác ở đâu', { province: 'Hà Nội', rerank: null });
    expect(out[0]!.code).toBe(both.code);
  });

  it('a death is no loss, a cost is no loss, and "làm lại từ đầu" is no reissue', () => {
    expect(caseOfQuestion('bố tôi mất không để lại di chúc, chia đất thế nào')).toBe(null);
    expect(caseOfQuestion('anh chị tôi mất trong tai nạn, để lại đứa cháu 9 tuổi')).toBe(null);
    expect(caseOfQuestion('con tôi mất giấy khai sinh')).toBe('reissue');
    // A shop's new premises is a change of its registration, no reissue.
    expect(caseOfQuestion('chuyển sang mặt bằng mới, có phải làm lại từ đầu không')).toBe('change');
    expect(caseOfQuestion('có tốn nhiều tiền hông?')).toBe(null);
    expect(caseOfQuestion('cha tôi từng đi bộ đội, vừa mất, có được hỗ trợ tiền tang lễ không')).toBe(null);
    expect(caseOfQuestion('nhà em chuẩn bị xây mới 3 tầng, xin giấy phép ở đâu')).toBe('new');
    expect(caseOfQuestion('lam giay phep xay dung nha 4 tang o Gia Lam')).toBe('new');
    expect(caseOfQuestion('Tôi muốn sửa chữa, cải tạo lại nhà ở riêng lẻ có thay đổi kết cấu thì xin phép ở đâu?')).toBe(null);
    expect(caseOfQuestion('căn cước ghi sai ngày sinh, muốn sửa lại')).toBe('change');
    expect(caseOfQuestion('giấy phép xây dựng hết hạn, xin gia hạn')).toBe('change');
    expect(caseOfQuestion('dạo này ốm nằm một chỗ, muốn con đi lĩnh thay')).toBe(null);
  });

  it('closing a shop for good is the end of the business, for some months a pause', () => {
    expect(lifecycleOfQuestion('tôi định đóng cửa tiệm khoảng 6 tháng rồi mở lại')).toBe('pause');
    expect(lifecycleOfQuestion('buôn bán ế ẩm, giờ quyết định dẹp hẳn để đi làm thuê')).toBe('end');
    expect(lifecycleOfQuestion('đăng ký hộ kinh doanh bán tạp hóa')).toBe(null);
    expect(lifecycleOfQuestion('phai vo Sai Gon cham con, tinh dong cua tam roi ve mo lai')).toBe('pause');
    const start = proc('1.000023', 'Đăng ký thành lập hộ kinh doanh');
    const end = proc('1.000024', 'Chấm dứt hoạt động hộ kinh doanh');
    const pause = proc('1.000025', 'Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh');
    const cat = catalogOf([start, end, pause]);
    const hits = [hit(start, 2.0), hit(end, 1.85), hit(pause, 1.8)];
    expect(preferForCitizen(hits, cat, 'cửa hàng tạp hóa của tôi sắp nghỉ vài tháng, có phải báo xã không', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(pause.code);
    expect(preferForCitizen(hits, cat, 'cửa hàng ế quá, tôi dẹp hẳn, thôi giấy tờ kinh doanh thế nào', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(end.code);
    // Nor a paper issued again: closing for good is no reissue of the certificate.
    const reissue = proc('1.000029', 'Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh, Cấp đổi sang Giấy chứng nhận đăng ký hộ kinh doanh');
    const cat2 = catalogOf([reissue, end]);
    const closing = 'Tôi bán quán cơm được 5 năm giờ không làm nữa, muốn đóng hẳn giấy phép kinh doanh, làm thế nào?';
    expect(preferForCitizen([hit(reissue, 2.0), hit(end, 1.75)], cat2, closing, { province: 'Hà Nội', rerank: null })[0]!.code).toBe(end.code);
  });

  it('offers a combined procedure (liên thông) only to a citizen who asks for two of its parts, steps already taken left out', () => {
    const joined = proc('1.000026', 'Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi');
    const card = proc('1.000027', 'Thủ tục cấp thẻ bảo hiểm y tế');
    const cat = catalogOf([joined, card]);
    const hits = [hit(joined, 2.0), hit(card, 1.9)];
    const first = (q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Bé nhà tôi 4 tuổi, mới nhập hộ khẩu ở Hà Nội, giờ làm thẻ bảo hiểm y tế cho cháu ở đâu?')).toBe(card.code);
    expect(first('con tôi mới sinh, muốn làm giấy khai sinh, nhập hộ khẩu và thẻ bảo hiểm y tế một lần')).toBe(joined.code);
    expect(joinedPartsAsked(card.name, ' the bao hiem ')).toBeNull();
    expect(joinedPartsAsked(joined.name, ' lam giay khai sinh va the bhyt ')).toEqual({ joined: 3, asked: 2 });
  });

  it('a register lost at the office is a re-registration, whatever the citizen lost themself', () => {
    expect(caseOfQuestion('Xa que em bao so ho tich nam 1990 bi chay mat roi nen khong trich luc khai sinh cho em duoc')).toBe('late');
    expect(caseOfQuestion('giấy khai sinh bị lụt cuốn mất rồi, mà ở xã nói sổ gốc cũng mất luôn')).toBe('late');
    expect(caseOfQuestion('giấy tờ nhận nuôi thất lạc, xã cũng không còn sổ')).toBe('late');
    expect(caseOfQuestion('xã nói sổ bị hư mất, không cấp trích lục được')).toBe('late');
    expect(caseOfQuestion('giấy khai tử của ông bị mối ăn, mà sổ ở phường cũng không còn')).toBe('late');
    expect(caseOfQuestion('giay ket hon cua ong ba bi mat, can bo bao so nam 1980 cung that lac')).toBe('late');
    // A citizen's own book is no register: "sổ đỏ" lost is reissued.
    expect(caseOfQuestion('sổ đỏ của nhà bị thất lạc khi chuyển nhà')).toBe('reissue');
    // The citizen's own paper lost, the register kept: a reissue or a copy.
    expect(caseOfQuestion('tụi tui làm mất bản trích lục khai tử rồi, xin lại ở đâu')).toBe('reissue');
    expect(caseOfQuestion('mất sổ đỏ thì làm sao')).toBe('reissue');
    const late = proc('1.000061', 'Thủ tục đăng ký lại khai sinh');
    const reissueLand = proc('1.000062', 'Cấp lại Giấy chứng nhận do bị mất');
    const cat = catalogOf([late, reissueLand]);
    const out = preferForCitizen([hit(reissueLand, 2.0), hit(late, 1.9)], cat, 'Giấy khai sinh bị lụt cuốn mất rồi, đi làm sổ hưu người ta đòi bản chính, mà xã nói sổ gốc cũng mất luôn. Làm sao?', { province: 'Hà Nội', rerank: null });
    expect(out[0]!.code).toBe(late.code);
  });

  it('a birth registered already, or a parent who will not recognise the child, rules out the combined birth and recognition', () => {
    const combined = 'Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con';
    expect(combinedPartRuledOut(combined, 'Thằng cu nhà tui năm ni lên 10, hồi đó khai sinh không có tên ba hắn, chừ ba hắn về nhận con')).toBe(true);
    expect(combinedPartRuledOut(combined, 'giấy khai sinh của nó bỏ trống tên cha, giờ tui muốn nhận nó là con')).toBe(true);
    expect(combinedPartRuledOut(combined, 'em sinh con chưa đăng ký kết hôn, chồng em cũng không nhận con, em làm giấy cho con một mình được không')).toBe(true);
    expect(combinedPartRuledOut(combined, 'con mới sinh, bố cháu muốn nhận con luôn khi làm khai sinh')).toBe(false);
    expect(combinedPartRuledOut('Thủ tục đăng ký nhận cha, mẹ, con', 'hồi đó khai sinh không có tên ba')).toBe(false);
    const recognition = proc('1.000063', 'Thủ tục đăng ký nhận cha, mẹ, con');
    const both = proc('1.000064', combined);
    const cat = catalogOf([recognition, both]);
    const first = (q: string) => preferForCitizen([hit(both, 2.0), hit(recognition, 1.8)], cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Thằng nhỏ 7 tuổi, hồi đó làm khai sinh bỏ trống tên cha. Giờ ảnh muốn nhận con thì làm giấy gì?')).toBe(recognition.code);
    expect(first('con mới sinh, bố cháu muốn nhận con luôn khi làm khai sinh')).toBe(both.code);
  });

  it('a birth registered with a blank parent is not registered again; the parent is recognised', () => {
    const birth = proc('1.000083', 'Thủ tục đăng ký khai sinh');
    const recognition = proc('1.000084', 'Thủ tục đăng ký nhận cha, mẹ, con');
    const cat = catalogOf([birth, recognition]);
    const first = (q: string) => preferForCitizen([hit(birth, 2.0), hit(recognition, 1.8)], cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Thằng bé nhà em 6 tuổi, giấy khai sinh của nó không ghi tên bố. Nay bố cháu muốn làm giấy để được công nhận là bố thì làm sao?')).toBe(recognition.code);
    expect(first('cháu tôi 3 tuổi mà từ lúc sinh ra chưa làm giấy khai sinh, giờ làm bù được không')).toBe(birth.code);
    expect(first('Con gái tôi 5 tuổi, giấy khai sinh của cháu phần tên bố để trống vì hồi đó bố cháu chưa nhận')).toBe(recognition.code);
    expect(birthRegisteredAlready('Thủ tục đăng ký lại khai sinh', 'khai sinh bỏ trống tên cha')).toBe(false);
    expect(birthRegisteredAlready(birth.name, 'hồi đó làm khai sinh xong mới làm thẻ bảo hiểm')).toBe(false);
  });

  it('a paper held already is not issued for the first time; its reissue may be asked', () => {
    const certificate = proc('1.000085', 'Xác định mức độ khuyết tật và cấp Giấy xác nhận khuyết tật');
    const allowance = proc('1.000086', 'Thực hiện trợ cấp xã hội hằng tháng');
    const cat = catalogOf([certificate, allowance]);
    const first = (q: string) => preferForCitizen([hit(certificate, 2.0), hit(allowance, 1.75)], cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Mẹ tôi liệt nửa người, đã được cấp giấy xác nhận khuyết tật nặng. Có khoản tiền hỗ trợ nào hằng tháng cho bà không, xin ở đâu?')).toBe(allowance.code);
    expect(first('con tôi bị tự kỷ, muốn xin giấy xác nhận khuyết tật thì làm ở đâu')).toBe(certificate.code);
    expect(issuesHeldPaper('Đổi, cấp lại Giấy xác nhận khuyết tật', 'đã có giấy xác nhận khuyết tật nhưng bị rách')).toBe(false);
    // "mới có thẻ" told of the past is "only then got it", no paper held now.
    expect(issuesHeldPaper('Thủ tục cấp thẻ bảo hiểm y tế', 'đứa đầu phải đi mấy lần mới có thẻ bảo hiểm')).toBe(false);
  });

  it('an event settled abroad and asked to count at home is recorded in the register, not registered anew', () => {
    const record = proc('1.000087', 'Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài');
    const marry = proc('1.000088', 'Thủ tục đăng ký kết hôn có yếu tố nước ngoài');
    const cat = catalogOf([record, marry]);
    const first = (q: string) => preferForCitizen([hit(marry, 2.0), hit(record, 1.9)], cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Em trai tôi cưới vợ người Úc, đã làm giấy kết hôn bên Úc. Nay hai đứa về quê ở Nam Định, muốn cuộc hôn nhân đó được công nhận ở Việt Nam thì làm gì?')).toBe(record.code);
    expect(first('Tôi muốn cưới bạn gái người Úc, làm giấy kết hôn ở đâu?')).toBe(marry.code);
    // Without a foreign element "ghi nhận" is no event abroad.
    const plain = catalogOf([record, proc('1.000089', 'Thủ tục đăng ký kết hôn')]);
    expect(preferForCitizen([hit(plain.get('1.000089')!, 2.0), hit(record, 1.9)], plain, 'hai đứa muốn được nhà nước ghi nhận là vợ chồng', { province: 'Hà Nội', rerank: null })[0]!.code).toBe('1.000089');
  });

  it('a contract already certified asks for the next step, not the certification', () => {
    const certify = proc('1.000081', 'Chứng thực hợp đồng, giao dịch liên quan đến quyền sử dụng đất');
    const register = proc('1.000082', 'Đăng ký biến động quyền sử dụng đất do chuyển nhượng, thừa kế, tặng cho');
    const cat = catalogOf([certify, register]);
    const first = (q: string) => preferForCitizen([hit(certify, 2.0), hit(register, 1.75)], cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Ông bà ngoại đã ký hợp đồng cho tôi căn nhà, có chứng thực ở xã rồi. Bây giờ tôi cần làm gì để sổ hồng mang tên tôi?')).toBe(register.code);
    // The certification asked for is still the certification, a step taken or not.
    expect(first('hai anh em thỏa thuận chia đất của bố, muốn chứng thực văn bản đó thì ra đâu')).toBe(certify.code);
    expect(first('Tôi đã công chứng hợp đồng mua xe, giờ muốn chứng thực thêm hợp đồng cho con mảnh đất thì làm ở đâu?')).toBe(certify.code);
  });

  it("a shop's new premises, owner or goods change its registration; a vehicle's plate handed back is its surrender", () => {
    expect(caseOfQuestion('Hộ kinh doanh của tôi chuyển cửa hàng sang địa chỉ mới cùng phường, có phải làm lại giấy phép không')).toBe('change');
    expect(caseOfQuestion('Ba tui đứng tên hộ kinh doanh, giờ muốn chuyển cho tui làm chủ hộ')).toBe('change');
    expect(caseOfQuestion('shop của e giờ bán thêm giày dép')).toBe('change');
    // Moving house is no change of a registration.
    expect(caseOfQuestion('toi moi mua chung cu, muon chuyen ho khau ve nha moi thi lam the nao')).toBe(null);
    expect(actionOfName('Thu hồi chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công toàn trình')).toBe('remove');
    expect(actionOfQuestion('người ta nói phải đi trả biển số với giấy đăng ký')).toBe('remove');
    expect(actionOfQuestion('bạn bảo phải làm thủ tục để nộp lại giấy đăng ký và biển')).toBe('remove');
    const surrender = proc('1.000065', 'Thu hồi chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công toàn trình');
    const exchange = proc('1.000066', 'Đổi chứng nhận đăng ký xe, biển số xe bằng dịch vụ công trực tuyến một phần');
    const cat = catalogOf([surrender, exchange]);
    const first = (hits: SearchHit[], q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first([hit(exchange, 2.0), hit(surrender, 1.85)], 'Xe tải cũ hư nát, đem bán phế liệu rồi. Người ta nói phải đi trả biển số với giấy đăng ký, làm sao?')).toBe(surrender.code);
    // Not asked, a surrender keeps its place (a seller's duty): no penalty.
    const kept = preferForCitizen([hit(surrender, 2.0)], cat, 'bán xe máy cho người khác thì làm thủ tục gì', { province: 'Hà Nội', rerank: null });
    expect(kept[0]!.score).toBe(2.0);
  });

  it('never offers a district-level record beside its commune-level twin (districts were abolished in 2025)', () => {
    const district = proc('1.000071', 'Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp huyện)');
    const commune = proc('1.000072', 'Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp xã)');
    const cat = catalogOf([district, commune]);
    const out = preferForCitizen([hit(district, 2.0), hit(commune, 1.99)], cat, 'mất hộ chiếu thì trình báo ở đâu', { province: 'Hà Nội', rerank: null });
    expect(out.map((h) => h.code)).toEqual([commune.code]);
    // Alone, it stays: nothing better was found.
    expect(preferForCitizen([hit(district, 2.0)], cat, 'mất hộ chiếu thì trình báo ở đâu', { province: 'Hà Nội', rerank: null })).toHaveLength(1);
  });

  it('a loss or damage decides between the cases of one paper twice as strongly as across papers', () => {
    const renew = proc('1.000030', 'Cấp đổi thẻ căn cước');
    const reissue = proc('1.000031', 'Cấp lại thẻ căn cước');
    const land = proc('1.000032', 'Cấp đổi Giấy chứng nhận quyền sử dụng đất');
    const cat = catalogOf([renew, reissue, land]);
    // 15 % apart: a twin's case decides; the other paper's renewal gains only the plain bonus.
    const out = preferForCitizen([hit(reissue, 2.0), hit(renew, 1.7), hit(land, 1.6)], cat, 'thẻ căn cước của tôi bị gãy đôi, chữ mờ hết', { province: 'Hà Nội', rerank: null });
    expect(out[0]!.code).toBe(renew.code);
    expect(out.find((h) => h.code === reissue.code)!.score).toBeCloseTo(2.0 * 0.8);
    expect(out.find((h) => h.code === land.code)!.score).toBeCloseTo(1.6 * 1.1);
  });

  it('removes a registration or moves a benefit only when asked, and then before the registration or benefit itself', () => {
    const temp = proc('1.000040', 'Đăng ký tạm trú');
    const removeTemp = proc('1.000041', 'Xóa đăng ký tạm trú');
    const benefit = proc('1.000042', 'Hưởng trợ cấp thất nghiệp (Cấp tỉnh)');
    const moveBenefit = proc('1.000043', 'Chuyển nơi hưởng trợ cấp thất nghiệp (Cấp tỉnh)');
    const cat = catalogOf([temp, removeTemp, benefit, moveBenefit]);
    const first = (hits: SearchHit[], q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    const residence = [hit(temp, 2.0), hit(removeTemp, 1.8)];
    expect(first(residence, 'Tui nghỉ việc về quê rồi, mà chủ trọ nói tên tui vẫn còn trên hệ thống, phải gỡ ra thì làm răng?')).toBe(removeTemp.code);
    expect(first(residence, 'thuê trọ ở phường Yên Hòa thì khai báo với công an thế nào')).toBe(temp.code);
    // The removal comes second when nobody asked for it, even when the words put it first.
    expect(first([hit(removeTemp, 2.0), hit(temp, 1.85)], 'em mới thuê trọ, khai báo tạm trú ở đâu')).toBe(temp.code);
    const benefits = [hit(benefit, 2.0), hit(moveBenefit, 1.8)];
    expect(first(benefits, 'Tui đang lãnh trợ cấp thất nghiệp ở Hà Nội, giờ vợ con dọn hẳn về Cần Thơ, mấy tháng còn lại muốn lãnh ở dưới đó')).toBe(moveBenefit.code);
    expect(first(benefits, 'Tôi vừa nghỉ việc, muốn lãnh trợ cấp thất nghiệp ở đâu')).toBe(benefit.code);
  });

  it('reads the action a request asks for and the benefit already received', () => {
    expect(actionOfName('Xóa đăng ký thường trú')).toBe('remove');
    expect(actionOfName('Giải quyết chuyển hưởng sang địa bàn khác đối với người đang hưởng lương hưu')).toBe('transfer');
    expect(actionOfName('Đăng ký thường trú')).toBeNull();
    expect(actionOfQuestion('ten em ay van con trong ho khau nha bo me toi')).toBe('remove');
    expect(actionOfQuestion('cần xóa tên tôi khỏi hộ khẩu')).toBe('remove');
    expect(actionOfQuestion('xoá dữ liệu của tôi')).toBeNull();
    expect(actionOfQuestion('mẹ chuyển ra Hà Nội ở hẳn, làm thế nào để mẹ nhận lương hưu ở Hà Nội')).toBe('transfer');
    expect(actionOfQuestion('lương hưu nhận ở đâu')).toBeNull();
    expect(receivedBenefit('Tui đang lãnh trợ cấp thất nghiệp ở Hà Nội')).toEqual(['that', 'nghiep']);
    // "trợ cấp hằng tháng" names no benefit in particular.
    expect(receivedBenefit('ông đang hưởng trợ cấp hằng tháng')).toBeNull();
  });

  it('puts first the one candidate whose name holds an acronym the citizen says (reviewed-100 rv-083, GMS)', () => {
    const lao = proc('1.002877', 'Cấp, cấp lại Giấy phép liên vận giữa Việt Nam, Lào và Campuchia');
    const gms = proc('1.002817', 'Cấp, cấp lại Giấy phép liên vận GMS hoặc sổ TAD');
    const cat = catalogOf([lao, gms]);
    const hits = [hit(lao, 2.0), hit(gms, 1.9)];
    const first = (q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Tôi lái xe ô tô cá nhân sang Lào, Campuchia theo khung GMS thì xin giấy phép liên vận GMS ở đâu?')).toBe(gms.code);
    expect(first('xin giấy phép liên vận sang Lào, Campuchia ở đâu')).toBe(lao.code);
    // An acronym another candidate spells out is theirs too (TNCN, "thu nhập cá nhân").
    const declare = proc('1.007674', 'Khai thuế TNCN đối với cá nhân có thu nhập từ chuyển nhượng bất động sản');
    const reduce = proc('1.007700', 'Giảm thuế thu nhập cá nhân cho hộ kinh doanh gặp thiên tai');
    const taxCat = catalogOf([declare, reduce]);
    expect(preferForCitizen([hit(reduce, 2.0), hit(declare, 1.9)], taxCat, 'tiệm bị bão, xin giảm thuế TNCN', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(reduce.code);
  });

  it("chooses the benefit of the person's status: merit, social protection, social pension or insurance", () => {
    const meritDeath = proc('1.000050', 'Hưởng trợ cấp khi người có công đang hưởng trợ cấp ưu đãi từ trần');
    const socialFuneral = proc('1.000051', 'Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội');
    const pensionFuneral = proc('1.000052', 'Hỗ trợ chi phí mai táng đối với đối tượng hưởng trợ cấp hưu trí xã hội');
    const insuranceFuneral = proc('1.000053', 'HƯỞNG TRỢ CẤP MAI TÁNG', { agencies: ['Bảo hiểm xã hội tỉnh'] });
    const cat = catalogOf([meritDeath, socialFuneral, pensionFuneral, insuranceFuneral]);
    const hits = [hit(pensionFuneral, 2.0), hit(socialFuneral, 1.9), hit(insuranceFuneral, 1.85), hit(meritDeath, 1.8)];
    const first = (q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Ông ngoại tui hưởng trợ cấp xã hội diện người già neo đơn, mới mất, có tiền chôn cất không')).toBe(socialFuneral.code);
    expect(first('Bố tôi đang hưởng lương hưu thì mất, bảo hiểm có hỗ trợ tiền ma chay không')).toBe(insuranceFuneral.code);
    expect(first('Bọ tui là bệnh binh, bọ mất rồi, mạ tui có được tiền mai táng không')).toBe(meritDeath.code);
    // No status said: the words decide.
    expect(first('bố tôi mất, xin tiền mai táng ở đâu')).toBe(pensionFuneral.code);
    expect(statusOfProcedure(insuranceFuneral)).toBe('insurance');
    expect(statusOfProcedure(proc('1.000054', 'Chế độ đối với người lao động chưa đủ tuổi hưởng trợ cấp hưu trí xã hội', { agencies: ['Bảo hiểm xã hội tỉnh'] }))).toBe('insurance');
    // Insurance said as missing is no status.
    expect([...statusesOfQuestion('Ba tui 76 tuổi, hồi trẻ làm mướn hổng có đóng bảo hiểm gì hết')]).toEqual([]);
    expect([...statusesOfQuestion('mẹ em thuộc hộ nghèo, không có lương hưu')]).toEqual(['social']);
  });

  it('never certifies a will the citizen says was not left', () => {
    const will = proc('1.000060', 'Chứng thực di chúc');
    const division = proc('1.000061', 'Chứng thực văn bản phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở');
    const cat = catalogOf([will, division]);
    const hits = [hit(will, 2.5), hit(division, 2.0)];
    const first = (q: string) => preferForCitizen(hits, cat, q, { province: 'Hà Nội', rerank: null })[0]!.code;
    expect(first('Bố tôi mất không để lại di chúc, mẹ và ba anh em thống nhất chia nhà đất, cần xác nhận ở xã')).toBe(division.code);
    expect(first('Tôi 82 tuổi, muốn lập di chúc chia nhà đất cho các con, xã xác nhận được không')).toBe(will.code);
  });
});

describe('the level whose office the citizen names (issue 18)', () => {
  it.each([
    ['Muốn khóa căn cước điện tử thì lm sao, có phải lên công an tỉnh ko?', 'tinh'],
    ['có phải lên công an thành phố không hay làm trên điện thoại được?', 'tinh'],
    ['xin ở CA phường đc ko, bao lâu', 'xa'],
    ['lam o phuong duoc khong', 'xa'],
    ['muốn lên thẳng Cục xuất nhập cảnh ở Trần Phú làm lại cho nhanh', 'trung_uong'],
    // An address names no level; two levels asked about name none.
    ['Chú ở xã Văn Lãng, Lạng Sơn. Sổ đỏ ghi sai năm sinh', null],
    ['Nhà tôi ở phường Hồng Bàng, Hải Phòng', null],
    ['Em ở thành phố Hồ Chí Minh', null],
    ['Nộp hồ sơ ở xã hay lên tỉnh, cần những gì?', null],
  ])('%s → %s', (q, level) => expect(namedLevel(q)).toBe(level));

  it('reads the level of a record from its name', () => {
    expect(levelOfName('Khóa căn cước điện tử (thực hiện tại cấp tỉnh)')).toBe('tinh');
    expect(levelOfName('Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót (Cấp xã)')).toBe('xa');
    expect(levelOfName('Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp trung ương)')).toBe('trung_uong');
    expect(levelOfName('Cấp đổi thẻ căn cước')).toBeNull();
  });

  const commune = proc('3.000285', 'Khóa căn cước điện tử (thực hiện tại cấp xã)');
  const province = proc('3.000276', 'Khóa căn cước điện tử (thực hiện tại cấp tỉnh)');
  const other = proc('1.014064', 'Cấp lại thẻ căn cước');
  const cat = catalogOf([commune, province, other]);
  const hits = [hit(commune, 2.5), hit(other, 2.4), hit(province, 1.7)];
  it('puts the twin at the named level before its twin above it, and nothing else', () => {
    const named = preferForCitizen(hits, cat, 'Muốn khóa căn cước điện tử, có phải lên công an tỉnh ko?', { province: 'Hà Nội', rerank: null });
    expect(named.map((h) => h.code)).toEqual([province.code, commune.code, other.code]);
    // The list stays in score order.
    expect(named.map((h) => h.score)).toEqual([...named.map((h) => h.score)].sort((a, b) => b - a));
    expect(preferForCitizen(hits, cat, 'Muốn khóa căn cước điện tử thì làm sao?', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(commune.code);
  });
});

describe('the border-area variant for a citizen by the border (issue 18)', () => {
  it('reads "biên giới", or a neighbour’s national beside a province on that border', () => {
    expect(bySideOfBorder('Em ở xã biên giới, bạn trai em là người nước ngoài')).toBe(true);
    expect(bySideOfBorder('Em ở xã Bát Xát, Lào Cai, chồng em là người Trung Quốc ở bên Hà Khẩu')).toBe(true);
    expect(bySideOfBorder('Chồng tôi người Trung Quốc, nhà ở Hà Nội')).toBe(false);
    expect(bySideOfBorder('Tôi ở Tây Ninh, chồng tôi là người Trung Quốc')).toBe(false);
    expect(bySideOfBorder('tôi ở Lào Cai muốn kết hôn với người Lào Cai')).toBe(false);
  });

  const general = proc('2.000806', 'Thủ tục đăng ký kết hôn có yếu tố nước ngoài');
  const border = proc('1.000094', 'Thủ tục đăng ký kết hôn có yếu tố nước ngoài tại khu vực biên giới');
  const cat = catalogOf([general, border]);
  const hits = [hit(general, 3.4), hit(border, 3.2)];
  it('goes before its general twin only then', () => {
    expect(preferForCitizen(hits, cat, 'Em ở xã Bát Xát, Lào Cai, bạn trai em là người Trung Quốc, muốn đăng ký kết hôn', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(border.code);
    expect(preferForCitizen(hits, cat, 'Em ở Hà Nội, bạn trai em là người Trung Quốc, muốn đăng ký kết hôn', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(general.code);
  });
});

describe('guests from abroad are a foreign element (issue 18)', () => {
  const residence = proc('1.004194', 'Đăng ký tạm trú');
  const foreigners = proc('1.000253', 'Khai báo tạm trú cho người nước ngoài tại Việt Nam bằng Phiếu khai báo tạm trú');
  const cat = catalogOf([residence, foreigners]);
  const hits = [hit(residence, 2.3), hit(foreigners, 2.15)];
  it('puts the record for foreigners first for "khách Pháp", not for a Vietnamese guest', () => {
    expect(preferForCitizen(hits, cat, 'Tuần sau có 2 khách Pháp tới ở homestay nhà tôi, khai báo tạm trú bằng giấy thế nào?', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(foreigners.code);
    expect(preferForCitizen(hits, cat, 'Tuần sau có 2 khách quê lên ở homestay nhà tôi, khai báo tạm trú thế nào?', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(residence.code);
  });
});

describe("the citizen's own case after the reranker (business form, a paper with an error, a loss settled)", () => {
  const company = proc('2.9001', 'Thông báo tạm ngừng kinh doanh (doanh nghiệp)');
  const household = proc('1.9002', 'Tạm ngừng kinh doanh của hộ kinh doanh');
  const coop = proc('1.9003', 'Đăng ký giải thể hợp tác xã');
  const civilFix = proc('1.9004', 'Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch');
  const titleFix = proc('1.9005', 'Đính chính Giấy chứng nhận đã cấp');
  const cardFix = proc('1.9006', 'Cấp đổi thẻ bảo hiểm y tế');
  const report = proc('1.9007', 'Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp xã)');
  const restore = proc('1.9008', 'Khôi phục giá trị sử dụng hộ chiếu phổ thông');
  const issue = proc('1.9009', 'Cấp hộ chiếu phổ thông ở trong nước');
  const cat = catalogOf([company, household, coop, civilFix, titleFix, cardFix, report, restore, issue]);
  const first = (list: Procedure[], q: string) => preferForCitizen(list.map((p, i) => hit(p, 1 - i * 0.05)), cat, q, { province: 'Hà Nội' })[0]!.code;

  it.each([
    ['công ty TNHH hai thành viên của tôi muốn nghỉ kinh doanh nửa năm', 'company'],
    ['doanh nghiệp nhỏ của chúng tôi làm ăn thua lỗ', 'company'],
    ['tiệm sửa xe hộ kinh doanh nhà mình muốn đóng cửa mấy tháng', 'household'],
    ['tôi nghỉ làm công ty, muốn mở tiệm bánh', null],
    ['có cần thành lập công ty không hay làm hộ kinh doanh', 'household'],
    ['htx rau sạch của xã muốn đổi tên', 'cooperative'],
  ])('business form asked: %s → %s', (text, form) => expect(businessFormAsked(text)).toBe(form));

  it('a company is not offered a household business or a cooperative procedure first', () => {
    expect(first([household, company], 'công ty cổ phần của tụi tui muốn tạm ngừng kinh doanh 6 tháng')).toBe(company.code);
    expect(first([coop, company], 'Cty TNHH của em muốn tạm dừng hoạt động')).toBe(company.code);
    expect(first([household, company], 'Tiệm tạp hóa hộ kinh doanh nhà em muốn nghỉ 3 tháng')).toBe(household.code);
  });

  it.each([
    ['Sổ hồng căn hộ của vợ chồng tôi in sai số căn cước của vợ', 'land'],
    ['thẻ bhyt của bố em ghi nhầm giới tính', 'health'],
    ['giấy khai sinh của con ghi sai quê quán', 'civil'],
    ['hồ sơ xin việc bị trả lại, chắc cán bộ ghi nhầm', null],
  ])('paper with an error: %s → %s', (text, paper) => expect(wrongPaper(text)).toBe(paper));

  it("corrects the paper the citizen says holds the error, not the civil-status record", () => {
    expect(first([civilFix, titleFix], 'Sổ hồng căn hộ của vợ chồng tôi in sai số căn cước của vợ, sửa ở đâu?')).toBe(titleFix.code);
    expect(first([civilFix, cardFix], 'thẻ bhyt của bố em ghi nhầm giới tính, giờ sửa sao ạ')).toBe(cardFix.code);
    expect(first([civilFix, titleFix], 'giấy khai sinh của con ghi sai quê quán, sửa thế nào')).toBe(civilFix.code);
  });

  it('a lost passport is reported first; one reported already and found again is restored, not reported again', () => {
    expect(first([issue, report], 'Em đánh rơi hộ chiếu ở bến xe, giờ phải báo ở đâu?')).toBe(report.code);
    expect(first([report, restore], 'Tôi đã báo mất hộ chiếu tháng trước, nay lại tìm thấy trong vali, dùng tiếp được không?')).toBe(restore.code);
    expect(first([issue, report], 'Hộ chiếu bị mất, tìm mãi không tìm lại được, báo mất trước rồi mới làm lại phải không?')).toBe(report.code);
  });

  it("a diploma's copy is the copy from the register, not its reissue nor the general copy", () => {
    const reissue = proc('2.9012', 'Cấp lại văn bằng, chứng chỉ');
    const general = proc('2.9013', 'Thủ tục cấp bản sao từ sổ gốc');
    const diploma = proc('3.9014', 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc');
    const c = catalogOf([reissue, general, diploma]);
    const top = (q: string) => preferForCitizen([hit(reissue, 1), hit(general, 0.98), hit(diploma, 0.96)], c, q, { province: 'Hà Nội' })[0]!.code;
    expect(top('Bằng cử nhân của tôi bị cháy cùng nhà, giờ cần bản sao để nộp hồ sơ thi công chức')).toBe(diploma.code);
    expect(top('Mình làm thất lạc bằng cao đẳng, nghe nói trường không cấp lại được, giờ tính sao?')).toBe(diploma.code);
    expect(top('Bằng tốt nghiệp của em in sai ngày sinh, trường có cấp lại không?')).toBe(reissue.code);
  });

  it("a household's own application for the poverty list is the regular one, leaving it the 'thoát nghèo' one", () => {
    const periodic = proc('1.9015', 'Công nhận hộ nghèo, hộ cận nghèo; hộ thoát nghèo, hộ thoát cận nghèo định kỳ hằng năm');
    const regular = proc('1.9016', 'Công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm');
    const leave = proc('1.9017', 'Công nhận hộ thoát nghèo, hộ thoát cận nghèo thường xuyên hằng năm');
    const c = catalogOf([periodic, regular, leave]);
    const top = (q: string) => preferForCitizen([hit(periodic, 1), hit(regular, 0.97), hit(leave, 0.95)], c, q, { province: 'Hà Nội' })[0]!.code;
    expect(top('Vợ tôi ốm nặng cả năm nay, nhà hết tiền, tôi muốn làm đơn xin vào hộ nghèo')).toBe(regular.code);
    expect(top('Nhà em giờ có lương ổn định rồi, muốn xin ra khỏi danh sách hộ nghèo')).toBe(leave.code);
  });

  it('a new job while on the unemployment benefit ends it; a paused benefit asked to go on continues', () => {
    const grant = proc('1.9018', 'Hưởng trợ cấp thất nghiệp (Cấp tỉnh)');
    const monthly = proc('1.9019', 'Thông báo hằng tháng về việc tìm kiếm việc làm (Cấp tỉnh)');
    const end = proc('1.9020', 'Chấm dứt hưởng trợ cấp thất nghiệp (Cấp tỉnh)');
    const resume = proc('1.9021', 'Tiếp tục hưởng trợ cấp thất nghiệp (Cấp tỉnh)');
    const c = catalogOf([grant, monthly, end, resume]);
    const top = (q: string) => preferForCitizen([hit(grant, 1), hit(monthly, 0.98), hit(end, 0.96), hit(resume, 0.95)], c, q, { province: 'Hà Nội' })[0]!.code;
    expect(top('Tôi đang lãnh trợ cấp thất nghiệp tháng thứ hai, tuần sau đi làm lại ở xưởng may, có phải báo không?')).toBe(end.code);
    expect(top('Em bị tạm dừng trợ cấp thất nghiệp vì ốm không đi báo được, giờ muốn nhận tiếp thì sao?')).toBe(resume.code);
    expect(top('Tôi mới mất việc, muốn làm hồ sơ trợ cấp thất nghiệp')).toBe(grant.code);
  });

  it('a paper the citizen says they do not have is not what they ask, unless they ask for it outright', () => {
    const cert = proc('1.9022', 'Cấp Giấy chứng sinh');
    const birth = proc('1.9023', 'Thủ tục đăng ký khai sinh');
    const c = catalogOf([cert, birth]);
    const top = (q: string) => preferForCitizen([hit(cert, 1), hit(birth, 0.97)], c, q, { province: 'Hà Nội' })[0]!.code;
    expect(top('Con tôi sinh trên đường đến trạm xá nên không có giấy chứng sinh, làm khai sinh cho cháu cần gì?')).toBe(birth.code);
    expect(top('Bé sinh ở nhà, chưa có giấy chứng sinh, xin giấy chứng sinh ở đâu ạ?')).toBe(cert.code);
  });

  it('the single-status paper asked only whether it is needed beside a wedding is a paper of the marriage registration', () => {
    const single = proc('1.9024', 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân');
    const marriage = proc('1.9025', 'Thủ tục đăng ký kết hôn');
    const c = catalogOf([single, marriage]);
    const top = (q: string) => preferForCitizen([hit(single, 1), hit(marriage, 0.97)], c, q, { province: 'Hà Nội' })[0]!.code;
    expect(top('Tháng sau tụi mình cưới, muốn đi đăng ký ở phường luôn, có cần giấy xác nhận độc thân không?')).toBe(marriage.code);
    expect(top('Em cần giấy độc thân để nộp hồ sơ mua nhà ở xã hội, xin ở đâu?')).toBe(single.code);
  });

  it('money asked in the asking sentence is a benefit, not a registration told in the same story', () => {
    const guardian = proc('1.9026', 'Thủ tục đăng ký giám hộ');
    const allowance = proc('1.9027', 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng');
    const c = catalogOf([guardian, allowance]);
    const top = (q: string) => preferForCitizen([hit(guardian, 1), hit(allowance, 0.96)], c, q, { province: 'Hà Nội' })[0]!.code;
    expect(top('Cháu tôi mồ côi cả cha lẹ mẹ, tôi là bác ruột đang nuôi. Nhà nước có trợ cấp gì cho cháu không?')).toBe(allowance.code);
    expect(top('Cháu tôi mồ côi, được trợ cấp hằng tháng rồi. Giờ tôi muốn đứng ra làm người giám hộ cho cháu thì làm sao?')).toBe(guardian.code);
  });

  it('reads an age typed short ("14t", "vừa đủ 14") for the card variant', () => {
    const minor = proc('1.9010', 'Cấp thẻ căn cước cho người dưới 14 tuổi');
    const adult = proc('1.9011', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên');
    const c = catalogOf([minor, adult]);
    const top = (q: string) => preferForCitizen([hit(minor, 1), hit(adult, 0.95)], c, q, { province: 'Hà Nội' })[0]!.code;
    expect(top('thằng cu nhà em 15t rồi, làm căn cước cho cháu ở đâu')).toBe(adult.code);
    expect(top('cháu nhà tôi vừa đủ 14, làm căn cước cho cháu thế nào')).toBe(adult.code);
    expect(top('làm căn cước cho cháu 6 tuổi')).toBe(minor.code);
  });
});
