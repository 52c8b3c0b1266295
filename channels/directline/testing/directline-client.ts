import { createRequire } from 'node:module';
import { DirectLine, type DirectLineOptions } from 'botframework-directlinejs';
import WebSocket from 'ws';

/**
 * Microsoft's Direct Line client (`botframework-directlinejs`) wired for Node: its HTTP
 * calls go through `fetch` instead of XMLHttpRequest, its streams through `ws`. Used by
 * integration tests and the load bench as an ordinary client of our endpoint.
 */

const require = createRequire(import.meta.url);
// The client is built on RxJS 5; its ajax port must return that version's Observable.
const { Observable } = require('rxjs') as { Observable: { create(fn: (sub: Subscriber) => () => void): unknown } };

interface Subscriber {
  next(v: unknown): void;
  error(e: unknown): void;
  complete(): void;
}

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: number;
}

function fetchAjax(request: AjaxRequest | string) {
  const req = typeof request === 'string' ? { url: request } : request;
  return Observable.create((sub) => {
    const ctrl = new AbortController();
    const timer = req.timeout ? setTimeout(() => ctrl.abort(), req.timeout) : undefined;
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    fetch(req.url, { method: req.method ?? 'GET', headers: req.headers, body, signal: ctrl.signal })
      .then(async (res) => {
        const text = await res.text();
        let response: unknown = text;
        try {
          response = text ? JSON.parse(text) : null;
        } catch {
          /* keep text */
        }
        const xhr = { getResponseHeader: (h: string) => res.headers.get(h) };
        if (res.status >= 200 && res.status < 300) {
          sub.next({ response, status: res.status, xhr });
          sub.complete();
        } else {
          sub.error({ status: res.status, response, xhr });
        }
      })
      .catch((err: unknown) => sub.error({ status: 0, error: err, xhr: { getResponseHeader: () => null } }))
      .finally(() => clearTimeout(timer));
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  });
}

/** A `DirectLine` client talking to `baseUrl` (our server) with fetch and ws. */
export function createNodeDirectLine(baseUrl: string, options: Omit<DirectLineOptions, 'domain'> & { webSocket?: boolean }): DirectLine {
  // The client only streams when a global WebSocket exists (Node 20 has none).
  if (options.webSocket !== false && typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'undefined') {
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
  }
  return new DirectLine({
    ...options,
    domain: `${baseUrl.replace(/\/$/, '')}/v3/directline`,
    ...({ ajax: fetchAjax, WebSocket } as object),
  } as DirectLineOptions);
}
