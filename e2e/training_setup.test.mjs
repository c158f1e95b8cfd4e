// Browser test of setting up practice (issue 13, TRN-01, VER-01) at 390×844: the province's
// staff open their committee's training page from /training, create a course (a date that
// the chosen guidance does not govern is refused first, with everything typed kept), a class,
// a practice group with its sandbox cell, and add a learner by login; the learner then plans
// the group's thematic mock meeting and lands on its live screen, marked THỰC HÀNH.
//
// Run like the other browser tests (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, TEST_TIMEOUT, skipReason, foreign, newContext, login, noHorizontalScroll,
} from './support.mjs';

const phone = { viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true };
// Unique per run, so the test can run again on the same server.
const RUN = String(Date.now() % 100000);
const COURSE = `Bồi dưỡng bí thư chi bộ khóa ${RUN}`;
const CLASS = `Lớp bí thư chi bộ thôn, bản ${RUN}`;

async function submit(page) {
  await Promise.all([page.waitForLoadState('load'), page.locator('form.form button[type=submit]').click()]);
}

test('TRN-01 setup: staff create a course, class, group and learner; the learner plans and opens a mock meeting', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page: p } = await newContext(phone);
  await login(p, 'tochuc.tinh');
  await p.goto(`${BASE_URL}/training`);
  await Promise.all([
    p.waitForURL((u) => /\/orgs\/\d+\/training$/.test(u.pathname)),
    p.locator('[data-testid="trn-committees"] a').first().click(),
  ]);
  const committeePage = new URL(p.url()).pathname;
  // The district's S2 course of 2020 stands under the province since the reorganisation.
  assert.match(await p.locator('[data-testid="trn-courses"]').innerText(), /HD 12\/2018/);
  await noHorizontalScroll(p, 'committee training page');
  await p.screenshot({ path: path.join(OUT_DIR, 'training-committee-390.png'), fullPage: true });

  // A course practising HD 12/2018 with a 2026 date: refused (VER-01), typed values kept.
  await Promise.all([p.waitForLoadState('load'), p.locator('[data-testid="trn-new-course"]').click()]);
  await p.fill('#f-title', COURSE);
  await p.selectOption('#f-guidance', 'HD 12/2018');
  await p.fill('#f-date', '15/09/2026');
  await submit(p);
  assert.match(await p.locator('[role="alert"]').innerText(), /không thuộc thời gian hiệu lực/);
  assert.equal(await p.inputValue('#f-title'), COURSE);
  assert.equal(await p.inputValue('#f-date'), '15/09/2026');
  await noHorizontalScroll(p, 'course form refused');
  await p.screenshot({ path: path.join(OUT_DIR, 'training-course-refused-390.png'), fullPage: true });
  // No date: a day HD 12/2018 governs is chosen.
  await p.fill('#f-date', '');
  await Promise.all([p.waitForURL((u) => u.pathname === committeePage), p.locator('form.form button[type=submit]').click()]);
  const course = p.locator('[data-testid="trn-courses"] section', { hasText: COURSE });
  assert.match(await course.innerText(), /HD 12\/2018/);

  // A class, then a group of 12 sample members.
  await Promise.all([p.waitForLoadState('load'), course.locator('[data-testid="trn-new-class"]').click()]);
  await p.fill('#f-title', CLASS);
  await Promise.all([p.waitForURL((u) => /\/training\/classes\/\d+$/.test(u.pathname)), p.locator('form.form button[type=submit]').click()]);
  const classPath = new URL(p.url()).pathname;
  await Promise.all([p.waitForLoadState('load'), p.locator('[data-testid="trn-new-group"]').click()]);
  await p.fill('#f-size', '12');
  await Promise.all([p.waitForURL((u) => u.pathname === classPath), p.locator('form.form button[type=submit]').click()]);
  assert.equal(await p.locator('[data-testid="trn-group"]').count(), 1);

  // The learner, by login (the account's name is shown).
  await Promise.all([p.waitForLoadState('load'), p.locator('[data-testid="trn-new-participant"]').click()]);
  await p.selectOption('#f-role', 'learner');
  await p.fill('#f-login', 'hocvien.to3');
  await noHorizontalScroll(p, 'participant form');
  await p.screenshot({ path: path.join(OUT_DIR, 'training-participant-form-390.png'), fullPage: true });
  await Promise.all([p.waitForURL((u) => u.pathname === classPath), p.locator('form.form button[type=submit]').click()]);
  assert.match(await p.locator('[data-testid="trn-group"]').innerText(), /Cà Văn Thắm/);
  await noHorizontalScroll(p, 'new class page');
  await p.screenshot({ path: path.join(OUT_DIR, 'training-new-class-390.png'), fullPage: true });

  // The learner plans the group's thematic mock meeting and chairs it.
  const learner = await newContext(phone);
  const lp = learner.page;
  await login(lp, 'hocvien.to3');
  await lp.goto(`${BASE_URL}/training`);
  const group = lp.locator('[data-testid="trn-my-group"]', { hasText: CLASS });
  await Promise.all([lp.waitForLoadState('load'), group.locator('[data-testid="trn-new-mock"]').click()]);
  await lp.selectOption('#f-kind', 'thematic');
  await noHorizontalScroll(lp, 'mock meeting form');
  await lp.screenshot({ path: path.join(OUT_DIR, 'training-new-mock-390.png'), fullPage: true });
  await Promise.all([
    lp.waitForURL((u) => /\/meetings\/\d+\/live$/.test(u.pathname)),
    lp.locator('form.form button[type=submit]').click(),
  ]);
  assert.match(await lp.locator('[data-testid="practice-banner"]').innerText(), /THỰC HÀNH/);
  const mock = Number(new URL(lp.url()).pathname.split('/')[2]);
  await lp.goto(`${BASE_URL}/training/meetings/${mock}/review`);
  assert.equal((await lp.locator('[data-testid="trn-guidance"]').innerText()).trim(), 'HD 12/2018');

  assert.deepEqual(p.errors, []);
  assert.deepEqual(lp.errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
  await learner.context.close();
});
