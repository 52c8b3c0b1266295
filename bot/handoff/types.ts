import { LEGAL_AREAS, type LegalArea } from '../../knowledge/index.js';

/** Legal area codes of the triage taxonomy; lawyers' specialties use the same codes. */
export { LEGAL_AREAS, type LegalArea };
export { CASE_OUTCOMES, CASE_OUTCOME_LABELS, isLegalArea, type CaseOutcome, type Urgency } from '../cases/model.js';

/** Vietnamese labels shown in the console and to citizens. */
export const LEGAL_AREA_LABELS: Record<LegalArea, string> = {
  DAT_DAI: 'Đất đai',
  THUA_KE: 'Thừa kế',
  HON_NHAN_GIA_DINH: 'Hôn nhân – gia đình',
  BAO_LUC_GIA_DINH: 'Bạo lực gia đình',
  HO_TICH: 'Hộ tịch – cư trú',
  LAO_DONG: 'Lao động',
  BAO_HIEM_XA_HOI: 'Bảo hiểm xã hội',
  DAN_SU_HOP_DONG: 'Dân sự – hợp đồng',
  HINH_SU: 'Hình sự',
  KHIEU_NAI_TO_CAO: 'Khiếu nại – tố cáo',
  HANH_CHINH: 'Hành chính',
  NHA_O: 'Nhà ở',
};

/** A volunteer lawyer on the rota. Contact data is minimal and used only for notification. */
export interface Lawyer {
  id: string;
  name: string;
  phone?: string;
  email?: string;
  /** Zalo user id (follower of the OA) for notifications through Zalo. */
  zaloUserId?: string;
  specialties: LegalArea[];
  /** ISO 639-1 codes, `vi` at least. */
  languages: string[];
  /** Ward codes the lawyer also takes cases from (besides the service points of their shifts). */
  wards: string[];
  maxOpenCases: number;
  active: boolean;
}

/** A ward/commune public-administration service point (one of Hà Nội's 126 units). */
export interface ServicePoint {
  /** Ward code (GSO, 5 digits). */
  code: string;
  name: string;
  address: string;
  /** Opening hours as shown to citizens, e.g. "Thứ 2 – Thứ 6, 8:00–11:30, 13:30–17:00". */
  hours: string;
  /** Wards that absorbed part of the same former ward: the simple, data-backed notion of "adjacent". */
  neighbours: string[];
}

/** A weekly recurring duty slot; times are Hà Nội local time (UTC+7). */
export interface WeeklyShift {
  id: string;
  lawyerId: string;
  servicePoint: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:MM", local. */
  start: string;
  /** "HH:MM", local, after `start`. */
  end: string;
}

/** A one-off change: an extra slot on a date, or leave over a date range (whole days). */
export type ShiftException =
  | { id: string; lawyerId: string; kind: 'extra'; date: string; servicePoint: string; start: string; end: string }
  | { id: string; lawyerId: string; kind: 'leave'; date: string; dateTo: string; note?: string };

export interface Rota {
  lawyers: Lawyer[];
  servicePoints: ServicePoint[];
  shifts: WeeklyShift[];
  exceptions: ShiftException[];
}

/** A concrete duty slot (a shift materialised on a date), in absolute time. */
export interface DutySlot {
  lawyerId: string;
  servicePoint: string;
  start: Date;
  end: Date;
}

/** One offer of a case to a lawyer, kept for fairness, re-offers and the coordinator. */
export interface Offer {
  id: string;
  caseId: string;
  lawyerId: string;
  offeredAt: string;
  expiresAt: string;
  status: 'offered' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
  reason?: string;
  conflictOfInterest?: boolean;
  respondedAt?: string;
}

/** One message of the live conversation between citizen and lawyer. */
export interface TranscriptEntry {
  id: string;
  caseId: string;
  at: string;
  from: 'citizen' | 'lawyer' | 'system';
  text: string;
  /**
   * Lawyer messages: `sent` once the channel confirmed delivery, `failed` (expired or
   * undeliverable, see `deliveryError`), `pending` while a queued channel still retries.
   */
  delivery?: 'sent' | 'failed' | 'pending';
  deliveryError?: string;
}
