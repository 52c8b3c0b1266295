import type { ImplementationLevel, Procedure } from '../../knowledge/index.js';
import type { ProcedureCatalog, ProcedureRetriever, SearchFilters } from '../../retrieval/index.js';
import { displayName, LEVEL_LABEL } from '../answer/format.js';
import { formatFullProcedure } from '../answer/compose.js';
import { procedureMatcher } from '../../retrieval/index.js';
import { fold } from '../text.js';
import type { Skill, TurnResult } from '../types.js';

export { formatFullProcedure };

export interface OfficerDeps {
  catalogue: ProcedureCatalog;
  retriever: ProcedureRetriever;
}

export interface OfficerHit {
  procedure: Procedure;
  score: number;
}

export interface OfficerSearchResult {
  query: string;
  filters: SearchFilters;
  hits: OfficerHit[];
}

const CODE = /\b\d\.\d{6}\b/;


/**
 * Officer lookup by code or words, with filters (level, field, agency, national or a
 * province's variant). Shared by the chat officer mode and the officer web page.
 * A code returns that record; words go through the retriever; filters alone list the
 * catalogue. Filters are applied again here so a retriever that ignores one is safe.
 */
export async function officerSearch(deps: OfficerDeps, query: string, filters: SearchFilters = {}, limit = 20): Promise<OfficerSearchResult> {
  const q = query.trim();
  const code = CODE.exec(q)?.[0];
  if (code) {
    const p = deps.catalogue.get(code);
    return { query: q, filters, hits: p ? [{ procedure: p, score: 1 }] : [] };
  }
  const matches = procedureMatcher(filters) ?? (() => true);
  if (!q) {
    const hits = deps.catalogue
      .all()
      .filter(matches)
      .slice(0, limit)
      .map((p) => ({ procedure: p, score: 0 }));
    return { query: q, filters, hits };
  }
  const result = await deps.retriever.search(q, { limit: limit * 2, filters });
  const hits: OfficerHit[] = [];
  for (const h of result.hits) {
    const p = deps.catalogue.get(h.code);
    if (p && matches(p)) hits.push({ procedure: p, score: h.score });
    if (hits.length >= limit) break;
  }
  return { query: q, filters, hits };
}

/**
 * Parses an officer's chat query: `cấp xã`/`cấp tỉnh`, `lĩnh vực: …`, `cơ quan: …`,
 * `tỉnh: …`, `toàn quốc`/`địa phương`, `chi tiết` (only full records). The rest is the query.
 */
export function parseOfficerQuery(text: string): { query: string; filters: SearchFilters } {
  const filters: SearchFilters = {};
  let rest = text;
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(rest);
    if (!m) return undefined;
    rest = rest.replace(m[0], ' ');
    return (m[1] ?? m[0]).trim();
  };
  const field = take(/l[ĩi]nh v[ựu]c\s*:\s*([^,;]+)/iu);
  if (field) filters.field = field;
  const agency = take(/c[ơo] quan\s*:\s*([^,;]+)/iu);
  if (agency) filters.agency = agency;
  const province = take(/t[ỉi]nh\s*:\s*([^,;]+)/iu);
  if (province) {
    filters.province = province;
    filters.scope = 'provincial';
  }
  const levels: ImplementationLevel[] = [];
  // JavaScript's \b only knows ASCII letters: Vietnamese words need Unicode-aware edges.
  if (take(/(?<!\p{L})c[ấa]p (x[ãa]|ph[ưu][ờo]ng)(?!\p{L})/iu) !== undefined) levels.push('xa');
  if (take(/(?<!\p{L})c[ấa]p t[ỉi]nh(?!\p{L})/iu) !== undefined) levels.push('tinh');
  if (levels.length) filters.levels = levels;
  if (take(/(?<!\p{L})(to[àa]n qu[ốo]c)(?!\p{L})/iu)) filters.scope = 'national';
  if (take(/(?<!\p{L})([đd][ịi]a ph[ưu][ơo]ng)(?!\p{L})/iu)) filters.scope = 'provincial';
  if (take(/(?<!\p{L})(chi ti[ếe]t)(?!\p{L})/iu)) filters.detailedOnly = true;
  return { query: rest.replace(/\s+/g, ' ').replace(/^[\s,;:]+|[\s,;:]+$/g, ''), filters };
}

const ON = ['canbo', 'che do can bo', 'bat che do can bo', 'vao che do can bo'];
const OFF = ['congdan', 'che do cong dan', 'thoat che do can bo', 'tat che do can bo', 'thoat can bo', 'ket thuc che do can bo'];

/** Officer mode: a per-conversation switch ("/canbo", "chế độ cán bộ"); full records, no chit-chat. */
export function createOfficerSkill(deps: OfficerDeps): Skill {
  return {
    name: 'officer',
    async handle(turn, next): Promise<TurnResult> {
      const f = fold(turn.text);
      const slash = turn.text.trim().toLowerCase();
      if (slash === '/congdan' || OFF.includes(f)) {
        if (turn.conversation.officer) {
          turn.conversation.officer = false;
          return { messages: [{ text: 'Đã tắt chế độ cán bộ. Trợ lý trở lại chế độ hướng dẫn công dân.' }], outcome: { behavior: 'answer', procedures: [], tags: ['officer', 'officer:off'] } };
        }
        return next();
      }
      if (slash === '/canbo' || ON.includes(f)) {
        turn.conversation.officer = true;
        return {
          messages: [
            {
              text: 'Đã bật chế độ cán bộ. Tra cứu theo mã (vd. 1.001193) hoặc từ khóa, có thể thêm bộ lọc: "cấp xã", "cấp tỉnh", "lĩnh vực: hộ tịch", "cơ quan: công an", "tỉnh: Hà Nội", "toàn quốc", "chi tiết". Gõ "/congdan" để thoát.',
            },
          ],
          outcome: { behavior: 'answer', procedures: [], tags: ['officer', 'officer:on'] },
        };
      }
      if (!turn.conversation.officer) return next();

      const { query, filters } = parseOfficerQuery(turn.text);
      const result = await officerSearch(deps, query, filters, 8);
      const procedures = result.hits.map((h) => ({ code: h.procedure.code, name: h.procedure.name, score: h.score }));
      if (result.hits.length === 0) {
        return { messages: [{ text: `Không tìm thấy thủ tục phù hợp với "${query}" và bộ lọc đã chọn.` }], outcome: { behavior: 'refuse', procedures, tags: ['officer'] } };
      }
      const first = result.hits[0]!;
      if (CODE.test(query) || result.hits.length === 1) {
        return {
          messages: [{ text: formatFullProcedure(first.procedure), links: [{ title: `Mã ${first.procedure.code}`, url: first.procedure.provenance.url }] }],
          outcome: { behavior: 'answer', procedures, procedureCode: first.procedure.code, tags: ['officer'] },
        };
      }
      const lines = [`Kết quả tra cứu (${result.hits.length}):`];
      for (const h of result.hits) {
        const p = h.procedure;
        const scope = p.scope === 'provincial' ? `, riêng ${p.province ?? 'địa phương'}` : '';
        lines.push(`- ${p.code} — ${displayName(p)} (${p.levels.map((l) => LEVEL_LABEL[l]).join(', ')}${scope}${p.detailLevel === 'index' ? ', chỉ có danh mục' : ''})`);
      }
      lines.push('Chọn mã để xem đầy đủ.');
      return {
        messages: [{ text: lines.join('\n'), suggestedActions: result.hits.map((h) => ({ title: h.procedure.code, value: h.procedure.code })) }],
        outcome: { behavior: 'answer', procedures, procedureCode: first.procedure.code, tags: ['officer'] },
      };
    },
  };
}
