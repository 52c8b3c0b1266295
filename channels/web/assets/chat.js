/* Citizen web chat: gets a Direct Line token from our server (the secret stays there),
 * resumes the same conversation after a reload, and renders Microsoft's Web Chat. */
(function () {
  'use strict';
  var KEY = 'tthc.directline';
  var root = document.getElementById('webchat');
  var status = document.getElementById('chat-status');

  function say(text) {
    if (status) status.textContent = text;
  }

  function post(url, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: '{}', credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  function session() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    } catch (e) {
      saved = null;
    }
    var fresh = function () {
      return post('/api/directline/token').then(function (s) {
        s.resume = false;
        return s;
      });
    };
    var start = saved && saved.token && saved.conversationId
      ? post('/v3/directline/tokens/refresh', saved.token).then(function (r) {
          return { conversationId: saved.conversationId, token: r.token, userId: saved.userId, resume: true };
        }, fresh)
      : fresh();
    return start.then(function (s) {
      try {
        sessionStorage.setItem(KEY, JSON.stringify({ conversationId: s.conversationId, token: s.token, userId: s.userId }));
      } catch (e) {
        /* private mode: the conversation simply does not survive a reload */
      }
      return s;
    });
  }

  var styleOptions = {
    accent: '#0b5cad',
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
    fontSizeSmall: '80%',
    bubbleBackground: '#f1f4f8',
    bubbleBorderRadius: 12,
    bubbleFromUserBackground: '#0b5cad',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderRadius: 12,
    bubbleMaxWidth: 640,
    bubbleMinHeight: 32,
    botAvatarInitials: 'TL',
    botAvatarBackgroundColor: '#0b5cad',
    hideUploadButton: true,
    sendBoxHeight: 48,
    sendBoxButtonColor: '#0b5cad',
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0b5cad',
    suggestedActionTextColor: '#0b5cad',
    suggestedActionBorderRadius: 18,
    suggestedActionHeight: 34,
    subtle: '#595959',
    timestampColor: '#595959',
    transcriptVisualKeyboardIndicatorColor: '#0b5cad',
  };

  if (!window.WebChat) {
    say('Dạ, không tải được khung trò chuyện. Anh/chị vui lòng tải lại trang.');
    return;
  }
  say('Đang kết nối…');
  session()
    .then(function (s) {
      var directLine = window.WebChat.createDirectLine({
        token: s.token,
        domain: location.origin + '/v3/directline',
        conversationId: s.resume ? s.conversationId : undefined,
        webSocket: true,
      });
      window.WebChat.renderWebChat(
        { directLine: directLine, locale: 'vi-VN', userID: s.userId, styleOptions: styleOptions },
        root,
      );
      say('');
      root.setAttribute('data-ready', 'true');
      var box = root.querySelector('input[type="text"], textarea');
      if (box && !window.matchMedia('(pointer: coarse)').matches) box.focus();
    })
    .catch(function () {
      say('Dạ, hệ thống đang bận, em chưa kết nối được. Anh/chị vui lòng tải lại trang sau ít phút.');
    });
})();
