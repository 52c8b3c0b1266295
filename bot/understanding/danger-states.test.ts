import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { alarmEvidence, likelyKind, type DangerKind } from './danger.js';
import { rulesSayDanger, signalOf } from '../testing/danger-rules.js';

// Each kind in several registers: accented, unaccented, teencode, Northern / Central / Southern words.
const STATES: Record<DangerKind, string[]> = {
  medical: [
    'Ông nội em đang ăn thì tự nhiên méo miệng, nói ngọng',
    'be nuot hat nhan roi gio tho kho khe',
    'bà tui té trong nhà tắm, gọi hoài không thưa',
    'ba em bi dien giat ngoai cot dien, nguoi cung do',
    'vợ tui bể nước ối rồi mà xe chưa tới',
    'con nhỏ uống nhầm nước tẩy, đang ói liên tục',
    'tui mới bị xe cán qua chân, đang nằm ở lề đường',
    'bé bị sặc sữa tím tái cả người',
  ],
  violence: [
    'tụi nó đang kéo tới cả chục đứa, cầm mã tấu',
    'thg ny cu no dang dung duoi nha cam dao',
    'chồng em đang bóp cổ em',
    'có người đang cạy cửa nhà em, em ở nhà một mình',
    'Chủ nợ dọa nếu không trả tiền tối nay sẽ tạt xăng đốt nhà',
    'hắn đang ở ngoài cửa',
  ],
  suicide: [
    'Mình không còn muốn tồn tại nữa',
    'toi da gom du thuoc ngu roi, toi nay se ket thuc moi thu',
    'chả thiết gì nữa, mai người ta sẽ thấy xác tui thôi',
    't đang ngồi trên lan can tầng 12',
    'em đã viết thư cho bố mẹ rồi, đêm nay em sẽ đi',
    'ko ai thương t hết, tối nay t uống hết chỗ thuốc này',
  ],
  fire: [
    'Khu trọ đang bốc cháy, khói đen kịt',
    'bình ga mini đang phụt lửa trên bàn',
    'nước lũ lên tới mái rồi, cả nhà ngồi trên nóc',
    'tường nhà bên cạnh vừa đổ sập đè lên 2 người thợ',
    'thang máy bị kẹt giữa tầng 20, có người bên trong',
    'Mưa lớn làm sạt taluy, một chiếc xe máy bị cuốn xuống suối',
  ],
  child_missing: [
    'Con tôi 4 tuổi mới quay đi 10 phút đã không thấy đâu',
    'Tan học 2 tiếng rồi mà con bé chưa về',
    'co nguoi la bong be nha toi di mat',
    'thấy ông cụ lang thang ngoài quốc lộ, không nhớ nhà ở đâu',
  ],
  confinement_trafficking: [
    'Em bị ông chủ khóa trong xưởng, không cho về quê',
    'chúng nó nhốt em trong căn nhà hoang',
    'Ông chủ trói mấy đứa nhỏ lại, bắt đi bán vé số',
    'chị tôi bị bán sang Campuchia cho công ty lừa đảo',
    'chủ quán giữ căn cước, bắt tiếp khách, em muốn trốn ra',
  ],
};

describe('danger states by kind', () => {
  for (const [kind, texts] of Object.entries(STATES) as [DangerKind, string[]][]) {
    it.each(texts)(`${kind}: %s`, (text) => {
      const s = signalOf(text);
      expect(s.kinds, JSON.stringify(s)).toContain(kind);
      expect(rulesSayDanger(s), JSON.stringify(s)).toBe(true);
    });
  }
});

describe('framing switches a state off', () => {
  it.each([
    ['past and over', 'Năm 2019 tôi bị hàng xóm đánh gãy tay, giờ còn kiện được không'],
    ['past, found', 'Con tôi bị lạc hồi tháng 3 nhưng đã tìm thấy, có cần báo lại công an không'],
    ['past, rescued', 'Hồi nhỏ em từng bị bắt cóc nhưng được cứu về, giờ muốn làm lại giấy khai sinh'],
    ['the law', 'Mua bán người bị phạt tù tối đa bao nhiêu năm'],
    ['the law, generic person', 'Người bị tâm thần tự tử thì gia đình có được nhận bảo hiểm không'],
    ['a supposition', 'Trường hợp con bị đuối nước ở hồ bơi của trường thì ai chịu trách nhiệm'],
    ['a first-aid class', 'Em đang học lớp sơ cứu, khi gặp người bị co giật thì nên làm gì'],
    ['news', 'Nghe nói ở quê có vụ sạt lở, mình muốn quyên góp thì gửi ở đâu'],
    ['a procedure', 'Thủ tục đăng ký khai tử cho người chết đuối'],
    ['reported to the police', 'nhà bị trộm đột nhập, đã trình báo công an, giờ làm lại sổ thế nào'],
    ['cause of an arrest', 'Em trai tôi bị công an tạm giữ từ hôm qua vì đánh nhau'],
    ['prevention', 'Dạy con tránh bị bắt cóc thế nào, có lớp kỹ năng nào không'],
    ['a rule named first', 'Cho hỏi mức phạt khi mang dao tự chế ra đường'],
    ['"trẻ em" is nobody\'s "em"', 'Trẻ em đi lạc thì cơ quan nào có trách nhiệm tìm'],
  ])('%s: %s', (_why, text) => {
    const s = signalOf(text);
    expect(rulesSayDanger(s), JSON.stringify(s)).toBe(false);
  });
});

describe('figures of speech and look-alikes', () => {
  it.each([
    'Tụi bạn "bắt cóc" em đi Vũng Tàu cuối tuần',
    'đói quá xỉu luôn',
    'crush rep tin nhắn mà tim t muốn nổ tung',
    'Game này boss khó quá, bị đánh chết hoài',
    'cây hoa hồng bị rệp, sắp chết rồi',
    'em bị nhốt ngoài nhà vì quên chìa khóa',
    'tỷ số 3-3 nghẹt thở, xem mà đứng tim',
  ])('harmless: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });

  it.each([
    ['quánh / quanh', 'Hôm nay đói meo mà quán cơm quanh đây đóng cửa hết'],
    ['lở đất / lô đất', 'sắp mua lô đất, muốn check quy hoạch thì hỏi ở đâu'],
    ['cắn / cán bộ', 'phong bì cho cán bộ một cửa bao nhiêu là vừa'],
    ['đổ đè / đó để', 'cho mình gặp ai đó để hỏi cho rõ'],
    ['tù tối đa / từ tối', 'Buôn người bị phạt tù tối đa bao nhiêu năm'],
    ['đăng báo / đang', 'giờ muốn làm lại sổ, có phải đăng báo không'],
  ])('a word typed with diacritics means what it says (%s)', (_pair, text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });
});

describe('now-markers', () => {
  it('a blow needs a now-marker; a weapon in hand does not', () => {
    expect(rulesSayDanger(signalOf('ông ấy quánh tui'))).toBe(false);
    expect(rulesSayDanger(signalOf('ông ấy đang quánh tui'))).toBe(true);
    expect(rulesSayDanger(signalOf('ổng cầm dao đứng ngoài sân'))).toBe(true);
  });

  it('a child\'s sexual abuse told by the child or a parent is danger without a now-marker; the law asked about it is not', () => {
    for (const t of ['Con gái tôi 7 tuổi kể bị chú hàng xóm cho xem phim đồi trụy và động chạm vùng kín.', 'be nha em 5 tuoi ve ke bi ong hang xom so vao cho kin']) {
      expect(rulesSayDanger(signalOf(t)), t).toBe(true);
    }
    for (const t of ['luật xử lý tội dâm ô trẻ em thế nào', 'xem phim kinh dị sợ chết khiếp']) {
      expect(rulesSayDanger(signalOf(t)), t).toBe(false);
    }
  });

  it('a person not home is danger with a time in minutes or hours, not without', () => {
    expect(rulesSayDanger(signalOf('con tôi chưa về'))).toBe(false);
    expect(rulesSayDanger(signalOf('con tôi đi học về trễ 3 tiếng rồi, chưa về'))).toBe(true);
  });

  it('a general question where a life is at risk stays danger unless it asks the law or a benefit', () => {
    expect(rulesSayDanger(signalOf('Trẻ bị co giật thì làm sao'))).toBe(true);
    expect(rulesSayDanger(signalOf('Người bị co giật thì có được miễn nghĩa vụ quân sự không'))).toBe(false);
  });

  it('self-harm intent is danger without any now-marker', () => {
    const s = signalOf('sống chẳng để làm gì, chết đi cho mọi người đỡ khổ');
    expect(s.kinds).toContain('suicide');
    expect(rulesSayDanger(s)).toBe(true);
  });

  it('a now-marker in a later sentence keeps the danger although an earlier one tells the past', () => {
    expect(rulesSayDanger(signalOf('Năm ngoái nó đã dọa. Giờ nó đang cầm dao ngoài cửa'))).toBe(true);
  });

  it('"cứu kịp" (saved in time) tells that it is over; "cứu" alone is a plea', () => {
    for (const t of ['Hồi trước con tui uống thuốc, cứu kịp rồi, giờ trường đòi cho nghỉ học', 'bà tôi bị ngã xuống ao năm ngoái, may mà cứu kịp thời']) {
      expect(signalOf(t).pastOnly, t).toBe(true);
    }
    expect(signalOf('cứu con tôi với, nó đang co giật').pastOnly).toBe(false);
  });

  it('a lost paper, a pet stuck, a short delay explained, a safe birth are no alarm; a lost child still is', () => {
    for (const t of ['ông tôi bị lạc mất giấy tờ nhà đất, làm lại thế nào', 'con mèo nhà em bị kẹt trên cây', 'con tui đi học về trễ 10 phút, chắc kẹt xe', 'Mẹ em đang nằm viện mổ ruột thừa, xin giấy ra viện ở đâu']) {
      expect(rulesSayDanger(signalOf(t)), t).toBe(false);
    }
    expect(signalOf('Vợ tôi vừa sinh xong, mẹ tròn con vuông, làm khai sinh ở đâu').pastOnly).toBe(true);
    expect(signalOf('con tôi hay bị chảy máu cam, có sao không').harmless).toBe(true);
    expect(signalOf('Cấp cứu 115 có mất tiền không').harmless).toBe(true);
    expect(signalOf('ông tôi bị lẫn, hay đi lạc, có làm được vòng tay định danh không').harmless).toBe(true);
    expect(signalOf('chó nhà hàng xóm sủa suốt đêm, không ngủ được muốn chết').harmless).toBe(true);
    expect(signalOf('thằng cu nghịch lửa làm cháy cái rèm, dập tắt rồi, may quá').pastOnly).toBe(true);
    expect(signalOf('con tôi hay bị bố nó đánh, có sao không').harmless).toBe(false);
    expect(rulesSayDanger(signalOf('con tôi bị lạc ở chợ từ chiều, tìm không thấy'))).toBe(true);
    expect(signalOf('nó vừa đâm lòi ruột thằng em tôi').kinds).toContain('violence');
    // Kinds the model alone carried before (rules now): across a border and held, a child driven
    // off, a farewell with no errand, poisoned by a wild meal, fire spreading into a house.
    for (const [t, kind] of [
      ['Con trai tôi bị dụ sang Myanmar, họ bắt nó lừa đảo qua mạng, ngày nào cũng bị đánh', 'confinement_trafficking'],
      ['có ông lạ mặt vừa bế thằng nhỏ lên xe máy chạy mất', 'child_missing'],
      ['em mệt lắm rồi, tối nay em sẽ đi. em viết thư cho mẹ rồi', 'suicide'],
      ['cả nhà ăn nấm hái trong rừng về, giờ ai cũng nôn mửa, bà tôi lả đi', 'medical'],
      ['cháy rơm ngoài sân rồi lan vào nhà, mẹ tôi đi không được', 'fire'],
    ] as const) {
      expect(signalOf(t).kinds, t).toContain(kind);
    }
    expect(signalOf('tối nay em sẽ đi khám bệnh ở bệnh viện huyện').kinds).not.toContain('suicide');
    // A child picked up by someone the family never sent.
    expect(signalOf('Có người lạ tự xưng là bạn của bố đến trường đón con tôi, cô giáo đã cho đi, chồng tôi không hề nhờ ai').kinds).toContain('child_missing');
  });
});

describe('danger as other people tell it (session 8)', () => {
  it.each([
    ['medical', 'ông nội tự nhiên nói không rõ, một bên mặt xệ xuống, tay yếu'],
    ['medical', 'Ba tui tự nhiên nói đớ lưỡi, cầm ly rớt hoài, miệng xệ một bên'],
    ['medical', 'cả nhà ăn bánh xong đều nôn thốc nôn tháo, em út lả đi'],
    ['suicide', 'Em không còn lý do gì để sống'],
    ['suicide', 'Có lẽ mọi người sẽ nhẹ nhõm hơn khi không có tui'],
    ['suicide', 'Mình thấy mệt mỏi quá rồi, muốn ngủ một giấc không bao giờ dậy'],
    ['suicide', 'Từ mai đừng tìm tao nữa, tao đi xa lắm rồi'],
    ['suicide', 'Tôi đã chia hết đồ đạc cho các em rồi, con mèo nhờ chị nuôi giùm, chắc tôi không cần gì nữa'],
    ['suicide', 'Mình để lại cho bạn cái laptop với mấy cuốn sách nhé, từ giờ mình không dùng nữa, cảm ơn bạn đã là bạn mình'],
    ['suicide', 'Em gửi lại mẹ con heo đất, mẹ đừng buồn nha, em mệt lắm rồi'],
    ['suicide', 'sống làm gì nữa khi chẳng ai cần mình'],
    ['confinement_trafficking', 'Chị ơi em bị người ta đưa vào nhà nghỉ, em không biết đây là đâu, họ không cho em về'],
    ['violence', 'Có cô gái bị mấy thanh niên kéo vào nhà nghỉ, cô ấy vùng vẫy la lên'],
    ['violence', 'Có tiếng la thất thanh ở nhà số 12, nghe như có người bị đánh'],
    ['violence', 'nhà có cướp'],
    ['violence', 'tài xế xe ôm chở em vào chỗ vắng, đang dừng lại'],
    ['medical', 'thằng bé bị con trâu húc văng xa, đang nằm ngoài đồng'],
  ] as const)('%s: %s', (kind, text) => {
    const s = signalOf(text);
    expect(s.kinds, JSON.stringify(s)).toContain(kind);
    expect(rulesSayDanger(s), JSON.stringify(s)).toBe(true);
  });

  it.each([
    ['first aid asked in general', 'Khi bị điện giật thì người xung quanh nên làm gì'],
    ['first aid asked in general', 'Người bị rắn cắn thì sơ cứu thế nào'],
    ['a rescue class', 'Em đang học lớp cứu hộ đuối nước, cho em hỏi chứng chỉ cấp ở đâu'],
    ['a dog bite and the rabies shot', 'Bị chó cắn thì tiêm phòng dại ở đâu'],
    ['a speech delay', 'Con tôi 3 tuổi nói ngọng, có nên cho đi học nói'],
    ['kept late at work', 'Giám đốc giữ tôi lại làm thêm, không cho về sớm'],
    ['kept late at work', 'Sếp bắt ở lại họp tới tối, không cho về'],
    ['where to call in general', 'Bị bạo lực thì kêu cứu ở đâu'],
    ['furniture, not a person', 'Kéo cái tủ vào phòng mà con bé la lên vì sợ gián'],
    ['a thing returned', 'Tôi muốn gửi lại giấy tờ cho phường, đừng buồn nha cán bộ'],
    ['"bán" is no shot', 'mấy anh em tui không thống nhất được ai giữ nhà thờ, ông anh cả nói sẽ bán, tui muốn ngăn lại'],
    ['"không có tôi" is no "có tội"', 'Hôm đó không có tôi ở nhà, công an hỏi thì khai sao'],
    ['a stroke long ago', 'Ông tôi bị méo miệng từ hồi đột quỵ năm 2018, giờ xin trợ cấp được không'],
    ['thanks for the help', 'Cảm ơn em vì tất cả thông tin, chị làm được hồ sơ rồi'],
    ['a robbery last year', 'Nhà có cướp năm ngoái, giờ lắp camera ở đâu tốt'],
    ['a hen for the feast', 'Chồng tôi nói sẽ giết con gà làm cỗ'],
    ['a traffic jam', 'em bị kẹt xe trên cầu Sài Gòn'],
    ['a wet street', 'Nước ngập tới mắt cá, đường đi làm lầy lội'],
    ['boasting', 'Thằng bạn tui chém gió quá trời'],
    ['homework', 'Anh ơi bài tập này khó quá, em muốn chết luôn á'],
  ])('no alarm (%s): %s', (_why, text) => {
    expect(rulesSayDanger(signalOf(text)), JSON.stringify(signalOf(text))).toBe(false);
  });
});

describe('understated and indirect danger, and the look-alikes beside it (session 9)', () => {
  it.each([
    ['child_missing', 'Hết giờ thăm từ chiều mà bố cháu vẫn không trả con, hôm nay còn nhắn tôi đừng hòng gặp lại nó'],
    ['child_missing', 'Có một chú lạ tới lớp đón con tôi đi rồi, nhà tôi không nhờ ai đón cả'],
    ['suicide', 'tối nay em sẽ đi thật xa, nhờ chị nhắn mẹ em là em xin lỗi'],
    ['suicide', 'chừ tau chỉ muốn ngủ một giấc không dậy nữa'],
    ['suicide', 'Mẹ ơi con xin lỗi, rồi nó tắt máy luôn'],
    ['suicide', 'Chị tôi đóng kín cửa phòng, bên trong có lò than, gọi không thưa'],
    ['suicide', 'nó đứng ngoài lan can tầng 7, nói ai lại gần là nhảy'],
    ['suicide', 'Tôi hỏi trước thủ tục cho vợ con đỡ khổ, sau đêm nay tôi không còn nữa'],
    ['confinement_trafficking', 'Em đang ở Malaysia, chủ khóa cửa ký túc từ bên ngoài, không cho ai ra'],
    ['confinement_trafficking', 'họ bắt tụi em làm cả ngày, ai bỏ trốn là bị bắt lại đánh'],
    ['confinement_trafficking', 'họ nói gia đình phải chuộc mới được về'],
    ['confinement_trafficking', 'e bi dua len nha nghi r khoa cua nhot o day 2 hom, dt sap het pin'],
    ['fire', 'Mưa lớn quá, nước tràn vô nhà tới bụng rồi, má tui liệt không đi được'],
    ['medical', 'Vợ em vỡ nước ối rồi, đang đau đẻ mà xe chưa tới'],
    ['violence', 'Ông dượng cứ chờ mẹ đi làm là vào phòng thằng bé bắt nó cởi đồ'],
    ['suicide', 'Con thấy mình chỉ là gánh nặng của ba mạ, chừ chỉ muốn biến mất, thuốc con mua rồi'],
    ['suicide', 'the atm de trong tu, moi nguoi song tot nhe'],
    ['suicide', 'Tiền tử tuất có chi cho con không, tôi hỏi vì ngày mai tôi sẽ không còn ở đây nữa'],
    ['violence', 'Hôm qua xem phim kinh dị sợ quá. Mà giờ có thằng lạ đang cạy cửa nhà em'],
  ] as const)('%s: %s', (kind, text) => {
    const s = signalOf(text);
    expect(s.kinds, JSON.stringify(s)).toContain(kind);
    expect(rulesSayDanger(s), JSON.stringify(s)).toBe(true);
  });

  it.each([
    ['an old violence in a past frame', 'Hồi chung sống chồng cũ hay đánh đập tôi, giờ ly hôn rồi anh ta đòi nuôi con'],
    ['an old violence in a past frame', 'Trước đây bố dượng hay đánh em, giờ em muốn đổi họ theo mẹ'],
    ['found and safe', 'Con tôi mất tích ba ngày, đã được tìm thấy và về nhà an toàn rồi, giờ làm lại giấy tờ'],
    ['a literary text', 'Tóm tắt đoạn Chí Phèo đâm chết Bá Kiến giúp em'],
    ['a joke about absence', 'hello ad, lâu quá không vô, tưởng bị bắt cóc luôn rồi hả'],
    ['a lost paper searched for', 'Làm mất sổ đỏ, tìm mọi nơi không thấy, giờ xin cấp lại'],
    ['"chạy cho khỏi" is driving', 'Tui muốn đứng tên xe để chạy cho khỏi bị phạt'],
    ['a guardian', 'toi khong con la nguoi giam ho nua thi co phai bao khong'],
    ['who pays for damage', 'Cây nhà bên đổ đè sập mái tôn nhà tui, vậy ai phải chịu đền?'],
    ['"không, tính" is no "không tỉnh"', 'vay quá hạn ko trả thì có bị tính lãi ko, tính ntn'],
    ['a phone about to die', 'điện thoại em sắp hết pin, ad chỉ chỗ sạc với'],
    ['a deadline "on fire"', 'team em deadline cháy nhà rồi, cứu em với, mẫu báo cáo đâu'],
    ['the law on suicide asked, no time of one\'s own', 'Người tự tử thì bảo hiểm nhân thọ có chi trả không'],
    ['a film, its death in the next sentence', 'Xem phim Mai rồi. Cuối phim nhân vật chính tự tử'],
    ['a sick pet and the vet', 'con mèo nhà em ăn phải thuốc chuột, đang co giật, thú y nào gần đây'],
    ['folded "nó" is no "nổ"', 'ngày nào cũng vào phòng nó dọn đồ, nó kể là thích lắm'],
  ])('no alarm (%s): %s', (_why, text) => {
    expect(rulesSayDanger(signalOf(text)), JSON.stringify(signalOf(text))).toBe(false);
  });
});

describe('the kind of a danger only the model read (its number and step follow it)', () => {
  const kindOf = (raw: string) => likelyKind(fold(raw).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim(), raw);
  it.each([
    ['medical', 'vợ tôi bầu 8 tháng tự nhiên ra máu rất nhiều, đau bụng dữ dội'],
    ['medical', 'bạn em bị dao cứa vào cổ tay, máu phun không cầm được'],
    ['fire', 'Xưởng gỗ đầu làng cháy rồi bà con ơi'],
    ['fire', 'hai đứa bạn em bơi ra xa bị sóng cuốn, đang chới với'],
    ['suicide', 'Con gái tôi nhắn mẹ ơi con xin lỗi rồi tắt máy, đang ở trọ một mình'],
    ['child_missing', 'con em 4 tuổi vừa buông tay em ở siêu thị, tìm mãi không thấy'],
    ['confinement_trafficking', 'Sang tới Campuchia họ thu hộ chiếu, bắt lừa đảo qua mạng, không cho về'],
    ['violence', 'có thằng lạ cứ gõ cửa phòng trọ em từ nãy, em ở một mình'],
  ] as const)('%s: %s', (kind, text) => {
    expect(kindOf(text)).toBe(kind);
  });
});

describe('alarm evidence (the support the model alone needs)', () => {
  it('courtesies and errands far from home are no evidence; a plea or a harm is', () => {
    const ev = (t: string) => alarmEvidence(fold(t).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim());
    expect(ev('Em sắp đi du học xa nhà, xin lỗi vì hỏi nhiều, đổi tiền ở đâu')).toBe(false);
    expect(ev('Xin lỗi đã làm phiền, cho hỏi giờ làm việc của phường')).toBe(false);
    expect(ev('Xin lỗi làm phiền, chồng em đang đánh em')).toBe(true);
    expect(ev('ghe bị lật ngoài cửa biển, ba tui đang bám vào thùng xốp')).toBe(true);
  });
});

describe('other voices and their look-alikes (session 10)', () => {
  it.each([
    ['violence', 'mới bị giật túi ở chợ, tay tui trầy hết, thằng đó còn đứng gần đó'],
    ['violence', 'vua bi cuop xe, no van dang dung ben kia duong'],
    ['violence', 'em đang trốn trong nhà vệ sinh quán cà phê, có người đang tìm em'],
    ['violence', 'có thằng đội mũ đen theo em từ bến xe về, em sợ quá'],
    ['violence', 'ông chủ trọ say rượu cứ đập cửa phòng em đòi vào'],
    ['suicide', 'mọi người ở lại giữ gìn sức khỏe, tui quyết rồi, đừng tìm tui'],
    ['suicide', 'tui đã uống hết vỉ thuốc ngủ, cho hỏi làm di chúc ở đâu'],
    ['suicide', 'em vừa nuốt hết vỉ thuốc, tí nữa là xong thôi'],
    ['medical', 'xe tông người trước cửa, ông ấy nằm bất tỉnh, số cấp cứu là số mấy'],
    ['medical', 'đốt lò than sưởi trong phòng đóng cửa, sáng ra hai đứa nhỏ không tỉnh'],
    ['medical', 'gọi mãi ông không dậy, người lạnh ngắt'],
    ['medical', 'mấy thằng nhỏ trong xóm đang leo lên cột điện bắt chim'],
    ['suicide', 'nó mới chia tay, nhắn là mua sẵn thuốc ngủ rồi'],
    ['violence', 'thằng đó vừa sờ soạng em trong thang máy, giờ nó vẫn đứng sau lưng em'],
    ['violence', 'ông khách say vác ghế đòi đánh nhân viên quán'],
    ['medical', 'ba tui tự dưng líu lưỡi, đang ngồi một mình ngoài hiên'],
    ['medical', 'mẹ em bị xuất huyết não, giờ đang ở nhà chưa ai đưa đi'],
    ['violence', 'may thang giang ho vay nha, cam ma tau'],
    ['suicide', 'nó nhắn là đang cầm lưỡi lam, định rạch tay'],
    ['suicide', 'ny cu doa neu e ko quay lai thi toi nay no uong thuoc chuot'],
    ['fire', 'xe khách lật xuống vực, nhiều người kẹt lại bên trong'],
    ['fire', 'xuong may o khu cong nghiep dang chay, con nguoi o kho phia sau'],
    ['suicide', 'e ko chịu nổi nữa, đang cầm dao lam trong tay'],
  ] as const)('%s: %s', (kind, text) => {
    const s = signalOf(text);
    expect(s.kinds, JSON.stringify(s)).toContain(kind);
    expect(rulesSayDanger(s), JSON.stringify(s)).toBe(true);
  });

  it.each([
    ['a phone snatched is no electric shock', 'hôm kia bị cướp giật điện thoại, giờ làm lại sim thế nào'],
    ['"kẹt hổng xuống được" is no choking', 'con mèo leo lên nóc tủ kẹt hổng xuống được'],
    ['a shooting game at an internet café', 'ra tiệm net bắn súng một trận tới sáng'],
    ['a lost card is no lost child', 'con tui bị lạc mất cái thẻ học sinh, làm lại ở đâu'],
    ['laughter', 'chết cười, nó nhảy xuống hồ bơi mà quên cởi giày'],
    ['news read with fear', 'đọc báo thấy vụ bắt cóc trẻ em sợ quá, dạy con phòng tránh sao'],
    ['"hỏi thủ tục" is no past autumn', 'tự tử có bị phạt không, em hỏi thủ tục thôi'],
    ['last night is over', 'tối qua chồng em say về đập vỡ cái ti vi, em muốn hỏi ly hôn'],
    ['a first-aid class', 'muốn học lớp sơ cấp cứu cho giáo viên thì đăng ký ở đâu'],
    ['a clip watched', 'tui vừa coi clip trên tiktok có người nhảy cầu, ghê quá'],
    ['"stabbed in the back" by gossip', 'đứa bạn thân đâm sau lưng, đi nói xấu tui'],
    ['hide-and-seek', 'tụi nhỏ đang trốn trong tủ chơi trốn tìm'],
    ['a sting asked about', 'bị ong đốt hơi sưng thôi, bôi gì'],
    ['"sặc sụa" coughing is no milk choking', 'bé ho sặc sụa mấy hôm nay, khám ở đâu'],
    ['a gas refill', 'bình ga hết rồi, gọi đổi ở đâu'],
    ['a patient already in hospital', 'ba em bị xuất huyết não đang điều trị ở bệnh viện tỉnh, muốn xin hỗ trợ'],
    ['a call cut off ("ngắt kết nối")', 'Luật sư vừa nãy bị ngắt kết nối rồi, nối lại giúp tôi'],
    ['a plea over an exam', 'cuu e voi, mai thi ma chua hoc gi'],
    ['braised fish is no warehouse fire', 'Cách kho cá cho lửa liu riu mà không bị cháy đáy nồi?'],
    ['a car running is no fire', 'xe khach dang chay tren cao toc thi bi hu, cho hoi goi cuu ho o dau'],
    ['"bắt lừa đảo" is no lighter', 'cho hoi cong an bat lua dao online o dau de to giac'],
    ['a room locked by oneself to study', 'em nhot minh trong phong on thi ca tuan nay'],
    ['a mower is no attacker', 'máy cắt cỏ chém hỏng hàng rào nhà bên, ai đền'],
    ['a fit as a small child, asked about now', 'con mình bị sốt co giật hồi 2 tuổi, giờ đi nghĩa vụ có được miễn không'],
    ['smoke from burnt offerings complained of', 'nhà bên đốt vàng mã khói bay qua nhà tôi, có được phản ánh không'],
    ['a patient in emergency care, papers asked', 'Bố mình đang cấp cứu ở bệnh viện, cần giấy tờ gì làm bảo hiểm'],
    ['"mấy thằng" is no "mấy tháng"', 'mấy tháng trước mấy thằng hàng xóm đánh tui, giờ kiện được không'],
    ['a condition years old', 'mẹ em liệt nửa người 2 năm nay, hôm nay muốn làm hồ sơ trợ cấp'],
  ])('no alarm (%s): %s', (_why, text) => {
    expect(rulesSayDanger(signalOf(text)), JSON.stringify(signalOf(text))).toBe(false);
  });

  it('a plea or a fall names no attacker: the body\'s kind chooses the number', () => {
    expect(signalOf('bạn e uống rượu với thuốc gì đó giờ co giật sùi bọt mép, cứu vs').kinds).toEqual(['medical']);
    expect(signalOf('ba em té trong nhà tắm đập đầu, đang chảy máu nhiều lắm').kinds).toEqual(['medical']);
    expect(signalOf('nó đang túm tóc đập đầu em vào tường').kinds).toContain('violence');
  });

  it('a parting told online is read as suicide (115 first), not violence', () => {
    const kindOf = (raw: string) => likelyKind(fold(raw).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim(), raw);
    expect(kindOf('con bạn em đăng ảnh cổ tay đầy vết cắt, nhắn không trả lời')).toBe('suicide');
    expect(kindOf('anh ấy nhắn đừng tìm anh nữa, để lại hết tiền cho em rồi')).toBe('suicide');
    expect(kindOf('nó đăng là sẽ biến mất vĩnh viễn, rồi off luôn')).toBe('suicide');
  });

  it('"dg" typed for "đang" before a harm is a report of now', () => {
    expect(signalOf('bo t dg say, dg dap pha do dac').kinds).toContain('violence');
    expect(signalOf('nha em o dg Le Loi, danh gia giup em').kinds).toEqual([]);
  });

  it('hiding is evidence the model may lean on; a knock at the door alone is not', () => {
    const ev = (t: string) => alarmEvidence(fold(t).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim());
    expect(ev('con đang núp trong tiệm tạp hóa')).toBe(true);
    expect(ev('shipper gõ cửa đòi vào giao hàng')).toBe(false);
  });

  it.each([
    ['a pet hiding', 'con mèo đang trốn trong gầm giường không chịu ra, làm sao dụ nó'],
    ['a courier at the door', 'shipper gõ cửa hoài đòi vào giao hàng mà em đang tắm'],
    ['a parent walking a child to school', 'ba em đi theo con từ nhà tới trường mỗi sáng vì lo'],
    ['a blade for a pencil', 'em trai em hay cầm dao lam gọt bút chì, có nguy hiểm không'],
  ])('no alarm (%s): %s', (_why, text) => {
    expect(rulesSayDanger(signalOf(text)), JSON.stringify(signalOf(text))).toBe(false);
  });
});

describe('session 11: look-alikes by the citizen\'s own spelling, the end of a stay, signs without their name', () => {
  it.each([
    ['"đăng" (post) typed with marks is no "đang" (now)', 'Ai đăng video hai thanh niên đánh nhau lên nhóm Zalo thì có bị xử lý không'],
    ['an ambulance seen is no plea', 'Hôm kia thấy xe cứu thương chở người bị tai nạn đi, ai bỏ đi không cứu giúp có bị phạt không'],
    ['back home for months: the passport kept is a dispute', 'Tôi về nước được ba tháng rồi mà công ty môi giới cũ vẫn giữ hộ chiếu không trả'],
    ['genre fiction asked for', 'có truyện trinh thám nào về một vụ bắt cóc hay không, giới thiệu mình với'],
    ['a plot of land is no landslide', 'nha minh vua mua hai lo dat o Long An, lam so do chung mot cuon duoc khong'],
    ['"để trong" is no "đè"', 'Bằng lái của tôi bị cong vênh do để trong ví ướt, đổi bằng mới ở đâu'],
    ['a name put into the land book is no skull', 'Muốn thêm tên vợ vô sổ hồng thì cần chữ ký của ai'],
    ['whether one may carry a spray asks the law', 'sinh vien nu co duoc mang binh xit hoi cay khi di lam them buoi toi khong'],
  ])('no alarm (%s): %s', (_why, text) => {
    expect(rulesSayDanger(signalOf(text)), JSON.stringify(signalOf(text))).toBe(false);
  });

  it.each([
    ['"họ" and "hộ chiếu" typed with marks still read', 'confinement_trafficking', 'Họ đang giữ hộ chiếu của tôi, không cho tôi về nước'],
    ['"máy nằm" is no "mấy năm" (a past)', 'medical', 'Ông tôi ngã xe máy nằm bất động bên lề đường'],
    ['"hết cho con" is no "hết chỗ" (sold out)', 'suicide', 'Đã bịt kín cửa rồi đốt than trong phòng, căn nhà để hết cho con trai'],
    ['a seizure by its signs', 'medical', 'Đứa nhỏ đang nằm thì mắt trợn trắng, hàm răng cắn chặt lại'],
    ['bleeding just after a birth at home', 'medical', 'Chị tôi mới sinh ở nhà được nửa tiếng, máu chảy ra rất nhiều'],
    ['"dâm" typed with marks is abuse', 'violence', 'Cháu gái tôi 9 tuổi vừa bị ông bảo vệ trường dâm ô trong nhà kho'],
    ['struck by something falling, a limb bent back', 'medical', 'Thanh sắt trên công trình rơi trúng đầu anh thợ hồ, giờ chân anh ấy gập ngược'],
  ])('%s: %s', (_why, kind, text) => {
    const s = signalOf(text);
    expect(s.kinds, JSON.stringify(s)).toContain(kind);
    expect(rulesSayDanger(s), JSON.stringify(s)).toBe(true);
  });

  it.each([
    'Bố đang đánh cá ngoài sông, mẹ nhờ hỏi giùm thủ tục đổi sổ đỏ',
    'chị đang đánh trứng làm bánh bông lan, máy đánh trứng loại nào tốt',
    'thợ đang đập tường để nới rộng phòng khách, có phải xin giấy phép sửa nhà không',
    'thằng út đang đạp xe quanh xóm với bạn',
  ])(
    '"đánh" a fish or eggs, "đập" a wall, "đạp" a bicycle is no blow: %s',
    (text) => {
      expect(signalOf(text).kinds).not.toContain('violence');
    },
  );

  it('"đuổi đánh" typed with marks is a blow (violence needs the model\'s support besides)', () => {
    expect(signalOf('Thằng kia đang đuổi đánh cha con tôi ngoài chợ').kinds).toContain('violence');
  });

  it('evidence typed with marks as an everyday word is none ("khỏi" is no "khói"); a weapon drawn in a corner is', () => {
    const ev = (t: string) => alarmEvidence(fold(t).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim(), t);
    expect(ev('mẹ tôi đang ốm mấy hôm chưa khỏi')).toBe(false);
    expect(ev('me toi dang om may hom chua khoi')).toBe(true);
    expect(ev('mấy thằng chặn tui ở đầu ngõ, một đứa rút cái gì ra')).toBe(true);
  });

  it('a childhood or a year ago is a far past; last night is not', () => {
    expect(signalOf('Cháu tôi hồi 2 tuổi từng bị co giật vì sốt, nay 8 tuổi có cần kiêng gì không').farPast).toBe(true);
    expect(signalOf('tối qua chồng bóp cổ tôi, tôi sợ về nhà').farPast).toBeUndefined();
  });
});
