import type { Lawyer, LawyerNotice, LawyerNotifier, NoticeDelivery } from '../../bot/handoff/index.js';
import { LEGAL_AREA_LABELS, isLegalArea, formatLocalVi } from '../../bot/handoff/index.js';
import type { ProactiveSender } from '../../bot/types.js';

export interface LawyerNotifierOptions {
  /** The Zalo channel's proactive sender (outbox), when the Zalo channel is configured. */
  zalo?: ProactiveSender;
  /** `config.lawyerNotify.webhookUrl`: receives a JSON POST per notice. */
  webhookUrl?: string;
  /** `config.lawyerNotify.smtpUrl`: email is not implemented yet (no SMTP dependency); logged as skipped. */
  smtpUrl?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /**
   * How long to wait for Zalo to confirm delivery before falling back to the next channel
   * (default 10 s). A notice Zalo has not confirmed by then also goes by webhook.
   */
  zaloConfirmMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
}

const KIND_TEXT: Record<LawyerNotice['kind'], string> = {
  offer: 'Có hồ sơ mới mời anh/chị nhận',
  reassigned: 'Điều phối viên chuyển cho anh/chị một hồ sơ',
  citizen_message: 'Người dân vừa nhắn trong hồ sơ',
  citizen_left: 'Người dân đã kết thúc trò chuyện; vui lòng ghi kết quả và đóng hồ sơ',
};

/** The notice as a short Vietnamese text with no personal data (case id, area, urgency, link). */
export function noticeText(n: LawyerNotice): string {
  const area = n.legalArea && isLegalArea(n.legalArea) ? LEGAL_AREA_LABELS[n.legalArea] : 'chưa rõ lĩnh vực';
  const parts = [`${KIND_TEXT[n.kind]}: ${n.caseId} (${area}, mức khẩn: ${n.urgency}).`];
  if (n.expiresAt) parts.push(`Hạn nhận: ${formatLocalVi(new Date(n.expiresAt))}.`);
  if (n.url) parts.push(`Mở bàn làm việc: ${n.url}`);
  return parts.join(' ');
}

/**
 * Notifies a lawyer outside the console: through Zalo when the lawyer follows the OA (their
 * Zalo user id is on the rota); when Zalo does not confirm delivery (the lawyer has not written
 * to the OA for 7 days, unfollowed, Zalo down beyond `zaloConfirmMs`) the notice falls back to
 * the configured webhook; email is a documented stub. `ok: true` means delivered, not queued.
 * The console always lists the case, so a failed notice never hides work.
 */
export function createLawyerNotifier(opts: LawyerNotifierOptions): LawyerNotifier {
  const doFetch = opts.fetch ?? globalThis.fetch;
  return {
    async notify(lawyer: Lawyer, notice: LawyerNotice): Promise<NoticeDelivery[]> {
      const out: NoticeDelivery[] = [{ channel: 'console', ok: true }];
      const text = noticeText(notice);
      let delivered = false;
      if (lawyer.zaloUserId && opts.zalo) {
        try {
          const report = await opts.zalo.send(
            { channelId: 'zalo', conversationId: `zalo:${lawyer.zaloUserId}`, userId: lawyer.zaloUserId, reference: { userId: lawyer.zaloUserId } },
            [{ text }],
            {
              waitMs: opts.zaloConfirmMs ?? 10_000,
              // An offer is worthless after it lapses: Zalo stops retrying then (expired).
              deliverBy: notice.expiresAt ? Date.parse(notice.expiresAt) : undefined,
            },
          );
          if (!report || report.state === 'delivered') {
            out.push({ channel: 'zalo', ok: true });
            delivered = true;
          } else {
            const why = [report.reason, report.detail].filter(Boolean).join(': ');
            const error = report.state === 'pending' ? `not confirmed by Zalo yet (${why || 'queued'}); still retrying` : `${report.state}${why ? ` (${why})` : ''}`;
            out.push({ channel: 'zalo', ok: false, error });
          }
        } catch (err) {
          out.push({ channel: 'zalo', ok: false, error: err instanceof Error ? err.message : String(err) });
        }
      }
      if (!delivered && opts.webhookUrl) {
        const ctrl = new AbortController();
        const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 5000);
        try {
          const res = await doFetch(opts.webhookUrl, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ type: `lawyer.${notice.kind}`, lawyerId: lawyer.id, text, ...notice }),
            signal: ctrl.signal,
          });
          out.push(res.ok ? { channel: 'webhook', ok: true } : { channel: 'webhook', ok: false, error: `HTTP ${res.status}` });
          delivered = res.ok;
        } catch (err) {
          out.push({ channel: 'webhook', ok: false, error: err instanceof Error ? err.message : String(err) });
        } finally {
          clearTimeout(timer);
        }
      }
      if (opts.smtpUrl && lawyer.email) {
        // Email needs an SMTP client; none is bundled to keep dependencies small. Recorded so
        // operators see it, and the console and the other channels still carry the notice.
        out.push({ channel: 'email', ok: false, error: 'email sending is not implemented (SMTP_URL is set but no SMTP client is bundled)' });
      }
      if (!delivered) opts.log?.('info', 'lawyer notice only in the console', { lawyerId: lawyer.id, caseId: notice.caseId });
      return out;
    },
  };
}
