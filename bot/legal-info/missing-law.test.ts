import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Intent } from '../../knowledge/understanding/index.js';
import { loadStatutes } from '../../knowledge/statutes/index.js';
import { COVERED_ELSEWHERE, deriveLackedDemuc, lackedSubjects, parseDemucIndex, renderLackedDemuc, SUBJECT_VOCABULARY } from '../../knowledge/statutes/lacked.js';
import { DEFAULT_DEMUC_INDEX, LACKED_DEMUC_FILE } from '../../knowledge/statutes/lacked-cli.js';
import { LACKED_DEMUC } from '../../knowledge/statutes/lacked-demuc.data.js';
import { fold } from '../../knowledge/text/fold.js';
import { MISSING_LAWS } from '../../knowledge/statutes/laws.js';
import { openArticleSearch } from '../../retrieval/articles/index.js';
import { DEFAULT_CAPABILITIES, type Skill, type Turn, type TurnResult } from '../types.js';
import { createLegalInfoSkill } from './skill.js';
import { criminalFolded, missingLawMatch, missingLawOf } from './missing-law.js';

const INDEX = [
  'demuc_so\tdemuc_ten\tdemuc_id\tarticles\thtml_bytes\tstatus',
  '9.1\tDân sự\tx\t701\t100\tpresent',
  '11.1\tĐất đai\tx\t0\t592\tpresent',
  '43.3\tNhà ở\tx\t0\t589\tpresent',
  '15.2\tChứng thực (loại bỏ)\tx\t0\t609\tpresent',
  '30.4\tThi hành tạm giữ, tạm giam\tx\t0\t614\tpresent',
  '37.10\tThi hành tạm giữ, tạm giam\tx\t199\t900\tpresent',
  '25.16\tPhòng thủ dân sự\tx\t0\t604\tpresent',
  '25.16\tPhòng thủ dân sự\tx\t0\t604\tpresent',
  '?\tXử lý vi phạm hành chính\tx\t0\t0\tMISSING(>4MiB, not in snapshot)',
].join('\n');

describe('lacked subjects derived from the đề mục index', () => {
  it('takes empty stubs and missing đề mục once, less the withdrawn, those another copy covers and those the bundle holds elsewhere', () => {
    const rows = parseDemucIndex(INDEX);
    expect(rows.map((r) => r.status)).toEqual(['present', 'empty', 'empty', 'empty', 'empty', 'present', 'empty', 'empty', 'missing']);
    expect(deriveLackedDemuc(rows)).toEqual([
      { number: '43.3', title: 'Nhà ở', status: 'empty' },
      { number: '25.16', title: 'Phòng thủ dân sự', status: 'empty' },
      { number: '?', title: 'Xử lý vi phạm hành chính', status: 'missing' },
    ]);
    expect(COVERED_ELSEWHERE.has('Đất đai')).toBe(true);
  });

  it.skipIf(!existsSync(DEFAULT_DEMUC_INDEX))('is what the shared index gives today (re-run lacked-cli.ts when it changes)', () => {
    const derived = deriveLackedDemuc(parseDemucIndex(readFileSync(DEFAULT_DEMUC_INDEX, 'utf8')));
    expect(renderLackedDemuc(derived)).toBe(readFileSync(LACKED_DEMUC_FILE, 'utf8'));
    const titles = derived.map((d) => d.title);
    for (const t of ['Thuế giá trị gia tăng', 'Bảo hiểm xã hội', 'Căn cước', 'Xử lý vi phạm hành chính', 'Nhà ở', 'Xây dựng', 'Trật tự an toàn, giao thông đường bộ']) expect(titles).toContain(t);
    // Covered by the consolidated land law and the 2022 law as enacted.
    expect(titles).not.toContain('Đất đai');
    expect(titles).not.toContain('Phòng, chống bạo lực gia đình');
    // Every vocabulary subject is a đề mục of the index the product does not quote.
    const all = new Set(parseDemucIndex(readFileSync(DEFAULT_DEMUC_INDEX, 'utf8')).map((r) => r.title));
    for (const t of Object.keys(SUBJECT_VOCABULARY)) expect(all.has(t), t).toBe(true);
  });

  it('names every lacked đề mục and adds the vocabulary after the hand-named laws', () => {
    const subjects = lackedSubjects();
    for (const d of LACKED_DEMUC) expect(subjects.some((s) => s.phrases.includes(`luat ${fold(d.title.replace(/^Luật /u, ''))}`)), d.title).toBe(true);
    expect(subjects.map((s) => s.name)).toContain('Luật Phòng thủ dân sự');
    expect(subjects.map((s) => s.name)).not.toContain('Luật Luật Phòng thủ dân sự');
    expect(MISSING_LAWS.slice(-subjects.length)).toEqual(subjects);
    // Everyday words are answerable by a law we hold; the law's own name never is.
    expect(subjects.find((s) => s.phrases.includes('luat nha o'))?.answerable).toBeUndefined();
    expect(subjects.find((s) => s.phrases.includes('chung cu'))?.answerable).toBe(true);
  });
});

describe('missing-law match: where a crime begins', () => {
  it('leaves to the criminal code a question that asks where the crime begins beside the administrative fine', () => {
    expect(missingLawMatch('lừa đảo lấy bao nhiêu tiền thì bị truy cứu trách nhiệm hình sự, dưới mức đó chỉ bị phạt hành chính phải không')).toBeUndefined();
    // Prison only as the bound of what is asked: the fine is asked, the decree we lack.
    expect(missingLawMatch('đánh nhau chưa đến mức đi tù thì bị phạt hành chính bao nhiêu tiền')?.name).toMatch(/Xử lý vi phạm hành chính/);
    expect(missingLawMatch('không nộp phạt hành chính thì bị cưỡng chế thế nào')?.name).toMatch(/Xử lý vi phạm hành chính/);
  });

  it('leaves to the criminal code a question whether the act goes to prison or only gets the administrative fine', () => {
    expect(missingLawMatch('lấy điện thoại của bạn cùng phòng có bị truy cứu không hay chỉ bị xử phạt hành chính')).toBeUndefined();
    expect(missingLawMatch('chem nhau gay thuong tich nhe co phai di tu khong hay phat hanh chinh thoi')).toBeUndefined();
    expect(missingLawMatch('quán karaoke mở quá giờ có bị phạt hành chính không')?.name).toMatch(/Xử lý vi phạm hành chính/);
  });
});

describe('missing-law match: the subject asked', () => {
  it.each([
    // Traffic fines and licences.
    ['xe tôi bị phạt nguội, giờ nộp phạt muộn có sao không', /168\/2024|Xử lý vi phạm/],
    ['bằng lái xe máy bị trừ hết 12 điểm thì có phải thi lại không', /168\/2024|Trật tự, an toàn giao thông/],
    ['nồng độ cồn xe đạp điện có bị phạt không', /168\/2024/],
    // VAT and invoices.
    ['ăn nhà hàng có quyền đòi xuất hóa đơn đỏ không', /Thuế giá trị gia tăng/],
    ['thuế vat năm nay giảm còn mấy phần trăm', /Thuế giá trị gia tăng/],
    // Social insurance, unemployment, health insurance.
    ['đóng bhxh 15 năm thì lương hưu được bao nhiêu', /Bảo hiểm xã hội 2024/],
    ['sinh con thứ hai được nhận bao nhiêu tiền thai sản', /Bảo hiểm xã hội 2024/],
    ['vợ tôi nghỉ đẻ thì bảo hiểm chi trả mấy triệu', /Bảo hiểm xã hội 2024/],
    ['nghỉ ốm đau có được trả tiền bảo hiểm không', /Bảo hiểm xã hội 2024/],
    ['chồng đi làm công ty, vợ đẻ thì có được nghỉ hưởng chế độ bảo hiểm mấy hôm', /Bảo hiểm xã hội 2024/],
    // What a notary may do is the notary's law; who may not notarise a will is the civil code's.
    ['công chứng viên có được từ chối công chứng hợp đồng tặng cho không', /Công chứng/],
    ['mất việc thì được hưởng bảo hiểm thất nghiệp mấy tháng', /Việc làm/],
    ['khám trái tuyến thì thẻ bhyt trả bao nhiêu phần trăm', /Bảo hiểm y tế/],
    // Căn cước.
    ['trẻ em dưới 14 tuổi có bắt buộc làm thẻ căn cước không', /Căn cước/],
    ['mã định danh cá nhân có thay đổi khi chuyển hộ khẩu không', /Căn cước/],
    // Administrative fines on any subject.
    ['ở nhà người quen mà không khai báo tạm trú bị phạt bao nhiêu', /Xử lý vi phạm hành chính/],
    ['chồng chửi bới vợ thì mức phạt hành chính là bao nhiêu', /Xử lý vi phạm hành chính/],
    ['tự ý chuyển đất lúa sang làm ao cá bị phạt bao nhiêu tiền', /Xử lý vi phạm hành chính/],
    ['doanh nghiệp không ký hợp đồng lao động với công nhân thì bị xử phạt bao nhiêu', /Xử lý vi phạm hành chính/],
    ['công ty chậm trả lương cho người lao động thì bị phạt thế nào', /Xử lý vi phạm hành chính/],
    // Housing, construction, real estate business.
    ['sổ hồng căn hộ chung cư có thời hạn 50 năm không', /Nhà ở/],
    ['ai được mua nhà ở xã hội', /Nhà ở/],
    ['nhà cấp 4 ở quê sửa lại có cần giấy phép xây dựng không', /Xây dựng/],
    ['môi giới bất động sản có cần chứng chỉ không', /Kinh doanh bất động sản/],
    // Civil service, utilities, telecoms, environment, fire safety, weapons, detention visits, banking, customs.
    ['công chức có được góp vốn mở quán cà phê không', /Cán bộ, công chức/],
    ['viên chức nghỉ việc thì phải báo trước bao nhiêu ngày', /Viên chức/],
    ['điện lực cắt điện không báo trước có đúng không', /Điện lực/],
    ['sim rác không chính chủ có bị nhà mạng khóa không', /Viễn thông/],
    ['xưởng gỗ xả nước thải ra mương có vi phạm không', /Bảo vệ môi trường/],
    ['quán karaoke có bắt buộc có lối thoát hiểm không', /Phòng cháy/],
    ['mua bình xịt hơi cay để tự vệ có hợp pháp không', /vũ khí/],
    ['người nhà bị tạm giam thì bao lâu được gửi đồ vào một lần', /tạm giữ, tạm giam/],
    ['nợ xấu nhóm 5 thì bao nhiêu năm mới xóa', /tổ chức tín dụng/],
    ['hàng xách tay dưới bao nhiêu tiền thì không phải đóng thuế', /Hải quan/],
    ['công đoàn phí trừ vào lương bao nhiêu phần trăm', /Công đoàn/],
    ['theo luật nhà ở thì chung cư cũ được cải tạo thế nào', /Nhà ở/],
  ])('"%s" → %s', (q, law) => {
    expect(missingLawOf(q)).toMatch(law);
  });

  it.each([
    // A present law answers: the Labour Code on maternity leave and retirement age, the criminal code, the civil code.
    'nghỉ thai sản được mấy tháng',
    'công chứng viên có được công chứng di chúc cho cha mẹ mình không',
    'lao động nữ sinh đôi được nghỉ thêm bao lâu',
    'tuổi nghỉ hưu của nam năm nay là bao nhiêu',
    'công ty có được phạt tiền người lao động đi trễ không',
    'bị sếp trừ lương vì làm hỏng máy có đúng luật không',
    'tàng trữ pháo nổ có bị truy cứu trách nhiệm hình sự không',
    'trốn thuế bao nhiêu tiền thì bị đi tù',
    'lừa đảo qua sim rác chiếm đoạt tiền bị tội gì',
    'mua căn hộ chung cư trước khi cưới thì có phải tài sản riêng không',
    'thuê căn hộ chung cư mà chủ nhà đòi lấy lại trước hạn thì sao',
    'hàng xóm xây nhà làm nứt tường nhà tôi thì đòi bồi thường thế nào',
    'muốn khiếu nại quyết định xử phạt xây dựng thì làm thế nào',
    'con riêng có được hưởng thừa kế không',
    'di chúc có cần công chứng mới hợp pháp không',
    'đòi nợ thuê bằng cách đe dọa có phạm tội không',
  ])('"%s" is not a missing law', (q) => {
    expect(missingLawOf(q)).toBeUndefined();
  });

  it('reads a lacked subject met only by everyday words as answerable, its own name and the hand-named laws not', () => {
    expect(missingLawMatch('điều kiện mua nhà ở xã hội là gì')).toEqual({ name: 'Luật Nhà ở', sharedOnly: true, ownSubject: true });
    expect(missingLawMatch('mua căn hộ chung cư cũ thì cần lưu ý gì')).toEqual({ name: 'Luật Nhà ở', sharedOnly: true });
    expect(missingLawMatch('luật nhà ở quy định thế nào về chung cư mini')).toEqual({ name: 'Luật Nhà ở', sharedOnly: false });
    expect(missingLawMatch('đóng bhxh 15 năm thì lương hưu được bao nhiêu')).toEqual({ name: 'Luật Bảo hiểm xã hội 2024', sharedOnly: false });
  });
});

describe('missing-law match: military service', () => {
  it('keeps the procedures and the crime of evading it out of the lacked law', () => {
    expect(missingLawOf('đăng ký nghĩa vụ quân sự lần đầu làm ở đâu')).toBeUndefined();
    expect(missingLawOf('trốn nghĩa vụ quân sự thì bị tội gì')).toBeUndefined();
    expect(missingLawOf('bố tôi đi bộ đội xuất ngũ năm 1980 thì được hưởng chế độ gì')).not.toBe('Luật Nghĩa vụ quân sự 2015');
    expect(missingLawOf('học đại học xong tới bao nhiêu tuổi thì hết bị gọi nghĩa vụ quân sự')).toBe('Luật Nghĩa vụ quân sự 2015');
  });
  it('leaves crimes and debts around a sale of alcohol to the laws we hold', () => {
    expect(missingLawOf('bán rượu giả làm chết người thì bị tội gì')).toBeUndefined();
    expect(missingLawOf('nhà tôi bán bia, khách quỵt tiền thì kiện được không')).toBeUndefined();
  });
});

describe('legal-info skill on lacked subjects', () => {
  let skill: Skill;
  beforeAll(async () => {
    const statutes = await loadStatutes();
    skill = createLegalInfoSkill({ articles: (await openArticleSearch({ statutes })).index });
  }, 60_000);

  const OFFER: TurnResult = { messages: [{ text: 'Dạ, anh/chị có muốn em chuyển câu hỏi cho luật sư không ạ?' }], outcome: { behavior: 'escalate', procedures: [], tags: ['triage'] } };
  async function ask(text: string, intent: Intent = 'legal_question'): Promise<TurnResult> {
    const turn: Turn = {
      text,
      rawText: text,
      conversationId: 'c',
      userId: 'u',
      channelId: 'test',
      capabilities: DEFAULT_CAPABILITIES,
      now: new Date('2026-12-01T00:00:00Z'),
      conversation: {},
      user: {},
      understanding: { intent, confidence: 0.9, scores: {}, abstain: false, reasons: [] },
    };
    return skill.handle(turn, async () => OFFER);
  }

  it.each([
    'thuế vat khi mua xe máy là bao nhiêu phần trăm',
    'nhà chung cư mini có được cấp sổ hồng không',
    'xây nhà ở nông thôn có phải xin giấy phép xây dựng không',
    'thai sản được bao nhiêu tiền',
    'công chức có được làm thêm bên ngoài không',
    'lấn chiếm vỉa hè để bán hàng thì bị phạt bao nhiêu',
    // Selling alcohol to minors: a law we do not import (typed without diacritics, "toi" is no crime).
    'Quán tạp hóa bán rượu cho học sinh cấp 2 có được không',
    'tiem nha toi ban bia cho khach 17 tuoi thi co sao khong',
    // Military service rules (age, deferment): a law we do not import; never a crime article in its place.
    'con trai tôi đang học cao đẳng thì có được tạm hoãn nghĩa vụ quân sự không',
    'may tuoi thi het bi goi nhap ngu vay',
    // The notary's own practice, whichever contract is to be notarised.
    'mẹ tôi yếu không đi được, công chứng viên có được tới nhà để công chứng hợp đồng mua bán nhà không',
    'ba em bệnh nặng, muon lam hop dong tang cho dat ma nho cong chung vien xuong nha cong chung duoc khong',
  ])('"%s": the lawyer offer and the portal, never an article', async (q) => {
    const r = await ask(q);
    expect(r.outcome.behavior).toBe('escalate');
    expect(r.outcome.tags).toContain('legal-info:law-missing');
    expect(r.messages.at(-1)!.links).toEqual([{ title: 'Cơ sở dữ liệu quốc gia về văn bản pháp luật', url: 'https://vbpl.vn' }]);
  });

  it.each([
    ['lao động nữ nghỉ thai sản được mấy tháng', '45/2019/QH14'],
    ['mua căn hộ chung cư trước khi kết hôn có phải tài sản riêng không', '52/2014/QH13'],
    // Severance pay beside the unemployment insurance it excludes is the Labour Code's.
    ['Chỗ làm cũ bảo em có BHTN rồi thì không được trợ cấp thôi việc nữa, luật có nói vậy không?', '45/2019/QH14'],
    // Whether a contract must be notarised is its own law's form rule, not the notary's practice.
    ['hợp đồng tặng cho nhà đất có bắt buộc phải công chứng không', '31/2024/QH15'],
  ])('"%s": a word of a lacked subject, a law we hold answers it', async (q, document) => {
    const r = await ask(q);
    expect(r.outcome.behavior).toBe('legal_info');
    expect(r.outcome.legalArticles?.[0]?.document).toBe(document);
  });
});

describe('criminal words typed without diacritics', () => {
  it('reads "toi" (I) and "tu" (from, self) as no crime, so a fine or a lacked law is still found', () => {
    expect(criminalFolded(' toi bi phat nguoi xe may nhung hom do xe toi cho ban muon gio phai lam sao ')).toBe(false);
    expect(criminalFolded(' xe may cua toi di tu nam 2012 ')).toBe(false);
    const folded = missingLawMatch('toi mua lai xe may cu cua nguoi quen, bao lau thi phai lam thu tuc sang ten, qua han co bi phat khong');
    expect(folded).toBeDefined();
    // The same question typed with diacritics was already read so.
    expect(missingLawMatch('tôi mua lại xe máy cũ của người quen, bao lâu thì phải làm thủ tục sang tên, quá hạn có bị phạt không')).toEqual(folded);
  });

  it.each([
    ' lay trom 3 trieu co bi di tu khong ',
    ' danh nguoi gay thuong tich thi pham toi gi ',
    ' no bi phat tu 2 nam ',
    ' con toi 15 tuoi co bi truy cuu khong ',
    ' toi lua dao chiem doat tai san xu the nao ',
  ])('"%s" is criminal', (f) => {
    expect(criminalFolded(f)).toBe(true);
  });

  it('a lacked subject is no longer skipped for "toi" (I) typed without marks; a crime still is', () => {
    expect(missingLawMatch('toi mua can ho hinh thanh trong tuong lai, chu dau tu cham ban giao 2 nam thi sao')?.name).toBe('Luật Kinh doanh bất động sản');
    expect(missingLawMatch('chu dau tu ban nha hinh thanh trong tuong lai roi bo tron, co bi truy cuu trach nhiem hinh su khong')).toBeUndefined();
    // The deposit of an off-plan sale is that law's too; an ordinary deposit is not.
    expect(missingLawMatch('chủ đầu tư bán căn hộ hình thành trong tương lai được thu tiền cọc tối đa bao nhiêu')?.name).toBe('Luật Kinh doanh bất động sản');
    expect(missingLawMatch('đặt cọc mua đất rồi bên bán không bán nữa thì có phải trả gấp đôi tiền cọc không')).toBeUndefined();
  });

  it('a vehicle left at a parking lot is no police impound ("giữ xe" of the traffic fines)', () => {
    expect(missingLawMatch('gửi xe máy ở bãi giữ xe bị mất, bãi có phải bồi thường không')).toBeUndefined();
    expect(missingLawMatch('bị CSGT tạm giữ xe máy vì không có bằng lái thì phạt bao nhiêu')).toBeDefined();
  });

  it('"chở 3" needs its riders: "ở chợ, 3 tuổi" is no traffic question', () => {
    expect(missingLawMatch('lam on, con toi bi lac o cho, 3 tuoi, mac vay hong')).toBeUndefined();
    expect(missingLawMatch('xe máy chở 3 người thì bị phạt bao nhiêu')).toBeDefined();
  });
});
