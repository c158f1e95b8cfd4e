// Browser test of scenario S1 (issue 9) at 390×844: the agency cell's thematic meeting and
// the admission ceremony of 22/11/2024, held and approved in the demo, read back with their
// frozen minutes and content hashes; the new member's profile shows her probation and the
// cell's recognition deadline. Then the secretary records a second ceremony in the browser
// (the act's form, a refused decision number first), the meeting approves its minutes in
// the reading view, and the second staff member becomes probationary from its date.
//
// Run like the other browser tests (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, TEST_TIMEOUT, skipReason, foreign, newContext, login, noHorizontalScroll,
} from './support.mjs';

const SECRETARY = 'bithu.tgpl'; // secretary of the S1 cell

/** The meeting of `kind` ("Lễ kết nạp đảng viên", …) on `date` in the cell page's list. */
async function openMeeting(page, cellPath, year, date, kind) {
  await page.goto(`${BASE_URL}${cellPath}?year=${year}`);
  await Promise.all([
    page.waitForURL((u) => /^\/meetings\/\d+$/.test(u.pathname)),
    page.locator('[data-testid="meetings"] a', { hasText: date }).filter({ hasText: kind }).click(),
  ]);
  return new URL(page.url()).pathname;
}

/** The approved minutes of a meeting in the reading view: frozen, with their hash. */
async function approvedMinutes(page, meetingPath) {
  await page.goto(`${BASE_URL}${meetingPath}/minutes`);
  assert.equal((await page.locator('[data-testid="minutes-state"]').innerText()).trim(), 'Đã thông qua');
  const hash = (await page.locator('[data-testid="content-hash"]').innerText()).trim();
  assert.match(hash, /^[0-9a-f]{64}$/);
  return hash;
}

/** A fact of a profile or meeting page: the `dd` after the `dt` that says `label`. */
async function fact(page, label) {
  return (await page.locator('dt', { hasText: label }).first().locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

test('S1: the thematic meeting and the ceremony of 22/11/2024, and a ceremony recorded in the browser', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page: p } = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  await login(p, SECRETARY);
  const cellPath = (await p.locator('a[data-testid="my-cell"]').getAttribute('href')).split('?')[0];

  // The thematic meeting: closed, its minutes frozen with the presenter and the conclusion.
  const thematic = await openMeeting(p, cellPath, 2024, '22/11/2024', 'Sinh hoạt chuyên đề');
  assert.equal((await p.locator('[data-testid="status"]').innerText()).trim(), 'Đã kết thúc');
  await approvedMinutes(p, thematic);
  assert.match(await p.locator('[data-testid="minutes-reading"]').innerText(), /Văn hoá hợp tác, làm việc nhóm/);

  // The ceremony: its act on the meeting page, its minutes frozen with the act in them.
  const ceremony = await openMeeting(p, cellPath, 2024, '22/11/2024', 'Lễ kết nạp đảng viên');
  const act = p.locator('[data-testid="ceremony"]');
  assert.match(await act.innerText(), /Đinh Thị Mai Phương/);
  assert.match(await act.innerText(), /456-QĐ\/ĐUK/);
  assert.equal(await act.locator('form').count(), 0, 'the act of an approved ceremony no longer changes');
  await noHorizontalScroll(p, 'ceremony meeting page');
  await act.scrollIntoViewIfNeeded();
  await p.screenshot({ path: path.join(OUT_DIR, 'ceremony-act-390.png') });
  await approvedMinutes(p, ceremony);
  const frozenAct = await p.locator('[data-testid="minutes-ceremony"]').innerText();
  assert.match(frozenAct, /Đinh Thị Mai Phương/);
  assert.match(frozenAct, /Trần Đức Anh/);
  await p.locator('[data-testid="minutes-approved"]').scrollIntoViewIfNeeded();
  await p.screenshot({ path: path.join(OUT_DIR, 'ceremony-minutes-390.png') });

  // Her profile: probationary from the ceremony, the helper, and the deadlines
  // (ADM-PRB-01/03, ADM-LL-01, ADM-REC-01 on the working-day calendar).
  await p.goto(`${BASE_URL}${cellPath}?date=2024-11-22`);
  await Promise.all([
    p.waitForURL((u) => /^\/people\/\d+$/.test(u.pathname)),
    p.locator('a', { hasText: 'Đinh Thị Mai Phương' }).first().click(),
  ]);
  assert.equal(await fact(p, 'Ngày lễ kết nạp'), '22/11/2024');
  assert.equal(await fact(p, 'Đảng viên giúp đỡ'), 'Trần Đức Anh');
  assert.equal(await fact(p, 'Hết thời gian dự bị'), '22/11/2025');
  assert.equal(await fact(p, 'Hạn chi bộ xét công nhận'), '05/01/2026');
  await noHorizontalScroll(p, 'profile');
  await p.screenshot({ path: path.join(OUT_DIR, 'new-member-profile-390.png'), fullPage: true });

  // A second ceremony, planned from the cell page and recorded in the browser.
  await p.goto(`${BASE_URL}${cellPath}?year=2024`);
  const plan = p.locator('[data-testid="plan-meeting"]');
  await p.locator('details.plan-meeting > summary').click();
  await plan.locator('select[name="kind"]').selectOption('admission_ceremony');
  await plan.locator('input[name="date"]').fill('13/12/2024');
  await plan.locator('input[name="planned_start"]').fill('15:00');
  await plan.locator('input[name="place"]').fill('Phòng họp Trung tâm');
  await Promise.all([
    p.waitForURL((u) => /^\/meetings\/\d+$/.test(u.pathname)),
    plan.locator('button[type="submit"]').click(),
  ]);
  const second = new URL(p.url()).pathname;
  const form = p.locator('[data-testid="ceremony-form"]');
  await form.locator('select[name="new_members"]').selectOption({ label: 'Điêu Thị Hoa' });
  await form.locator('input[name="decision_ref"]').fill('512/ĐUK');
  await form.locator('input[name="decision_date"]').fill('02/12/2024');
  await form.locator('input[name="issuer"]').fill('Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh');
  await form.locator('input[name="received_on"]').fill('04/12/2024');
  await form.locator('select[name="helper"]').selectOption({ label: 'Trần Đức Anh' });
  await form.locator('button[type="submit"]').click();
  // DOC-06: refused next to its field, in Vietnamese, what was typed kept.
  await p.locator('#e-decision_ref').waitFor();
  assert.match(await p.locator('#e-decision_ref').innerText(), /456-QĐ\/ĐUK/);
  assert.equal(await form.locator('input[name="issuer"]').inputValue(), 'Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh');
  await form.locator('input[name="decision_ref"]').fill('512-QĐ/ĐUK');
  await Promise.all([
    p.waitForURL((u) => u.pathname === second),
    form.locator('button[type="submit"]').click(),
  ]);
  const recorded = await p.locator('[data-testid="ceremony"]').innerText();
  assert.match(recorded, /Điêu Thị Hoa/);
  assert.match(recorded, /13\/12\/2025/, 'probation would end on the anniversary');
  await noHorizontalScroll(p, 'ceremony form');

  // Held: started, everyone present (the roll call through the API, as the live screen's
  // toggles do), then the minutes approved in the reading view.
  await p.locator('[data-testid="transitions"] button[value="start"]').click();
  await p.locator('[data-testid="status"]', { hasText: 'Đang họp' }).waitFor();
  const api = `${BASE_URL}/api/v1${second}`;
  const me = await (await p.request.get(`${BASE_URL}/api/v1/me`)).json();
  const meeting = await (await p.request.get(api)).json();
  let voters = 0;
  for (const r of meeting.roster) {
    const put = await p.request.put(`${api}/attendance/${r.person}`, {
      headers: { 'x-csrf-token': me.csrf_token }, data: { presence: 'present' },
    });
    assert.ok(put.ok(), await put.text());
    if (r.may_vote) voters += 1;
  }
  await p.goto(`${BASE_URL}${second}/minutes`);
  assert.equal((await p.locator('[data-testid="minutes-state"]').innerText()).trim(), 'Dự thảo');
  assert.match(await p.locator('[data-testid="minutes-ceremony"]').innerText(), /512-QĐ\/ĐUK/);
  const minutes = p.locator('[data-testid="minutes-form"]');
  await minutes.locator('input[name="votes_for"]').fill(String(voters));
  await Promise.all([
    p.waitForURL((u) => u.pathname === `${second}/minutes`),
    minutes.locator('button[type="submit"]').click(),
  ]);
  assert.match((await p.locator('[data-testid="content-hash"]').innerText()).trim(), /^[0-9a-f]{64}$/);

  // She is now a probationary member of the cell from 13/12/2024, with her deadlines.
  await p.goto(`${BASE_URL}${cellPath}?date=2024-12-13`);
  await Promise.all([
    p.waitForURL((u) => /^\/people\/\d+$/.test(u.pathname)),
    p.locator('a', { hasText: 'Điêu Thị Hoa' }).first().click(),
  ]);
  assert.equal(await fact(p, 'Ngày lễ kết nạp'), '13/12/2024');
  assert.equal(await fact(p, 'Hết thời gian dự bị'), '13/12/2025');
  assert.match(await fact(p, 'Hạn chi bộ xét công nhận'), /^\d{2}\/\d{2}\/\d{4}$/);

  assert.deepEqual(p.errors, [], 'uncaught JavaScript errors');
  assert.deepEqual(foreign, [], 'requests to other origins');
  await context.close();
});
