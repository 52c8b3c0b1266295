import type { Procedure } from '../../knowledge/index.js';
import type {
  Confidence,
  ProcedureCatalog,
  ProcedureRetriever,
  SearchHit,
  SearchOptions,
  SearchResult,
} from '../../retrieval/index.js';
import { procedureMatcher } from '../../retrieval/index.js';
import { fold } from '../text.js';
import { FIXTURE_DATA_DATE, FIXTURE_PROCEDURES } from './fixtures.js';

/** In-memory catalogue over a fixed list of records. */
export class FakeCatalogue implements ProcedureCatalog {
  private readonly byCode: Map<string, Procedure>;
  constructor(
    private readonly procedures: readonly Procedure[] = FIXTURE_PROCEDURES,
    readonly dataDate: string = FIXTURE_DATA_DATE,
  ) {
    this.byCode = new Map(procedures.map((p) => [p.code, p]));
  }
  get(code: string): Procedure | undefined {
    return this.byCode.get(code);
  }
  all(): readonly Procedure[] {
    return this.procedures;
  }
  get contentHash(): string {
    return `fake-${this.procedures.length}`;
  }
}

const SYNONYMS: Array<[string, string]> = [
  ['gks', 'giay khai sinh'],
  ['cccd', 'can cuoc'],
  ['ho khau', 'thuong tru'],
  ['dkkh', 'dang ky ket hon'],
  ['cuoi', 'ket hon'],
  ['lam lai', 'dang ky lai'],
  ['gpxd', 'giay phep xay dung'],
  ['xay nha', 'giay phep xay dung nha o'],
];

const QUERY_STOPWORDS = new Set(
  'thu tuc lam cho con can gi o dau the nao bao nhieu toi tui em anh chi minh muon hoi a vay nhu khong k ko duoc la va voi cua thi sao nhe oi giup mang theo nhung phai di xin nop be ban'.split(' '),
);

const GENERIC = new Set(['thu', 'tuc', 'dang', 'ky', 'cap', 'doi', 'voi', 'moi']);

function nameTokens(name: string): string[] {
  // A province's variant scores like the national procedure unless the province is named (bonus below).
  const all = fold(name.replace(/\s*\([^)]*\)\s*$/u, '')).split(' ').filter(Boolean);
  const specific = all.filter((t) => !GENERIC.has(t));
  return specific.length ? specific : all;
}

/**
 * Deterministic token-overlap retriever for tests: enough to exercise the bot's
 * answer/clarify/refuse decisions without the real indexes.
 */
export class FakeRetriever implements ProcedureRetriever {
  constructor(private readonly catalogue: ProcedureCatalog) {}

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const limit = options.limit ?? 5;
    const allowed = procedureMatcher(options.filters) ?? (() => true);
    const codeMatch = /\b\d\.\d{6}\b/.exec(query);
    if (codeMatch) {
      const p = this.catalogue.get(codeMatch[0]);
      if (p && allowed(p)) {
        const hit = { code: p.code, name: p.name, score: 1 };
        return { query, hits: [hit], confidence: 'exact', alternatives: [] };
      }
    }
    let q = ` ${fold(query)} `;
    for (const [from, to] of SYNONYMS) q = q.split(` ${from} `).join(` ${to} `);
    const qTokens = q.trim().split(' ').filter(Boolean);
    const qSet = new Set(qTokens);
    const content = qTokens.filter((t) => !QUERY_STOPWORDS.has(t));
    const hits: SearchHit[] = [];
    for (const p of this.catalogue.all()) {
      if (!allowed(p)) continue;
      const nt = nameTokens(p.name);
      const matched = nt.filter((t) => qSet.has(t)).length;
      if (matched === 0) continue;
      const nameCoverage = matched / nt.length;
      const nameSet = new Set(nt);
      const queryCoverage = content.length ? content.filter((t) => nameSet.has(t)).length / content.length : 0;
      const province = p.province ? fold(p.province).split(' ').filter((t) => t !== 'tp' && t !== 'tinh') : [];
      const bonus = province.length && province.every((t) => qSet.has(t)) ? 0.1 : 0;
      const score = Math.round((0.7 * nameCoverage + 0.3 * queryCoverage + bonus) * 1000) / 1000;
      hits.push({ code: p.code, name: p.name, score });
    }
    hits.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
    const top = hits.slice(0, limit);
    const best = top[0];
    let confidence: Confidence = 'low';
    let alternatives: SearchHit[] = [];
    if (best && best.score >= 0.4) {
      alternatives = top.filter((h) => h.score >= best.score * 0.75);
      confidence = alternatives.length > 1 ? 'ambiguous' : 'high';
      if (confidence === 'high') alternatives = [];
    }
    return { query, hits: top, confidence, alternatives };
  }
}

