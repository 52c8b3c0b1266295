import { parseArgs } from 'node:util';
import { demoRota, servicePointsFromWards } from '../../bot/handoff/index.js';
import { silentLogger } from '../../bot/index.js';
import { loadAdminUnits } from '../../knowledge/index.js';
import { SqliteConsoleUsers, generatePassword } from '../../storage/console-users.js';
import { PgConsoleUsers, pgDb } from '../../storage/postgres/index.js';
import { SqliteRotaStore } from '../../storage/rota-store.js';
import { createAssistant } from '../assistant.js';
import { openPostgres } from '../compose.js';
import { createSilentLogger } from '../logger.js';
import { loadConfig } from '../config.js';
import { seededRandom as rng } from '../../bot/seeded-random.js';

/**
 * Fictional conversations for the city dashboard (issue 17). Each is a script of citizen
 * messages; the demo picks scripts with weights, varies their spelling (no diacritics,
 * abbreviations) and rates some answers, like people do.
 */
const SCRIPTS: Array<{ weight: number; turns: string[] }> = [
  { weight: 10, turns: ['làm giấy khai sinh cho con cần gì', 'lệ phí bao nhiêu'] },
  { weight: 8, turns: ['dang ky ket hon can giay to gi'] },
  { weight: 8, turns: ['cấp lại thẻ căn cước bị mất', 'làm online được không'] },
  { weight: 7, turns: ['đăng ký thường trú cho con ở nhà bố mẹ'] },
  { weight: 6, turns: ['dk tam tru o dau'] },
  { weight: 5, turns: ['xác nhận tình trạng hôn nhân để mua nhà'] },
  { weight: 5, turns: ['bố tôi mất hôm qua, báo tử thế nào'] },
  { weight: 4, turns: ['xin giấy phép xây dựng nhà ở riêng lẻ'] },
  { weight: 4, turns: ['đăng ký hộ kinh doanh bán tạp hóa'] },
  { weight: 3, turns: ['chứng thực bản sao giấy tờ ở đâu'] },
  { weight: 3, turns: ['trích lục khai sinh bản sao'] },
  { weight: 3, turns: ['hưởng chế độ thai sản'] },
  { weight: 3, turns: ['cho tôi hỏi về vé máy bay đi Đà Nẵng'] },
  { weight: 3, turns: ['xin số điện thoại của chủ tịch phường'] },
  { weight: 3, turns: ['mua bán xe máy cũ sang tên'] },
  { weight: 2, turns: ['cái đó'] },
  { weight: 2, turns: ['thủ tục nhận nuôi chó mèo'] },
  { weight: 2, turns: ['cấp phép bắn pháo hoa đám cưới'] },
  { weight: 3, turns: ['hàng xóm lấn đất nhà tôi, tôi muốn gặp luật sư', '@lawyer'] },
  { weight: 2, turns: ['chồng tôi đánh tôi nhiều lần, tôi muốn ly hôn và cần luật sư giúp', '@lawyer'] },
  { weight: 2, turns: ['công ty nợ lương 3 tháng không trả, tôi cần luật sư', '@lawyer'] },
  { weight: 1, turns: ['hello'] },
];

const LAWYER_TAPS = ['Tôi đồng ý', 'Đồng ý gửi', 'Không thuộc nhóm nào', 'Buổi sáng', 'Không rõ'];
const RATE_UP = 0.12;
const RATE_DOWN = 0.06;


/** Without diacritics, as many people type on a phone. */
const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/**
 * `npm run tthc -- demo:analytics [--days 30] [--conversations 400] [--seed 17]`: drives the REAL
 * bot (the assistant's in-process adapter, the same chain as Web Chat and Zalo) with fictional
 * conversations spread over the last `days` days (the assistant's clock is set back for each
 * turn), across the Hà Nội wards and the two channels, writing into the real stores under
 * DATA_DIR (in PostgreSQL under DATABASE_URL, where the city's processes read them). Some answers get 👍/👎 with reasons; some legal-aid cases are accepted by a demo
 * lawyer. Also creates the demo analyst `phantich` (password printed once).
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { days: { type: 'string', default: '30' }, conversations: { type: 'string', default: '400' }, seed: { type: 'string', default: '17' }, password: { type: 'string' } },
  });
  const days = Math.max(1, Number(values.days));
  const total = Math.max(1, Number(values.conversations));
  const random = rng(Number(values.seed));
  const config = loadConfig();
  const end = Date.now();
  let current = new Date(end - days * 86_400_000);
  const pool = await openPostgres(config, createSilentLogger());
  const postgres = pool ? pgDb(pool) : undefined;
  const assistant = await createAssistant({ config, logger: silentLogger, clock: () => current, postgres });
  try {
    const rota = assistant.legalAid?.rota ?? new SqliteRotaStore(assistant.db);
    if ((await rota.counts()).servicePoints === 0) {
      const points = servicePointsFromWards((await loadAdminUnits()).hanoiWards());
      await rota.upsertServicePoints(points);
      const demo = demoRota(points);
      await rota.importRota({ lawyers: demo.lawyers, schedule: { shifts: demo.shifts, exceptions: [] } });
    }
    const wards = (await rota.loadRota()).servicePoints.map((p) => p.code);
    // A few busy wards, a long tail (some below the suppression threshold).
    const wardOf = () => wards[Math.floor(Math.pow(random(), 2.2) * Math.min(wards.length, 40))] ?? wards[0];
    const weightSum = SCRIPTS.reduce((s, x) => s + x.weight, 0);
    const pick = () => {
      let r = random() * weightSum;
      for (const s of SCRIPTS) if ((r -= s.weight) < 0) return s;
      return SCRIPTS[0]!;
    };
    const counts = { conversations: 0, turns: 0, up: 0, down: 0, cases: 0, accepted: 0 };
    for (let i = 0; i < total; i++) {
      // Spread over the days, busier on weekdays and in office hours (Hà Nội time).
      const dayIndex = Math.floor(random() * days);
      const hour = 7 + Math.floor(random() * 14);
      const base = new Date(end - (days - dayIndex) * 86_400_000);
      base.setUTCHours(hour - 7, Math.floor(random() * 60), 0, 0);
      if ([0, 6].includes(new Date(base.getTime() + 7 * 3_600_000).getUTCDay()) && random() < 0.5) continue;
      current = base;
      const channelId = random() < 0.45 ? 'zalo' : 'directline';
      const adapter = assistant.createLocalAdapter({ channelId, servicePoint: random() < 0.9 ? wardOf() : undefined, conversationId: `demo-${values.seed}-${i}`, userId: `demo-user-${i}` });
      const script = pick();
      counts.conversations++;
      let buttons: string[] = [];
      for (const [k, text] of script.turns.entries()) {
        if (text === '@lawyer') {
          // Through the legal-aid questions by tapping what a citizen would: consent, no group, a time, send.
          for (let step = 0; step < 8 && buttons.length; step++) {
            const tap = LAWYER_TAPS.find((t) => buttons.includes(t)) ?? buttons[0]!;
            current = new Date(current.getTime() + 15_000 + Math.floor(random() * 30_000));
            buttons = (await adapter.send(tap)).suggestedActions;
            counts.turns++;
            if (tap === 'Đồng ý gửi') break;
          }
          continue;
        }
        current = new Date(current.getTime() + 20_000 + Math.floor(random() * 60_000));
        // Typed questions often come without diacritics.
        buttons = (await adapter.send(k === 0 && random() < 0.35 ? strip(text) : text)).suggestedActions;
        counts.turns++;
      }
      const r = random();
      if (r < RATE_UP) {
        current = new Date(current.getTime() + 30_000);
        await adapter.send('👍');
        counts.up++;
      } else if (r < RATE_UP + RATE_DOWN) {
        current = new Date(current.getTime() + 30_000);
        await adapter.send('👎');
        counts.down++;
        if (random() < 0.7) {
          const reasons = ['Sai thông tin', 'Không đúng ý tôi hỏi', 'Không đúng ý tôi hỏi', 'Khó hiểu', 'Thiếu thông tin', 'Lý do khác'];
          current = new Date(current.getTime() + 15_000);
          await adapter.send(`👎 ${reasons[Math.floor(random() * reasons.length)]}`);
        }
      }
    }
    // Demo lawyers accept most offered cases after a while (some late, past the SLA).
    const service = assistant.legalAid?.service;
    if (service) {
      for (const c of await service.listCases({})) {
        counts.cases++;
        if (c.status !== 'offered' || !c.lawyerId || random() < 0.15) continue;
        current = new Date(Date.parse(c.createdAt) + Math.floor(random() * 6 * 3_600_000));
        try {
          await service.accept(c.id, c.lawyerId);
          counts.accepted++;
        } catch {
          // An offer that lapsed in the meantime stays with the scheduler, as in real use.
        }
      }
    }
    const users = postgres ? new PgConsoleUsers(postgres) : new SqliteConsoleUsers(assistant.db);
    if (!(await users.findByUsername('phantich'))) {
      const password = values.password ?? generatePassword();
      await users.create({ username: 'phantich', role: 'analyst', displayName: 'Phân tích (demo)', password });
      process.stdout.write(`Tài khoản phân tích (demo, chỉ dùng trên máy cục bộ): phantich  mật khẩu: ${password}\n`);
    }
    process.stdout.write(
      `Đã tạo ${counts.conversations} cuộc trò chuyện hư cấu (${counts.turns} câu, ${counts.up} 👍, ${counts.down} 👎) trong ${days} ngày; ${counts.cases} vụ việc chuyển luật sư, ${counts.accepted} đã có luật sư nhận.\nMở /console/dashboard/ sau khi chạy npm start.\n`,
    );
    return 0;
  } finally {
    await assistant.close();
    await pool?.end();
  }
}
