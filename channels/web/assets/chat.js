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

  var FONT_STACK = styleOptions.primaryFont;

  /**
   * Whether this device can draw emoji (👍): drawn in colour, or at least unlike the box a
   * missing glyph gets (a private-use character has no glyph in ordinary fonts). Without an
   * emoji font the feedback signs would show as empty boxes.
   */
  function canDrawEmoji() {
    try {
      var canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 40;
      var ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) return true;
      ctx.textBaseline = 'top';
      ctx.font = '28px ' + FONT_STACK;
      var draw = function (text) {
        ctx.clearRect(0, 0, 40, 40);
        ctx.fillStyle = '#000';
        ctx.fillText(text, 2, 2);
        return ctx.getImageData(0, 0, 40, 40).data;
      };
      var emoji = draw('\ud83d\udc4d');
      for (var i = 0; i < emoji.length; i += 4) {
        if (emoji[i + 3] > 0 && (emoji[i] !== emoji[i + 1] || emoji[i + 1] !== emoji[i + 2])) return true;
      }
      var missing = draw('\ue000');
      for (var j = 0; j < emoji.length; j++) if (emoji[j] !== missing[j]) return true;
      return false;
    } catch (e) {
      return true;
    }
  }

  /** Words for the feedback signs; other pictographs are dropped (they carry no meaning alone). */
  var EMOJI_WORDS = [
    [/\ud83d\udc4d(?:\ud83c[\udffb-\udfff])?\ufe0f?/g, '«Hữu ích»'],
    [/\ud83d\udc4e(?:\ud83c[\udffb-\udfff])?\ufe0f?/g, '«Chưa hữu ích»'],
    [/[\ud83c-\ud83e][\udc00-\udfff]\ufe0f?/g, ''],
  ];
  function withoutEmoji(text) {
    if (typeof text !== 'string') return text;
    for (var i = 0; i < EMOJI_WORDS.length; i++) text = text.replace(EMOJI_WORDS[i][0], EMOJI_WORDS[i][1]);
    return text;
  }
  function activityWithoutEmoji(a) {
    var copy = Object.assign({}, a, { text: withoutEmoji(a.text) });
    if (a.suggestedActions && a.suggestedActions.actions) {
      copy.suggestedActions = Object.assign({}, a.suggestedActions, {
        actions: a.suggestedActions.actions.map(function (b) {
          // A sign alone is sent as its words ("Hữu ích"/"Chưa hữu ích" are understood as the
          // signs); a value with more ("👎 Sai thông tin", a reason) goes back as the bot gave
          // it, and its echo is shown in words like any incoming text.
          var bare = typeof b.value === 'string' && /^\s*\ud83d[\udc4d\udc4e](?:\ud83c[\udffb-\udfff])?\ufe0f?\s*$/.test(b.value);
          return Object.assign({}, b, { title: withoutEmoji(b.title), value: bare ? withoutEmoji(b.value).replace(/[«»]/g, '') : b.value });
        }),
      });
    }
    return copy;
  }
  var emojiOk = canDrawEmoji();
  document.documentElement.setAttribute('data-emoji', emojiOk ? 'yes' : 'no');

  function createStore() {
    if (emojiOk) return window.WebChat.createStore({});
    return window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action && action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity && action.payload.activity.type === 'message') {
            action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: activityWithoutEmoji(action.payload.activity) }) });
          }
          return next(action);
        };
      };
    });
  }

  /**
   * Long answers with several headed parts (the full list of documents by group, fees by case)
   * become collapsible sections: a heading paragraph ("**Giấy tờ phải nộp**") and what follows
   * it up to the next heading. On a phone only the first is open. Short answers stay as they are.
   * The nodes are Web Chat's sanitised markdown, moved, never re-parsed.
   */
  var SECTION_MIN_TEXT = 700;
  function isHeading(el) {
    if (el.tagName !== 'P' || el.children.length !== 1 || el.children[0].tagName !== 'STRONG') return false;
    var text = el.textContent.replace(/[\s\u200b]+/g, ' ').trim();
    return text.length > 0 && text.length <= 120 && text === el.children[0].textContent.replace(/[\s\u200b]+/g, ' ').trim();
  }
  function sectionize(container) {
    if (container.getAttribute('data-sections')) return;
    container.setAttribute('data-sections', 'checked');
    var children = Array.prototype.slice.call(container.children);
    var headings = children.filter(isHeading);
    if (headings.length < 2 || container.textContent.length < SECTION_MIN_TEXT) return;
    var narrow = window.matchMedia('(max-width: 600px)').matches;
    var current = null;
    children.forEach(function (el) {
      if (isHeading(el)) {
        current = document.createElement('details');
        current.className = 'tthc-section';
        if (!narrow || container.querySelectorAll('details.tthc-section').length === 0) current.open = true;
        var summary = document.createElement('summary');
        summary.textContent = el.textContent.replace(/[\s\u200b]+/g, ' ').replace(/:\s*$/, '').trim();
        current.appendChild(summary);
        container.insertBefore(current, el);
        container.removeChild(el);
      } else if (current) {
        current.appendChild(el);
      }
    });
    container.setAttribute('data-sections', String(headings.length));
    clampLongItems(container);
  }

  /** A list item of several long sentences shows three lines and a "Xem thêm" button. */
  var LONG_ITEM = 240;
  function clampLongItems(container) {
    var items = container.querySelectorAll('details.tthc-section li');
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      if (li.textContent.length <= LONG_ITEM || li.querySelector('.tthc-clamp')) continue;
      var body = document.createElement('span');
      body.className = 'tthc-clamp';
      while (li.firstChild) body.appendChild(li.firstChild);
      li.appendChild(body);
      var more = document.createElement('button');
      more.type = 'button';
      more.className = 'tthc-more';
      more.textContent = 'Xem thêm';
      more.setAttribute('aria-expanded', 'false');
      more.addEventListener('click', function (event) {
        var item = event.currentTarget.parentNode;
        var open = item.classList.toggle('tthc-open');
        event.currentTarget.textContent = open ? 'Thu gọn' : 'Xem thêm';
        event.currentTarget.setAttribute('aria-expanded', String(open));
      });
      li.appendChild(more);
    }
  }
  function watchSections(root) {
    var scan = function () {
      var found = root.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__text-content__markdown > .webchat__render-markdown:not([data-sections])');
      for (var i = 0; i < found.length; i++) sectionize(found[i]);
    };
    new MutationObserver(scan).observe(root, { childList: true, subtree: true });
    scan();
  }

  /**
   * 👍/👎 under each answer the bot marks rateable (`channelData.feedback`): two real buttons
   * (words where the device draws no emoji). A tap sends the sign as the citizen's message, so
   * the bot records it (and offers reasons after a 👎); the row then says thank you.
   * Web Chat's DOM carries no activity ids: its store lists the activities in transcript order,
   * one article each, so the newest rendered activities are matched to the newest articles.
   */
  var FEEDBACK_SIGNS = [
    { sign: '\ud83d\udc4d', words: 'Hữu ích', label: 'Câu trả lời hữu ích' },
    { sign: '\ud83d\udc4e', words: 'Chưa hữu ích', label: 'Câu trả lời chưa hữu ích' },
  ];
  var FEEDBACK_THANKS = 'Cảm ơn anh/chị đã đánh giá.';
  var rated = {};
  function isRendered(a) {
    return a && a.type === 'message' && ((typeof a.text === 'string' && a.text.trim() !== '') || (a.attachments && a.attachments.length > 0));
  }
  function isRateable(a) {
    return !!(a && a.channelData && a.channelData.feedback === true && a.from && a.from.role !== 'user');
  }
  function thank(row) {
    row.textContent = '';
    var note = document.createElement('span');
    note.setAttribute('role', 'status');
    note.textContent = FEEDBACK_THANKS;
    note.style.cssText = 'font-size:85%;color:#595959;';
    row.appendChild(note);
  }
  function feedbackRow(activity, store) {
    var row = document.createElement('div');
    row.className = 'tthc-feedback';
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', 'Đánh giá câu trả lời');
    row.style.cssText = 'display:flex;gap:8px;align-items:center;margin:4px 0 0 4px;';
    var key = activity.id || '';
    if (key && rated[key]) {
      thank(row);
      return row;
    }
    FEEDBACK_SIGNS.forEach(function (f) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'tthc-feedback__button';
      b.setAttribute('aria-label', f.label);
      b.title = f.label;
      b.textContent = emojiOk ? f.sign : f.words;
      b.style.cssText = 'min-height:36px;min-width:44px;padding:4px 12px;border:1px solid #0b5cad;border-radius:18px;background:#fff;color:#0b5cad;font:inherit;cursor:pointer;';
      b.addEventListener('click', function () {
        if (key) rated[key] = true;
        thank(row);
        // The sign itself, also where it is drawn as words: the bot reads a sign as feedback
        // whatever came before, and the echo is shown in words like any incoming text.
        store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: f.sign } });
      });
      row.appendChild(b);
    });
    return row;
  }
  function watchFeedback(root, store) {
    var scan = function () {
      var activities = ((store.getState() || {}).activities || []).filter(isRendered);
      var articles = root.querySelectorAll('article.webchat__basic-transcript__activity');
      for (var k = 1; k <= Math.min(activities.length, articles.length); k++) {
        var a = activities[activities.length - k];
        var article = articles[articles.length - k];
        if (!isRateable(a) || article.querySelector('.tthc-feedback')) continue;
        article.appendChild(feedbackRow(a, store));
      }
    };
    new MutationObserver(scan).observe(root, { childList: true, subtree: true });
    scan();
  }

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
      var store = createStore();
      window.WebChat.renderWebChat(
        { directLine: directLine, store: store, locale: 'vi-VN', userID: s.userId, styleOptions: styleOptions },
        root,
      );
      say('');
      watchSections(root);
      watchFeedback(root, store);
      root.setAttribute('data-ready', 'true');
      var box = root.querySelector('input[type="text"], textarea');
      if (box && !window.matchMedia('(pointer: coarse)').matches) box.focus();
    })
    .catch(function () {
      say('Dạ, hệ thống đang bận, em chưa kết nối được. Anh/chị vui lòng tải lại trang sau ít phút.');
    });
})();
