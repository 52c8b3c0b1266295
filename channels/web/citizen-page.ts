import { html, viDate, type SafeHtml } from './html.js';

/**
 * The citizen page: Microsoft's Web Chat (served from node_modules) in a mobile-first
 * shell. No inline script, so the page runs under a strict Content-Security-Policy.
 */
export function renderCitizenPage(options: { embed: boolean; dataDate?: string }): SafeHtml {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0b5cad">
<meta name="description" content="Hỏi đáp thủ tục hành chính: giấy tờ cần chuẩn bị, nơi nộp, lệ phí, thời gian giải quyết.">
<title>Trợ lý thủ tục hành chính</title>
<link rel="stylesheet" href="/static/chat.css">
</head>
<body${options.embed ? html` class="embed"` : ''}>
<a class="skip" href="#webchat">Bỏ qua đến khung trò chuyện</a>
<header class="top">
  <div class="logo" aria-hidden="true">TL</div>
  <div>
    <h1>Trợ lý thủ tục hành chính</h1>
    <p>Giấy tờ, nơi nộp, lệ phí, thời hạn</p>
  </div>
</header>
<main id="main">
  <p id="chat-status" role="status" aria-live="polite"></p>
  <div id="webchat" role="region" aria-label="Khung trò chuyện với trợ lý" data-testid="webchat"></div>
  <noscript><p>Dạ, trang trò chuyện cần bật JavaScript. Cán bộ và người dân có thể tra cứu thủ tục tại <a href="/tra-cuu">trang tra cứu</a>.</p></noscript>
</main>
<footer class="note">
  <span class="long">Thông tin lấy từ Cơ sở dữ liệu quốc gia về thủ tục hành chính${options.dataDate ? html` (dữ liệu ngày ${viDate(options.dataDate)})` : ''}.</span>
  Không gửi số CCCD, số điện thoại khi không cần thiết.
  <a href="/tra-cuu">Tra cứu thủ tục</a>
</footer>
<script src="/static/webchat.js"></script>
<script src="/static/chat.js"></script>
</body>
</html>
`;
}

/**
 * `/embed.js`: a ward's website adds `<script src="https://<our host>/embed.js" defer>`
 * and gets a floating button that opens the chat in an iframe of our own page (so the
 * ward's site needs no token handling and no CORS).
 */
export function renderEmbedScript(): string {
  return `/* Trợ lý TTHC: nhúng khung trò chuyện vào trang web của phường/xã. */
(function () {
  'use strict';
  if (window.__troLyTthcEmbedded) return;
  window.__troLyTthcEmbedded = true;
  var me = document.currentScript;
  var origin = me && me.src ? new URL(me.src).origin : location.origin;
  var open = false;
  var btn = document.createElement('button');
  btn.type = 'button';
  btn.textContent = 'Hỏi thủ tục hành chính';
  btn.setAttribute('aria-expanded', 'false');
  btn.setAttribute('aria-controls', 'tro-ly-tthc-frame');
  btn.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483000;background:#0b5cad;color:#fff;border:0;border-radius:24px;padding:12px 18px;font:600 15px system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer';
  var frame = document.createElement('iframe');
  frame.id = 'tro-ly-tthc-frame';
  frame.title = 'Trợ lý thủ tục hành chính';
  frame.src = 'about:blank';
  frame.style.cssText = 'position:fixed;right:16px;bottom:72px;z-index:2147483000;width:min(400px,calc(100vw - 32px));height:min(640px,calc(100vh - 96px));border:1px solid #d0d7e0;border-radius:12px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25);display:none';
  btn.addEventListener('click', function () {
    open = !open;
    if (open && frame.src === 'about:blank') frame.src = origin + '/?embed=1';
    frame.style.display = open ? 'block' : 'none';
    btn.setAttribute('aria-expanded', String(open));
    btn.textContent = open ? 'Đóng trợ lý' : 'Hỏi thủ tục hành chính';
  });
  function mount() {
    document.body.appendChild(frame);
    document.body.appendChild(btn);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
`;
}
