// A first visit on a slow phone, for real rather than simulated (Lighthouse's
// slow 4G: 150 ms round trips, 1.6 Mbps down, 750 kbps up; the CPU 4x
// slower; no cache): when the page is first painted (first contentful paint)
// and when it is hydrated (body[data-hydrated]; measured on the page's own
// clock, to the nearest poll). Signed in as the demo's Ana; HOME in PATH is
// her account's home. Prints each run and the medians.
// Usage: node slow-first-visit.mjs BASE_URL PATH [RUNS]
import { launchChromium, signInAsAna } from './demo.mjs';
const [base, path, runs = 4] = process.argv.slice(2);
const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: 412, height: 823 } });
const page = await ctx.newPage();
const home = await signInAsAna(page, base);
const target = path.replace('HOME', home);
const cdp = await ctx.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
await cdp.send('Network.emulateNetworkConditions', {
  offline: false, latency: 150, downloadThroughput: 1.6 * 1024 * 1024 / 8, uploadThroughput: 750 * 1024 / 8,
});
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const rows = [];
for (let i = 0; i < runs; i++) {
  await page.goto(`${base}${target}`, { waitUntil: 'commit' });
  await page.locator('body[data-hydrated]').waitFor({ timeout: 60000 });
  rows.push(await page.evaluate(() => {
    const p = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
    return [Math.round(p?.startTime ?? -1), Math.round(performance.now())];
  }));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fcp = rows.map((r) => r[0]);
const hydrated = rows.map((r) => r[1]);
console.log(
  `${target.padEnd(40)} first paint median ${median(fcp)} ms (${fcp.join(' ')}); hydrated median ${median(hydrated)} ms (${hydrated.join(' ')})`,
);
await browser.close();
