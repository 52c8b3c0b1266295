/**
 * The project's one cookie reader (console, dashboard, Zalo admin pages). The header comes
 * from anyone: a malformed pair is skipped or kept raw, never thrown on.
 */

/** A `Cookie` header as name → value; values are percent-decoded when they decode. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[k] = part.slice(i + 1).trim();
    }
  }
  return out;
}

/** One cookie of a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  return parseCookies(header)[name];
}
