import type { Article } from '../../knowledge/statutes/index.js';
import { LAW_BY_DOCUMENT, predatesTwoTierReform } from '../../knowledge/statutes/index.js';
import { namesDistrictBody } from '../../knowledge/procedure.js';

/**
 * The one-line note added under a quote whose text is older than the 1 July 2025 two-tier
 * reform and names a district-level body ("Ủy ban nhân dân cấp huyện", "Công an huyện",
 * "Tòa án nhân dân cấp huyện"). The quote stays verbatim; the note says, in our words, that
 * the district level is gone and where its tasks went. Driven by the quoted text and the
 * stored version's date (`LawInfo.textAsOf`), never by a list of articles.
 */

/** The notes, fixed sentences (the grounding check strips them with the other boilerplate). */
export const REFORM_NOTES = {
  /** A district People's Committee, police, justice office, inspectorate or the level itself. */
  body: 'Lưu ý: nội dung trích dẫn trên có từ trước khi bỏ cấp huyện. Từ ngày 01/7/2025, chính quyền địa phương chỉ còn cấp tỉnh và cấp xã; nhiệm vụ của cơ quan cấp huyện nêu trong trích dẫn đã chuyển cho cấp xã hoặc cấp tỉnh theo các luật, nghị định năm 2025.',
  /** A district court. */
  court: 'Lưu ý: nội dung trích dẫn trên có từ trước khi bỏ Tòa án nhân dân cấp huyện. Từ ngày 01/7/2025, việc của Tòa án cấp huyện nêu trong trích dẫn do Tòa án nhân dân khu vực giải quyết.',
  /** Only the district as a unit or an area ("đơn vị hành chính cấp huyện", "địa bàn quận"). */
  unit: 'Lưu ý: nội dung trích dẫn trên có từ trước khi bỏ cấp huyện. Từ ngày 01/7/2025, không còn đơn vị hành chính cấp huyện; chính quyền địa phương chỉ còn cấp tỉnh và cấp xã.',
  /** Both. */
  both: 'Lưu ý: nội dung trích dẫn trên có từ trước khi bỏ cấp huyện. Từ ngày 01/7/2025, chính quyền địa phương chỉ còn cấp tỉnh và cấp xã (nhiệm vụ của cơ quan cấp huyện nêu trong trích dẫn đã chuyển cho cấp xã hoặc cấp tỉnh), và việc của Tòa án cấp huyện do Tòa án nhân dân khu vực giải quyết.',
} as const;

const UNIT = String.raw`(?:các\s+)?(?:cấp\s+)?(?:huyện|quận|thị xã)(?!\p{L})`;
/** A district court, or its president: "Tòa án nhân dân cấp huyện", "Toà án nhân dân huyện". */
const DISTRICT_COURT = new RegExp(String.raw`T(?:òa|oà)\s*án(?:\s+nhân\s+dân)?\s+${UNIT}`, 'iu');
/**
 * District bodies `namesDistrictBody` does not list: councils, procuracies, inspectorates; and
 * the justice office named alone ("công chức … tại Phòng Tư pháp"): in the older texts a "Phòng"
 * is a department of the district People's Committee (the province's is a "Sở").
 */
const OTHER_DISTRICT_BODY = new RegExp(String.raw`(?:Hội đồng nhân dân|Viện kiểm sát nhân dân|[Tt]hanh tra)\s+${UNIT}|Phòng Tư pháp(?!\s+(?:cấp\s+)?(?:xã|phường|tỉnh)(?!\p{L}))`, 'u');

/** The district as a unit or an area, not a body: "phạm vi đơn vị hành chính cấp xã, cấp huyện". */
const UNIT_PHRASE = /(?:đơn vị hành chính|địa bàn|phạm vi)(?:\s+(?:các\s+)?(?:cấp\s+)?(?:xã|tỉnh|huyện|quận|thị xã|phường|thị trấn)(?!\p{L})\s*,?)+/giu;

/**
 * Which district body the lines name: a court, another body, both, or none; `unit` when they
 * name the district only as a unit or an area.
 */
export function districtBodiesNamed(lines: readonly string[]): keyof typeof REFORM_NOTES | undefined {
  let court = false;
  let body = false;
  let unit = false;
  for (const raw of lines) {
    const line = raw.normalize('NFC');
    if (DISTRICT_COURT.test(line)) court = true;
    // A court named "cấp huyện" is the court only; a unit is no body; other words still count.
    const rest = line.replace(new RegExp(DISTRICT_COURT.source, 'giu'), ' ').replace(UNIT_PHRASE, (m) => {
      if (/(?:huyện|quận|thị xã)(?!\p{L})/u.test(m)) unit = true;
      return ' ';
    });
    if (namesDistrictBody(rest) || OTHER_DISTRICT_BODY.test(rest)) body = true;
  }
  return court && body ? 'both' : court ? 'court' : body ? 'body' : unit ? 'unit' : undefined;
}

/**
 * The note for a quote of `article` (its title and the quoted lines) and the title of the article
 * named after it (`also`), or undefined when the stored texts are of the reform's date or later,
 * or name no district body.
 */
export function reformNote(article: Article, quoted: readonly string[], also?: Article): string | undefined {
  const older = (a: Article) => predatesTwoTierReform(LAW_BY_DOCUMENT.get(a.document));
  // The reply also names the "see also" article by its title ("Thẩm quyền của Chủ tịch Ủy ban
  // nhân dân cấp huyện"): a district body named there is named to the citizen too.
  const lines = [...(older(article) ? [article.title, ...quoted] : []), ...(also && also.id !== article.id && older(also) ? [also.title] : [])];
  const kind = lines.length > 0 ? districtBodiesNamed(lines) : undefined;
  return kind ? REFORM_NOTES[kind] : undefined;
}
