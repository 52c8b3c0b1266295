import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { lawFrame, withoutAskedActs } from './law-frame.js';

const frame = (q: string) => lawFrame(fold(q), q.trim().endsWith('?'));

describe('law frame: the act asked about is not a how question', () => {
  it('reads the words inside a yes/no law frame as the act permitted', () => {
    expect(frame('Tôi có quyền nộp đơn ly hôn lúc này không?')).toMatchObject({ law: true, how: false });
    expect(frame('tôi có được tư vấn miễn phí không')).toMatchObject({ law: true, how: false });
    expect(frame('khoản tiền đó có coi là hợp đồng vay không')).toMatchObject({ law: true, how: false });
    expect(frame('công ty không cho tôi làm đơn nghỉ việc như vậy có đúng luật không')).toMatchObject({ law: true, how: false });
    expect(frame('luật quy định phải giải quyết đơn trong bao lâu')).toMatchObject({ law: true, how: false });
    expect(frame('vợ muốn ly hôn mà chồng không đồng ý thì tòa có xử cho ly hôn không')).toMatchObject({ law: true, how: false });
    expect(frame('người giải quyết tố cáo phải giữ bí mật cho người tố cáo không')).toMatchObject({ law: true, how: false });
    expect(frame('lừa đảo qua mạng chiếm đoạt 5 triệu thì bị tù mấy năm').how).toBe(false);
  });

  it('keeps the procedure facets: where, papers, fee, time, channel, proxy', () => {
    expect(frame('có được nộp hồ sơ online không').how).toBe(true);
    expect(frame('có được nhờ người làm thay không').how).toBe(true);
    expect(frame('tôi có được làm ở công an xã không').how).toBe(true);
    expect(frame('làm căn cước ở đâu, mất bao lâu').how).toBe(true);
    expect(frame('muốn nộp đơn ly hôn thì làm sao').how).toBe(true);
    expect(frame('luật quy định nộp đơn ở đâu').how).toBe(true);
    expect(frame('ông nội mất rồi thì có phải làm thủ tục cắt khẩu không').how).toBe(true);
  });

  it('reads papers asked in Central words ("cần giấy chi", "giấy tờ chi") as how, papers never made as the story', () => {
    expect(frame('xin trợ cấp cho mạ có được không, cần giấy chi').how).toBe(true);
    expect(frame('đổi bằng lái thì cần những giấy nào').how).toBe(true);
    expect(frame('làm lại sổ hộ nghèo phải nộp giấy tờ chi rứa').how).toBe(true);
    expect(frame('hồi đó mua bán không có giấy tờ gì, giờ có được công nhận không').how).toBe(false);
  });

  it('asks the law when it asks which of two parties the law picks ("theo bố hay theo mẹ")', () => {
    expect(frame('Nơi cư trú của cháu thì tính theo bố hay theo mẹ ạ?')).toMatchObject({ law: true, how: false });
    expect(frame('căn nhà mua trước khi cưới là của vợ hay của chồng')).toMatchObject({ law: true, how: false });
    expect(frame('nộp hồ sơ cho xã hay cho huyện').how).toBe(true);
  });

  it('asks the law when it asks criminal responsibility, also with "chưa"', () => {
    expect(frame('Con tôi 15 tuổi đánh nhau với bạn. Ở tuổi đó cháu đã phải chịu trách nhiệm hình sự chưa?')).toMatchObject({ law: true, lawWord: true, how: false });
    expect(frame('anh ấy đã phải trả lại tiền cho tôi chưa').law).toBe(true);
  });

  it('reads a paper not yet made and work done somewhere as the story, not a how question', () => {
    expect(frame('con sinh 2 tháng rồi mà chưa đi làm giấy khai sinh, luật quy định trong bao lâu phải khai sinh?').how).toBe(false);
    expect(frame('e sắp đi làm ở Hàn 2 năm, có cần khai báo tạm vắng ko ạ').how).toBe(false);
    expect(frame('làm giấy khai sinh cho con thì cần gì').how).toBe(true);
    expect(frame('tôi có được làm ở công an xã không').how).toBe(true);
  });

  it('asks the law when it asks whether there is still time, or how an offender is dealt with', () => {
    expect(frame('ông mất lâu rồi, giờ mới đòi chia thì còn thời hạn chia thừa kế không')).toMatchObject({ law: true, how: false });
    expect(frame('bố mẹ mất lâu rồi giờ mới chia nhà thì có bị quá hạn ko ạ').law).toBe(true);
    expect(frame('quyết định từ 4 tháng trước, giờ mới khiếu nại còn kịp không').law).toBe(true);
    expect(frame('kẻ lừa đảo nếu bị bắt sẽ bị xử lý hình sự như thế nào').law).toBe(true);
    // Not every "xử lý": a lost paper handled is a procedure question, not a law frame by itself.
    expect(frame('mất giấy khai sinh thì xử lý thế nào').law).toBe(false);
  });

  it('asks the law when it asks whom the law names to a role', () => {
    expect(frame('cha mẹ đều mất thì ai là người giám hộ cho đứa nhỏ')).toMatchObject({ law: true, how: false });
    expect(frame('vo chong khong co con thi ai la nguoi thua ke nha')).toMatchObject({ law: true, how: false });
    // Who goes to do a procedure is not a role the law names.
    expect(frame('ai là người đi làm giấy khai sinh cho bé').law).toBe(false);
  });

  it('reads an application already made as the story, and a transfer "qua mạng" as the manner of a fraud', () => {
    expect(frame('tôi nộp đơn khiếu nại 2 tháng chưa trả lời, luật quy định phải giải quyết trong bao lâu')).toMatchObject({ law: true, how: false });
    expect(frame('đã gửi đơn lên huyện từ tháng 3 mà chưa ai giải quyết, vậy có đúng luật không')).toMatchObject({ law: true, how: false });
    expect(frame('bị lừa chuyển khoản 20 triệu qua mạng, kẻ lừa bị tù mấy năm').how).toBe(false);
    expect(frame('tôi muốn nộp đơn ly hôn thì làm sao').how).toBe(true);
    expect(frame('đã nộp hồ sơ rồi mà chưa được cấp thì phải làm sao').how).toBe(true);
    expect(frame('nộp hồ sơ online qua dịch vụ công được không').how).toBe(true);
  });

  it('asks the law when it asks what a legal notion includes, whether one falls in a category, or whose consent is required', () => {
    expect(frame('tài sản chung của vợ chồng gồm những gì')).toMatchObject({ law: true, how: false });
    expect(frame('me toi 70 tuoi co thuoc dien duoc tro giup phap ly mien phi khong')).toMatchObject({ law: true, how: false });
    expect(frame('người thuê nhà muốn đăng ký thường trú thì cần chủ nhà đồng ý không')).toMatchObject({ law: true, how: false });
    // A dossier's contents and a place to go stay how questions.
    expect(frame('hồ sơ đăng ký thường trú gồm những gì').how).toBe(true);
    expect(frame('chúng tôi có quyền khiếu nại lên đâu').how).toBe(true);
    expect(frame('đơn tố cáo thì gửi đâu').how).toBe(true);
    // Whether a permit is needed is asked of the permit procedure; consent in writing is a paper of the dossier.
    expect(frame('sửa lại mái nhà có phải xin giấy phép xây dựng không').how).toBe(true);
    expect(frame('đăng ký thường trú vào nhà thuê cần chủ nhà đồng ý bằng văn bản không').law).toBe(false);
    expect(frame('đăng ảnh người khác lên mạng mà không xin phép có bị phạt không')).toMatchObject({ law: true, how: false });
  });

  it("reads the portal's headings and going to an office as how; a firm's or a lawyer's 'luật' is no law word", () => {
    expect(frame('Trình tự thực hiện sáp nhập công ty luật như thế nào?')).toMatchObject({ law: false, lawWord: false, how: true });
    expect(frame('Cơ quan nào thực hiện cấp lại thẻ luật sư?').how).toBe(true);
    expect(frame('các bước đăng ký hộ kinh doanh').how).toBe(true);
    expect(frame('mua lại xe của anh họ, ra công an xã mần được không?').how).toBe(true);
    expect(frame('chữ ký cần chính quyền xác nhận, ra xã làm được không').how).toBe(true);
    expect(frame('phải làm giấy từ chối nhận di sản ở mô?').how).toBe(true);
    expect(frame('có luật sư miễn phí không').lawWord).toBe(false);
    // The law itself is still a law word; a dispute taken to the commune is no office act.
    expect(frame('luật có bắt phải hòa giải ở xã trước không?').lawWord).toBe(true);
    expect(frame('muốn kiện ra tòa hay phải lên xã hòa giải trước?').how).toBe(false);
  });

  it('reads "không … ở đâu" as nowhere, and what a court decides, a notice period or a lawful fee as the law', () => {
    expect(frame('đi làm xa, cũng không đăng ký tạm trú ở đâu, nghe nói bị xóa thường trú có đúng không')).toMatchObject({ law: true, how: false });
    expect(frame('không biết đăng ký tạm trú ở đâu').how).toBe(true);
    expect(frame('tôi không có giấy tờ gì thì làm ở đâu').how).toBe(true);
    expect(frame('có phải khai báo tạm vắng không, khai báo ở đâu').how).toBe(true);
    expect(frame('chủ trọ thu tiền điện 4 nghìn một số có đúng quy định k ạ, em thấy cao quá')).toMatchObject({ law: true, how: false });
    expect(frame('thỏa thuận xong chuyện con cái rồi thì tòa giải quyết thế nào')).toMatchObject({ law: true, how: false });
    expect(frame('muốn nghỉ việc thì phải báo trước cho công ty bao nhiêu ngày')).toMatchObject({ law: true, how: false });
    // Where the law deems a notion to be is no place to go.
    expect(frame('người làm nghề đi biển quanh năm thì nơi cư trú được xác định ở đâu')).toMatchObject({ law: true, how: false });
    expect(frame('đăng ký thường trú cho con ở đâu').how).toBe(true);
  });

  it('blanks only the asked act', () => {
    expect(withoutAskedActs('toi co quyen nop don luc nay khong')).toBe('toi co quyen khong');
    expect(withoutAskedActs('co duoc nop ho so online khong')).toContain('online');
  });
});

describe('law frame: whether an authority takes the matter up', () => {
  it('reads "cơ quan / ủy ban / công an có xem xét / giải quyết / thụ lý … không" as a question of law, as the court\'s', () => {
    expect(frame('Đơn tố cáo mà không ký tên thì cơ quan nhà nước có xem xét giải quyết không ạ?')).toMatchObject({ law: true, how: false });
    expect(frame('khiếu nại quá hạn thì ủy ban có thụ lý không')).toMatchObject({ law: true, how: false });
    // Where or with which papers the authority takes it stays a procedure question.
    expect(frame('công an phường có tiếp nhận hồ sơ online không')).toMatchObject({ how: true });
  });
});

describe('how frame: papers one lacks are the story, papers to hand in are asked', () => {
  it('reads "hổng / ko / chưa có giấy tờ gì" as having none, and "cần nộp gì" as a papers question', () => {
    expect(frame('đất ông bà để lại mà hổng có giấy tờ gì hết, vậy có xin cấp sổ đỏ được không')).toMatchObject({ law: true, how: false });
    expect(frame('chưa có giấy tờ gì chứng nhận, xin giấy đó ở xã được không, cần nộp gì')).toMatchObject({ how: true });
  });
});

describe('the time the law allows (session 15)', () => {
  it('asks the law for a duty\'s time limit or a limitation period, however it is worded', () => {
    expect(frame('ủy ban phải trả lời đơn kiến nghị trong vòng bao lâu')).toMatchObject({ law: true, how: false });
    expect(frame('thời hạn để khiếu nại quyết định kỷ luật là bao lâu ạ')).toMatchObject({ law: true, how: false });
    expect(frame('thời hiệu đòi tiền đặt cọc là mấy năm')).toMatchObject({ law: true, how: false });
    expect(frame('hợp đồng thuê nhà bị vi phạm thì bao lâu thì hết quyền đòi bồi thường')).toMatchObject({ law: true, how: false });
  });

  it('reads an application told with its time as the story, not as how', () => {
    expect(frame('tôi gửi đơn tố cáo lên công an phường gần hai tháng rồi mà chưa có kết quả, luật bắt họ xử trong bao lâu').how).toBe(false);
    expect(frame('làm đơn kiến nghị thì nộp ở đâu, tự viết được không').how).toBe(true);
    expect(frame('làm căn cước cho con thì phải làm trong bao lâu, nộp ở đâu').how).toBe(true);
  });

  it('reads "không … ở đâu cả / hết" as nowhere', () => {
    expect(frame('con tôi đi làm xa, không khai báo tạm trú ở đâu hết, vậy có bị gạch tên khỏi hộ khẩu không').how).toBe(false);
    expect(frame('không biết xin giấy này ở đâu').how).toBe(true);
  });
});

describe('law frame: who is asked and where one lives (session 16)', () => {
  it('reads the question before an addressee at its end ("… có hợp lệ ko mn", "… được không ad ơi")', () => {
    expect(frame('giấy mua bán viết tay không công chứng thì có hợp lệ ko mn').lawWord).toBe(true);
    expect(frame('nghỉ việc không báo trước có bị phạt không ad ơi').lawWord).toBe(true);
    // Without a question, a law word after a story is still no question.
    expect(frame('công ty nói tôi vi phạm quy định nên bị phạt mọi người').lawWord).toBe(false);
    // The how word before an addressee is still how.
    expect(frame('làm căn cước ở đâu vậy mn').how).toBe(true);
  });

  it('reads "sẽ / đang / định ở đâu" as where someone lives, not where an act is done', () => {
    expect(frame('tôi chưa biết sẽ ở đâu, luật có bắt buộc khai báo tạm vắng không?')).toMatchObject({ law: true, how: false });
    expect(frame('con tôi đang ở đâu thì được tính là nơi cư trú?').how).toBe(false);
    expect(frame('đăng ký tạm trú ở đâu?').how).toBe(true);
  });
});
