// Browser test of the membership lifecycle (issue 12) at 390×844: the S3 secretary finds the
// transfer in progress in the cell's deadline feed (MEM-TR-02), opens the member's profile
// and reads it in the lifecycle section; records an exemption in the browser — refused
// first without the medical certificate (MEM-EX-01, nothing written), then recorded — and
// sees the report upward due; the transfer step form is there for the open transfer.
//
// Run like the other browser tests (BASE_URL, CHROMIUM, E2E_REQUIRED, E2E_OUT_DIR).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_URL, OUT_DIR, PHONE, TEST_TIMEOUT, skipReason, foreign, newContext, login, noHorizontalScroll,
} from './support.mjs';

const SECRETARY = 'bithu.to3'; // secretary of the S3 cell

function ddmmyyyy(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

test('Lifecycle: a transfer in progress in the feed and on the profile, an exemption recorded in the browser', { timeout: TEST_TIMEOUT }, async (t) => {
  if (skipReason) return t.skip(skipReason);
  const { context, page: p } = await newContext({ viewport: PHONE, screen: PHONE, isMobile: true, hasTouch: true });
  await login(p, SECRETARY);
  const cellPath = (await p.locator('a[data-testid="my-cell"]').getAttribute('href')).split('?')[0];
  const cell = cellPath.split('/').pop();

  // The feed: the transfer's MEM-TR-02 deadline at the sending cell.
  const feed = await (await p.request.get(`${BASE_URL}/api/v1/orgs/${cell}/deadlines`)).json();
  const line = feed.find((l) => l.rule === 'MEM-TR-02');
  assert.ok(line, `a transfer in progress in ${JSON.stringify(feed)}`);
  assert.equal(line.source, 'lifecycle');
  assert.equal(line.kind, 'transfer_received');

  // The profile: the lifecycle section names the transfer, its deadline and its rule.
  await p.goto(`${BASE_URL}/people/${line.person}#lifecycle`);
  const section = p.locator('[data-testid="lifecycle"]');
  const text = await section.innerText();
  assert.match(text, /Chuyển sinh hoạt đảng chính thức/);
  assert.match(text, /Nộp giấy giới thiệu cho chi bộ nơi đến/);
  assert.match(text, /MEM-TR-02/);
  assert.ok(await section.locator('form[action$="/steps"]').count() >= 1, 'the step form of the open transfer');
  await noHorizontalScroll(p, 'profile with the lifecycle');
  await p.screenshot({ path: path.join(OUT_DIR, 'lifecycle-profile-390.png'), fullPage: true });

  // An exemption for poor health without the certificate: refused with the rule cited.
  const resolution = ddmmyyyy(new Date(Date.now() - 5 * 86_400_000));
  const open = async () => {
    await p.goto(`${BASE_URL}/people/${line.person}`);
    await p.locator('summary', { hasText: 'Miễn công tác và sinh hoạt đảng (theo nghị quyết chi bộ)' }).click();
  };
  await open();
  const form = p.locator('[data-testid="exemption-form"]');
  await form.locator('select[name="ground"]').selectOption('poor_health');
  await form.locator('input[name="resolution_date"]').fill(resolution);
  await p.screenshot({ path: path.join(OUT_DIR, 'lifecycle-exemption-form-390.png'), fullPage: true });
  const [refused] = await Promise.all([
    p.waitForResponse((r) => r.url().endsWith('/exemptions')),
    form.locator('button[type="submit"]').click(),
  ]);
  assert.equal(refused.status(), 422);
  assert.match(await p.locator('body').innerText(), /MEM-EX-01/);
  await p.screenshot({ path: path.join(OUT_DIR, 'lifecycle-exemption-refused-390.png'), fullPage: true });
  await p.goto(`${BASE_URL}/people/${line.person}`);
  assert.doesNotMatch(await p.locator('[data-testid="lifecycle"]').innerText(), /Miễn công tác và sinh hoạt đảng\n/);

  // Old age: recorded; the report to the commune committee is due (MEM-EX-01).
  await open();
  await form.locator('select[name="ground"]').selectOption('elderly');
  await form.locator('input[name="resolution_date"]').fill(resolution);
  await Promise.all([
    p.waitForURL((u) => u.pathname === `/people/${line.person}`),
    form.locator('button[type="submit"]').click(),
  ]);
  const after = await p.locator('[data-testid="lifecycle"]').innerText();
  assert.match(after, /Miễn công tác và sinh hoạt đảng/);
  assert.match(after, /Báo cáo cấp ủy cấp trên việc miễn công tác/);
  assert.match(after, /MEM-EX-01/);
  await p.screenshot({ path: path.join(OUT_DIR, 'lifecycle-exempted-390.png'), fullPage: true });

  assert.deepEqual(foreign, [], 'no request leaves the server');
  assert.deepEqual(p.errors, []);
  await context.close();
});
