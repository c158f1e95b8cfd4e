// Shared by the browser tests: the environment (BASE_URL, CHROMIUM, E2E_REQUIRED,
// E2E_OUT_DIR), one headless Chromium, contexts that refuse other origins and collect page
// errors, the demo login, and the checks every screen gets at 390 px.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = process.env.E2E_OUT_DIR || path.join(HERE, 'out');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const REQUIRED = process.env.E2E_REQUIRED === '1';
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 720 };
export const PASSWORD = 'chibo-demo';
export const TEST_TIMEOUT = 180_000;

export let skipReason = null;
if (!BASE_URL) skipReason = 'BASE_URL is not set';
else if (!existsSync(CHROMIUM)) skipReason = `${CHROMIUM} is missing (apt-get install chromium)`;
if (skipReason && REQUIRED) {
  throw new Error(`E2E_REQUIRED=1 but the browser tests cannot run: ${skipReason}`);
}
if (skipReason) console.log(`SKIPPED: chibo browser tests: ${skipReason}`);

let browser = null;
export const foreign = [];

before(async () => {
  if (skipReason) return;
  const { chromium } = await import('playwright-core');
  mkdirSync(OUT_DIR, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}, { timeout: TEST_TIMEOUT });

after(async () => {
  if (browser) await browser.close();
});

/** A fresh context (own cookies) that refuses any other origin and collects page errors. */
export async function newContext(opts) {
  const context = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    deviceScaleFactor: 1,
    ...opts,
  });
  context.setDefaultTimeout(15_000);
  const origin = new URL(BASE_URL).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(String(err)));
  return { context, page };
}

export async function login(page, who) {
  await page.goto(`${BASE_URL}/login`);
  await page.fill('input#login', who);
  await page.fill('input#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button[type=submit]')]);
}

/** Waits until `locator`'s text is `expected` (the row and the counts are updated by two
 * answers — the form's and the live event's — which may land in either order). */
export async function textBecomes(locator, expected, message) {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText()).trim();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(last, expected, message);
}

export async function noHorizontalScroll(page, what) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${what}: scrolls sideways (${scrollWidth} > ${innerWidth})`);
}

/** Touch targets of the roll call and the forms are at least 44 px high. */
export async function bigTargets(page, selector, what) {
  const small = await page.$$eval(selector, (els) =>
    els.filter((e) => e.offsetParent !== null)
      .map((e) => [e.textContent.trim(), Math.round(e.getBoundingClientRect().height)])
      .filter(([, h]) => h < 44));
  assert.deepEqual(small, [], `${what}: touch targets under 44 px`);
}

