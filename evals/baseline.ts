import MiniSearch from 'minisearch';
import type { Procedure } from '../knowledge/index.js';

/**
 * The baseline every figure is printed beside: a stock BM25 library (MiniSearch, its
 * default tokeniser and term processing, no Vietnamese handling, no vocabulary, no
 * priors) over each procedure's name and full text.
 */
export function procedureFullText(p: Procedure): string {
  const parts: string[] = [p.name, ...p.fields, ...p.agencies, ...p.applicants, ...p.steps, ...p.results];
  if (p.competentAuthority) parts.push(p.competentAuthority);
  if (p.conditions) parts.push(p.conditions);
  if (p.submissionAddress) parts.push(p.submissionAddress);
  for (const g of p.documentGroups) {
    parts.push(g.title);
    for (const i of g.items) parts.push(i.name);
  }
  for (const c of p.channels) {
    parts.push(c.description);
    for (const f of c.fees) parts.push(f.description);
  }
  for (const l of p.legalBasis) parts.push(l.title);
  return parts.join('\n');
}

export class BaselineSearch {
  private readonly index: MiniSearch<{ id: string; name: string; text: string }>;
  private readonly names = new Map<string, string>();

  constructor(procedures: readonly Procedure[]) {
    this.index = new MiniSearch({ fields: ['name', 'text'], idField: 'id' });
    this.index.addAll(
      procedures.map((p) => {
        this.names.set(p.code, p.name);
        return { id: p.code, name: p.name, text: procedureFullText(p) };
      }),
    );
  }

  search(query: string, limit = 10): { code: string; name: string; score: number }[] {
    return this.index
      .search(query)
      .slice(0, limit)
      .map((r) => ({ code: String(r.id), name: this.names.get(String(r.id)) ?? '', score: r.score }));
  }
}
