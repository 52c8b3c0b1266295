/**
 * Markdown-lite to plain text, for channels that show no markdown (Zalo, SMS-like clients):
 * `**bold**` and `__bold__` lose their marks, `_emphasis_` between spaces too, and inline
 * links `[title](url)` become text through `link` (default "title: url"). Anything else is
 * left as written: this cleans what the answer composer produces, it is not a parser.
 */
export function stripMarkdown(text: string, options: { link?: (title: string, url: string) => string } = {}): string {
  const link = options.link ?? ((title: string, url: string) => `${title}: ${url}`);
  return text
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_\n]+)__/g, '$1')
    .replace(/(^|\s)_([^_]+)_(?=\s|$)/g, '$1$2')
    .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, (_m, title: string, url: string) => link(title, url));
}
