// Browser test of the admission pipeline (issue 12) at 390×844. Scenario S1 step 4: the
// secretary finds Phương's case from the home page's "Sắp đến hạn" and the cell's board; its
// page shows the decision, the ceremony of 22/11/2024, probation complete 22/11/2025 and the
// recognition deadline with its rule. Then a whole case from sympathiser to official member
// driven through the pages: a new sympathiser added to the cell, the case opened from the
// board, every step recorded with its form (a vote below two thirds refused first, citing
// ADM-VOTE-01, the counts kept), a document recorded, until the recognition decision.
// The superior's board groups the subtree's cases by cell, overdue deadlines in red and the S4
// case 3 working days from its ADM-DEC-02 deadline marked as at risk.
//
// Run like the other browser tests (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, TEST_TIMEOUT, skipReason, foreign, newContext, login, noHorizontalScroll,
} from './support.mjs';

const SECRETARY = 'bithu.tgpl'; // secretary of the S1 cell
const shot = (p, name, fullPage = true) => p.screenshot({ path: path.join(OUT_DIR, `${name}.png`), fullPage });

/** A fact of the case page: the `dd` after the `dt` that says `label`. */
async function fact(page, label) {
  return (await page.locator('[data-testid="adm-facts"] dt', { hasText: label }).first()
    .locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

/** Fills and submits the form of step `step` on the case page; `fields` maps names to values
 * (a select's value, a checkbox's true, several values for a multiple select). */
async function record(page, step, fields, { expectError = false } = {}) {
  const form = page.locator(`[data-testid="adm-form-${step}"]`);
  if (!(await form.evaluate((d) => d.open))) await form.locator('summary').click();
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`);
    const tag = await input.first().evaluate((e) => e.tagName.toLowerCase());
    const type = await input.first().getAttribute('type');
    if (tag === 'select') await input.selectOption(value);
    else if (type === 'checkbox') { if (value) await input.check(); else await input.uncheck(); }
    else await input.fill(String(value));
  }
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  await page.waitForLoadState('load');
  if (!expectError) {
    const alerts = await page.locator('.alert[role=alert]').allInnerTexts();
    assert.deepEqual(alerts, [], `${step}: refused`);
  }
}

async function stage(page) {
  return page.locator('[data-testid="adm-stage"]').getAttribute('data-stage');
}

test('S1 step 4: the case page shows decision → ceremony → probation end → recognition deadline', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page: p } = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  await login(p, SECRETARY);
  // "Sắp đến hạn" on the secretary's home page leads to the board.
  const due = p.locator('[data-testid="due-soon"]');
  assert.match(await due.locator('h2').innerText(), /Sắp đến hạn/);
  await due.screenshot({ path: path.join(OUT_DIR, 'admissions-home-due-390.png') });
  const cellPath = (await p.locator('a[data-testid="my-cell"]').getAttribute('href')).split('?')[0];
  await p.goto(`${BASE_URL}${cellPath}`);
  await Promise.all([p.waitForURL((u) => u.pathname.endsWith('/admissions')), p.click('[data-testid="link-admissions"]')]);
  const card = p.locator('[data-testid="adm-card"]', { hasText: 'Đinh Thị Mai Phương' });
  await card.waitFor();
  assert.match(await card.innerText(), /ADM-REC-01/);
  await noHorizontalScroll(p, 'board');
  await shot(p, 'admissions-board-390');
  await Promise.all([p.waitForURL((u) => /^\/admissions\/\d+$/.test(u.pathname)), card.locator('a').first().click()]);

  assert.equal(await stage(p), 'member_life_history');
  assert.match(await fact(p, 'Đã có quyết định kết nạp'), /456-QĐ\/ĐUK · 05\/11\/2024/);
  assert.equal(await fact(p, 'Ngày lễ kết nạp'), '22/11/2024');
  assert.equal(await fact(p, 'Hết thời gian dự bị'), '22/11/2025');
  const rec = p.locator('[data-testid="adm-deadlines"] li[data-rule="ADM-REC-01"]');
  const recText = await rec.innerText();
  assert.match(recText, /Chi bộ xét công nhận đảng viên chính thức/);
  assert.match(recText, /không sớm hơn 22\/11\/2025/);
  assert.match(recText, /Hạn cuối: 05\/01\/2026/);
  // The timeline reads decision → received → ceremony → life history, in order.
  const timeline = await p.locator('[data-testid="adm-timeline"] li').allInnerTexts();
  const idx = (re) => timeline.findIndex((s) => re.test(s));
  assert.ok(idx(/05\/11\/2024/) < idx(/08\/11\/2024/) && idx(/08\/11\/2024/) < idx(/22\/11\/2024/), timeline.join('\n'));
  // The cell's resolution proposing her admission, rendered from the recorded vote.
  const href = await p.locator('[data-testid="adm-downloads"] a').first().getAttribute('href');
  const res = await p.request.get(`${BASE_URL}${href}`);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
  await noHorizontalScroll(p, 'case page');
  await shot(p, 'admissions-s1-case-390');
  assert.deepEqual(p.errors, []);
  await context.close();
});

test('A whole case from sympathiser to official member through the pages', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page: p } = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  await login(p, SECRETARY);
  const cellPath = (await p.locator('a[data-testid="my-cell"]').getAttribute('href')).split('?')[0];
  // A new sympathiser of the cell (fictional).
  const name = 'Lò Văn Khánh';
  await p.goto(`${BASE_URL}${cellPath}/non-members/new`);
  await p.fill('#f-full_name', name);
  await p.fill('#f-birth_date', '01/03/1996');
  await p.selectOption('#f-sex', 'male');
  await p.selectOption('#f-affiliation_kind', 'candidate');
  await Promise.all([p.waitForLoadState('load'), p.click('form.form button[type=submit]')]);

  await p.goto(`${BASE_URL}${cellPath}/admissions`);
  const open = p.locator('[data-testid="adm-open"]');
  await open.locator('summary').click();
  const person = await open.locator('#f-person option', { hasText: name }).getAttribute('value');
  await open.locator('#f-person').selectOption(person);
  const helpers = await open.locator('#f-helper option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]).filter(([v]) => v));
  assert.ok(helpers.length >= 3, 'three official members to help and introduce');
  // Officials of the cell in 2024 (the rules check each on the step's own date).
  const byName = (n) => helpers.find(([, label]) => label === n)[0];
  const [anh, thang] = [byName('Trần Đức Anh'), byName('Lường Văn Thắng')];
  await open.locator('#f-helper').selectOption(anh);
  await open.locator('#f-date').fill('15/01/2024');
  await Promise.all([p.waitForURL((u) => /^\/admissions\/\d+$/.test(u.pathname)), open.locator('button[type=submit]').click()]);
  assert.equal(await stage(p), 'sympathiser');
  await shot(p, 'admissions-new-case-390');

  await record(p, 'course', { date: '09/02/2024', certificate_date: '04/02/2024' });
  await record(p, 'application', { date: '29/02/2024' });
  await record(p, 'life_history', { date: '30/03/2024' });
  await record(p, 'background_check', { date: '24/05/2024', checked: ['applicant', 'parents'] });
  await record(p, 'opinions', { date: '23/06/2024', summary: 'Các đoàn thể và chi ủy nơi cư trú nhất trí giới thiệu.' });
  await record(p, 'introducers', {
    date: '08/11/2024',
    introducer1: anh, together_since1: '01/01/2019',
    introducer2: thang, together_since2: '01/01/2019',
  });
  // ADM-VOTE-01: 6 of 10 is below two thirds: refused, the rule cited, the counts kept.
  const vote = { date: '26/11/2024', method: 'secret_ballot', votes_for: '6', against: '4', denominator: '10', lower_secondary: true };
  await record(p, 'cell_resolution', vote, { expectError: true });
  const form = p.locator('[data-testid="adm-form-cell_resolution"]');
  assert.match(await form.locator('.alert').innerText(), /ADM-VOTE-01/);
  assert.equal(await form.locator('[name="votes_for"]').inputValue(), '6');
  await noHorizontalScroll(p, 'refused vote');
  await form.screenshot({ path: path.join(OUT_DIR, 'admissions-vote-refused-390.png') });
  await record(p, 'cell_resolution', { ...vote, votes_for: '9', against: '1' });
  assert.equal(await stage(p), 'cell_resolution');
  assert.match(await p.locator('[data-testid="adm-deadlines"]').innerText(), /ADM-DEC-02/);
  await record(p, 'committee_resolution', { date: '28/11/2024', reference: '31-NQ/ĐU' });
  await record(p, 'decision', { date: '02/12/2024', reference: '512-QĐ/ĐUK', issuer: 'Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh' });
  await record(p, 'decision_received', { date: '04/12/2024' });
  assert.match(await p.locator('[data-testid="adm-deadlines"]').innerText(), /ADM-CER-01/);
  await record(p, 'probation', { date: '13/12/2024', helper: anh });
  assert.equal(await fact(p, 'Hết thời gian dự bị'), '13/12/2025');
  await record(p, 'member_life_history', { date: '10/01/2025' });
  await record(p, 'recognition_resolution', { date: '16/12/2025', method: 'party_card', votes_for: '9', denominator: '10' });
  assert.match(await p.locator('[data-testid="adm-deadlines"]').innerText(), /ADM-REC-03/);
  await record(p, 'official', { date: '08/01/2026', reference: '77-QĐ/ĐUK' });
  assert.equal(await stage(p), 'official');
  assert.equal(await fact(p, 'Đảng viên chính thức từ ngày'), '13/12/2025');
  // A document of the file recorded once the case is over.
  await record(p, 'document', { kind: 'application_letter', date: '29/02/2024', file_name: 'don-xin-vao-dang.pdf' });
  assert.match(await p.locator('[data-testid="adm-checklist"]').innerText(), /don-xin-vao-dang\.pdf/);
  assert.equal(await p.locator('[data-testid="adm-timeline"] li').count(), 14);
  await noHorizontalScroll(p, 'official case');
  await shot(p, 'admissions-official-390');
  assert.deepEqual(p.errors, []);
  await context.close();
});

test('The province sees its subtree grouped by cell, overdue in red, the S4 case at risk marked', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page: p } = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  await login(p, 'tochuc.tinh');
  const scope = await p.locator('a[data-testid="scope"]').first().getAttribute('href');
  await p.goto(`${BASE_URL}${scope}/admissions`);
  assert.ok(await p.locator('[data-testid="adm-group"]').count() >= 3);
  const late = p.locator('.adm-card.overdue');
  assert.ok(await late.count() >= 1, 'the S4 case past its ADM-DEC-02 deadline');
  assert.match(await late.first().innerText(), /quá hạn \d+ ngày làm việc/);
  // ADM-DEC-02: the S4 case whose decision falls due 3 working days after the demo's day.
  const risk = p.locator('.adm-card', { hasText: 'ADM-DEC-02' });
  assert.match(await risk.innerText(), /còn 3 ngày làm việc/);
  assert.equal(await risk.locator('.adm-due.soon').count(), 1, 'at risk, marked');
  const colour = await late.first().locator('.late').first().evaluate((e) => getComputedStyle(e).color);
  assert.equal(colour, 'rgb(163, 0, 11)', 'overdue in red');
  await noHorizontalScroll(p, 'province board');
  await shot(p, 'admissions-province-390');
  assert.deepEqual(p.errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});
