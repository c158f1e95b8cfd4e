// Browser test of the situation bank written by trainers (issue 13, TRN-02) at 390×844: the
// province's staff open their committee's bank from the situation bank page, write a
// situation through the form "Viết tình huống" (a malformed rule first: refused in
// Vietnamese with what was typed kept), and the S2 class's trainer — the class belongs to
// the district, under the province — injects it into group 2's running mock meeting; the
// learner's live screen shows it.
//
// Run like the other browser tests (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, TEST_TIMEOUT, skipReason, foreign, newContext, login, noHorizontalScroll,
  textBecomes,
} from './support.mjs';

const CODE = 'TT-E2E';
const TITLE = 'Đảng viên đề nghị hoãn biểu quyết sang kỳ sau';

test('TRN-02: a trainer writes a situation through the form and injects it into a mock meeting', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const phone = { viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true };
  const staffCtx = await newContext(phone);
  const sp = staffCtx.page;
  await login(sp, 'tochuc.tinh');
  await sp.goto(`${BASE_URL}/training/situations`);
  await Promise.all([
    sp.waitForURL((u) => /^\/orgs\/\d+\/training\/situations$/.test(u.pathname)),
    sp.locator('[data-testid="trn-banks"] a').first().click(),
  ]);
  const form = sp.locator('[data-testid="trn-bank-write"] form');
  await form.locator('input[name="code"]').fill(CODE);
  await form.locator('input[name="title_vi"]').fill(TITLE);
  await form.locator('textarea[name="setting_vi"]').fill('Khi chủ trì đề nghị biểu quyết nghị quyết, một đảng viên đề nghị hoãn biểu quyết sang kỳ sau vì chưa đủ thông tin.');
  await form.locator('textarea[name="expected_vi"]').fill('Chủ trì nêu quy định về biểu quyết, xin ý kiến chi bộ về đề nghị hoãn; nếu đa số không tán thành thì tiến hành biểu quyết, ghi ý kiến vào biên bản.');
  await form.locator('input[name="rules"]').fill('bieu-quyet');
  await form.locator('input[name="kinds"][value="regular"]').check();
  await Promise.all([sp.waitForLoadState('load'), form.locator('button[type="submit"]').click()]);
  // Refused: the message in Vietnamese, what was typed kept.
  await sp.waitForSelector('#e-rules');
  assert.match(await sp.locator('#e-rules').innerText(), /Mã quy định không đúng dạng/);
  assert.equal(await sp.locator('input[name="title_vi"]').inputValue(), TITLE);
  assert.ok(await sp.locator('input[name="kinds"][value="regular"]').isChecked(), 'kind kept');
  await noHorizontalScroll(sp, 'bank form refused');
  await sp.locator('[data-testid="trn-bank-write"]').screenshot({ path: path.join(OUT_DIR, 'training-bank-refused-390.png') });
  await sp.locator('input[name="rules"]').fill('MTG-ATT-03, MTG-ORD-02');
  await Promise.all([
    sp.waitForURL((u) => /^\/orgs\/\d+\/training\/situations$/.test(u.pathname) && u.hash === `#s-${CODE}`),
    sp.locator('[data-testid="trn-bank-write"] button[type="submit"]').click(),
  ]);
  const item = sp.locator(`[data-testid="trn-bank-written"] li[data-code="${CODE}"]`);
  assert.equal(await item.count(), 1);
  assert.match(await item.innerText(), /MTG-ATT-03/);
  await noHorizontalScroll(sp, 'bank page');
  await sp.screenshot({ path: path.join(OUT_DIR, 'training-bank-390.png'), fullPage: true });

  // Group 2's learner starts the planned mock meeting on the live screen.
  const learnerCtx = await newContext(phone);
  const lp = learnerCtx.page;
  await login(lp, 'hocvien.to2');
  await lp.goto(`${BASE_URL}/training`);
  await Promise.all([
    lp.waitForURL((u) => /\/meetings\/\d+\/live$/.test(u.pathname)),
    lp.locator('[data-testid="trn-chair"]').first().click(),
  ]);
  const mock = Number(new URL(lp.url()).pathname.split('/')[2]);
  await lp.locator('button[name="action"][value="start"]').click();
  await lp.waitForSelector('[data-live="status"][data-status="in_progress"]');

  // The class's trainer finds the province's situation in the inject form and injects it.
  const trainerCtx = await newContext(phone);
  const tp = trainerCtx.page;
  await login(tp, 'giangvien.s2');
  await tp.goto(`${BASE_URL}/training/meetings/${mock}/review`);
  assert.match(await tp.locator('[data-testid="practice-banner"]').innerText(), /THỰC HÀNH/);
  await tp.locator('#situation').selectOption(CODE);
  await Promise.all([tp.waitForLoadState('load'), tp.locator('[data-testid="trn-inject"] button').click()]);
  const injected = tp.locator('[data-testid="trn-situations"] li[data-handled="false"]');
  assert.equal(await injected.count(), 1);
  assert.match(await injected.innerText(), new RegExp(TITLE));
  await noHorizontalScroll(tp, 'review with the trainer situation');
  await tp.locator('#situations').screenshot({ path: path.join(OUT_DIR, 'training-bank-injected-390.png') });

  // On the learner's live screen, through the live feed.
  await lp.locator('[data-testid="situation-now"]').waitFor({ state: 'visible', timeout: 15_000 });
  await textBecomes(lp.locator('[data-live="situation-title"]'), TITLE, 'situation title on the live screen');

  for (const p of [sp, lp, tp]) assert.deepEqual(p.errors, []);
  assert.deepEqual(foreign, []);
  for (const c of [staffCtx, learnerCtx, trainerCtx]) await c.context.close();
});
