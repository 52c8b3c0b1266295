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

  it('blanks only the asked act', () => {
    expect(withoutAskedActs('toi co quyen nop don luc nay khong')).toBe('toi co quyen khong');
    expect(withoutAskedActs('co duoc nop ho so online khong')).toContain('online');
  });
});
