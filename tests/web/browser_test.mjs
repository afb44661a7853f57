// End-to-end browser test of `moneytrail serve` and its web UI, driven by
// Playwright (playwright-core from tools/serve/web/node_modules) over the system
// Chromium. run_browser_test.sh prepares the store, the users and the server and
// passes what this needs in the environment:
//
//   MONEYTRAIL_URL        base URL of the running server (http://127.0.0.1:PORT)
//   MONEYTRAIL_WEB        tools/serve/web (has node_modules/playwright-core)
//   MONEYTRAIL_TOKEN      an investigator's bearer token
//   MONEYTRAIL_USER       that investigator's name
//   MONEYTRAIL_CASE       the case the investigator is assigned to
//   MONEYTRAIL_COLLECTOR  the account that received the case's ransom
//   MONEYTRAIL_MULE       an account the case flags (freeze) that is a counterparty of the collector
//   SCRATCH_DIR           where the browser profile and the download go
//   SCREENSHOT_DIR        where the screenshots go (default SCRATCH_DIR)
//   CHROMIUM              the browser (default /usr/bin/chromium)
//
// Exit 0 when every step passed; otherwise 1 with the failed step on stderr (and a
// screenshot failure.png). The whole run is bounded by 60 s.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const OVERALL_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

function need(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`browser test: FAIL: environment variable ${name} is not set`);
    process.exit(1);
  }
  return v;
}

const base = need('MONEYTRAIL_URL').replace(/\/$/, '');
const web = need('MONEYTRAIL_WEB');
const token = need('MONEYTRAIL_TOKEN');
const user = need('MONEYTRAIL_USER');
const caseId = need('MONEYTRAIL_CASE');
const collector = need('MONEYTRAIL_COLLECTOR');
const mule = need('MONEYTRAIL_MULE');
const scratch = process.env.SCRATCH_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'mt-browser-'));
const shots = process.env.SCREENSHOT_DIR || scratch;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const purpose = `Browser test: tracing ${caseId}`;

const overall = setTimeout(() => {
  console.error(`browser test: FAIL: did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
overall.unref();

const require = createRequire(path.join(web, 'package.json'));
const { chromium } = require('playwright-core');

fs.mkdirSync(shots, { recursive: true });
const profile = fs.mkdtempSync(path.join(scratch, 'chromium-profile-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
} catch (e) {
  console.error(`browser test: FAIL: could not start Chromium at ${chromiumPath}: ${e && e.message ? e.message : e}`);
  process.exit(1);
}
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(STEP_TIMEOUT_MS);

// What the page does that it must not: errors thrown, requests off this server,
// a token in a URL.
const pageErrors = [];
const badRequests = [];
const consoleLines = [];
page.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)));
page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
context.on('request', (r) => {
  const url = r.url();
  if (url.includes(token)) badRequests.push(`token in URL: ${url}`);
  if (!url.startsWith(base + '/') && !url.startsWith('blob:') && !url.startsWith('data:')) {
    badRequests.push(`request off the server: ${url}`);
  }
});

let current = '';
async function step(name, fn) {
  current = name;
  const t0 = Date.now();
  await fn();
  console.log(`ok - ${name} (${Date.now() - t0} ms)`);
}
function check(cond, message) {
  if (!cond) throw new Error(message);
}
const tid = (id) => `[data-testid="${id}"]`;

// The cytoscape node of an account: whether it exists, its classes, flags and
// its position on screen.
async function chartNode(account) {
  return page.evaluate((acc) => {
    const cy = window.moneytrail && window.moneytrail.cy();
    if (!cy) return null;
    const n = cy.getElementById(window.moneytrail.nodeId(acc));
    if (n.empty()) return null;
    const p = n.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y, classes: n.classes(), flags: n.data('flags') || [],
             hop: n.data('hop') };
  }, account);
}
async function waitChartIdle() {
  await page.waitForFunction(() => document.getElementById('chart').dataset.state === 'idle');
}
async function waitNode(account, predicate = 'exists') {
  await page.waitForFunction(([acc, pred]) => {
    const cy = window.moneytrail && window.moneytrail.cy();
    if (!cy) return false;
    const n = cy.getElementById(window.moneytrail.nodeId(acc));
    if (n.empty()) return false;
    if (pred === 'flagged') return n.hasClass('flagged') && (n.data('flags') || []).includes('freeze');
    return true;
  }, [account, predicate]);
}

try {
  await step('the sign-in form is shown', async () => {
    const res = await page.goto(base + '/', { waitUntil: 'load' });
    check(res && res.ok(), `GET / answered ${res && res.status()}`);
    await page.locator(tid('signin-token')).waitFor({ state: 'visible' });
  });

  await step('signing in without a purpose is refused with the API\'s reason', async () => {
    await page.fill(tid('signin-token'), token);
    await page.fill(tid('signin-purpose'), '');
    await page.click(tid('signin-submit'));
    const err = page.locator(tid('signin-error'));
    await err.waitFor({ state: 'visible' });
    const text = await err.innerText();
    check(/purpose/i.test(text), `the refusal does not mention the purpose: "${text}"`);
  });

  await step('signing in with a purpose shows who is signed in', async () => {
    await page.fill(tid('signin-token'), token);
    await page.fill(tid('signin-purpose'), purpose);
    await page.click(tid('signin-submit'));
    await page.locator(tid('whoami')).waitFor({ state: 'visible' });
    await page.waitForFunction((u) => document.querySelector('[data-testid="whoami"]').textContent.includes(u), user);
    const who = await page.locator(tid('whoami')).innerText();
    check(/investigator/.test(who), `whoami does not show the role: "${who}"`);
    const stored = await page.evaluate(() => sessionStorage.getItem('moneytrail.token'));
    check(stored === token, 'the token is not kept in sessionStorage');
    check(!page.url().includes(token), 'the token is in the page URL');
  });

  await step(`searching ${collector.slice(0, 6)} lists the collector account`, async () => {
    await page.fill(tid('account-search'), collector.slice(0, 6));
    await page.locator(`${tid('search-result')}[data-account="${collector}"]`).waitFor({ state: 'visible' });
  });

  await step('picking it opens it as the centre of the link chart with its counterparties', async () => {
    await page.click(`${tid('search-result')}[data-account="${collector}"]`);
    await waitNode(collector);
    await waitChartIdle();
    const n = await chartNode(collector);
    check(n && n.classes.includes('root'), `the collector is not the chart's centre: ${JSON.stringify(n)}`);
    const count = await page.evaluate(() => window.moneytrail.cy().nodes().length);
    check(count > 1, `only ${count} node on the chart after opening the collector`);
    await page.locator(tid('detail-panel')).waitFor({ state: 'visible' });
    await page.waitForFunction((acc) => document.querySelector('[data-testid="detail-account"]').textContent === acc,
                               collector);
    await page.locator(`${tid('timeline-table')} tbody tr[data-tx]`).first().waitFor();
  });

  await step('double-clicking the collector (collapsed first) adds the mule back, not yet flagged', async () => {
    // Opening an account shows its counterparties at once; collapse them so that
    // the mule can only come back through the double-click.
    check(await chartNode(mule), 'the mule is not among the collector\'s counterparties');
    await page.click(tid('detail-collapse'));
    await page.waitForFunction((acc) => {
      const cy = window.moneytrail.cy();
      return cy.getElementById(window.moneytrail.nodeId(acc)).empty();
    }, mule);
    await waitChartIdle();
    const n = await chartNode(collector);
    check(n, 'the collector vanished from the chart');
    await page.mouse.dblclick(n.x, n.y);
    await waitNode(mule);
    await waitChartIdle();
    const m = await chartNode(mule);
    check(!m.classes.includes('flagged'), 'the mule is marked flagged before any case is chosen');
    check(m.hop === 1, `the mule is laid out at hop ${m.hop}, not 1`);
    const edge = await page.evaluate(([a, b]) => {
      const e = window.moneytrail.cy().getElementById(window.moneytrail.edgeId(a, b));
      return e.empty() ? null : e.data('label');
    }, [collector, mule]);
    check(edge && /\d{4}-\d{2}-\d{2}/.test(edge) && /\d,?\d*\.\d{2}/.test(edge),
          `the collector–mule edge has no amount and date label: ${edge}`);
  });

  await step(`choosing ${caseId} marks the mule flagged (freeze) and highlights traced flows`, async () => {
    await page.selectOption(tid('case-select'), caseId);
    await waitNode(mule, 'flagged');
    await page.locator(`${tid('chart-node')}[data-account="${mule}"][data-flagged="true"]`).waitFor();
    await page.locator(tid('legend')).waitFor({ state: 'visible' });
    const tainted = await page.evaluate(([a, b]) => {
      const e = window.moneytrail.cy().getElementById(window.moneytrail.edgeId(a, b));
      return !e.empty() && e.hasClass('tainted');
    }, [collector, mule]);
    check(tainted, 'the flow from the collector to the mule is not highlighted as carrying proceeds');
    await page.locator(`${tid('flagged-account')}[data-account="${mule}"]`).waitFor();
  });

  await step('clicking the mule shows its details, its freeze flag and its timeline', async () => {
    const m = await chartNode(mule);
    await page.mouse.click(m.x, m.y);
    await page.waitForFunction((acc) => document.querySelector('[data-testid="detail-account"]').textContent === acc, mule);
    await page.locator(`${tid('detail-flags')} ${tid('flag-card')}[data-action="freeze"]`).first().waitFor();
    await page.locator(`${tid('timeline-table')} tbody tr[data-tx]`).first().waitFor();
    const reach = page.locator(`${tid('detail-reach')} ${tid('reach-total')}`);
    await reach.waitFor();
    const found = Number(await reach.getAttribute('data-found'));
    const rings = await reach.locator('.reach-hop b').allInnerTexts();
    const sum = rings.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0);
    const text = await reach.innerText();
    check(Number.isInteger(found) && text.includes('within 3 transfers') &&
          (found === 0 ? rings.length === 0 : rings.length === 3 && sum === found),
          `the mule's reach is not shown as its counts per transfer: found ${found}, rings ${rings}, "${text}"`);
    await page.waitForTimeout(400);  // let the selection's animation settle for the screenshot
    await page.screenshot({ path: path.join(shots, 'chart.png') });
  });

  await step('choosing the collector counts where its money can have gone, per transfer', async () => {
    // From the chart's list of accounts: at the centre of the chart the
    // collector lies under the labels of its own edges.
    await page.locator(`${tid('chart-node')}[data-account="${collector}"]`).click();
    await page.waitForFunction((acc) => document.querySelector('[data-testid="detail-account"]').textContent === acc, collector);
    const reach = page.locator(`${tid('detail-reach')} ${tid('reach-total')}`);
    await reach.waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="reach-total"]');
      return el && el.querySelectorAll('.reach-hop').length === 3;
    });
    const found = Number(await reach.getAttribute('data-found'));
    const rings = (await reach.locator('.reach-hop b').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
    // The collector paid the mule and others: they are reached at one transfer.
    check(rings[0] >= 1 && rings.reduce((a, b) => a + b, 0) === found,
          `the collector's reach is not its counts per transfer: found ${found}, rings ${rings}`);
    await page.locator(tid('detail-reach')).screenshot({ path: path.join(shots, 'reach.png') });
  });

  await step('the case page shows the comparison of every tracing rule', async () => {
    await page.click(tid('tab-case'));
    const table = page.locator(tid('compare-table'));
    await table.waitFor({ state: 'visible' });
    const head = await table.locator('thead').innerText();
    for (const m of ['LIBR', 'FIFO', 'LIFO', 'Poison']) check(head.includes(m), `compare table lacks a ${m} column`);
    const body = await table.locator('tbody').innerText();
    check(body.includes(collector), 'compare table does not list the collector');
    check(body.includes(mule), 'compare table does not list the mule');
    await page.screenshot({ path: path.join(shots, 'case.png') });
    await table.screenshot({ path: path.join(shots, 'case-compare.png') });
  });

  await step('the HTML evidence report downloads and is the report of that case', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(tid('report-html')),
    ]);
    const name = download.suggestedFilename();
    check(name === `report-${caseId}.html`, `downloaded file is named "${name}"`);
    check(download.url().startsWith('blob:'), `the report was not saved from a blob: ${download.url()}`);
    const file = path.join(scratch, name);
    await download.saveAs(file);
    const html = fs.readFileSync(file, 'utf8');
    check(/^<!DOCTYPE html>/i.test(html), 'the download is not an HTML document');
    check(new RegExp(`<title>[^<]*Evidence report[^<]*${caseId}`).test(html),
          'the download is not the evidence report of the case (title)');
    check(html.includes(collector), 'the report does not name the collector');
  });

  await step('nothing left the server, no token in a URL, no script error', async () => {
    check(!badRequests.length, badRequests.join('\n'));
    check(!pageErrors.length, 'errors in the page:\n' + pageErrors.join('\n'));
  });

  await context.close();
  console.log(`browser test: PASS (screenshots in ${shots})`);
  process.exit(0);
} catch (e) {
  console.error(`browser test: FAIL at step "${current}": ${e && e.message ? e.message : e}`);
  try {
    await page.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true, timeout: 5000 });
    console.error(`  screenshot: ${path.join(shots, 'failure.png')}`);
  } catch (_) { /* the page may be gone */ }
  if (pageErrors.length) console.error('  page errors:\n    ' + pageErrors.join('\n    '));
  if (consoleLines.length) console.error('  console (last 10):\n    ' + consoleLines.slice(-10).join('\n    '));
  try { await context.close(); } catch (_) { /* ignore */ }
  process.exit(1);
}
