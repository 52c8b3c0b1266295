import type { AdminUnits } from '../../knowledge/index.js';

/** A current ward or commune a case can be routed to. */
export interface WardChoice {
  /** GSO code (5 digits): the service point key of the rota. */
  code: string;
  /** Official name with its type word, e.g. "Phường Hồng Hà". */
  name: string;
}

/** What a citizen's reply names. */
export interface WardMatch {
  /** One unit: route there. Several: ask which (an old ward split between new ones, or a name shared). */
  wards: WardChoice[];
  /** The pre-July-2025 name the citizen used, when the match came through it. */
  formerName?: string;
}

/** Resolves a citizen's reply to current wards of the deployment's province. */
export interface WardDirectory {
  resolve(text: string): WardMatch;
}

/** Phrases around the ward's name in a reply ("tôi ở phường Phúc Xá, quận Ba Đình ạ"). */
const LEAD = /^(?:da\s+|vang\s+|toi\s+|em\s+|minh\s+|nha\s+(?:toi|em|minh)\s+|gia dinh\s+(?:toi|em)\s+)*(?:o|song o|dang o|thuoc|tai|cu tru o|cu tru tai|o tai)\s+/;
const DISTRICT = /^(?:quan|huyen|thi xa|q|h|tx)\s/;
const TAIL = /\s+(?:a|nhe|nha|ha noi|tp ha noi|thanh pho ha noi)$/;

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^\p{L}\p{N},]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Candidate names in a reply: the whole reply, then each comma part, without lead-in and tail words. */
function candidates(text: string): string[] {
  const out: string[] = [];
  for (const part of [text, ...text.split(/[,;.\n]/)]) {
    let t = fold(part).replace(/,/g, ' ').trim();
    for (let i = 0; i < 3; i++) t = t.replace(LEAD, '').replace(TAIL, '').trim();
    if (t && t.length <= 60 && !out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * Ward lookup over the administrative units after the 1 July 2025 reform, for one province
 * (default Hà Nội, code 01: 126 wards and communes). Current names first ("Hồng Hà",
 * "phuong hong ha"), then the old names people still use ("phường Phúc Xá" → Phường Hồng Hà;
 * an old ward split between new ones gives all of them to choose from).
 */
export function createWardDirectory(units: AdminUnits, provinceCode = '01'): WardDirectory {
  const province = units.provinces().find((p) => p.code === provinceCode);
  const inProvince = (u: { province: { code: string } }) => u.province.code === provinceCode;
  const choice = (u: { code: string; name: string }): WardChoice => ({ code: u.code, name: u.name });
  return {
    resolve(text: string): WardMatch {
      for (const c of candidates(text)) {
        // An old district ("quận Ba Đình") was split between several wards: too coarse to route by.
        if (DISTRICT.test(c)) continue;
        if (/^\d{5}$/.test(c)) {
          const u = units.unitByCode(c);
          if (u && inProvince(u)) return { wards: [choice(u)] };
        }
        const current = units.findUnit(c).filter(inProvince);
        if (current.length > 0) return { wards: current.map(choice) };
        const former = units.fromOldName(c, { province: province?.name }).filter((m) => m.former.level === 'commune');
        const wards = [...new Map(former.flatMap((m) => m.current.filter(inProvince)).map((u) => [u.code, choice(u)])).values()];
        if (wards.length > 0) return { wards, formerName: former[0]!.former.name };
      }
      return { wards: [] };
    },
  };
}
