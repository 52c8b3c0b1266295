import { describe, expect, it } from 'vitest';
import { calmHealthQuestion } from './danger.js';
import { rulesSayDanger, signalOf } from '../testing/danger-rules.js';
import { LinearModel } from './linear-model.js';
import { UnderstandingStage } from './stage.js';

const teencode = { ko: 'khong', k: 'khong', dc: 'duoc', e: 'em', r: 'roi', t: 'toi' };
/** A model sure of danger whatever it reads: only the stage's gates keep chit-chat out. */
const alarmist = new UnderstandingStage(new LinearModel({ version: 1, labels: ['danger', 'out_of_scope'], vocabulary: [], weights: [], biases: [3, 0], temperature: 1 }), teencode);
/** A model that hardly leans to danger: only the rules can raise the alarm. */
const calm = new UnderstandingStage(new LinearModel({ version: 1, labels: ['danger', 'legal_question', 'out_of_scope'], vocabulary: [], weights: [], biases: [-4, 0, 0], temperature: 1 }), teencode);

// Kinds of mistake from session 12 (issue 12), each with messages of our own, not from a split.
describe('danger now by kind of mistake (session 12)', () => {
  it.each([
    'con tôi bị kiến cắn sưng đỏ, không sốt gì hết, chỉ ngứa thôi',
    'tui bị ong chích ở chân, hổng khó thở chi hết, chỉ nhức nhức thôi',
    'be an tom noi man o tay, ko kho tho, chi ngua thoi',
  ])('a grave sign denied, only a mild one left, is no alarm: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });

  it('a denied sign never hides a sign that is there', () => {
    expect(rulesSayDanger(signalOf('bé bị ong đốt, không sốt nhưng khó thở, môi tím tái'))).toBe(true);
    expect(rulesSayDanger(signalOf('ba em không thở nữa, gọi không tỉnh'))).toBe(true);
  });

  it('a calm health question may deny the grave signs instead of calling the trouble slight', () => {
    expect(calmHealthQuestion('be an tom xong noi man o tay khong kho tho khong sung moi co can di kham khong a')).toBe(true);
    expect(calmHealthQuestion('be dang kho tho tim tai co can di kham khong')).toBe(false);
  });

  it.each([
    'Răng mà người ta bắt cóc con nít để đòi tiền chuộc thì bị xử tội chi, tui coi tin thấy ghê',
    'cho em hỏi tội mua bán người thì đi tù mấy năm ạ, em đang làm bài tập môn luật',
    'tội bắt cóc trẻ em bị phạt mấy năm tù vậy, mới coi tin thấy sợ quá',
  ])('a penalty asked mid-sentence, with the news or the writer\'s study after it, asks the law: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });

  it.each(['làm thế nào để biết trẻ bị hóc dị vật, tôi muốn học trước để phòng', 'cách nhận biết người bị đột quỵ là gì, tôi muốn biết trước phòng khi cần'])(
    'learning the signs ahead is no report: %s',
    (text) => {
      expect(rulesSayDanger(signalOf(text))).toBe(false);
    },
  );

  it('learning ahead does not frame a child choking now', () => {
    expect(rulesSayDanger(signalOf('làm sao để biết con tôi bị hóc, nó đang ho sặc sụa mặt tím tái'))).toBe(true);
  });

  it('a plea before a question about papers is a figure of speech; before a harm it is the alarm', () => {
    expect(calm.understand('alo ad ơi cứu em với, em có mấy câu hỏi về giấy tờ').danger).toBeUndefined();
    expect(calm.understand('cứu em với, chồng em đang cầm dao đòi chém em').danger?.kind).toBe('violence');
  });

  it('an end told before a harm reported now is another story\'s end; told after, it closes the harm', () => {
    const s = signalOf('Nhà tôi tranh chấp đất, hòa giải hai lần không thành. Tôi muốn hỏi thủ tục khởi kiện. Nhưng ngay lúc này tụi nó đang cầm gậy sang, vừa đánh bố tôi ngã');
    expect(s.pastOnly).toBe(false);
    expect(s.kinds).toContain('violence');
    expect(signalOf('Con tôi bị lạc từ sáng ở chợ. Công an đã tìm thấy cháu rồi').pastOnly).toBe(true);
  });

  it('a child carried off by someone is taken; by the writer, or long ago with the place known, it is not', () => {
    expect(rulesSayDanger(signalOf('Sáng nay chồng cũ đến trường mầm non bế con bé đi mất, chặn hết số điện thoại của tôi'))).toBe(true);
    expect(rulesSayDanger(signalOf('có người lạ vừa dắt con bé nhà tôi đi mất tiêu ở công viên'))).toBe(true);
    expect(rulesSayDanger(signalOf('tôi bế con đi mất mấy ngày về quê ngoại, giờ chồng đòi kiện có sao không'))).toBe(false);
    expect(rulesSayDanger(signalOf('Năm rồi chồng cũ dắt con đi mất, giờ tui biết con ở Cần Thơ, muốn giành quyền nuôi con'))).toBe(false);
  });

  it('the means made ready and the hour chosen is a plan, whatever is asked after it', () => {
    const s = signalOf('Em chán lắm rồi, dây em chuẩn bị sẵn rồi, chỉ đợi tối nay cả nhà đi vắng. Em muốn hỏi thủ tục chuyển sổ tiết kiệm');
    expect(s.kinds).toContain('suicide');
    expect(rulesSayDanger(s)).toBe(true);
    expect(signalOf('dây điện em chuẩn bị sẵn rồi, chỉ đợi thợ tới lắp').kinds).not.toContain('suicide');
    expect(signalOf('hồ sơ em chuẩn bị sẵn rồi, chỉ đợi thứ hai nộp').kinds).toEqual([]);
  });

  it('a height now with one\'s own death asked about, or everything given away, is danger', () => {
    expect(rulesSayDanger(signalOf('Hôm nay tôi đã đem hết quần áo đồ đạc cho em gái. Giờ tôi đang đứng trên cầu. Nếu tôi đi rồi thì nợ có chuyển sang chồng con không'))).toBe(true);
    expect(rulesSayDanger(signalOf('tôi đang đứng trên cầu Rồng xem pháo hoa'))).toBe(false);
    expect(rulesSayDanger(signalOf('nếu tôi mất thì tài sản chia thế nào cho các con'))).toBe(false);
    expect(rulesSayDanger(signalOf('tôi gửi con về bà ngoại để đi xuất khẩu lao động, nếu tôi đi rồi thì ai giám hộ cho con'))).toBe(false);
  });

  it('afraid of water and wind after a bite, or a fit tonight, is a medical emergency now', () => {
    const s = signalOf('ông tôi bị chó cắn hồi tháng trước, mấy hôm nay sợ nước sợ gió, tối nay lên cơn vật vã');
    expect(s.kinds).toContain('medical');
    expect(rulesSayDanger(s)).toBe(true);
  });

  it.each(['đang kẹt xe ở ngã tư, trễ giờ làm mất rồi', 'thằng bạn tui nó chém gió dữ lắm, nói đánh bay cả khu', 'chồng tôi say rượu nằm ngủ ngoài ghế rồi'])(
    'everyday senses of evidence words give the model alone nothing to alarm on: %s',
    (text) => {
      expect(alarmist.understand(text).danger).toBeUndefined();
    },
  );

  it('the same words beside a real sign still let a sure model raise the alarm', () => {
    expect(alarmist.understand('ông tôi ngã từ trên mái xuống nằm im').danger).toBeDefined();
    expect(alarmist.understand('đang kẹt xe thì thấy người đi xe máy ngã ra đường, máu chảy nhiều').danger).toBeDefined();
  });

  it('a feeling then "muốn chết" is a figure of speech, also for shame and regret', () => {
    expect(rulesSayDanger(signalOf('em bị sếp mắng trước cả phòng, nhục muốn chết'))).toBe(false);
    expect(rulesSayDanger(signalOf('quên mang ví ra quán, quê muốn chết luôn'))).toBe(false);
    expect(rulesSayDanger(signalOf('em không muốn sống nữa, chỉ muốn chết cho xong'))).toBe(true);
  });
});

// Kinds of mistake from session 13 (issue 12), each with messages of our own, not from a split.
describe('danger now by kind of mistake (session 13)', () => {
  it('a warranty typed with its marks is no abuse; abuse typed either way still is', () => {
    expect(signalOf('Điện thoại đang bảo hành mà cửa hàng giữ cả tháng, giờ tôi sợ quá không biết đòi sao').matches.some((m) => m.includes('bao hanh'))).toBe(false);
    expect(signalOf('Chồng tôi đang bạo hành tôi, giờ tôi sợ quá').matches.some((m) => m.includes('bao hanh'))).toBe(true);
    expect(signalOf('món canh này đậm đà quá, giờ ăn hết rồi').matches).toEqual([]);
    // Unaccented, a warranty is told by what it is of or for; abuse has no such words.
    expect(signalOf('giờ tôi sợ quá, cửa hàng từ chối bao hanh dien thoai').matches).toEqual([]);
    expect(signalOf('chong toi gio van bao hanh toi, so qua').kinds).toContain('violence');
  });

  it('abuse going on now is danger said plainly; a device under warranty now is not', () => {
    // "đang bạo hành" is a now-word ("đăng báo" is not), and abuse words support the model alone.
    expect(calm.understand('chồng tôi đang bạo hành tôi').danger?.kind).toBe('violence');
    expect(alarmist.understand('chồng tôi đang bạo hành tôi').danger).toBeDefined();
    expect(alarmist.understand('Máy giặt đang bảo hành mà hãng hẹn mãi không tới sửa').danger).toBeUndefined();
    expect(rulesSayDanger(signalOf('dien thoai cua toi dang bao hanh ma cua hang giu lau qua'))).toBe(false);
    expect(signalOf('toi muon dang bao ve viec mat cho').matches).toEqual([]);
  });

  it.each([
    'Tôi đã tích đủ thuốc ngủ rồi. Cho hỏi nếu tôi mất thì nhà đứng tên tôi có tự sang cho con không',
    'em gom đủ thuốc rồi, chỉ hỏi nốt là khi em chết thì tiền bảo hiểm ai nhận',
    'Tôi đã viết sẵn thư để lại cho vợ. Đêm nay tôi sẽ đi thật xa không về nữa. Cho hỏi làm di chúc thế nào',
    'tối nay tôi ra đi mãi mãi, đã để lại thư cho bố mẹ trong ngăn tủ',
  ])('the means gathered, or a note left for the family and a going for good, before a question about papers: %s', (text) => {
    const s = signalOf(text);
    expect(rulesSayDanger(s)).toBe(true);
    expect(s.kinds).toContain('suicide');
  });

  it.each([
    'Tôi đã mua sẵn thuốc cho mẹ uống cả tháng, cho hỏi nếu tôi đi công tác thì ai ký giấy cho mẹ',
    'Tôi viết sẵn giấy ủy quyền cho vợ rồi, mai tôi đi công tác xa một tuần',
    'con trai tôi đi du học, viết thư cho bố mẹ bảo sẽ không về nữa mà ở lại làm việc bên đó',
  ])('medicine bought or a letter written for an errand is no farewell: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });

  it.each([
    'Con bé nhà tôi ra ao sau nhà chơi, giờ tìm không thấy nó đâu',
    'thằng cu nhà em chạy ra bờ sông chơi, giờ gọi mãi hông thấy nó đâu cả',
  ])('a child named, then not found anywhere, is a child missing: %s', (text) => {
    const s = signalOf(text);
    expect(rulesSayDanger(s)).toBe(true);
    expect(s.kinds).toContain('child_missing');
  });

  it('a washing machine is no snatching: "máy giặt còn" folds like "giật con"', () => {
    expect(rulesSayDanger(signalOf('mua máy giặt còn bảo hành mà hãng bắt chờ sửa cả tháng, có được cộng thêm hạn không'))).toBe(false);
    expect(rulesSayDanger(signalOf('may giat con bao hanh ma hang bat cho sua ca thang'))).toBe(false);
    expect(signalOf('thằng kia vừa giật con tôi trên tay rồi chạy mất').kinds).toContain('child_missing');
  });

  it('a thing looked for and not found is no child missing', () => {
    expect(rulesSayDanger(signalOf('cái sổ hộ khẩu cũ tìm mãi không thấy nó đâu, giờ làm lại thế nào'))).toBe(false);
  });

  it('a birth or a fall told as over, everyone well now, is no alarm', () => {
    expect(signalOf('Chị tôi chuyển dạ ở nhà, giờ hai mẹ con đều khỏe mạnh cả rồi, làm giấy khai sinh ở đâu').pastOnly).toBe(true);
    expect(signalOf('Chị tôi chuyển dạ ở nhà, giờ ra máu nhiều lắm').pastOnly).toBe(false);
  });

  it('a pet in trouble with no person named is no emergency, from the rules or the model', () => {
    for (const text of ['con cá vàng nhà em nằm im dưới đáy bể, có phải nó sắp chết không mn', 'con mèo nhà em ăn phải thuốc chuột đang co giật']) {
      expect(signalOf(text).animalOnly).toBe(true);
      expect(alarmist.understand(text).danger).toBeUndefined();
    }
    // A person named beside the animal, or the writer's own body: the alarm stands.
    expect(alarmist.understand('con chó nhà hàng xóm đang cắn con tôi chảy máu').danger).toBeDefined();
    expect(signalOf('e vừa bị đổ nồi nước sôi vào cả cánh tay, da phồng rộp hết').animalOnly).toBeUndefined();
    expect(alarmist.understand('e vừa bị đổ nồi nước sôi vào cả cánh tay, da phồng rộp hết').danger?.kind).toBe('medical');
  });
});

// Kinds of mistake from session 14 (issue 12), each with messages of our own, not from a split.
describe('danger now by kind of mistake (session 14)', () => {
  it.each([
    ['chủ xưởng bắt tụi em làm 15 tiếng một ngày, tối nào cũng khóa cổng, giờ em đang ở trong xưởng', 'confinement_trafficking'],
    ['tụi nó đòi nhà em nộp 50 triệu mới thả em ra, em đang bị giữ ở một căn nhà', 'confinement_trafficking'],
    ['con trai tôi 10 tuổi tan học từ 4 giờ, bây giờ vẫn chưa liên lạc được, đồng hồ định vị tắt', 'child_missing'],
    ['Tôi muốn chia nhà cho hai con cho xong, vì tôi không định ở lại đến tháng sau. Đã chuẩn bị xong mọi thứ', 'suicide'],
  ])('a harm told without its usual word is still danger now: %s', (text, kind) => {
    const s = signalOf(text);
    expect(rulesSayDanger(s)).toBe(true);
    expect(s.kinds).toContain(kind);
  });

  it.each([
    'Chồng tôi vừa mất tại bệnh viện tỉnh vì tai biến, tôi cần làm giấy khai tử ở đâu',
    'Bố tôi bị nhồi máu cơ tim, đưa đi viện thì không qua khỏi. Bây giờ tôi cần làm khai tử cho bố',
    'Em đang đi làm cho công ty may, tháng trước bị sẩy thai, em có được hưởng chế độ không',
    'Mẹ tôi bị tai biến liệt nửa người, giờ nằm một chỗ, xin trợ cấp cho người khuyết tật ở đâu',
    'Chúng tôi muốn nhận nuôi một bé trai bị bỏ rơi đang ở trung tâm bảo trợ xã hội, cần giấy tờ gì',
    'Cháu tôi bị lừa bán sang bên kia biên giới, vừa rồi công an phối hợp giải cứu, cháu đã về nhà. Xin hỗ trợ nạn nhân ở đâu',
    'Anh tôi đi làm bên Đài Loan, từ năm 2021 đến giờ mất liên lạc, gia đình xin chế độ gì được không',
    'nghe noi khu do sap mo duong, lo dat co nam trong quy hoach khong, xin thong tin o dau',
    'Cây nhà bên cạnh ngã đè sập mái nhà kho thì chủ cây có phải bồi thường không?',
  ])('a harm that is over, long-standing or in care, asked with a procedure, is no alarm: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
    expect(calm.understand(text).danger).toBeUndefined();
  });

  it('a face turning pale stays an alarm; a death told is not a pale face', () => {
    expect(signalOf('ông tôi đang ngồi thì mặt tái, thở không nổi').kinds).toContain('medical');
    expect(signalOf('ông tôi mất tại nhà hôm qua').matches.some((m) => m.endsWith('mat tai'))).toBe(false);
  });

  it('the same harms told as happening now keep the alarm', () => {
    expect(rulesSayDanger(signalOf('công an đang tới giải cứu, tụi nó vẫn nhốt cháu tôi trong kho'))).toBe(true);
    expect(rulesSayDanger(signalOf('nhà bên cạnh đổ sập rồi, có người kẹt bên trong'))).toBe(true);
    expect(rulesSayDanger(signalOf('sạt lở đất có người bị vùi, cứu với'))).toBe(true);
  });
});

// Kinds of mistake from session 15 (issue 12), each with messages of our own, not from a split.
describe('danger now by kind of mistake (session 15)', () => {
  it.each([
    ['Mình hỏi cách làm di chúc để lại nhà cho con gái, công chứng ở phường được không. Mình không định sống thêm nữa, đã chọn ngày rồi', 'suicide'],
    ['sổ tiết kiệm tui để trong tủ, nhờ chị đưa lại cho mẹ. tui hổng định sống lâu nữa', 'suicide'],
  ])('a plan not to live on, beside an errand, is danger now (a date chosen is no burial): %s', (text, kind) => {
    const s = signalOf(text);
    expect(rulesSayDanger(s)).toBe(true);
    expect(s.kinds).toContain(kind);
  });

  it.each([
    'Bác sĩ nói ba tôi không sống được lâu nữa, muốn làm di chúc thì công chứng ở đâu',
    'Tôi không định sống ở quê nữa, muốn chuyển hộ khẩu lên thành phố',
    'Trận bão vừa qua làm cây mít nhà bên ngã đè sập mái bếp nhà tôi, theo luật ai phải đền?',
    'Tháng 9 vừa rồi ba tôi bị tai biến liệt nửa người, muốn xin trợ cấp người khuyết tật thì hồ sơ gồm gì',
    'Đứa bé bị bỏ ở cổng nhà thờ từ tuần trước, giờ các sơ đang nuôi, muốn làm khai sinh cho bé thì sao',
  ])('an illness foretold, a move, a recent storm or month ("vừa rồi", "vừa qua"), a child a religious house raises: no alarm: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
    expect(calm.understand(text).danger).toBeUndefined();
  });

  it.each([
    'Cứu với, ba tôi vừa té cầu thang bất tỉnh rồi',
    'Ông tôi vừa qua đường thì bị xe tông nằm bất động',
    'Chồng cũ vừa bế con đi mất từ trường, tòa chưa xử quyền nuôi con, giờ không liên lạc được',
  ])('"vừa" as just now keeps the alarm: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(true);
  });

  it.each([
    'cây lan nhà em vàng lá héo rũ, cứu kiểu gì giờ',
    'Ông hỏi tí, vườn rau nhà ông bị sâu phá chết sạch, còn cứu được không con',
  ])('a plant dying, its owner asking how to save it (the one asked named last), is no alarm even for an alarmist model: %s', (text) => {
    expect(signalOf(text).animalOnly).toBe(true);
    expect(alarmist.understand(text).danger).toBeUndefined();
  });

  it.each([
    'Cây xoài nhà bên ngã đè lên người ông tôi, ông nằm im không nhúc nhích',
    'cây lan nhà em héo hết, mà con em vừa nuốt phải mấy viên phân bón của nó',
  ])('a plant that falls on someone, or a person named beside it, keeps the alarm: %s', (text) => {
    expect(signalOf(text).animalOnly).toBeUndefined();
  });
});

