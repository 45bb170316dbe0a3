// Opens each report page in headless Chromium (playwright-core driving the Debian chromium), as a
// reader would: saves a screenshot at desktop width, checks that nothing leaves the page (no
// request but file:), that a phone-width page does not scroll sideways (wide tables scroll in their
// own box), and runs axe-core: any serious or critical violation fails.
//   node check.mjs OUT_DIR FILE.html...
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node check.mjs OUT_DIR FILE.html...');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CITYKPI_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
let failed = 0;
try {
  for (const file of files) {
    const name = basename(file, '.html');
    const problems = [];
    try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    // a loaded CI machine can take long to lay out a 50-page report; fail only on a real hang
    page.setDefaultTimeout(180000);
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`requests ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.screenshot({ path: `${outDir}/${name}.png` });
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { resultTypes: ['violations'] }),
    );
    for (const v of result.violations) {
      const line = `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target.join(' ')})`;
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
      else console.log(`  ${name}: ${line}`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    if (overflow > 1) {
      const culprits = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        const out = [];
        for (const e of document.querySelectorAll('body *')) {
          const r = e.getBoundingClientRect();
          const p = e.parentElement.getBoundingClientRect();
          if (r.right > w + 1 && p.right <= w + 1 && out.length < 3) {
            out.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.slice(0, 40)}"`);
          }
        }
        return out;
      });
      problems.push(`at phone width (390 px) the page scrolls sideways by ${overflow} px: ${culprits.join('; ')}`);
    }
    await page.screenshot({ path: `${outDir}/${name}.phone.png` });
    await page.close();
    } catch (e) {
      problems.push(`could not be checked: ${e.message.split('\n')[0]}`);
    }
    if (problems.length) {
      failed++;
      console.log(`FAIL ${name}`);
      problems.forEach((p) => console.log(`  ${p}`));
    } else {
      console.log(`ok   ${name}: no serious accessibility violation, no request, fits a phone`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
