// Live updates for the case page: Server-Sent Events with a polling fallback, and the reply
// form sent with fetch so the page never reloads. No framework, no inline script (CSP).
(function () {
  'use strict';
  // Queue and SLA board: announce changes (new offers, status changes) without reloading.
  var watch = document.getElementById('queue-watch');
  if (watch) {
    var snapshotOf = function (cases) {
      return cases
        .filter(function (c) { return c.status !== 'closed'; })
        .map(function (c) { return c.caseId + ':' + c.status + ':' + (c.lawyerId || '') + ':' + (c.flagged ? 1 : 0); })
        .sort()
        .join(',');
    };
    var initial = watch.getAttribute('data-snapshot');
    var announced = false;
    setInterval(function () {
      if (announced) return;
      fetch('/console/', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || snapshotOf(data.cases) === initial) return;
          announced = true;
          var a = document.createElement('a');
          a.href = window.location.pathname;
          a.textContent = 'Tải lại để xem';
          watch.textContent = 'Danh sách hồ sơ vừa thay đổi. ';
          watch.appendChild(a);
        })
        .catch(function () {});
    }, 20000);
  }

  var list = document.getElementById('transcript');
  if (!list) return;
  var caseId = list.getAttribute('data-case');
  var base = '/console/cases/' + encodeURIComponent(caseId);
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var labels = { citizen: 'Người dân', lawyer: 'Luật sư', system: 'Hệ thống' };

  function fmt(iso) {
    var d = new Date(new Date(iso).getTime() + 7 * 3600000);
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return p(d.getUTCHours()) + ':' + p(d.getUTCMinutes()) + ' ' + p(d.getUTCDate()) + '/' + p(d.getUTCMonth() + 1);
  }

  function add(entry) {
    if (!entry || !entry.id || list.querySelector('[data-id="' + entry.id + '"]')) return;
    var li = document.createElement('li');
    li.className = 'msg from-' + entry.from;
    li.setAttribute('data-id', entry.id);
    var who = document.createElement('span');
    who.className = 'who';
    who.textContent = labels[entry.from] || entry.from;
    var time = document.createElement('time');
    time.setAttribute('datetime', entry.at);
    time.textContent = fmt(entry.at);
    var p = document.createElement('p');
    p.textContent = entry.text;
    li.appendChild(who);
    li.appendChild(time);
    li.appendChild(p);
    if (entry.delivery === 'failed') {
      var e = document.createElement('p');
      e.className = 'error';
      e.textContent = 'Chưa gửi được: ' + (entry.deliveryError || '');
      li.appendChild(e);
    }
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  var polling = null;
  function poll() {
    fetch(base + '/transcript.json', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) data.transcript.forEach(add); })
      .catch(function () {});
  }
  function startPolling() { if (!polling) polling = setInterval(poll, 5000); }

  if (window.EventSource) {
    var es = new EventSource(base + '/events');
    es.addEventListener('transcript', function (ev) { try { add(JSON.parse(ev.data)); } catch (e) {} });
    es.addEventListener('case', function (ev) {
      var status = document.querySelector('[data-testid="case-status"]');
      if (status) status.setAttribute('data-changed', '1');
    });
    es.onerror = function () { if (es.readyState === 2) startPolling(); };
  } else {
    startPolling();
  }

  var form = document.getElementById('reply-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var box = document.getElementById('reply');
      var status = document.getElementById('reply-status');
      var text = box.value.trim();
      if (!text) return;
      var button = form.querySelector('button');
      button.disabled = true;
      status.textContent = 'Đang gửi…';
      fetch(base + '/reply', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ text: text })
      })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (r) {
          if (!r.ok) { status.textContent = 'Không gửi được: ' + ((r.body.error && r.body.error.message) || 'lỗi'); return; }
          add(r.body.result);
          box.value = '';
          status.textContent = r.body.result.delivery === 'failed' ? 'Tin đã lưu nhưng chưa tới được người dân.' : 'Đã gửi.';
        })
        .catch(function () { status.textContent = 'Mất kết nối, vui lòng thử lại.'; })
        .then(function () { button.disabled = false; });
    });
  }
})();
