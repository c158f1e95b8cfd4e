// Browser test of scenario S2 (issue 13, TRN-01, TRN-02) at 390×844: the province's staff
// open the district's practice class of 20/8/2020 — three groups, their mock meetings and
// scores, the step-by-step comparison and its chart — read the review of group 2's regular
// meeting (M2 skipped) and group 3's (M2 held before M1), then answer the quiz and get it marked
// with the rules' text. Every page shows the THỰC HÀNH banner.
//
// Run like the other browser tests (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, TEST_TIMEOUT, skipReason, foreign, newContext, login, noHorizontalScroll,
} from './support.mjs';

const TRAINER = 'tochuc.tinh'; // province staff: the district is in their subtree

async function banner(page, what) {
  assert.match(await page.locator('[data-testid="practice-banner"]').innerText(), /THỰC HÀNH/, `${what}: banner`);
}

test('S2: the practice class of 20/8/2020, the reviews, the comparison and the quiz', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page: p } = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  await login(p, TRAINER);

  // The demo holds one practice class (S2), the first one created.
  const klass = { id: 1 };
  await p.goto(`${BASE_URL}/training/classes/${klass.id}`);
  await banner(p, 'class');
  const groups = p.locator('[data-testid="trn-group"]');
  assert.equal(await groups.count(), 3);
  for (let i = 0; i < 3; i++) {
    assert.equal(await groups.nth(i).locator('tbody tr').count(), 2, `group ${i + 1}: two mock meetings`);
  }
  const compare = p.locator('[data-testid="trn-compare"]');
  assert.equal(await compare.locator('tr[data-step="M2"] td').nth(1).getAttribute('data-state'), 'skipped');
  assert.equal(await compare.locator('tr[data-step="M2"] td').nth(2).getAttribute('data-state'), 'out_of_order');
  assert.ok(await p.locator('svg[data-testid="trn-chart"] rect[data-state="skipped"]').count() >= 1);
  await noHorizontalScroll(p, 'class page');
  await p.screenshot({ path: path.join(OUT_DIR, 'training-class-390.png'), fullPage: true });

  // Group 2's regular meeting: M2 skipped, with its rules.
  await Promise.all([
    p.waitForURL((u) => /\/training\/meetings\/\d+\/review$/.test(u.pathname)),
    groups.nth(1).locator('a', { hasText: 'Sinh hoạt thường kỳ' }).click(),
  ]);
  await banner(p, 'review 2');
  const skipped = p.locator('[data-finding="step_skipped"][data-step="M2"]');
  assert.equal(await skipped.count(), 1);
  assert.match(await skipped.innerText(), /[A-Z]+-[A-Z]+-\d+/);
  assert.ok(Number(await p.locator('[data-testid="trn-review-score"]').innerText()) < 100);
  await noHorizontalScroll(p, 'review page');
  await p.screenshot({ path: path.join(OUT_DIR, 'training-review-skipped-390.png'), fullPage: true });

  // Group 3's: M2 held before M1, so out of its place.
  await p.goto(`${BASE_URL}/training/classes/${klass.id}`);
  await Promise.all([
    p.waitForURL((u) => /\/training\/meetings\/\d+\/review$/.test(u.pathname)),
    groups.nth(2).locator('a', { hasText: 'Sinh hoạt thường kỳ' }).click(),
  ]);
  assert.equal(await p.locator('[data-finding="step_out_of_order"][data-step="M2"]').count(), 1);
  await p.screenshot({ path: path.join(OUT_DIR, 'training-review-order-390.png'), fullPage: true });

  // The mock meeting's own page carries the banner too.
  await p.locator('a', { hasText: 'Mở buổi họp' }).click();
  await banner(p, 'mock meeting page');

  // The quiz: the first five questions answered with their first shown choice, marked.
  await p.goto(`${BASE_URL}/training/quiz`);
  const qs = p.locator('.trn-q');
  assert.ok(await qs.count() >= 40);
  for (let i = 0; i < 5; i++) await qs.nth(i).locator('input[type=radio]').first().check();
  await Promise.all([p.waitForLoadState('load'), p.locator('form[data-testid="trn-quiz"] button').click()]);
  await p.waitForSelector('[data-testid="trn-quiz-result"]');
  const result = await p.locator('[data-testid="trn-quiz-result"]').innerText();
  assert.match(result, /trên 5/);
  assert.equal(await p.locator('.trn-q[data-correct]').count(), 5);
  assert.match(await qs.nth(0).innerText(), /MTG-FREQ-01/);
  await noHorizontalScroll(p, 'quiz');
  await p.screenshot({ path: path.join(OUT_DIR, 'training-quiz-390.png'), fullPage: false });

  await p.goto(`${BASE_URL}/training/situations`);
  assert.ok(await p.locator('[data-testid="trn-situations"] > li').count() >= 15);
  await p.screenshot({ path: path.join(OUT_DIR, 'training-situations-390.png') });

  assert.deepEqual(p.errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});
