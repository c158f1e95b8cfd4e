// Browser test of the annual thematic plan (issue 11) at 390×844. Scenario S1 steps 1–3 as
// the demo holds them: the bloc committee's letter 799-CV/ĐUK, the cell's 2024 plan with four
// quarterly topics, acknowledged, its Q4 topic carried out by the thematic meeting of
// 22/11/2024 with approved minutes. Then the whole cycle in the browser for 2027: the Sở Tư
// pháp committee's letter (through its form, refused once and kept as typed), the plan
// started answering it, refused while a
// quarter is missing (PLAN-02, typed rows kept), submitted, returned with a comment, revised,
// submitted again and acknowledged; the thematic meeting created from the Q4 topic with its
// topic and presenter prefilled. Last, S4: the commune's view of 2026 shows the cell that
// skipped Q3 as missed.
//
// Run like the other browser tests (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, TEST_TIMEOUT, skipReason, foreign, newContext, login, noHorizontalScroll,
} from './support.mjs';

const SECRETARY = 'bithu.tgpl';
const STAFF = 'tochuc.tinh';
const COMMUNE = 'danguy.xa';
const shot = (p, name) => p.screenshot({ path: path.join(OUT_DIR, `${name}.png`), fullPage: true });
const phone = () => newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });

test('S1: directive → plan with four topics → submitted → acknowledged → Q4 carried out; S4: Q3 missed', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context: sc, page: s } = await phone();
  await login(s, SECRETARY);
  const cellPath = (await s.locator('a[data-testid="my-cell"]').getAttribute('href')).split('?')[0];
  const cell = cellPath.split('/').pop();

  // The demo's 2024 cycle: the letter with its due date, four topics, acknowledged, Q4 done.
  await s.goto(`${BASE_URL}/orgs/${cell}/plan?year=2024`);
  const directives = await s.locator('[data-testid="directives"]').innerText();
  assert.match(directives, /799-CV\/ĐUK/);
  assert.match(directives, /Hạn gửi kế hoạch: 31\/12\/2023/);
  assert.equal((await s.locator('[data-testid="plan-status"]').innerText()).trim(), 'Đã tiếp nhận');
  const items = s.locator('[data-testid="plan-items"] > li');
  assert.equal(await items.count(), 4);
  const q4 = items.filter({ has: s.locator('[data-state]') }).nth(3);
  assert.match(await q4.innerText(), /Văn hoá hợp tác, làm việc nhóm trong Chi bộ Trung tâm trợ giúp pháp lý/);
  assert.equal(await q4.getAttribute('data-state'), 'minutes_approved');
  assert.equal((await q4.locator('[data-testid="item-state"]').innerText()).trim(), 'Đã thông qua biên bản');
  await noHorizontalScroll(s, 'the 2024 plan');
  await shot(s, 'plan-2024-s1-390');
  // The plan as a document, numbered since it was submitted (DOC-05/06).
  for (const [id, magic] of [['plan-pdf', '%PDF'], ['plan-docx', 'PK']]) {
    const href = await s.locator(`[data-testid="${id}"]`).getAttribute('href');
    const doc = await s.request.get(`${BASE_URL}${href}`);
    assert.equal(doc.status(), 200, href);
    assert.equal((await doc.body()).subarray(0, magic.length).toString('latin1'), magic);
  }
  const meeting = await q4.locator('[data-testid="item-meeting"]').getAttribute('href');
  await s.goto(`${BASE_URL}${meeting}`);
  assert.match(await s.locator('main').innerText(), /22\/11\/2024/);

  // The Sở Tư pháp committee's letter for 2027, through its form on the superior view.
  const { context: fc, page: f } = await phone();
  await login(f, STAFF);
  await f.goto(`${BASE_URL}${cellPath}`);
  const justice = (await f.locator('[data-testid="superior"]').getAttribute('href')).split('?')[0].split('/').pop();
  await f.goto(`${BASE_URL}/orgs/${justice}/plans?year=2027`);
  await Promise.all([f.waitForURL((u) => u.pathname.endsWith('/directives/new')), f.click('[data-testid="new-directive"]')]);
  assert.equal(await f.locator('#f-year').inputValue(), '2027');
  assert.equal(await f.locator('#f-issuer').inputValue(), 'Đảng ủy Sở Tư pháp');
  // A number not in the DOC-06 form and a due date before the letter: refused in
  // Vietnamese, everything typed kept.
  await f.fill('#f-reference', '21/ĐU');
  await f.fill('#f-date', '20/11/2026');
  await f.fill('#f-title', 'Xây dựng kế hoạch sinh hoạt chuyên đề năm 2027');
  await f.fill('#f-due_by', '31/12/2026');
  await f.fill('#f-topics', 'Văn hoá công sở\nHọc tập và làm theo tư tưởng Hồ Chí Minh');
  await f.click('form.form button[type=submit]');
  const refused = await f.locator('main').innerText();
  assert.match(refused, /Số văn bản phải có dạng/);
  assert.equal(await f.locator('#f-title').inputValue(), 'Xây dựng kế hoạch sinh hoạt chuyên đề năm 2027');
  assert.match(await f.locator('#f-topics').inputValue(), /Văn hoá công sở\nHọc tập/);
  await noHorizontalScroll(f, 'the directive form');
  await shot(f, 'plan-directive-refused-390');
  await f.fill('#f-reference', '21-CV/ĐU');
  await Promise.all([f.waitForURL((u) => u.pathname === `/orgs/${justice}/plans`), f.click('form.form button[type=submit]')]);
  const sent = await f.locator('[data-testid="plans-directives"]').innerText();
  assert.match(sent, /21-CV\/ĐU[\s\S]*Hạn gửi kế hoạch: 31\/12\/2026/);
  assert.match(sent, /Văn hoá công sở/);
  await shot(f, 'plan-directive-sent-390');

  // The cell sees it on its home page with the due date, and starts its plan answering it.
  await s.goto(`${BASE_URL}/orgs/${cell}/plan?year=2027`);
  assert.match(await s.locator('[data-testid="directives"]').innerText(), /21-CV\/ĐU[\s\S]*Hạn gửi kế hoạch: 31\/12\/2026/);
  await Promise.all([s.waitForURL((u) => /^\/plans\/\d+$/.test(u.pathname)), s.click('[data-testid="plan-create"] button')]);
  const planPath = new URL(s.url()).pathname;
  assert.equal((await s.locator('[data-testid="plan-status"]').innerText()).trim(), 'Đang soạn');

  // Three quarters typed, "save and submit": refused (PLAN-02), the rows kept as typed.
  const row = (n) => ({
    q: s.locator(`#q${n}`), m: s.locator(`#m${n}`), g: s.locator(`#g${n}`), t: s.locator(`#t${n}`), p: s.locator(`#p${n}`),
  });
  const titles = ['Học tập tư tưởng Hồ Chí Minh về phục vụ nhân dân', 'Kỹ năng tư vấn pháp luật', 'Phòng, chống tiêu cực', 'Văn hoá hợp tác, làm việc nhóm (năm thứ tư)'];
  for (const n of [0, 1]) await row(n).t.fill(titles[n]);
  await row(3).t.fill(titles[3]);
  await row(3).g.selectOption('party_building');
  await row(3).m.selectOption('12');
  const presenter = await row(3).p.locator('option').nth(2).getAttribute('value');
  await row(3).p.selectOption(presenter);
  await row(2).t.fill('');
  await s.click('[data-testid="plan-submit"]');
  const errors = await s.locator('[data-testid="plan-errors"]').innerText();
  assert.match(errors, /ít nhất một chuyên đề mỗi quý \(PLAN-02\)/);
  assert.equal(await s.locator('#t1').inputValue(), titles[1], 'typed rows kept');
  await shot(s, 'plan-plan02-refused-390');

  // A month outside its quarter: the row names the error, nothing lost.
  const quarterOf = async (n) => s.locator(`#q${n}`).inputValue();
  let q3row = null;
  for (const n of [0, 1, 2, 3, 4]) {
    if ((await s.locator(`#q${n}`).count()) && (await quarterOf(n)) === '3' && !(await s.locator(`#t${n}`).inputValue())) { q3row = n; break; }
  }
  assert.notEqual(q3row, null, 'a blank row for quarter III');
  await s.locator(`#t${q3row}`).fill(titles[2]);
  await s.locator(`#m${q3row}`).selectOption('11');
  await s.click('[data-testid="plan-submit"]');
  assert.match(await s.locator('[data-testid="plan-errors"]').innerText(), /Tháng không thuộc quý đã chọn/);
  assert.equal(await s.locator(`#t${q3row}`).inputValue(), titles[2]);
  await s.locator(`#m${q3row}`).selectOption('8');
  await Promise.all([s.waitForURL((u) => u.pathname === planPath), s.click('[data-testid="plan-submit"]')]);
  assert.equal((await s.locator('[data-testid="plan-status"]').innerText()).trim(), 'Đã gửi');
  await noHorizontalScroll(s, 'the submitted plan');
  await shot(s, 'plan-submitted-390');

  // The superior returns it with a comment; the cell revises, resubmits; it is acknowledged.
  await f.goto(`${BASE_URL}${planPath}`);
  await f.fill('#r-comment', 'Ghi rõ người trình bày các quý I–III.');
  await f.click('[data-testid="plan-return"]');
  assert.equal((await f.locator('[data-testid="plan-status"]').innerText()).trim(), 'Bị trả lại');
  assert.match(await f.locator('[data-testid="plan-comments"]').innerText(), /Ghi rõ người trình bày/);
  await s.goto(`${BASE_URL}${planPath}`);
  assert.equal(await s.locator('[data-testid="plan-edit"]').count(), 0, 'a returned plan is not edited before a revision');
  await s.click('[data-testid="plan-revise"] button');
  assert.equal((await s.locator('[data-testid="plan-status"]').innerText()).trim(), 'Đang soạn');
  await s.locator('#p0').selectOption(presenter);
  await s.click('[data-testid="plan-submit"]');
  assert.equal((await s.locator('[data-testid="plan-status"]').innerText()).trim(), 'Đã gửi');
  await f.goto(`${BASE_URL}${planPath}`);
  await shot(f, 'plan-review-390');
  await f.click('[data-testid="plan-acknowledge"]');
  assert.equal((await f.locator('[data-testid="plan-status"]').innerText()).trim(), 'Đã tiếp nhận');
  await s.goto(`${BASE_URL}${planPath}`);
  assert.match(await s.locator('[data-testid="plan-versions"]').innerText(), /Bị trả lại[\s\S]*Đã tiếp nhận/);

  // Following the plan: the Q4 meeting created from its topic, prefilled; the item scheduled.
  const q4item = s.locator('[data-testid="plan-items"] > li[data-quarter="4"]');
  await q4item.locator('summary').click();
  const form = q4item.locator('form');
  await form.locator('input[name=date]').fill('15/08/2027');
  await form.locator('input[name=place]').fill('Phòng họp Trung tâm');
  await form.locator('button').click();
  assert.match(await s.locator('[data-testid="plan-errors"]').innerText(), /trong quý của chuyên đề/);
  assert.equal(await s.locator('[data-testid="plan-items"] > li[data-quarter="4"] input[name=place]').inputValue(), 'Phòng họp Trung tâm');
  const again = s.locator('[data-testid="plan-items"] > li[data-quarter="4"] form');
  await again.locator('input[name=date]').fill('10/12/2027');
  await Promise.all([s.waitForURL((u) => /^\/meetings\/\d+$/.test(u.pathname)), again.locator('button').click()]);
  const main = await s.locator('main').innerText();
  assert.match(main, /Văn hoá hợp tác, làm việc nhóm \(năm thứ tư\)/);
  await shot(s, 'plan-meeting-from-item-390');
  await s.goto(`${BASE_URL}${planPath}`);
  assert.equal(await s.locator('[data-testid="plan-items"] > li[data-quarter="4"]').getAttribute('data-state'), 'scheduled');
  await shot(s, 'plan-2027-followed-390');

  // S4: the commune's view of 2026 — counts, chart, reminders, the cell that skipped Q3.
  const { context: cc, page: c } = await phone();
  await login(c, COMMUNE);
  const commune = (await c.locator('a[data-testid="scope"]').first().getAttribute('href')).split('/').pop();
  await c.goto(`${BASE_URL}/orgs/${commune}/plans?year=2026`);
  assert.equal(await c.locator('[data-testid="plans-chart"] rect').count(), 6);
  assert.match(await c.locator('[data-testid="plans-reminders"]').innerText(), /31\/12\/2025/);
  await noHorizontalScroll(c, 'the superior view');
  await shot(c, 'plans-s4-390');
  await c.goto(`${BASE_URL}/orgs/${commune}/plans?year=2026&missed=1`);
  // Whatever today's date (after Q3 2026): exactly one cell has a missed Q3 topic.
  const rows = c.locator('[data-testid="plans"] tbody tr');
  assert.ok((await rows.count()) >= 1);
  const skipped = rows.filter({ has: c.locator('td:nth-child(5) [data-state="missed"]') });
  assert.equal(await skipped.count(), 1, 'one cell skipped Q3');
  const cells = skipped.first().locator('td');
  assert.equal(await cells.nth(2).locator('[data-state="minutes_approved"]').count(), 1);
  await shot(c, 'plans-s4-missed-390');

  assert.deepEqual([...s.errors, ...f.errors, ...c.errors], []);
  assert.deepEqual(foreign, []);
  await sc.close();
  await fc.close();
  await cc.close();
});
