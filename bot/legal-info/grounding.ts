import type { Article } from '../../knowledge/statutes/index.js';
import { LAW_BY_DOCUMENT, OFFICIAL_PORTAL } from '../../knowledge/statutes/index.js';
import type { GroundingResult, GroundingViolation } from '../grounding.js';
import { fold } from '../../knowledge/text/index.js';
import { LEGAL_BOILERPLATE } from './compose.js';
import { REFORM_NOTES } from './reform-note.js';

/**
 * Grounding check of a legal-information reply against the articles it cites (the
 * article counterpart of `checkGrounding`):
 * - every quoted line (`> ...`) is a line of a cited article, verbatim (or the cut mark "(…)");
 * - every “...” quotation outside them is an article title or text of a cited article;
 * - every link is a cited article's link or the official portal;
 * - every number outside the quoted lines is part of a citation (article number, document
 *   number, effective date, the law's name), so the reply states no age, deadline or
 *   amount that the quoted text does not.
 * Pure function, no I/O.
 */
export function checkLegalGrounding(reply: string, cited: readonly Article[]): GroundingResult {
  const violations: GroundingViolation[] = [];
  let checked = 0;
  const lines = new Set<string>();
  const texts: string[] = [];
  const numbers = new Set<string>();
  const urls = new Set<string>([OFFICIAL_PORTAL.url]);
  const addNumbers = (s: string) => {
    for (const m of s.matchAll(/\d+/g)) numbers.add(m[0].replace(/^0+(?=\d)/, ''));
  };
  for (const a of cited) {
    for (const l of [...a.intro, ...a.clauses.flatMap((c) => [c.text, ...c.points])]) {
      lines.add(l);
      texts.push(l);
    }
    texts.push(a.title);
    urls.add(a.url);
    addNumbers(a.article);
    addNumbers(a.document);
    addNumbers(a.effectiveFrom);
    const vbhn = LAW_BY_DOCUMENT.get(a.document)?.consolidated;
    if (a.source === 'vbhn2025' && vbhn) {
      addNumbers(vbhn.document);
      addNumbers(vbhn.date);
    }
    for (const m of a.amendments) {
      addNumbers(m.document);
      if (m.effectiveFrom) addNumbers(m.effectiveFrom);
    }
    addNumbers(LAW_BY_DOCUMENT.get(a.document)?.name ?? '');
    for (const c of a.clauses) addNumbers(c.number);
  }
  const evidence = ` ${fold(texts.join(' | '))} `;

  let text = reply.normalize('NFC');
  for (const b of [...Object.values(LEGAL_BOILERPLATE), ...Object.values(REFORM_NOTES)]) text = text.split(b).join(' ');
  const outside: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('> ')) {
      const q = line.slice(2);
      checked++;
      if (q !== '(…)' && !lines.has(q)) violations.push({ kind: 'quote', text: q.slice(0, 80) });
    } else {
      outside.push(line);
    }
  }
  let rest = outside.join('\n');
  rest = rest.replace(/\]\((https?:\/\/[^)\s]+)\)/g, (_m, url: string) => {
    checked++;
    if (!urls.has(url)) violations.push({ kind: 'link', text: url });
    return ']';
  });
  rest = rest.replace(/https?:\/\/[^\s)]+/g, (url) => {
    checked++;
    if (!urls.has(url)) violations.push({ kind: 'link', text: url });
    return ' ';
  });
  // A quotation found in a cited article (its title, a phrase of its text) is the article's own
  // words, numbers included ("người dưới 18 tuổi"); it is removed before the numbers are checked.
  rest = rest.replace(/“([^”]{2,})”|"([^"]{2,})"/g, (m, a?: string, b?: string) => {
    const quoted = (a ?? b ?? '').trim();
    checked++;
    if (!evidence.includes(` ${fold(quoted)}`) && !evidence.includes(fold(quoted))) {
      violations.push({ kind: 'quote', text: quoted });
      return m;
    }
    return ' ';
  });
  for (const m of rest.matchAll(/\d+(?:[.,/:-]\d+)*/g)) {
    checked++;
    if (!m[0].split(/[.,/:-]/).every((d) => numbers.has(d.replace(/^0+(?=\d)/, '')))) violations.push({ kind: 'number', text: m[0] });
  }
  return { ok: violations.length === 0, violations, checked };
}
