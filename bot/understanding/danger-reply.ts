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
    'Báo ngay công an phường/xã gần nhất; chuẩn bị ảnh gần nhất của người bị mất tích, quần áo đang mặc, nơi thấy lần cuối và biển số xe nếu nhớ.',
  confinement_trafficking:
    'Nếu có thể, nhắn cho người thân vị trí hiện tại; không đối đầu với người giữ mình. Nếu đang ở nước ngoài, liên hệ Đại sứ quán hoặc Tổng Lãnh sự quán Việt Nam gần nhất.',
  fire:
    'Ra khỏi nhà ngay theo lối an toàn, cúi thấp tránh khói, không dùng thang máy, không quay lại lấy đồ. Nếu rò rỉ gas: không bật, tắt điện hay lửa, mở cửa cho thoáng và ra ngoài. Có người bị thương, gọi **115**.',
};

/**
 * The one safe step for what the message describes, where it differs from the kind's general
 * step: bleeding is pressed, a stroke is timed, a snake bite kept still, a burn cooled, a flood
 * climbed away from. First match wins (life first: not breathing before the rest). Folded text.
 */
const SITUATION_STEPS: ReadonlyArray<[DangerKind, RegExp, string, /** only when a child is involved */ boolean?]> = [
  ['violence', /\b(xam hai|dam o|sam so|hiep dam|dong cham (vung kin|cho kin|vao vung kin|vao cho kin)|so (vao |mo )?(vung kin|cho kin))\b/, 'Giữ bé ở bên cạnh anh/chị, không để bé gặp lại người đó; giữ nguyên quần áo, đồ vật liên quan và chưa tắm rửa cho bé nếu việc vừa xảy ra, để công an và bác sĩ làm việc. Nói với bé rằng bé không có lỗi.', true],
  ['violence', /\b(xam hai|sam so|hiep dam|cuong hiep|cuong dam|ep quan he)\b/, 'Đến ngay nơi đông người hoặc nhờ người gần nhất ở cạnh; nếu việc vừa xảy ra, giữ nguyên quần áo và chưa tắm rửa để công an và bác sĩ làm việc. Anh/chị không có lỗi gì trong chuyện này.'],
  ['medical', /\b(dien giat|giat dien|cham dien|day dien)\b/, 'Ngắt cầu dao điện trước khi chạm vào người bị điện giật (hoặc dùng vật khô như gậy gỗ, dép nhựa để tách ra); nếu người đó không thở, ép tim giữa ngực ngay, tổng đài 115 sẽ hướng dẫn.'],
  ['medical', /\b(khong|ko|hong|ngung|tat) tho\b|\b(duoi nuoc|chet duoi|vot len|ngung tim|tim ngung)\b/, 'Nếu người đó không thở: đặt nằm ngửa trên nền cứng, ép tim mạnh và nhanh giữa ngực (khoảng 100–120 lần mỗi phút) cho tới khi xe cấp cứu tới; tổng đài 115 sẽ hướng dẫn qua điện thoại.'],
  ['medical', /\b(bep than|lo than|than to ong|chau than|khi than|may phat dien)\b/, 'Mở hết cửa cho thoáng và đưa mọi người ra chỗ có không khí trong lành ngay (người cứu bịt khăn ướt, vào ra thật nhanh); dập bếp than, không bật lửa hay công tắc điện trong phòng. Nếu người đó không thở, ép tim giữa ngực, tổng đài 115 sẽ hướng dẫn.'],
  ['medical', /\b(hoc|mac|nghen|sac|hit phai)\b.{0,30}\b(xuong|hat|di vat|keo|dong xu|do choi|vien bi|bong bay|sua|bot|com|thuc an|hong)\b/, 'Nếu đang bị hóc: trẻ nhỏ thì đặt úp trên cẳng tay, đầu thấp, vỗ mạnh 5 lần giữa hai bả vai; người lớn thì đứng sau, ôm ngang bụng và giật mạnh lên trên; không móc họng khi không nhìn thấy dị vật.'],
  ['medical', /\b(dot quy|tai bien|meo (mieng|mat|mom)|mieng (bi )?(xe|meo|lech)|mat (bi )?(xe|lech)|noi (ngong|lap bap|do luoi|khong ro)|liet nua nguoi|yeu nua nguoi|nua nguoi)\b/, 'Ghi lại giờ bắt đầu có dấu hiệu; để người bệnh nằm nghiêng, đầu hơi cao, không cho ăn uống hay uống bất cứ thuốc gì, không cạo gió hay chích máu đầu ngón tay.'],
  ['medical', /\b(co giat|dong kinh|kinh phong)\b/, 'Đặt người bệnh nằm nghiêng nơi an toàn, dẹp vật cứng xung quanh, không nhét gì vào miệng và không ghì chặt tay chân; ghi lại cơn giật kéo dài bao lâu.'],
  ['medical', /\b(ran|ran doc|ran ho|ran luc)\b.{0,20}\b(can|mo)\b/, 'Để người bị rắn cắn nằm yên, giữ chỗ bị cắn bất động và thấp hơn tim, tháo nhẫn, vòng; không rạch, không hút nọc, không buộc garô chặt, nhớ hình dạng con rắn nếu thấy.'],
  ['medical', /\b(bong (nang|nuoc|lua|dien|hoa chat|axit|xang|het|do|ca|khap|rop)|phong rop|nuoc soi|dau soi|axit|hoa chat)\b/, 'Xối nước mát sạch lên chỗ bỏng 15–20 phút, tháo nhẫn, đồng hồ, quần áo không dính vào da; không bôi kem đánh răng, nước mắm hay dầu mỡ.'],
  ['medical', /\b(mau|dut|dam)\b/, 'Dùng vải sạch ấn chặt và liên tục lên vết thương để cầm máu, giữ chỗ bị thương cao hơn tim nếu được; không rút vật đang cắm trong vết thương.'],
  ['medical', /\b(chuyen da|vo oi|be oi|ra oi|de roi|de non|sinh non|bang huyet|sap de|dang de)\b/, 'Để sản phụ nằm nghiêng trái, giữ ấm; nếu em bé đã ra, lau khô và ủ ấm da kề da trên ngực mẹ, không kéo dây rốn.'],
  ['fire', /\b(duoi nuoc|song cuon|bi cuon|cuon troi|nuoc cuon|choi voi|chim (xuong|nghim|dan)|giua dong|bam (vo|vao) (\w+ ){0,2}(cay|cot|thanh|mep|phao))\b/, 'Đừng nhảy xuống cứu nếu không biết bơi giỏi; ném cho người đó vật nổi (can nhựa rỗng, phao, áo phao) hoặc đưa sào, dây để họ bám. Khi đưa được lên bờ mà người đó không thở, ép tim ngay và gọi thêm **115**.'],
  ['fire', /\b(day dien|cot dien)\b/, 'Giữ mọi người, nhất là trẻ em, tránh xa dây điện và chỗ nước quanh nó ít nhất 10 mét; không chạm vào người bị giật khi chưa ngắt điện, báo ngay điện lực khu vực.'],
  ['fire', /\b(lu|ngap|nuoc (len|dang len|dang dang)|nuoc lu|lu quet|lu ong)\b/, 'Lên chỗ cao nhất (gác, mái nhà), mang theo điện thoại, đèn pin và áo phao hay can nhựa rỗng; ngắt cầu dao điện, không lội qua dòng nước chảy xiết.'],
  ['fire', /^(?!.*\b(khoi|lua|boc chay|dang chay|chay lon)\b).*\b(thang may (\w+ ){0,2}(ket|dung|ro|roi|ngung)|(ket|mac ket) (\w+ ){0,2}thang may)\b/, 'Bấm chuông báo động và gọi số cứu hộ dán trong thang hoặc ban quản lý tòa nhà; không tự cạy cửa hay trèo ra ngoài, ngồi xuống thở chậm để đỡ ngột.'],
  ['fire', /\b(sat lo|lo dat|sap|vui|de len|bi de)\b/, 'Tránh xa chỗ sập hay sạt, có thể sập tiếp; gọi to và gõ vào vật cứng để người bị vùi biết có người, không tự đào bới khi đất đá còn trượt.'],
  ['child_missing', /\b(so sinh|bo roi|vut bo|bo (\w+ ){0,4}(trong thung|truoc cong|bai rac|ven duong|goc cho))\b/, 'Bế bé vào chỗ khô, ấm, quấn khăn hoặc áp da kề da; không cho ăn uống gì khác ngoài sữa, ở cạnh bé cho tới khi công an hay nhân viên y tế tới.'],
  ['child_missing', /\b(khoc (mot minh|tim (me|bo|ba|ma))|lac (me|bo|ba|ma|gia dinh)|(khong|ko|hong) (nho|biet) (nha|duong ve|dia chi)|quen (duong ve|nha)|lang thang)\b/, 'Ở lại bên người đó ở chỗ đông người, sáng đèn; không giao cho người lạ đưa đi, hỏi tên và số điện thoại người thân nếu họ nhớ, rồi chờ công an tới.'],
];

/** Someone hurt in a fire, an attack or a captivity (folded text). */
const INJURED =
  /\b(chay mau|mau (me|chay|ra|phun)|be bet mau|bat tinh|ngat|xiu|nam (guc|bat dong|im|sap|bet)|guc xuong|bi thuong|gay (tay|chan|xuong)|khong tho|kho tho|tho (yeu|khong)|khong day|vo dau|bi dam|bi chem|bong)\b/;

/** The kinds after which a legal matter usually remains (a lawyer may help once safe). */
const LEGAL_AFTER: ReadonlySet<DangerKind> = new Set(['violence', 'child_missing', 'confinement_trafficking']);

/**
 * The reply to danger now: its first words are the number to call, then one concrete safe
 * step, then the other numbers. No question, no consent, no procedure. The lawyer is
 * offered only after, and only where a legal matter remains.
 */
export function dangerMessages(
  kind: DangerKind,
  opts: { child: boolean; hotlines?: readonly Hotline[]; offerActions?: SuggestedAction[]; /** The citizen's message, folded: picks the step that fits it. */ folded?: string },
): OutgoingMessage[] {
  const first = FIRST[kind];
  const others = new Set<string>(['113', '115', '114']);
  others.delete(first);
  const child = opts.child || kind === 'child_missing';
  const t = opts.folded ? ` ${opts.folded} ` : '';
  // Someone hurt where the first number is not the ambulance's: 115 in the same first sentence.
  const hurt = first !== '115' && INJURED.test(t);
  const lines = [`Dạ, anh/chị gọi ngay **${first}** (${NUMBER[first]})${hurt ? ` và **115** (${NUMBER['115']})` : ''}.`];
  if (child) lines[0] += ` Có trẻ em liên quan: gọi thêm **111** (${NUMBER['111']}).`;
  const step = (t && SITUATION_STEPS.find(([k, re, , needsChild]) => k === kind && (!needsChild || child) && re.test(t))?.[2]) || STEP[kind];
  lines.push('', step, '');
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
