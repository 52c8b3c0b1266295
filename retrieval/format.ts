import type { SearchResult } from './types.js';

/**
 * Plain-text ranking for terminals (`npm run ask`, officers' debugging): one line per
 * hit with code, fused score and per-signal contributions, then the confidence.
 */
export function formatRanking(result: SearchResult, options: { signals?: boolean } = {}): string {
  const lines = [`Câu hỏi: ${result.query}`, `Độ tin cậy: ${result.confidence}`];
  if (result.hits.length === 0) lines.push('  (không tìm thấy thủ tục phù hợp)');
  result.hits.forEach((h, i) => {
    const sig =
      options.signals !== false && h.signals
        ? `  [${Object.entries(h.signals)
            .map(([k, v]) => `${k}=${v.toFixed(3)}`)
            .join(' ')}]`
        : '';
    lines.push(`${String(i + 1).padStart(2)}. ${h.code}  ${h.score.toFixed(4)}  ${h.name}${sig}`);
  });
  if (result.alternatives.length > 0) {
    lines.push(`Lựa chọn để hỏi lại: ${result.alternatives.map((a) => a.code).join(', ')}`);
  }
  return lines.join('\n');
}

/** The JSON shape `ask --json` prints for retrieval: `{behavior, procedures:[{code,name,score}]}`. */
export function rankingJson(result: SearchResult): { procedures: { code: string; name: string; score: number }[]; confidence: string } {
  return {
    confidence: result.confidence,
    procedures: result.hits.map((h) => ({ code: h.code, name: h.name, score: h.score })),
  };
}
