/**
 * A tiny HTTP client for the console as a browser would use it: keeps cookies, reads the
 * CSRF token from pages, submits forms. Used by integration tests.
 */
export class ConsoleClient {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly baseUrl: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  /** Raw `Set-Cookie` headers of the last response, for attribute checks. */
  lastSetCookie: string[] = [];

  async request(method: string, path: string, init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const headers: Record<string, string> = { ...this.extraHeaders, ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      headers.accept = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const c of this.lastSetCookie) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const k = pair!.slice(0, i);
      const v = pair!.slice(i + 1);
      if (v === '' || /Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text) ?? /name="csrf-token" content="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return { status: res.status, text, headers: res.headers };
  }

  /** The `Cookie` header this client would send. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  /** Submits a form with the current CSRF token (unless `_csrf` is given). */
  post(path: string, form: Record<string, string> = {}) {
    return this.request('POST', path, { form: { _csrf: this.csrf, ...form } });
  }

  async login(username: string, password: string) {
    await this.get('/console/login');
    return this.post('/console/login', { username, password });
  }
}
