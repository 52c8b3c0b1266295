import { describe, expect, it } from 'vitest';
import { loadVocabulary } from '../knowledge/vocab/index.js';
import { copiedObjects, DONE_WEIGHT, doneClauses, OBJECT_WEIGHT, purposeStart, QueryAnalyzer, restoreDiacritics, senseOfMat, withoutPlaceNames } from './query.js';
import { FIXTURE_VOCABULARY } from './testing/fixtures.js';
import { tokenizeVi } from './text.js';

describe('abbreviation and teencode expansion (committed vocabulary)', async () => {
  const analyzer = new QueryAnalyzer(await loadVocabulary());
  it.each([
    ['lam lai cccd', 'lam lai căn cước công dân'],
    ['ko dc', 'không được'],
    ['k đc', 'không được'],
    ['gks cho con', 'giấy khai sinh cho con'],
    ['vk e mới đẻ', 'vợ em mới đẻ'],
    ['sdt ubnd xã', 'số điện thoại ủy ban nhân dân cấp xã'],
    ['gplx hết hạn', 'giấy phép lái xe hết hạn'],
    ['dkkd hkd', 'đăng ký kinh doanh hộ kinh doanh'],
    ['rut bhxh', 'rut bảo hiểm xã hội'],
    ['đăng ký kết hôn mất phí không', 'đăng ký kết hôn lệ phí không'],
    ['CCCD', 'căn cước công dân'],
    // Paper and procedure initialisms (issue 18 hand check: Q9, Q34, Q44 landed on unrelated procedures).
    ['dkkh o phuong', 'đăng ký kết hôn o phuong'],
    ['ĐKKH ở phường', 'đăng ký kết hôn ở phường'],
    ['mat giay chung nhan dkhkd', 'mat giay chung nhan đăng ký hộ kinh doanh'],
    ['xin llttp', 'xin lý lịch tư pháp'],
    ['xin lltp', 'xin lý lịch tư pháp'],
    ['xin gxntthn', 'xin giấy xác nhận tình trạng hôn nhân'],
    ['làm tt gì', 'làm thủ tục gì'],
    ['nhập hk', 'nhập hộ khẩu'],
    ['mất qsdđ', 'mất quyền sử dụng đất'],
  ])('%j → %j', (input, expected) => {
    expect(analyzer.expandAbbreviations(tokenizeVi(input)).join(' ')).toBe(expected);
  });

  it('does not touch words that merely contain an abbreviation', () => {
    expect(analyzer.expandAbbreviations(tokenizeVi('kết hôn ở khánh hòa')).join(' ')).toBe('kết hôn ở khánh hòa');
  });
});

describe('ambiguous colloquial phrases (committed vocabulary)', async () => {
  const analyzer = new QueryAnalyzer(await loadVocabulary());
  const household = (q: string) => analyzer.analyze(q).expansions.some((e) => e.terms.some((t) => t.includes('thường trú')));
  it.each([
    ['tôi muốn nhập khẩu cho vợ về nhà', true],
    ['nhap khau ve que', true],
    ['doanh nghiệp tôi nhập khẩu xe chuyên dùng', false],
    ['công ty nhập khẩu hàng hóa thì nộp thuế ở đâu', false],
    ['xin hoàn thuế nhập khẩu máy móc', false],
  ])('%j reads "nhập khẩu" as registering into a household: %s', (q, expected) => {
    expect(household(q)).toBe(expected);
  });

  const expandsTo = (q: string, term: string) => analyzer.analyze(q).expansions.some((e) => e.terms.some((t) => t.includes(term)));
  it.each([
    ['Tui muốn nhường hết phần mình cho thằng em út, làm giấy gì để chứng minh tui hông nhận phần đó', 'từ chối nhận di sản'],
    ['cty yêu cầu bằng đại học với học bạ bản sao có dấu đỏ', 'chứng thực bản sao từ bản chính'],
    ['tui muốn nhận nó làm con mình luôn cho có giấy tờ', 'nuôi con nuôi'],
    ['tôi là cô ruột muốn đứng ra đại diện giấy tờ cho cháu', 'đăng ký giám hộ'],
    ['nghe nói gia đình được lãnh một cục tiền tuất', 'trợ cấp tuất'],
    ['Tôi muốn viết sẵn lời dặn chia nhà đất cho các con, có xác nhận của xã cho chắc', 'di chúc'],
  ])('%j is told in catalogue words as %j', (q, term) => {
    expect(expandsTo(q, term)).toBe(true);
  });
  it('keeps "nhận con" (recognising one\'s own child) apart from an adoption', () => {
    expect(expandsTo('ba nó về nhận con, làm sao cho hợp pháp', 'nuôi con nuôi')).toBe(false);
  });
});

describe('QueryAnalyzer', () => {
  const analyzer = new QueryAnalyzer(FIXTURE_VOCABULARY);

  it('adds official vocabulary for colloquial phrases, accented or not', () => {
    for (const q of ['mất sổ đỏ', 'mat so do']) {
      const a = analyzer.analyze(q);
      expect(a.expansions.map((e) => e.phrase), q).toEqual(['mất sổ đỏ']);
      expect(a.terms.some((t) => t.term === 'cấp_lại' && !t.own)).toBe(true);
    }
  });

  it('keeps the longest phrase: "mất sổ đỏ" wins over "mất" and "sổ đỏ"', () => {
    expect(analyzer.analyze('tôi bị mất sổ đỏ').expansions.map((e) => e.phrase)).toEqual(['mất sổ đỏ']);
  });

  it('an accented syllable only matches its own phrase syllable', () => {
    // "mặt" (face) is not "mất" (lost) even though both fold to "mat".
    expect(analyzer.analyze('mặt sổ đỏ').expansions.map((e) => e.phrase)).toEqual(['sổ đỏ']);
  });

  it('matches typed-without-diacritics syllables on folded index terms', () => {
    const a = analyzer.analyze('lam lai so do');
    expect(a.accented).toBe(false);
    expect(a.terms.filter((t) => t.own).every((t) => t.term.startsWith('~'))).toBe(true);
  });

  it('drops stop words but keeps bigrams that carry content', () => {
    const a = analyzer.analyze('cho tôi hỏi đăng ký kết hôn');
    const own = a.terms.filter((t) => t.own).map((t) => t.term);
    expect(own).not.toContain('tôi');
    expect(own).toContain('kết');
    expect(own).toContain('đăng_ký');
    expect(own).not.toContain('cho_tôi');
  });

  it('removes a named province before matching', () => {
    const a = analyzer.analyze('đăng ký kết hôn ở TP Đà Nẵng', ['da nang']);
    expect(a.content.join(' ')).not.toMatch(/nẵng/);
  });

  it('restores diacritics from a table, preferring bigram evidence', () => {
    const table = new Map([
      ['khai_sinh', 'khai_sinh'],
      ['dang_ky', 'đăng_ký'],
      ['ky', 'kỳ'],
    ]);
    expect(restoreDiacritics(['dang', 'ky', 'khai', 'sinh'], (f) => table.get(f))).toEqual(['đăng', 'ký', 'khai', 'sinh']);
  });
});

describe('place names in a story', () => {
  it.each([
    ['Tôi ở phường Cầu Giấy, đi đâu làm?', 'Tôi ở phường , đi đâu làm?'],
    ['Gia dinh o xa Quang Minh, lam don o dau', 'Gia dinh o xa , lam don o dau'],
    ['UBND xã Kim Anh làm được không', 'UBND xã  làm được không'],
  ])('drops the capitalised name after an address unit: %s', (text, expected) => {
    expect(withoutPlaceNames(text)).toBe(expected);
  });

  it.each(['Tui ở xa rồi thì làm răng', 'phường 5 quận 3', 'làm ở xã được không', 'xã. Tôi muốn hỏi'])('keeps words that are no name: %s', (text) => {
    expect(withoutPlaceNames(text)).toBe(text);
  });

  it('the name does not reach the index terms', () => {
    const a = new QueryAnalyzer(FIXTURE_VOCABULARY);
    const terms = a.analyze('nhà tôi ở phường Cầu Giấy, xin cấp bản sao').terms.map((t) => t.term);
    expect(terms).not.toContain('giấy');
    expect(terms).toContain('phường');
  });
});

describe('purpose clauses (issue 18 hand check Q44)', async () => {
  const analyzer = new QueryAnalyzer(await loadVocabulary());
  it.each([
    ['xin llttp de di xuat khau lao dong', 5],
    ['xin giấy xác nhận tình trạng hôn nhân để mua nhà', 8],
    ['cấp sổ đỏ cho đất ông bà để lại', -1],
    ['làm đơn đề nghị cấp lại', -1],
    ['để làm gì', -1],
  ])('%j: the purpose starts at token %i', (q, at) => {
    const a = analyzer.analyze(q);
    expect(purposeStart(a.tokens, a.accented)).toBe(at);
  });

  it('weighs the words of the purpose at half the request\'s, and so its colloquial expansions', () => {
    const a = analyzer.analyze('xin lltp de di xuat khau lao dong');
    const w = (term: string) => a.terms.find((t) => t.term === term)?.weight;
    expect(w('lý')).toBe(1);
    expect(w('~xuat')).toBe(0.5);
    expect(w('~xuat_khau')).toBe(0.5);
    expect(a.expansions.find((e) => e.phrase === 'đi xuất khẩu lao động')?.weight).toBeCloseTo(0.25);
    // A single unaccented "de" is no goat, nor "lon" a pig: animals are matched in phrases only.
    expect(a.expansions.some((e) => e.terms.includes('động vật trên cạn'))).toBe(false);
    expect(analyzer.analyze('khai sinh cho nguoi lon').expansions.map((e) => e.terms.join()).join()).not.toMatch(/động vật|vận chuyển/u);
  });
});

describe('steps already taken (issue 18: a story\'s background must not outvote its request)', async () => {
  const analyzer = new QueryAnalyzer(await loadVocabulary());
  const done = (q: string) => doneClauses(q.toLowerCase(), /[^\x00-\x7f]/.test(q)).filter((c) => c.done).map((c) => c.text.trim());
  it.each([
    ['Tôi đã chuyển hộ khẩu về phường Hà Đông. Xe ô tô vẫn ghi địa chỉ cũ, có phải làm lại giấy đăng ký không?', ['tôi đã chuyển hộ khẩu về phường hà đông']],
    ['bo me cho dat, hop dong tang cho da cong chung xong, gio lam sao sang ten so do', ['hop dong tang cho da cong chung xong']],
    ['Ba má cho tui căn nhà, làm giấy tặng cho ở phòng công chứng rồi, giờ đi đâu cập nhật tên', ['làm giấy tặng cho ở phòng công chứng rồi']],
    // Still to do, asked, or no step at all: never background.
    ['Con tôi 5 tuổi rồi, chưa làm khai sinh', []],
    ['Tôi đã 30 tuổi, muốn làm hộ chiếu', []],
    ['giấy tờ đã làm xong chưa, bao lâu thì có', []],
    ['đăng ký kết hôn cần gì', []],
    // A step asked about as coming first is background to the want stated before it; reported as advice it is the need.
    ['Tui về làm dâu ở Gia Lâm, giờ muốn dời hộ khẩu ra nhà chồng, có cần về quê cắt khẩu trước hông?', ['có cần về quê cắt khẩu trước hông']],
    ['Tôi cần làm gì để thôi hẳn giấy tờ kinh doanh, có phải quyết toán thuế trước không?', ['có phải quyết toán thuế trước không']],
    ['Nhà tôi muốn xây lại. Thợ xây bảo phải xin phép phường trước, không thì bị đình chỉ.', []],
    // A tax or fee asked about beside the request is what the procedure costs, background to it.
    ['Chị tôi cho tôi căn nhà ở Đông Anh, giờ muốn sổ hồng mang tên tôi, có phải đóng thuế thu nhập với lệ phí trước bạ gì không?', ['có phải đóng thuế thu nhập với lệ phí trước bạ gì không']],
    ['quan an cua em nghi ban luon, lam sao tra giay phep, co bi quyet toan thue khong a', ['co bi quyet toan thue khong a']],
    // Asked alone, or not about a tax or fee, it stays the request.
    ['có phải nộp thuế khi bán đất không', []],
    ['Tôi sắp cưới, có phải xin giấy xác nhận độc thân không?', []],
  ])('%j', (q, expected) => expect(done(q)).toEqual(expected));

  it('weighs a step already taken, and the colloquial phrase it contains, below the request', () => {
    const a = analyzer.analyze('Tôi đã nhập hộ khẩu cho con rồi, giờ làm thẻ bảo hiểm y tế cho cháu ở đâu');
    const w = (term: string) => a.terms.find((t) => t.term === term)?.weight;
    expect(w('khẩu')).toBeCloseTo(DONE_WEIGHT);
    expect(w('bảo')).toBe(1);
    expect(a.expansions.find((e) => e.phrase === 'nhập hộ khẩu')).toMatchObject({ background: true });
    expect(a.background).toContain('khau');
    expect(a.background).not.toContain('cho');
  });

  it('leaves a question without a step taken as it was', () => {
    const a = analyzer.analyze('nhập hộ khẩu cho con cần giấy tờ gì');
    expect(a.background).toEqual([]);
    expect(a.expansions.find((e) => e.phrase === 'nhập hộ khẩu')?.background).toBeUndefined();
  });
});

describe('"mất": a death, a lost paper or a cost (issue 12)', async () => {
  const analyzer = new QueryAnalyzer(await loadVocabulary());
  const sense = (q: string) => {
    const t = tokenizeVi(q);
    return t.map((_, i) => senseOfMat(t, i)).filter((_, i) => t[i] === 'mất' || t[i] === 'mat').join(',');
  };
  it.each([
    ['chú tôi mất vì bạo bệnh, để lại hai đứa nhỏ', 'death'],
    ['ba má em đều đã mất', 'death'],
    ['bà ngoại vừa mất hôm thứ bảy', 'death'],
    ['cha tôi mất không có di chúc gì', 'death'],
    ['Mạ tui mất có để lại di chúc cho tui căn nhà', 'death'],
    ['ong noi toi mat roi', 'death'],
    ['bọ mạ tui mất sớm', 'death'],
    ['cậu tôi mất 5 năm nay', 'death'],
    ['người thân mất ở bệnh viện', 'death'],
    ['anh ấy đã mất tháng trước', 'death'],
    ['tôi bị mất ví có căn cước', 'loss'],
    ['mất bằng lái xe', 'loss'],
    ['giấy kết hôn mất rồi', 'loss'],
    ['giấy tờ đất của mẹ tôi mất rồi', 'loss'],
    ['đánh mất hết giấy tờ', 'loss'],
    ['em mat the bao hiem', 'loss'],
    ['làm lý lịch cho con mất hai tuần', 'cost'],
    ['mất khoảng bao nhiêu', 'cost'],
    ['em mất rồi, giờ làm sao', 'other'],
    ['chồng tôi mất việc', 'other'],
  ])('%j → %s', (q, expected) => {
    expect(sense(q)).toBe(expected);
  });

  it('reads a death with the catalogue\'s words, and keeps "mất" itself weak', () => {
    const q = analyzer.analyze('chú tôi mất vì tai nạn, để lại đứa con nhỏ');
    const w = (t: string) => q.terms.find((x) => x.term === t)?.weight ?? 0;
    expect(w('chết')).toBeGreaterThan(0);
    expect(w('từ_trần')).toBeGreaterThan(0);
    expect(w('mất')).toBeGreaterThan(0);
    const lost = analyzer.analyze('chú tôi bị mất giấy tờ, để lại đứa con nhỏ');
    expect(w('mất')).toBeLessThan(lost.terms.find((x) => x.term === 'mất')!.weight);
    expect(q.words).not.toContain('mất');
    expect(q.denseText).toContain('chết');
  });

  it('leaves a lost paper as it was', () => {
    const q = analyzer.analyze('tôi bị mất giấy chứng nhận quyền sử dụng đất');
    expect(q.terms.find((x) => x.term === 'mất')?.weight).toBeGreaterThan(0);
    expect(q.words).toContain('mất');
    expect(q.terms.some((x) => x.term === 'chết')).toBe(false);
  });
});

describe('papers named as what is copied, certified or translated (issue 18)', async () => {
  const analyzer = new QueryAnalyzer(await loadVocabulary());
  const marked = (q: string) => {
    const t = tokenizeVi(q);
    const o = copiedObjects(t);
    return t.filter((_, i) => o[i]).join(' ');
  };
  it.each([
    ['cần sao y hộ chiếu và thẻ căn cước cho vợ', 'hộ chiếu và thẻ căn cước'],
    ['chứng thực bản sao bảng điểm đại học ở phường được không', 'bảng điểm đại học'],
    ['dịch thuật công chứng giấy khai sinh sang tiếng Nhật để làm visa', 'giấy khai sinh'],
    ['phô tô công chứng sổ hộ khẩu mấy bản', 'sổ hộ khẩu mấy bản'],
    ['cong chung giay ket hon o dau', 'giay ket hon'],
    ['công chứng giúp em 3 cái bằng tốt nghiệp', 'bằng tốt nghiệp'],
  ])('%j → %j', (q, expected) => {
    expect(marked(q)).toBe(expected);
  });

  it.each([
    'xin trích lục khai sinh cho con',
    'xin bản sao giấy khai sinh',
    'tại sao giấy khai sinh ghi sai tên',
    'công chứng hợp đồng mua bán đất',
    'dịch vụ công làm hộ chiếu online',
    'làm hộ chiếu cho con lần đầu',
  ])('%j names no copied paper', (q) => {
    expect(marked(q)).toBe('');
  });

  it('weighs the papers like background and keeps the certification whole', () => {
    const q = analyzer.analyze('sao y giấy khai sinh và hộ chiếu cho con');
    const w = (t: string) => q.terms.find((x) => x.term === t)?.weight ?? 0;
    expect(w('chiếu')).toBeCloseTo(OBJECT_WEIGHT, 5);
    expect(q.background).toEqual(expect.arrayContaining(['ho', 'chieu']));
    const copy = q.expansions.find((e) => e.terms.includes('chứng thực bản sao từ bản chính'));
    expect(copy?.background).toBeUndefined();
    // A phrase found only inside the papers is background.
    for (const e of q.expansions.filter((x) => x.phrase === 'giấy khai sinh')) expect(e.background).toBe(true);
  });

  it('knows the everyday names of a certified copy and a certified translation', () => {
    const terms = (s: string) => analyzer.analyze(s).expansions.flatMap((e) => e.terms);
    expect(terms('phô tô công chứng bằng lái')).toContain('chứng thực bản sao từ bản chính');
    expect(terms('dịch công chứng hộ chiếu')).toContain('chứng thực chữ ký người dịch');
  });
});
