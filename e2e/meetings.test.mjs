// Browser test of the meeting screens (issue 8): at 390×844 the secretary of scenario S3's
// cell chairs the demo's December 2025 meeting, brought through the API to where the demo
// of issue 8 left November (the demo now closes November), on the live screen — roll-call toggles, a
// contribution, a refused vote (too many votes) and the vote of 10 in favour (denominator
// 18, passed) — while a second browser context (superior staff, on a desktop) follows the
// members' view and the projector.
//
// Run like smoke.test.mjs (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR); `.ci/run
// --e2e-only` does everything.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, DESKTOP, TEST_TIMEOUT, skipReason, foreign,
  newContext, login, textBecomes, noHorizontalScroll, bigTargets,
} from './support.mjs';

const CHAIR = 'bithu.to3'; // secretary of the S3 cell
const WATCHER = 'tochuc.tinh'; // province staff: views every cell's meetings

/** The demo closes S3's November meeting with approved minutes (issue 9) and plans
 * December's: December is brought, through the API as any client would, to where this test
 * found November before — started, November's roll call, the agenda held from 19:30, six
 * minutes a step, up to the vote (C4), and the resolution passed 10 of 18. */
async function chairDecemberLikeNovember(page, cell) {
  const get = async (p) => (await page.request.get(`${BASE_URL}/api/v1${p}`)).json();
  const me = await get('/me');
  const headers = { 'x-csrf-token': me.csrf_token };
  const list = await get(`/orgs/${cell}/meetings?year=2025`);
  const november = await get(`/meetings/${list.find((m) => m.date === '2025-11-03').id}`);
  const december = list.find((m) => m.date === '2025-12-03').id;
  const call = async (method, p, data) => {
    const r = await page.request.fetch(`${BASE_URL}/api/v1/meetings/${december}${p}`, { method, headers, data });
    assert.ok(r.ok(), `${method} ${p}: ${r.status()} ${await r.text()}`);
  };
  await call('POST', '/transitions', { action: 'start' });
  for (const r of november.roster) {
    if (r.attendance) await call('PUT', `/attendance/${r.person}`, r.attendance);
  }
  let minutes = 19 * 60 + 30;
  for (const s of (await get(`/meetings/${december}`)).agenda.steps) {
    if (s.state.state !== 'pending') continue;
    const at = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    await call('POST', '/steps', { action: 'start', step: s.code, at });
    if (s.code === 'C4') break;
    minutes += 6;
  }
  await call('POST', '/votes', { subject: 'Nghị quyết sinh hoạt chi bộ tháng 12/2025', kind: 'resolution',
    votes_for: 10, against: 4, abstain: 2 });
}

test('the secretary chairs S3\'s December meeting while a second context follows it', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const chair = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  const watch = await newContext({ viewport: DESKTOP, screen: DESKTOP });
  const p = chair.page;
  const w = watch.page;

  // The cell page lists 2025's meetings; December's opens its page, then the live screen.
  await login(p, CHAIR);
  const cellHref = await p.locator('a[data-testid="my-cell"]').getAttribute('href');
  await chairDecemberLikeNovember(p, cellHref.split('?')[0].split('/').pop());
  await p.goto(`${BASE_URL}${cellHref.split('?')[0]}?year=2025`);
  await p.locator('[data-testid="meetings"] a', { hasText: '03/12/2025' }).click();
  await p.waitForURL((u) => /^\/meetings\/\d+$/.test(u.pathname));
  const meetingPath = new URL(p.url()).pathname;
  assert.equal((await p.locator('[data-testid="status"]').innerText()).trim(), 'Đang họp');
  await noHorizontalScroll(p, 'meeting page');
  await p.click(`a[href="${meetingPath}/live"]`);
  await p.waitForURL((u) => u.pathname === `${meetingPath}/live`);
  await noHorizontalScroll(p, 'live screen');
  await bigTargets(p, '.toggles button, form button[type=submit]', 'live screen');
  const denominator = p.locator('[data-testid="denominator-value"]');
  assert.equal((await denominator.innerText()).trim(), '18', 'the denominator before the roll call changes');

  // The second context follows the members' view.
  await login(w, WATCHER);
  await w.goto(`${BASE_URL}${meetingPath}/view`);
  const events = await w.evaluate(async (url) => {
    const c = new AbortController();
    try {
      const r = await fetch(url, { signal: c.signal });
      const type = r.headers.get('content-type') || '';
      c.abort();
      return r.ok && type.startsWith('text/event-stream');
    } catch (e) {
      return false;
    }
  }, `${meetingPath.replace('/meetings/', '/api/v1/meetings/')}/events`);
  t.diagnostic(events
    ? 'SSE endpoint present: the view is asserted to update without reload'
    : 'SSE endpoint not on this build yet: the view is asserted after a reload (live assertion ready below)');
  /** The watcher sees `text` in `selector`: live (SSE) without reload, else after one. */
  async function watcherSees(selector, text) {
    if (!events) await w.reload();
    await w.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: events ? 10_000 : 15_000 });
  }

  // Roll call: a member present taps "Vắng có lý do" with no reason: refused, in Vietnamese,
  // on that row; with a reason it is recorded and the denominator drops to 17; "Có mặt"
  // puts them back (18).
  const row = p.locator('ul.roll-call > li[data-presence="present"]').first();
  const person = await row.getAttribute('data-person');
  const rowOf = () => p.locator(`ul.roll-call > li[data-person="${person}"]`);
  const presentBefore = Number(await p.locator('[data-live="count-present"]').first().innerText());
  await rowOf().locator('button[value="absent_excused"]').click();
  await rowOf().locator('.error').waitFor();
  assert.match(await rowOf().locator('.error').innerText(), /Cần ghi lý do/);
  await rowOf().locator('input[name="reason"]').fill('Đi công tác đột xuất');
  await rowOf().locator('button[value="absent_excused"]').click();
  await p.locator(`ul.roll-call > li[data-person="${person}"][data-presence="absent_excused"]`).waitFor();
  await textBecomes(denominator, '17', 'an accepted absence leaves the denominator');
  await watcherSees('[data-live="count-present"]', String(presentBefore - 1));
  await rowOf().locator('button[value="absent_unexcused"]').click();
  await p.locator(`ul.roll-call > li[data-person="${person}"][data-presence="absent_unexcused"]`).waitFor();
  await textBecomes(denominator, '18', 'an absence without reason counts');
  await rowOf().locator('button[value="present"]').click();
  await p.locator(`ul.roll-call > li[data-person="${person}"][data-presence="present"]`).waitFor();
  await textBecomes(p.locator('[data-live="count-present"]').first(), String(presentBefore), 'present again');
  await watcherSees('[data-live="count-present"]', String(presentBefore));

  // A contribution by a member of the roster, tied to the step shown.
  const before = Number(await p.locator('[data-live="contributions"]').innerText());
  const form = p.locator('[data-testid="contribution-form"]');
  const speaker = await form.locator('select[name="person"] option:nth-child(2)').getAttribute('value');
  await form.locator('select[name="person"]').selectOption(speaker);
  await form.locator('textarea[name="text"]').fill('Đề nghị chi bộ tăng cường kiểm tra việc thực hiện nghị quyết tháng trước.');
  await form.locator('button[type="submit"]').click();
  await p.locator('[data-live="contributions"]', { hasText: String(before + 1) }).waitFor();
  await watcherSees('[data-live="contributions"]', String(before + 1));

  // The agenda: the chair finishes the step being held (C4, the vote) and starts the next
  // one; the screen shows it with its guidance and rules, and so does the watcher's view.
  const startNext = p.locator('[data-testid="start-step"]');
  if (await startNext.count()) {
    const label = (await startNext.innerText()).trim(); // "Bắt đầu C5 · Đánh giá chất lượng"
    const code = label.split(' ')[2];
    await startNext.click();
    await p.locator(`[data-live="step-title"][data-code="${code}"]`).waitFor();
    assert.match(await p.locator('[data-live="step-heading"]').textContent(), /Đang thực hiện/);
    await watcherSees(`[data-live="step-title"][data-code="${code}"]`, code);
  }

  // The vote: too many votes are refused with the message in Vietnamese and the typed
  // values kept; 10 in favour then pass over the denominator of 18.
  const vote = () => p.locator('[data-testid="vote-form"]');
  await vote().locator('input[name="subject"]').fill('Nghị quyết sinh hoạt chi bộ tháng 11/2025 (biểu quyết lại)');
  await vote().locator('input[name="votes_for"]').fill('10');
  await vote().locator('input[name="against"]').fill('10');
  assert.match(await vote().locator('[data-live="vote-preview"]').innerText(), /MTG-ATT-01/, 'the panel warns before sending');
  await vote().locator('button[type="submit"]').click();
  await p.locator('[data-testid="vote-error"]').waitFor();
  assert.match(await p.locator('[data-testid="vote-error"]').innerText(), /Số phiếu nhiều hơn số đảng viên chính thức có mặt/);
  assert.equal(await vote().locator('input[name="votes_for"]').inputValue(), '10', 'typed values kept');
  assert.equal(await vote().locator('input[name="against"]').inputValue(), '10', 'typed values kept');
  assert.match(await vote().locator('input[name="subject"]').inputValue(), /biểu quyết lại/);
  await vote().locator('input[name="against"]').fill('0');
  assert.equal(await vote().locator('[data-live="vote-preview"]').innerText(), '10/18 tán thành (55,6\u00a0%) — Thông qua');
  await vote().locator('button[type="submit"]').click();
  await p.locator('[data-live="vote-subject"]', { hasText: 'biểu quyết lại' }).waitFor();
  await textBecomes(p.locator('[data-live="vote-result"]'), '10/18 tán thành (55,6\u00a0%) — Thông qua', 'the chair sees the result');
  await watcherSees('[data-live="vote-subject"]', 'biểu quyết lại');
  await textBecomes(w.locator('[data-live="vote-result"]'), '10/18 tán thành (55,6\u00a0%) — Thông qua', 'the watcher sees the result');

  // live.js writes what the server writes: the state of the SSE contract built from the
  // meeting as the API gives it, applied to the server-rendered view, changes no text.
  await w.goto(`${BASE_URL}${meetingPath}/view`);
  const snapshot = () => w.$$eval('[data-live]', (els) => els
    .filter((e) => !['connection', 'clock', 'step', 'steps', 'last-vote'].includes(e.dataset.live))
    .map((e) => `${e.dataset.live}=${e.hidden ? '(hidden)' : e.textContent.trim()}`));
  const rendered = await snapshot();
  const applied = await w.evaluate(async (api) => {
    const m = await (await fetch(api)).json();
    const text = (id) => document.querySelector(`[data-live="${id}"]`).textContent.trim();
    const running = m.agenda.steps.find((s) => s.state.state === 'running') || null;
    const started = m.agenda.steps.map((s) => s.state.started).filter(Boolean).sort();
    const presence = (a) => !a ? 'not_called' : a.presence === 'present' ? 'present'
      : a.accepted ? 'absent_excused' : 'absent_unexcused';
    const v = m.votes[m.votes.length - 1] || null;
    window.chiboLive.apply({
      meeting: m.id, version: m.version, status: m.status, kind: m.kind, date: m.date, place: m.place,
      current_step: running && { code: running.code, title: running.title_vi, guidance: running.guidance_vi,
        rules: running.rules, started: running.state.started },
      first_started: started[0] || null,
      steps: m.agenda.steps.map((s) => ({ code: s.code, title: s.title_vi, state: s.state.state })),
      // The counts are the server's own (the SSE endpoint sends them computed).
      attendance: Object.fromEntries(['summoned', 'present', 'absent_excused', 'absent_unexcused', 'not_called',
        'voters_present'].map((k) => [k, Number(text(`count-${k}`))])),
      roster: m.roster.map((r) => ({ person: r.person, name: r.full_name, presence: presence(r.attendance),
        may_vote: r.may_vote, summoned: r.summoned })),
      last_vote: v && { subject: v.subject, kind: v.kind, votes_for: v.tally.votes_for, against: v.tally.against,
        abstain: v.tally.abstain, denominator: v.denominator, passed: v.passed },
      contributions: m.contributions.length, tasks: m.tasks.length,
    });
    return true;
  }, meetingPath.replace('/meetings/', '/api/v1/meetings/'));
  assert.ok(applied);
  assert.deepEqual(await snapshot(), rendered, 'live.js renders the state as the server does');
  // And a newer state is written into the page (what the stream will deliver).
  await w.evaluate(() => window.chiboLive.apply({
    version: 1e9, status: 'closed', current_step: null, first_started: null,
    steps: [], attendance: { present: 17 }, roster: [],
    last_vote: { subject: 'Thử', kind: 'resolution', votes_for: 9, against: 0, abstain: 0, denominator: 18, passed: false },
  }));
  assert.equal(await w.locator('[data-live="status"]').innerText(), 'Đã kết thúc');
  assert.equal(await w.locator('[data-live="count-present"]').innerText(), '17');
  assert.equal(await w.locator('[data-live="vote-result"]').innerText(), '9/18 tán thành (50,0\u00a0%) — Không thông qua');

  // Screenshots: the live screen on the phone (top: the step, the clock, the counts, the
  // last vote; then the roll call) and the projector on the hall's screen.
  await noHorizontalScroll(p, 'live screen after the vote');
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: path.join(OUT_DIR, 'meeting-live-390.png') });
  await p.locator('#roll-call').scrollIntoViewIfNeeded();
  await p.screenshot({ path: path.join(OUT_DIR, 'meeting-live-rollcall-390.png') });
  await p.screenshot({ path: path.join(OUT_DIR, 'meeting-live-390-full.png'), fullPage: true });
  await w.goto(`${BASE_URL}${meetingPath}/projector`);
  assert.equal((await w.locator('[data-live="vote-result"]').innerText()).trim(), '10/18 tán thành (55,6\u00a0%) — Thông qua');
  await w.screenshot({ path: path.join(OUT_DIR, 'meeting-projector.png') });
  await w.goto(`${BASE_URL}${meetingPath}/view`);
  await w.setViewportSize(PHONE);
  await noHorizontalScroll(w, 'members\' view');
  await w.screenshot({ path: path.join(OUT_DIR, 'meeting-view-390.png'), fullPage: true });

  // MTG-ORD-04: October's tasks, reviewed at M2 (the live screen points to them away from
  // M2; the meeting page lists them with a review form each): the chair records the first
  // as done, a plain form post back to the page.
  await p.goto(`${BASE_URL}${meetingPath}/live`);
  await Promise.all([
    p.waitForURL((u) => u.pathname === meetingPath),
    p.locator('[data-testid="carried-tasks"] a').click(),
  ]);
  const carried = p.locator('[data-testid="carried-tasks"]');
  const firstTask = carried.locator('li[id^="t-"]').first();
  const taskText = (await firstTask.locator('strong').first().innerText()).trim();
  await firstTask.locator('input[value="done"]').check();
  await Promise.all([
    p.waitForURL((u) => u.pathname === meetingPath),
    firstTask.locator('button[type="submit"]').click(),
  ]);
  assert.match(await p.locator('[data-testid="reviewed-here"]').first().innerText(), /Hoàn thành/);
  await noHorizontalScroll(p, 'meeting page with the carried tasks');
  await p.locator('[data-testid="carried-tasks"]').scrollIntoViewIfNeeded();
  await p.screenshot({ path: path.join(OUT_DIR, 'carried-tasks-390.png') });
  await p.goto(`${BASE_URL}${meetingPath}/live`);

  // MTG-MIN-01: from the approval step the chair opens the minutes in large type, reads
  // them aloud, and the meeting approves them there; the same page then shows the frozen
  // snapshot with its content hash, and the meeting is closed.
  await Promise.all([
    p.waitForURL((u) => u.pathname === `${meetingPath}/minutes`),
    p.locator('[data-testid="read-minutes"]').click(),
  ]);
  await noHorizontalScroll(p, 'minutes reading view');
  assert.equal((await p.locator('[data-testid="minutes-state"]').innerText()).trim(), 'Dự thảo');
  assert.match(await p.locator('[data-testid="minutes-votes"]').innerText(), /10\/18 tán thành/);
  assert.match(await p.locator('[data-testid="signoff"]').innerText(), /Thư ký[\s\S]*Chủ trì/);
  const fontSize = await p.locator('[data-testid="minutes-reading"]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(fontSize >= 20, `large type for reading aloud (${fontSize} px)`);
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: path.join(OUT_DIR, 'minutes-reading-390.png') });
  const minutes = p.locator('[data-testid="minutes-form"]');
  await minutes.locator('input[name="votes_for"]').fill('16');
  await Promise.all([
    p.waitForURL((u) => u.pathname === `${meetingPath}/minutes`),
    minutes.locator('button[type="submit"]').click(),
  ]);
  assert.equal((await p.locator('[data-testid="minutes-state"]').innerText()).trim(), 'Đã thông qua');
  const hash = (await p.locator('[data-testid="content-hash"]').innerText()).trim();
  assert.match(hash, /^[0-9a-f]{64}$/, 'the content hash is shown');
  assert.equal((await p.locator('[data-testid="schema-version"]').innerText()).trim(), '1');
  const api = await p.evaluate(async (u) => (await fetch(u)).json(), `${meetingPath.replace('/meetings/', '/api/v1/meetings/')}/minutes`);
  assert.equal(api.content_hash, hash, 'the page shows the stored hash');
  assert.equal(await p.locator('[data-testid="minutes-form"]').count(), 0, 'approved once');
  await noHorizontalScroll(p, 'approved minutes');
  await p.locator('[data-testid="minutes-approved"]').scrollIntoViewIfNeeded();
  await p.screenshot({ path: path.join(OUT_DIR, 'minutes-approved-390.png') });
  await p.goto(`${BASE_URL}${meetingPath}`);
  assert.equal((await p.locator('[data-testid="status"]').innerText()).trim(), 'Đã kết thúc');
  await w.reload();
  await w.locator('[data-live="status"]', { hasText: 'Đã kết thúc' }).waitFor();

  // The minutes book lists the approved meetings of 2025 with their hashes; the cell page
  // lists the open tasks by deadline (overdue ones marked), the one reviewed as done gone.
  await p.goto(`${BASE_URL}${cellHref.split('?')[0]}?year=2025`);
  await Promise.all([
    p.waitForURL((u) => u.pathname.endsWith('/minutes')),
    p.locator('[data-testid="link-book"]').click(),
  ]);
  await p.goto(`${p.url().split('?')[0]}?year=2025`);
  const book = p.locator('[data-testid="minutes-book"] > li');
  assert.equal(await book.count(), 3, 'October, November and the December just approved');
  assert.match(await p.locator('[data-testid="minutes-book"]').innerText(), new RegExp(hash));
  await noHorizontalScroll(p, 'minutes book');
  await p.screenshot({ path: path.join(OUT_DIR, 'minutes-book-390.png') });
  await p.goto(`${BASE_URL}${cellHref.split('?')[0]}`);
  const tasks = p.locator('[data-testid="open-tasks"]');
  await tasks.scrollIntoViewIfNeeded();
  assert.ok(await tasks.locator('li').count() >= 1, 'open tasks listed');
  assert.ok(!(await tasks.innerText()).includes(taskText), 'the task reviewed as done is closed');
  assert.ok(await tasks.locator('li.overdue').count() >= 1, 'overdue tasks highlighted');
  await noHorizontalScroll(p, 'cell page');
  await p.locator('#tasks').evaluate((e) => e.scrollIntoView());
  await p.screenshot({ path: path.join(OUT_DIR, 'cell-tasks-390.png') });

  // The watcher has no forms: the page shows none and the live screen is refused.
  assert.equal(await w.locator('form[action$="/votes"]').count(), 0);
  const refused = await w.goto(`${BASE_URL}${meetingPath}/live`);
  assert.equal(refused.status(), 403);

  assert.deepEqual(p.errors, [], 'uncaught JavaScript errors (chair)');
  assert.deepEqual(w.errors, [], 'uncaught JavaScript errors (watcher)');
  assert.deepEqual(foreign, [], 'requests to other origins');
  await chair.context.close();
  await watch.context.close();
});

test('live.js follows the meeting\'s event stream (a stream of the contract, served by the test)', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page } = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  await login(page, CHAIR);
  // The S3 cell's November meeting, from the cell page's list.
  const cellHref = await page.locator('a[data-testid="my-cell"]').getAttribute('href');
  await page.goto(`${BASE_URL}${cellHref.split('?')[0]}?year=2025`);
  const href = await page.locator('[data-testid="meetings"] a', { hasText: '03/11/2025' }).getAttribute('href');
  const meetings = Number(href.split('/').pop());
  assert.ok(meetings, 'the demo\'s November 2025 meeting');
  const state = {
    meeting: meetings, version: 1e6, status: 'closed', kind: 'regular', date: '2025-11-03', place: 'x',
    current_step: { code: 'C7', title: 'Bế mạc', guidance: 'Chủ trì tuyên bố bế mạc.', rules: ['MTG-DUR-01'], started: '2025-11-03T21:30:00' },
    first_started: '2025-11-03T19:30:00',
    steps: [{ code: 'C7', title: 'Bế mạc', state: 'running' }],
    attendance: { summoned: 20, present: 17, absent_excused: 1, absent_unexcused: 2, not_called: 0, voters_present: 16 },
    roster: [],
    last_vote: { subject: 'Biểu quyết thông qua biên bản', kind: 'resolution', votes_for: 16, against: 0, abstain: 0, denominator: 18, passed: true },
    contributions: 7, tasks: 3,
  };
  let served = 0;
  await context.route(`**/api/v1/meetings/${meetings}/events`, (route) => {
    served += 1;
    return route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
      body: `retry: 500\nevent: state\nid: ${state.version}\ndata: ${JSON.stringify(state)}\n\n`,
    });
  });
  await page.goto(`${BASE_URL}/meetings/${meetings}/view`);
  await page.locator('[data-live="status"]', { hasText: 'Đã kết thúc' }).waitFor();
  assert.equal(await page.locator('[data-live="step-title"]').textContent(), 'C7 · Bế mạc');
  assert.equal(await page.locator('[data-live="step-heading"]').textContent(), 'Đang thực hiện · 21:30');
  assert.equal(await page.locator('[data-live="count-present"]').textContent(), '17');
  assert.equal(await page.locator('[data-live="vote-result"]').textContent(), '16/18 tán thành (88,9\u00a0%) — Thông qua');
  assert.equal(await page.locator('[data-live="contributions"]').textContent(), '7');
  // The indicator appears once the stream has answered (this stub's stream ends at once, so
  // it may already say that it is reconnecting).
  assert.equal(await page.locator('[data-live="connection"]').isVisible(), true);
  // The stream ended: EventSource connects again by itself (retry: 500 ms).
  const deadline = Date.now() + 5000;
  while (served < 2 && Date.now() < deadline) await page.waitForTimeout(200);
  assert.ok(served >= 2, `EventSource reconnected (${served} connections)`);
  assert.deepEqual(page.errors, [], 'uncaught JavaScript errors');
  await context.close();
});
