import { describe, expect, it } from 'vitest';
import { rulesSayDanger, signalOf } from '../testing/danger-rules.js';

// Session 16: whose time a time word is, what lasts until it ends, and who is in trouble.
// Sentences written for these tests from the mechanisms, none taken from an eval split.

describe('a now-word in an errand clause is the errand\'s, not the harm\'s', () => {
  it.each([
    'Tháng trước nhà tôi bị cháy, giấy tờ cháy hết, giờ tôi đang cần làm lại căn cước gấp',
    'hom truoc toi bi thang hang xom danh gay tay, den gio cong an van chua giai quyet, toi viet don o dau',
    'Năm ngoái xưởng bên cạnh cháy lan qua kho nhà tôi. Tôi đang làm hồ sơ xin hỗ trợ',
  ])('%s', (text) => {
    const s = signalOf(text);
    expect(s.pastOnly, JSON.stringify(s)).toBe(true);
    expect(rulesSayDanger(s)).toBe(false);
  });

  it('a now-word beside the harm itself still reports it', () => {
    expect(rulesSayDanger(signalOf('Nhà tôi đang cháy, giấy tờ cháy hết rồi, giờ phải làm sao'))).toBe(true);
    const s = signalOf('chong toi dang danh toi, den gio cong an van chua toi');
    expect(s.kinds).toContain('violence');
    expect(s.pastOnly).toBe(false);
  });
});

describe('a funeral held or a past point ("hồi đầu tháng") ends the event', () => {
  it.each([
    'Chú tôi treo cổ tự tử hồi cuối tuần trước, đám tang xong rồi, giờ làm giấy báo tử ở đâu',
    'Em họ tôi tự tử, nhà đã lo hậu sự xong, cần làm trích lục khai tử',
    'ba em bi dien giat hoi dau thang, da lam dam xong',
  ])('%s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });
});

describe('a plan of self-harm lasts until something ends it', () => {
  it.each([
    // The means set aside, a recent time beside it.
    'Tui gom thuốc ngủ mấy tuần nay rồi, chỉ hỏi nếu tui chết thì ai lo cho con mèo',
    // A letter for the family, then the writer's own death asked about.
    'Em viết sẵn thư cho ba má rồi. Nếu em mất thì tiền trong thẻ ngân hàng ai rút được',
    'minh da viet xong thu de lai cho ca nha, neu minh khong con thi xe may sang ten cho ai',
    // Typed with marks: "để dành" is no "để đánh".
    'Tôi để dành đủ thuốc ngủ từ hôm kia rồi',
  ])('%s', (text) => {
    const s = signalOf(text);
    expect(s.kinds, JSON.stringify(s)).toContain('suicide');
    expect(rulesSayDanger(s), JSON.stringify(s)).toBe(true);
  });

  it.each([
    // A will or a letter to one's children is an elder's everyday paper.
    'Ông tôi đã viết di chúc cho các con, nếu ông mất thì đất chia thế nào',
    // The writer's own death asked about with no preparation.
    'Nếu tôi chết thì sổ tiết kiệm có chuyển sang tên vợ được không',
    // The same plan long ago.
    'Hồi sinh viên tôi từng gom thuốc ngủ định tự tử, giờ đã ổn, muốn hỏi về bảo hiểm nhân thọ',
  ])('no alarm: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });
});

describe('two signs of being held are the state itself', () => {
  it.each([
    'Ông chủ thu điện thoại của cháu, không cho cháu về quê, 2 tháng rồi',
    'bà chủ giữ hộ chiếu, không cho em ra ngoài, hôm qua còn chửi em',
  ])('%s', (text) => {
    const s = signalOf(text);
    expect(s.kinds, JSON.stringify(s)).toContain('confinement_trafficking');
    expect(rulesSayDanger(s), JSON.stringify(s)).toBe(true);
  });

  it.each([
    // One sign alone is an everyday word.
    'Mẹ không cho em ra ngoài chơi vì sắp thi',
    // Ended: escaped and home.
    'Tuần trước chủ giữ căn cước, không cho em ra khỏi nhà, may mà em trốn được về quê rồi',
    // A bygone state.
    'Năm ngoái chủ giữ hộ chiếu, không cho em về, giờ em muốn kiện đòi lương',
  ])('no alarm: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
  });
});

describe('an animal or a plant is the one in trouble', () => {
  it.each([
    'Chú ơi cho cháu hỏi con mèo nhà cháu ăn phải thuốc diệt chuột, giờ nó nằm co giật',
    'Con gà nhà tôi bị cắn chảy máu nhiều lắm',
    'Cây ớt nhà tui bị cháy lá, có cứu được không',
    'Cây bưởi nhà tôi bị cháy rễ hết rồi',
  ])('%s', (text) => {
    expect(signalOf(text).harmless).toBe(true);
  });

  it.each([
    // A person named besides the animal.
    'Con chó nhà hàng xóm vừa cắn con tôi chảy máu nhiều lắm',
    // A piggy bank is no animal.
    'Em để lại con heo đất cho mẹ, mẹ đừng buồn, em không muốn sống nữa',
    // A tree that burns can burn a house.
    'Cây xoài nhà tôi bị cháy lan sang nhà bên cạnh rồi',
  ])('no animal excuse: %s', (text) => {
    expect(signalOf(text).harmless).toBe(false);
  });
});
