// chibo live meeting screens (chibo's own code, no library). Only an enhancement: every
// screen is complete without it.
//
// 1. Follows GET /api/v1/meetings/{id}/events (server-sent events, `event: state`, `id:` =
//    the meeting's version) and writes each state into the elements marked `data-live`,
//    the way the server renders them. EventSource reconnects by itself, so a phone that lost
//    its connection gets the current state back without reloading.
// 2. On the chair's screen, forms marked `data-fetch` are sent with fetch and the screen is
//    replaced by the server's answer in place (same scroll position), instead of a full
//    navigation; without JavaScript they are plain POSTs.
// 3. The vote form shows the result as it will be written while the counts are typed.
(function () {
  'use strict';

  var root = document.getElementById('live');
  if (!root) return;
  var labelsEl = document.getElementById('live-labels');
  var L = {};
  try {
    L = JSON.parse(labelsEl ? labelsEl.textContent : '{}');
  } catch (e) {
    L = {};
  }

  function all(sel, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(sel));
  }
  function one(sel, scope) {
    return (scope || document).querySelector(sel);
  }
  function setText(name, value) {
    all('[data-live="' + name + '"]').forEach(function (el) {
      var text = value === null || value === undefined ? '' : String(value);
      if (el.textContent !== text) el.textContent = text;
    });
  }
  // Rule IDs, each kept on one line ("MTG-ATT-04" never breaks at its hyphens).
  function setRules(ids) {
    all('[data-live="step-rules"]').forEach(function (el) {
      if (el.textContent === ids.join(', ')) return;
      el.textContent = '';
      ids.forEach(function (id, i) {
        if (i) el.appendChild(document.createTextNode(', '));
        var span = document.createElement('span');
        span.className = 'rid';
        span.textContent = id;
        el.appendChild(span);
      });
    });
  }
  function label(table, code) {
    return (L[table] && L[table][code]) || code;
  }
  function percent(n, d) {
    if (!d) return '—';
    var tenths = Math.floor((n * 1000 + Math.floor(d / 2)) / d);
    return Math.floor(tenths / 10) + (L.decimal || ',') + (tenths % 10) + '\u00a0%';
  }
  function resultLine(votesFor, denominator, passed) {
    return votesFor + '/' + denominator + ' ' + (L.votes_for || '') + ' (' +
      percent(votesFor, denominator) + ') — ' + (passed ? L.passed : L.not_passed);
  }
  function hhmm(iso) {
    // "2025-11-03T19:35:00" (the events' contract); a space instead of the T is read too.
    var m = /[T ](\d\d):(\d\d)/.exec(iso || '');
    return m ? m[1] + ':' + m[2] : '';
  }

  // ---- the clock: minutes since the first step started (a local time in Vietnam)
  function tick() {
    all('[data-live="clock"]').forEach(function (el) {
      var started = el.getAttribute('data-started');
      if (!started) {
        el.textContent = L.not_started || '';
        return;
      }
      var t = Date.parse(started.replace(' ', 'T') + '+07:00');
      if (isNaN(t)) return;
      var minutes = Math.floor((Date.now() - t) / 60000);
      el.textContent = minutes >= 0 && minutes <= 16 * 60
        ? minutes + ' ' + (L.minutes || '')
        : (L.since || '') + ' ' + hhmm(started);
    });
  }
  tick();
  setInterval(tick, 30000);

  // ---- one state from the server, written into the page
  function apply(s) {
    if (!s || typeof s !== 'object') return;
    root.setAttribute('data-version', String(s.version));
    all('[data-live="status"]').forEach(function (el) {
      el.setAttribute('data-status', s.status);
      el.textContent = label('status', s.status);
    });
    var running = s.current_step;
    var next = null;
    (s.steps || []).forEach(function (st) {
      if (!next && st.state === 'pending') next = st;
    });
    var focus = running || next;
    var titleEl = one('[data-live="step-title"]');
    var sameStep = titleEl && focus && titleEl.getAttribute('data-code') === focus.code;
    if (running) {
      var at = hhmm(running.started);
      setText('step-heading', (L.current_step || '') + (at ? ' · ' + at : ''));
    } else if (next) {
      setText('step-heading', L.next_step || '');
    } else {
      setText('step-heading', L.no_step || '');
    }
    all('[data-live="step-title"]').forEach(function (el) {
      el.setAttribute('data-code', focus ? focus.code : '');
      el.textContent = focus ? focus.code + ' · ' + focus.title : '';
    });
    if (running) {
      setText('step-guidance', running.guidance || '');
      setRules(running.rules || []);
    } else if (!sameStep) {
      // The event carries guidance for the running step only; the next step's is on the
      // server-rendered page, kept while it is still the same step.
      setText('step-guidance', '');
      setRules([]);
    }
    all('[data-live="clock"]').forEach(function (el) {
      el.setAttribute('data-started', s.first_started || '');
    });
    tick();
    (s.steps || []).forEach(function (st) {
      all('[data-step="' + CSS.escape(st.code) + '"]').forEach(function (li) {
        li.setAttribute('data-state', st.state);
        var stateEl = one('[data-live="step-state"]', li);
        if (stateEl) stateEl.textContent = label('step_state', st.state);
      });
    });
    var a = s.attendance || {};
    ['summoned', 'present', 'absent_excused', 'absent_unexcused', 'not_called', 'voters_present']
      .forEach(function (k) {
        if (k in a) setText('count-' + k, a[k]);
      });
    (s.roster || []).forEach(function (r) {
      all('[data-person="' + r.person + '"]').forEach(function (row) {
        row.setAttribute('data-presence', r.presence);
        var p = one('[data-live="presence"]', row);
        if (p) p.textContent = label('presence', r.presence);
        all('button[name="choice"]', row).forEach(function (b) {
          b.setAttribute('aria-pressed', b.value === r.presence ? 'true' : 'false');
        });
      });
    });
    var v = s.last_vote;
    all('[data-live="no-vote"]').forEach(function (el) { el.hidden = !!v; });
    all('[data-live="vote-body"]').forEach(function (el) { el.hidden = !v; });
    if (v) {
      setText('vote-subject', v.subject);
      setText('vote-for', v.votes_for);
      setText('vote-against', v.against);
      setText('vote-abstain', v.abstain);
      setText('vote-denominator', v.denominator);
      all('[data-live="vote-result"]').forEach(function (el) {
        el.textContent = resultLine(v.votes_for, v.denominator, v.passed);
        el.classList.toggle('passed', !!v.passed);
        el.classList.toggle('failed', !v.passed);
      });
    }
    if ('contributions' in s) setText('contributions', s.contributions);
    if ('tasks' in s) setText('tasks', s.tasks);
    // A mock meeting (training mode, TRN-02): the situation a trainer injected, until its
    // handling is recorded.
    var sit = s.situation;
    all('[data-live="situation"]').forEach(function (el) { el.hidden = !sit; });
    setText('situation-title', sit ? sit.title : '');
    setText('situation-setting', sit ? sit.setting : '');
    all('[data-live="situation-rules"]').forEach(function (el) {
      var ids = sit ? sit.rules : [];
      if (el.textContent === ids.join(', ')) return;
      el.textContent = '';
      ids.forEach(function (id, i) {
        if (i) el.appendChild(document.createTextNode(', '));
        var span = document.createElement('span');
        span.className = 'rid';
        span.textContent = id;
        el.appendChild(span);
      });
    });
    all('input[data-live="situation-id"]').forEach(function (el) {
      el.value = sit ? String(sit.id) : '';
    });
  }

  // What the stream does with a state, callable from the browser test (and the console).
  window.chiboLive = { apply: function (s) { apply(s); } };

  // ---- the event stream
  var conn = one('[data-live="connection"]');
  var everOpen = false; // no "connection lost" before the stream ever answered
  function connection(ok) {
    if (ok) everOpen = true;
    if (!conn || !everOpen) return;
    conn.hidden = false;
    conn.textContent = ok ? L.live_on : L.live_off;
    conn.setAttribute('data-state', ok ? 'on' : 'off');
  }
  var url = root.getAttribute('data-events');
  var es = null;
  var wait = 5000; // after the stream was closed for good: 5 s, doubling, at most 1 min
  var retry = null;
  function open() {
    if (!url || !('EventSource' in window) || es) return;
    es = new EventSource(url);
    es.addEventListener('open', function () {
      wait = 5000;
      connection(true);
    });
    es.addEventListener('error', function () {
      if (es && es.readyState === EventSource.CLOSED) {
        // An error answer (a server restarting, a proxy): EventSource gives up, we do not.
        es = null;
        connection(false);
        clearTimeout(retry);
        retry = setTimeout(open, wait);
        wait = Math.min(wait * 2, 60000);
      } else {
        // CONNECTING: EventSource is trying again by itself.
        connection(false);
      }
    });
    es.addEventListener('state', function (e) {
      var data;
      try {
        data = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      var seen = Number(root.getAttribute('data-version') || 0);
      if (typeof data.version === 'number' && data.version < seen) return;
      apply(data);
    });
  }
  open();
  // A phone woken up, or back online: reconnect at once rather than after the wait.
  function now() {
    if (!es) {
      clearTimeout(retry);
      open();
    }
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') now();
  });
  window.addEventListener('online', now);

  // ---- the vote form: the result as it will be written
  function preview(form) {
    if (!form) return;
    var out = one('[data-live="vote-preview"]', form);
    if (!out) return;
    var d = Number(form.getAttribute('data-denominator') || 0);
    var voters = Number(form.getAttribute('data-voters') || 0);
    var num = function (name) {
      var el = form.elements[name];
      var n = el ? parseInt(el.value, 10) : 0;
      return isNaN(n) || n < 0 ? 0 : n;
    };
    var f = num('votes_for');
    var cast = f + num('against') + num('abstain');
    var kind = form.elements.kind;
    var opt = kind && kind.options[kind.selectedIndex];
    var min = opt ? parseInt(opt.getAttribute('data-minimum') || '', 10) : NaN;
    if (cast > voters) {
      out.textContent = L.too_many_votes || '';
      out.classList.add('error');
      return;
    }
    out.classList.remove('error');
    out.textContent = resultLine(f, d, !isNaN(min) && f >= min);
  }
  document.addEventListener('input', function (e) {
    var form = e.target && e.target.form;
    if (form && form.classList.contains('vote-form')) preview(form);
  });
  document.addEventListener('change', function (e) {
    var form = e.target && e.target.form;
    if (form && form.classList.contains('vote-form')) preview(form);
  });

  // ---- the chair's forms, sent without leaving the screen
  function plainSubmit(form, submitter) {
    // form.submit() leaves out the button that was pressed (a roll-call choice): add it.
    if (submitter && submitter.name) {
      var h = document.createElement('input');
      h.type = 'hidden';
      h.name = submitter.name;
      h.value = submitter.value;
      form.appendChild(h);
    }
    form.submit();
  }
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form || !form.hasAttribute || !form.hasAttribute('data-fetch')) return;
    if (!window.fetch || !window.DOMParser || !window.URLSearchParams) return;
    e.preventDefault();
    var data = new URLSearchParams();
    all('input, select, textarea', form).forEach(function (el) {
      if (!el.name || el.disabled) return;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      if (el.tagName === 'SELECT' && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          if (o.selected) data.append(el.name, o.value);
        });
        return;
      }
      data.append(el.name, el.value);
    });
    var submitter = e.submitter;
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var buttons = all('button', form);
    buttons.forEach(function (b) { b.disabled = true; });
    // Not form.action: a field named "action" (the lifecycle and step forms) shadows it.
    fetch(form.getAttribute('action') || window.location.pathname, {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }).then(function (res) {
      // Sent somewhere else (the minutes approved: the meeting page): go there.
      if (res.redirected && new URL(res.url).pathname !== window.location.pathname) {
        window.location.assign(res.url);
        return null;
      }
      return res.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('main');
        var main = document.getElementById('main');
        if (!fresh || !main) {
          plainSubmit(form, submitter);
          return;
        }
        var y = window.scrollY;
        var focusId = document.activeElement && document.activeElement.id;
        var live = document.getElementById('live');
        var version = live && live.getAttribute('data-version');
        main.innerHTML = fresh.innerHTML;
        // The stream may already have delivered a newer state than the page we fetched.
        var newRoot = document.getElementById('live');
        if (newRoot) root = newRoot;
        if (version && Number(root.getAttribute('data-version')) < Number(version)) {
          root.setAttribute('data-version', version);
        }
        conn = one('[data-live="connection"]');
        tick();
        window.scrollTo(0, y);
        var err = one('.has-error input, .has-error select, .has-error textarea, [role="alert"]', main);
        if (!res.ok && err) {
          err.scrollIntoView({ block: 'center' });
        } else if (focusId && document.getElementById(focusId)) {
          document.getElementById(focusId).focus({ preventScroll: true });
        }
        var vf = one('form.vote-form', main);
        if (vf && one('[data-live="vote-preview"]', vf) && vf.elements.votes_for.value) preview(vf);
      });
    }).catch(function () {
      // Offline or the server unreachable: the plain POST tells the user what happened.
      buttons.forEach(function (b) { b.disabled = false; });
      plainSubmit(form, submitter);
    });
  });
})();
