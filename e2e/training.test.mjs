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
  textBecomes,
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
    assert.equal(await groups.nth(i).locator('tbody tr').count(), 3, `group ${i + 1}: two mock meetings held, one planned`);
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
    groups.nth(1).locator('a', { hasText: 'Sinh hoạt thường kỳ' }).first().click(),
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
    groups.nth(2).locator('a', { hasText: 'Sinh hoạt thường kỳ' }).first().click(),
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

// S2 live (TRN-01/02): group 1's learner chairs the planned mock meeting on the real live
// screen; the class's trainer, on another phone, injects a situation, which appears on the
// learner's screen through the live feed; the learner records how it was handled; both
// comment on a step beside the review; the trainer downloads the class results as Excel.
test('S2 live: a situation injected into a running mock meeting, handled, discussed; results to Excel', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const phone = { viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true };
  const learnerCtx = await newContext(phone);
  const lp = learnerCtx.page;
  await login(lp, 'hocvien.to1');
  await Promise.all([lp.waitForURL((u) => u.pathname === '/training'), lp.locator('[data-testid="link-training"]').click()]);
  await banner(lp, 'training home');
  await lp.screenshot({ path: path.join(OUT_DIR, 'training-home-learner-390.png'), fullPage: true });
  await Promise.all([
    lp.waitForURL((u) => /\/meetings\/\d+\/live$/.test(u.pathname)),
    lp.locator('[data-testid="trn-chair"]').first().click(),
  ]);
  const mock = Number(new URL(lp.url()).pathname.split('/')[2]);
  await banner(lp, 'live screen');
  await lp.locator('button[name="action"][value="start"]').click();
  await lp.waitForSelector('[data-live="status"][data-status="in_progress"]');
  await lp.waitForSelector('[data-testid="start-step"]');
  await lp.locator('[data-testid="start-step"]').click();
  await lp.waitForFunction(() => (document.querySelector('[data-live="step-title"]')?.getAttribute('data-code') || '') !== '');
  assert.ok(await lp.locator('[data-testid="situation-now"]').isHidden(), 'no situation yet');

  const trainerCtx = await newContext(phone);
  const tp = trainerCtx.page;
  await login(tp, 'giangvien.s2');
  await tp.goto(`${BASE_URL}/training/meetings/${mock}/review`);
  await banner(tp, 'trainer review');
  const select = tp.locator('#situation');
  const code = await select.locator('option').first().getAttribute('value');
  const title = (await select.locator('option').first().innerText()).split(' · ').slice(1).join(' · ').trim();
  await Promise.all([tp.waitForLoadState('load'), tp.locator('[data-testid="trn-inject"] button').click()]);
  assert.equal(await tp.locator('[data-testid="trn-situations"] li[data-handled="false"]').count(), 1, `injected ${code}`);

  // The learner's screen shows it through the live feed, without reloading.
  const box = lp.locator('[data-testid="situation-now"]');
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  await textBecomes(lp.locator('[data-live="situation-title"]'), title, 'situation title on the live screen');
  await noHorizontalScroll(lp, 'live screen with a situation');
  await lp.screenshot({ path: path.join(OUT_DIR, 'training-live-situation-390.png'), fullPage: false });
  await lp.locator('#situation-handling').fill('Đề nghị đồng chí phát biểu sau phần kết luận, thư ký ghi vào biên bản.');
  await Promise.all([
    lp.waitForURL((u) => /\/meetings\/\d+\/live$/.test(u.pathname)),
    lp.locator('[data-testid="situation-handle"] button').click(),
  ]);
  assert.ok(await lp.locator('[data-testid="situation-now"]').isHidden(), 'handled: off the screen');

  // Beside the review: the handling, and comments on step M1 by the learner and the trainer.
  await lp.goto(`${BASE_URL}/training/meetings/${mock}/review`);
  assert.equal(await lp.locator('[data-testid="trn-situations"] li[data-handled="true"]').count(), 1);
  const m1 = lp.locator('#step-M1');
  await m1.locator('summary').click();
  await m1.locator('select[name="kind"]').selectOption('difficulty');
  await m1.locator('textarea[name="body"]').fill('Điểm danh lâu vì chưa in sẵn danh sách.');
  await Promise.all([lp.waitForLoadState('load'), m1.locator('form button').click()]);
  await tp.goto(`${BASE_URL}/training/meetings/${mock}/review#step-M1`);
  const tm1 = tp.locator('#step-M1');
  await tm1.locator('summary').click();
  await tm1.locator('select[name="kind"]').selectOption('experience');
  await tm1.locator('textarea[name="body"]').fill('Ở chi bộ tôi in danh sách trước buổi họp.');
  await Promise.all([tp.waitForLoadState('load'), tm1.locator('form button').click()]);
  assert.equal(await tp.locator('#step-M1 .trn-comments li').count(), 2);
  assert.match(await tp.locator('[data-testid="trn-handling"]').innerText(), /phát biểu sau phần kết luận/);
  await noHorizontalScroll(tp, 'review with discussion');
  await tp.locator('#situations').screenshot({ path: path.join(OUT_DIR, 'training-review-situation-390.png') });
  await tp.locator('#step-M1').screenshot({ path: path.join(OUT_DIR, 'training-review-discussion-390.png') });

  // The trainer's class page: the comparison exported to Excel.
  await tp.goto(`${BASE_URL}/training`);
  await Promise.all([
    tp.waitForURL((u) => /\/training\/classes\/\d+$/.test(u.pathname)),
    tp.locator('[data-testid="trn-classes"] a').first().click(),
  ]);
  const [download] = await Promise.all([
    tp.waitForEvent('download'),
    tp.locator('[data-testid="trn-exports"] a').first().click(),
  ]);
  const file = path.join(OUT_DIR, 'training-results.xlsx');
  await download.saveAs(file);
  const fs = await import('node:fs');
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file');
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  await tp.locator('[data-testid="trn-exports"]').screenshot({ path: path.join(OUT_DIR, 'training-exports-390.png') });

  assert.deepEqual(lp.errors, []);
  assert.deepEqual(tp.errors, []);
  assert.deepEqual(foreign, []);
  await learnerCtx.context.close();
  await trainerCtx.context.close();
});
