import { fold } from '../../knowledge/text/index.js';
import type { ProfileStore } from '../ports/index.js';
import type { BotLogger } from '../ports/index.js';
import type { NextSkill, PersonalDataEraser, Skill, Turn, TurnResult } from '../types.js';
import type { PersonProfile } from './profile.js';
import { extractFacts } from './extract.js';
import { forgetRecentMessages } from './recent.js';

/**
 * Data-subject rights as chat commands (Law 91/2025/QH15): "Xoá dữ liệu của tôi" deletes
 * the stored profile, withdraws consent and drops any form in progress, then confirms;
 * "Xem dữ liệu của tôi" shows what is kept (numbers masked). Runs before form filling so
 * the command works in the middle of a form.
 */

const DELETE =
  /\b(xoa|huy|bo)\b.*\b(du lieu|thong tin|ho so)\b.*\b(cua toi|cua minh|cua em|ca nhan|da luu)\b|\b(xoa het|xoa sach)\b.*\b(du lieu|thong tin)\b|\brut (lai )?(su )?dong y\b|\bquen (het )?(thong tin|du lieu) cua (toi|minh|em)\b|\b(dung|khong|ko|dung co|khong muon) (luu|giu)\b.*\b(thong tin|du lieu|cua toi|cua minh|cua em)\b/;
const VIEW =
  /\b(xem|kiem tra|cho xem)\b.*\b(du lieu|thong tin)\b.*\b(cua toi|cua minh|da luu|ban luu|em luu)\b|\b(luu|giu|biet) (gi|nhung gi|thong tin gi|du lieu gi)\b.*\b(ve|cua) (toi|minh|em|tui)\b|\b(dang|da) (luu|giu) (gi|nhung gi|nhung thong tin gi)\b/;

const LABELS: Record<string, string> = {
  hoTen: 'Họ tên',
  ngaySinh: 'Ngày sinh',
  gioiTinh: 'Giới tính',
  danToc: 'Dân tộc',
  quocTich: 'Quốc tịch',
  soDinhDanh: 'Số định danh cá nhân',
  soDienThoai: 'Số điện thoại',
  email: 'Email',
  noiCuTru: 'Nơi cư trú',
  queQuan: 'Quê quán',
  noiSinh: 'Nơi sinh',
};
const RELATION_LABELS: Record<string, string> = { child: 'Con', spouse: 'Vợ/chồng', father: 'Cha', mother: 'Mẹ' };

/** "001090012345" → "001******345": enough to recognise, not enough to copy. */
export function maskNumber(v: string): string {
  return v.length <= 6 ? '***' : `${v.slice(0, 3)}${'*'.repeat(v.length - 6)}${v.slice(-3)}`;
}

function describe(p: PersonProfile, indent = ''): string[] {
  return Object.entries(LABELS)
    .filter(([k]) => p[k as keyof PersonProfile])
    .map(([k, label]) => {
      const v = p[k as keyof PersonProfile]!;
      return `${indent}- ${label}: ${k === 'soDinhDanh' || k === 'soDienThoai' ? maskNumber(v) : v}`;
    });
}

export interface PrivacySkillDeps {
  profiles: ProfileStore;
  logger: BotLogger;
  /**
   * Other holders of the citizen's data (legal-aid cases, chat transcripts, produced files).
   * Read at each request, so parts composed later (channels) can register theirs.
   */
  erasers: readonly PersonalDataEraser[];
  /** The form skill, for a message that only gives details while a form is open. */
  details: (turn: Turn, next: NextSkill) => Promise<TurnResult>;
}

export function createPrivacySkill(deps: PrivacySkillDeps): Skill {
  return {
    name: 'privacy',
    async handle(turn, next) {
      const f = fold(turn.text);
      if (DELETE.test(f)) {
        const had = await deps.profiles.delete({ channelId: turn.channelId, userId: turn.userId });
        const hadForm = turn.conversation.form !== undefined;
        delete turn.conversation.form;
        forgetRecentMessages(turn);
        turn.user.profileConsent = { given: false, at: turn.now.toISOString() };
        const subject = { channelId: turn.channelId, userId: turn.userId, conversationId: turn.conversationId };
        const erased: Record<string, number> = {};
        const failed: string[] = [];
        for (const eraser of deps.erasers) {
          try {
            erased[eraser.name] = await eraser.erase(subject);
          } catch (err) {
            // One holder failing must not stop the others; the operator sees which one.
            failed.push(eraser.name);
            deps.logger.error({ err, eraser: eraser.name }, 'personal data erasure failed');
          }
        }
        deps.logger.info({ deleted: had, formDropped: hadForm, erased, failed }, 'personal data deletion requested');
        const erasedOther = Object.values(erased).some((n) => n > 0);
        let text = had
          ? 'Dạ, em đã xoá toàn bộ thông tin cá nhân anh/chị đã lưu để điền tờ khai và ghi nhận anh/chị rút lại sự đồng ý. Lần sau em sẽ hỏi lại trước khi lưu bất cứ thông tin nào.'
          : 'Dạ, hiện em không lưu thông tin cá nhân nào của anh/chị để điền tờ khai. Em đã ghi nhận anh/chị không đồng ý lưu; lần sau em sẽ hỏi lại trước khi lưu.';
        if (hadForm) text += ' Tờ khai đang điền dở cũng đã được huỷ.';
        if (erasedOther) {
          text += had
            ? ' Nội dung trò chuyện, tệp tờ khai đã tạo và hồ sơ yêu cầu tư vấn (nếu có) cũng đã được xoá.'
            : ' Em đã xoá nội dung trò chuyện, tệp tờ khai đã tạo và hồ sơ yêu cầu tư vấn (nếu có) của anh/chị.';
        }
        if (failed.length > 0) {
          text += ' Một phần dữ liệu chưa xoá được ngay; em đã báo cán bộ quản trị để xoá trong thời hạn luật định (tối đa 15 ngày).';
        }
        return {
          messages: [{ text }],
          outcome: { behavior: 'answer', procedures: [], tags: ['privacy', 'privacy:delete'] },
        };
      }
      if (VIEW.test(f)) {
        const stored = turn.user.profileConsent?.given ? await deps.profiles.get({ channelId: turn.channelId, userId: turn.userId }) : undefined;
        const p = (stored?.profile ?? {}) as Record<string, PersonProfile | string>;
        const lines = describe(p as PersonProfile);
        for (const [r, label] of Object.entries(RELATION_LABELS)) {
          const rel = p[r];
          if (rel && typeof rel === 'object') {
            const l = describe(rel, '  ');
            if (l.length) lines.push(`- ${label}:`, ...l);
          }
        }
        const text =
          lines.length > 0
            ? `Dạ, em đang lưu (mã hoá) các thông tin sau để điền sẵn tờ khai:\n${lines.join('\n')}\nMuốn xoá, anh/chị nhắn "Xoá dữ liệu của tôi".`
            : 'Dạ, hiện em không lưu thông tin cá nhân nào của anh/chị.';
        return {
          messages: [{ text, suggestedActions: lines.length > 0 ? [{ title: 'Xoá dữ liệu của tôi', value: 'Xoá dữ liệu của tôi' }] : undefined }],
          outcome: { behavior: 'answer', procedures: [], tags: ['privacy', 'privacy:view'] },
        };
      }
      // "CCCD tui 0461…" while a form is open gives data, it asks nothing about data rights.
      // "ok lưu", "không lưu đâu ạ" while a form is open answer its consent question.
      const consentAnswer = f.split(' ').length <= 5 && /\b(?:luu|dong y|ok|oke|khong|ko|dung)\b/.test(f);
      if (turn.understanding?.intent === 'privacy' && turn.conversation.form && !turn.text.includes('?') && (consentAnswer || extractFacts(turn.text, { now: turn.now }).facts.length > 0)) {
        return deps.details(turn, next);
      }
      if (turn.understanding?.intent === 'privacy') {
        // Other questions about their data: what is kept, why, for how long, and their rights.
        return {
          messages: [
            {
              text:
                'Dạ, em chỉ lưu thông tin cá nhân (họ tên, ngày sinh, số giấy tờ, địa chỉ) khi anh/chị đồng ý, để lần sau không phải khai lại khi điền tờ khai; thông tin được mã hoá và không chia sẻ cho ai ngoài cán bộ, luật sư xử lý hồ sơ anh/chị gửi. ' +
                'Anh/chị có thể xem những gì em đang lưu ("Em lưu gì về tôi?"), rút lại sự đồng ý hoặc xoá toàn bộ bất cứ lúc nào ("Xoá dữ liệu của tôi"), theo Luật Bảo vệ dữ liệu cá nhân 2025.',
              suggestedActions: [
                { title: 'Em lưu gì về tôi?', value: 'Em lưu gì về tôi?' },
                { title: 'Xoá dữ liệu của tôi', value: 'Xoá dữ liệu của tôi' },
              ],
            },
          ],
          outcome: { behavior: 'answer', procedures: [], tags: ['privacy', 'privacy:info'] },
        };
      }
      return next();
    },
  };
}
