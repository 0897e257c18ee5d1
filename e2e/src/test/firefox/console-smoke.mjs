// The console in Firefox ESR, driven over WebDriver BiDi by puppeteer-core: opens every page, submits a validation
// from the Submit form, follows the job to its end, reads its results and the timeline, tabs to the nav, narrows
// the window to a phone's width. Prints one JSON report of what the pages showed on stdout; ConsoleFirefoxTest
// asserts on it. Usage: node console-smoke.mjs <console URL> <firefox executable> <workflow id> <products text>
import puppeteer from 'puppeteer-core';

const [consoleUrl, firefox, workflowId, products] = process.argv.slice(2);
const WAIT = {timeout: 30_000};
const report = {browser: null, pages: {}, job: null, timeline: null, keyboard: null, narrow: {}, problems: [],
  cspControl: null, error: null};

const browser = await puppeteer.launch({browser: 'firefox', executablePath: firefox, headless: true,
  // the profile's defaults: no first-run pages, no update or telemetry traffic
  extraPrefsFirefox: {'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false}});
try {
  report.browser = await browser.version();
  const page = await browser.newPage();
  page.on('console', message => {
    if (message.type() === 'error') report.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', error => report.problems.push(`page error: ${error.message ?? error}`));
  // a CSP refusal is also an event in the page: kept where the report can read it
  await page.evaluateOnNewDocument(() => {
    window.__refused = [];
    document.addEventListener('securitypolicyviolation',
      event => window.__refused.push(`${event.violatedDirective} refused ${event.blockedURI || 'inline'}`));
  });
  await page.setViewport({width: 1280, height: 800});
  await page.goto(consoleUrl, {waitUntil: 'load'});

  await visit(page, 'overview', 'article.lane', () => document.querySelectorAll('article.lane').length);
  await visit(page, 'jobs', '#jobs-total', () => document.querySelector('#jobs-total').textContent);
  await visit(page, 'submit', '#workflow option', () => document.querySelectorAll('#workflow option').length);
  await visit(page, 'dead', '#dead-total', () => document.querySelector('#dead-total').textContent);
  await visit(page, 'schedules', '#schedule-list', () => document.querySelector('#schedule-list').textContent);
  await visit(page, 'workers', '#worker-list', () => document.querySelector('#worker-list').textContent);

  report.job = await submitAndFollow(page);
  report.narrow.job = await widthAt(page, 390);
  await page.setViewport({width: 1280, height: 800});

  report.timeline = await timeline(page);
  report.narrow.overview = await widthAt(page, 390);
  await page.setViewport({width: 1280, height: 800});

  report.keyboard = await tabToNav(page);
  report.problems.push(...await page.evaluate(() => window.__refused));
  report.cspControl = await cspControl(page);
} catch (error) {
  report.error = String(error?.stack ?? error);
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = report.error ? 1 : 0;

/** Follows the nav link of a page as an operator would, then reads what the page drew. */
async function visit(page, route, selector, read) {
  await page.click(`nav a[data-route="${route}"]`);
  await page.waitForSelector(selector, WAIT);
  report.pages[route] = {
    hash: await page.evaluate(() => location.hash),
    heading: await page.$eval('main h1', h1 => h1.textContent),
    active: await page.$eval('nav a[aria-current="page"]', a => a.dataset.route).catch(() => null),
    shows: await page.evaluate(read),
  };
}

/** The Submit form: choose the workflow, give the products, confirm; then the job's page until it has ended. */
async function submitAndFollow(page) {
  await page.click('nav a[data-route="submit"]');
  await page.waitForSelector('#workflow option', WAIT);
  await page.select('#workflow', workflowId);
  await page.locator('#param-products').setTimeout(WAIT.timeout).fill(products);
  await page.click('form.submit-form button[type="submit"]');
  await page.waitForSelector('dialog#confirm[open]', WAIT);
  const asked = await page.$eval('dialog#confirm h2', h2 => h2.textContent);
  await page.click('#confirm-yes');
  await page.waitForFunction(() => /^#\/jobs\/[0-9a-f-]{36}$/.test(location.hash), WAIT);
  const id = await page.evaluate(() => location.hash.slice('#/jobs/'.length));
  await page.waitForFunction(
    () => ['completed', 'failed', 'cancelled'].includes(document.querySelector('#job-head .badge')?.textContent),
    {timeout: 60_000, polling: 200});
  await page.waitForSelector('#results tbody tr', WAIT);
  return {
    asked,
    id,
    status: await page.$eval('#job-head .badge', badge => badge.textContent),
    nodes: await page.$$eval('svg.dag g[data-node]', nodes =>
      Object.fromEntries(nodes.map(node => [node.dataset.node, node.dataset.status]))),
    rows: await page.$$eval('#results tbody tr', rows => rows.length),
    mismatchRows: await page.$$eval('#results tbody tr.row-mismatch', rows => rows.map(row => ({
      product: row.querySelector('a.product')?.textContent,
      href: row.querySelector('a.product')?.getAttribute('href'),
      mismatch: [...row.querySelectorAll('td.mismatch')].map(cell => cell.textContent),
      // highlighted: the row is drawn in another colour than the page behind it
      background: getComputedStyle(row).backgroundColor,
      otherBackground: getComputedStyle(document.querySelector('#results tbody tr:not(.row-mismatch)')).backgroundColor,
    }))),
    summary: await page.$eval('#results-summary', summary => summary.textContent),
  };
}

/** The overview's timeline over its shortest span: how many bars it drew and how wide. */
async function timeline(page) {
  await page.click('nav a[data-route="overview"]');
  await page.waitForSelector('article.lane', WAIT);
  const spans = await page.$$('#timeline-title ~ .segmented button, .segmented[aria-label="Timeline span"] button');
  for (const span of spans) {
    if ((await span.evaluate(button => button.textContent)) === '15 min') await span.click();
  }
  await page.waitForSelector('#timeline svg rect.bar', WAIT);
  return {
    span: await page.$eval('#timeline svg', svg => svg.getAttribute('aria-label')),
    bars: await page.$$eval('#timeline svg rect.bar', bars => bars.map(bar => ({
      status: [...bar.classList].find(name => name.startsWith('status-')),
      width: bar.getBoundingClientRect().width,
      height: bar.getBoundingClientRect().height,
    }))),
  };
}

/** A fresh load of the overview, then Tab from the top: the skip link, the brand, the first page of the nav. */
async function tabToNav(page) {
  await page.goto(consoleUrl, {waitUntil: 'load'});
  await page.waitForSelector('article.lane', WAIT);
  const stops = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => document.activeElement.textContent.trim()));
  }
  return {
    stops,
    inNav: await page.evaluate(() => document.activeElement.closest('nav') !== null),
    outline: await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle),
  };
}

/** The page's width at a narrow viewport, after it has laid out again. */
async function widthAt(page, width) {
  await page.setViewport({width, height: 844});
  await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return {viewport: width, scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth)};
}

/**
 * Proof that a refusal would be seen: an inline script added to the page is refused by its CSP, and the refusal
 * reaches this report (it is kept apart from the pages' own problems).
 */
async function cspControl(page) {
  const before = report.problems.length;
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.append(script);
  });
  await page.waitForFunction(() => window.__refused.length > 0, {timeout: 5_000}).catch(() => {});
  // the console's copy of the refusal comes over the protocol on its own: given a moment to arrive
  await new Promise(resolve => setTimeout(resolve, 1_000));
  const refused = await page.evaluate(() => window.__refused);
  const logged = report.problems.splice(before);
  return {inlineRan: await page.evaluate(() => window.__inlineRan === true), refused, logged};
}
