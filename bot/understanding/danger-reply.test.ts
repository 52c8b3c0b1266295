import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { involvesChild } from './danger.js';
import { dangerMessages } from './danger-reply.js';

const first = (kind: Parameters<typeof dangerMessages>[0], text: string, child = false) => dangerMessages(kind, { child, folded: fold(text).toLowerCase() })[0]!.text;

describe('the cause\'s number first, 115 beside it when someone is hurt', () => {
  it('an attack with someone lying hurt: 113 first, 115 in the same sentence', () => {
    const text = first('violence', 'tụi nó đang chém nhau trước quán, một cậu nằm gục chảy máu');
    expect(text).toMatch(/^Dạ, anh\/chị gọi ngay \*\*113\*\* \([^)]*\) và \*\*115\*\*/u);
    expect(first('violence', 'chồng đang cầm dao đuổi đánh')).not.toContain('và **115**');
    expect(first('medical', 'bố tôi bất tỉnh')).toMatch(/^Dạ, anh\/chị gọi ngay \*\*115\*\* \(Cấp cứu y tế\)\.$/mu);
  });

  it('the kind whose number stops the cause goes first; the body\'s state follows', async () => {
    const { primaryKind } = await import('./danger.js');
    expect(primaryKind(['medical', 'violence'])).toBe('violence');
    expect(primaryKind(['medical', 'confinement_trafficking'])).toBe('confinement_trafficking');
    expect(primaryKind(['violence', 'suicide'])).toBe('suicide');
    expect(primaryKind(['medical', 'fire'])).toBe('fire');
    expect(primaryKind(['medical'])).toBe('medical');
  });
});

describe('the danger reply: the number first, then one step that fits what is told', () => {
  it.each([
    ['medical', 'bố tôi tự nhiên méo miệng, nói ngọng', '115', 'Ghi lại giờ bắt đầu'],
    ['medical', 'thằng nhỏ rơi xuống ao, vớt lên không thở', '115', 'ép tim'],
    ['medical', 'chú tôi bị điện giật đang nằm bất tỉnh', '115', 'Ngắt cầu dao'],
    ['medical', 'máy cắt vào tay, máu chảy không cầm được', '115', 'ấn chặt'],
    ['medical', 'bố em bị rắn hổ cắn ở ruộng', '115', 'bất động'],
    ['medical', 'con bị nồi nước sôi đổ vào người, bỏng khắp ngực', '115', 'Xối nước mát'],
    ['medical', 'mẹ tôi đang lên cơn động kinh', '115', 'nằm nghiêng'],
    ['medical', 'bé nuốt viên bi, ho sặc sụa', '115', 'vỗ mạnh 5 lần'],
    ['medical', 'đốt lò than sưởi trong phòng đóng kín, sáng ra hai ông bà ngủ không dậy', '115', 'không khí trong lành'],
    ['fire', 'nước lũ lên tới mái nhà, cả nhà ở trên nóc', '114', 'chỗ cao nhất'],
    ['fire', 'khu trọ đang bốc cháy, khói đen', '114', 'cúi thấp tránh khói'],
    ['violence', 'chồng đang cầm dao đuổi đánh', '113', 'nơi an toàn'],
    ['violence', 'con gái tôi 7 tuổi kể bị chú hàng xóm động chạm vùng kín', '113', 'không để bé gặp lại người đó'],
    ['violence', 'em đang bị gã phụ xe sàm sỡ trên xe khách đêm', '113', 'nơi đông người'],
    ['fire', 'anh tôi bị sóng cuốn ra xa, đang chới với', '114', 'vật nổi'],
    ['fire', 'lũ cuốn trôi chiếc xe máy, người đi xe đang bám vào cột điện', '114', 'vật nổi'],
    ['fire', 'thang máy kẹt giữa tầng 9 và 10, trong có ông cụ', '114', 'không tự cạy cửa'],
    ['fire', 'chung cư cháy, khói đầy hành lang, thang máy không chạy', '114', 'cúi thấp tránh khói'],
    ['fire', 'dây điện đứt rơi xuống ruộng ngập, bọn trẻ đang đứng gần', '114', 'tránh xa dây điện'],
    ['child_missing', 'có ai bỏ một bé sơ sinh trước cổng nhà tôi, trời đang rét', '113', 'ấm'],
    ['child_missing', 'một ông cụ lang thang ở chợ, không nhớ nhà mình ở đâu', '113', 'Ở lại bên người đó'],
    ['child_missing', 'con tôi 6 tuổi đi chơi từ trưa giờ chưa về', '113', 'ảnh gần nhất'],
  ] as const)('%s: %s', (kind, text, number, step) => {
    const reply = first(kind, text, involvesChild(fold(text).toLowerCase()));
    expect(reply.slice(0, 40)).toContain(`**${number}**`);
    expect(reply).toContain(step);
  });

  it('without the message the kind\'s general step is given', () => {
    expect(dangerMessages('medical', { child: false })[0]!.text).toContain('Trong lúc chờ xe cấp cứu');
  });

  it('111 comes in the first line when a child is involved, and only then', () => {
    const child = (t: string) => involvesChild(fold(t).toLowerCase());
    for (const t of ['bé nhà em 2 tuổi bị sặc sữa', 'con tôi 5 tuổi chơi trước nhà giờ không thấy', 'có đứa nhỏ đứng khóc một mình', 'em 13 tuổi, bố dượng đang đánh em']) expect(child(t), t).toBe(true);
    for (const t of ['thằng em tui đang cầm con dao', 'còn người kẹt trên tầng 3', 'vợ tui bể nước ối rồi', 'ông tôi 80 tuổi bị ngã']) expect(child(t), t).toBe(false);
    const reply = dangerMessages('medical', { child: true, folded: 'be bi sac sua' })[0]!.text;
    expect(reply.split('\n')[0]).toContain('**111**');
  });
});
