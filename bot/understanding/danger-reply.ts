import type { OutgoingMessage, SuggestedAction } from '../types.js';
import type { DangerKind } from './danger.js';

/** A hotline a deployment adds (e.g. a provincial domestic-violence line); never invented here. */
export interface Hotline {
  number: string;
  label: string;
}

const NUMBER: Record<'113' | '114' | '115' | '111', string> = {
  '113': 'Công an, cảnh sát khẩn cấp',
  '114': 'Cứu nạn, cứu hộ, chữa cháy',
  '115': 'Cấp cứu y tế',
  '111': 'Tổng đài quốc gia bảo vệ trẻ em (miễn phí, 24/7)',
};

const FIRST: Record<DangerKind, '113' | '114' | '115'> = {
  medical: '115',
  suicide: '115',
  violence: '113',
  child_missing: '113',
  confinement_trafficking: '113',
  fire: '114',
};

const STEP: Record<DangerKind, string> = {
  medical:
    'Trong lúc chờ xe cấp cứu: để người bệnh nằm nơi thoáng, nghiêng người sang một bên nếu nôn, không cho ăn uống; nếu nuốt phải hoá chất hay pin thì không tự gây nôn và mang theo vỏ, bao bì. Tổng đài 115 sẽ hướng dẫn sơ cứu qua điện thoại.',
  suicide:
    'Nếu người đó đang ở nơi nguy hiểm, gọi cả **113**. Ở bên cạnh, cất thuốc, dao và vật nguy hiểm, nói chuyện nhẹ nhàng và không để người đó một mình. Nếu chính anh/chị đang có ý nghĩ này, xin hãy gọi 115 hoặc nhờ một người thân đến ở cạnh ngay bây giờ: anh/chị không phải một mình.',
  violence:
    'Rời ngay đến nơi an toàn (nhà hàng xóm, nơi đông người); nếu không ra được, vào phòng khoá cửa và gọi 113. Nếu bị thương, gọi **115**.',
  child_missing:
    'Báo ngay công an phường/xã gần nhất; chuẩn bị ảnh gần nhất của cháu, quần áo cháu mặc, nơi thấy cháu lần cuối và biển số xe nếu nhớ.',
  confinement_trafficking:
    'Nếu có thể, nhắn cho người thân vị trí hiện tại; không đối đầu với người giữ mình. Nếu đang ở nước ngoài, liên hệ Đại sứ quán hoặc Tổng Lãnh sự quán Việt Nam gần nhất.',
  fire:
    'Ra khỏi nhà ngay theo lối an toàn, cúi thấp tránh khói, không dùng thang máy, không quay lại lấy đồ. Nếu rò rỉ gas: không bật, tắt điện hay lửa, mở cửa cho thoáng và ra ngoài. Có người bị thương, gọi **115**.',
};

/** The kinds after which a legal matter usually remains (a lawyer may help once safe). */
const LEGAL_AFTER: ReadonlySet<DangerKind> = new Set(['violence', 'child_missing', 'confinement_trafficking']);

/**
 * The reply to danger now: its first words are the number to call, then one concrete safe
 * step, then the other numbers. No question, no consent, no procedure. The lawyer is
 * offered only after, and only where a legal matter remains.
 */
export function dangerMessages(kind: DangerKind, opts: { child: boolean; hotlines?: readonly Hotline[]; offerActions?: SuggestedAction[] }): OutgoingMessage[] {
  const first = FIRST[kind];
  const others = new Set<string>(['113', '115', '114']);
  others.delete(first);
  const child = opts.child || kind === 'child_missing';
  const lines = [`Dạ, anh/chị gọi ngay **${first}** (${NUMBER[first]}).`];
  if (child) lines[0] += ` Có trẻ em liên quan: gọi thêm **111** (${NUMBER['111']}).`;
  lines.push('', STEP[kind], '');
  const list = [...others].map((n) => `- **${n}**: ${NUMBER[n as keyof typeof NUMBER]}`);
  if (!child) list.push(`- **111**: ${NUMBER['111']}`);
  for (const h of opts.hotlines ?? []) list.push(`- **${h.number}**: ${h.label}`);
  lines.push('Các số khẩn cấp khác (miễn phí, 24/7):', ...list);
  const messages: OutgoingMessage[] = [{ text: lines.join('\n') }];
  if (LEGAL_AFTER.has(kind)) {
    messages.push({
      text: 'Khi mọi người đã an toàn, em có thể chuyển vụ việc cho luật sư tình nguyện để được tư vấn miễn phí và ưu tiên. Anh/chị có muốn không ạ?',
      suggestedActions: opts.offerActions,
    });
  }
  return messages;
}
