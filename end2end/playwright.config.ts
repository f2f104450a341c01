import { defineConfig } from '@playwright/test';

// Runs against the server binary SERVER_BIN (default the release build of
// `scripts/build-release.sh`; scripts/test.sh passes the development
// build it made from the tests' compiled code) and the release browser bundle
// in target/site, started by
// `webServer` with the demo data: on a fresh SQLite database (port 3100, so a
// running dev server on 3000 doesn't interfere) for the desktop and phone
// projects, and on a fresh PostgreSQL schema (port 3101) for the `postgres`
// project, which runs the journeys that change the most data.
const postgres = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const server = process.env.SERVER_BIN ?? './target/release/partner_portal';
// The browser bundle's folder (SITE_ROOT: another build's).
const siteRoot = process.env.SITE_ROOT ?? 'target/site';
export default defineConfig({
  testDir: './tests',
  // The longest journeys take ~30 s on 2 busy cores (two servers, two browsers).
  timeout: 60_000,
  // The whole run takes ~9 min; a run past 40 stops, so a stuck server
  // fails CI at once instead of at its limit.
  globalTimeout: 40 * 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: 'http://127.0.0.1:3100',
    // A failed test keeps its trace: each action with the page's DOM before
    // and after, the network and the console. Without the screencast (JPEG
    // frames encoded all through every test): the suite takes about 10 %
    // less time on 2 cores (four runs each of 41 tests: 99 s against 89 s).
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Tests tagged @phone or @desktop only make sense at that size.
    { name: 'desktop', grepInvert: /@phone/, use: { viewport: { width: 1280, height: 800 } } },
    { name: 'phone', grepInvert: /@desktop/, use: { viewport: { width: 360, height: 740 }, hasTouch: true } },
    {
      name: 'postgres',
      grepInvert: /@phone/,
      testMatch: ['users.spec.ts', 'developer.spec.ts', 'billing.spec.ts', 'agreements.spec.ts', 'programs.spec.ts', 'locations.spec.ts', 'operator.spec.ts', 'activity.spec.ts', 'catalog.spec.ts', 'pricing.spec.ts'],
      use: { viewport: { width: 1280, height: 800 }, baseURL: 'http://127.0.0.1:3101' },
    },
  ],
  webServer: [{
    command: `rm -rf target/e2e.db target/e2e.db-wal target/e2e.db-shm target/e2e-mail && exec ${server}`,
    cwd: '..',
    url: 'http://127.0.0.1:3100/signin',
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: '127.0.0.1:3100',
      LEPTOS_SITE_ROOT: siteRoot,
      DATABASE_URL: 'sqlite:target/e2e.db?mode=rwc',
      DEMO_DATA: '1',
      // Two months of demo price lists (the default 12 take longer to make).
      DEMO_PRICE_MONTHS: '2',
      // The tests read the emails (links) here.
      EMAIL_DIR: 'target/e2e-mail',
      SECURE_COOKIES: '0',
      RUST_LOG: 'warn',
    },
  }, {
    command:
      `psql "${postgres}" -q -c 'DROP SCHEMA IF EXISTS e2e CASCADE' -c 'CREATE SCHEMA e2e' ` +
      `&& rm -rf target/e2e-pg-mail && exec ${server}`,
    cwd: '..',
    url: 'http://127.0.0.1:3101/signin',
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: '127.0.0.1:3101',
      LEPTOS_SITE_ROOT: siteRoot,
      DATABASE_URL: `${postgres}${postgres.includes('?') ? '&' : '?'}options=-c%20search_path%3De2e`,
      DEMO_DATA: '1',
      DEMO_PRICE_MONTHS: '2',
      EMAIL_DIR: 'target/e2e-pg-mail',
      SECURE_COOKIES: '0',
      RUST_LOG: 'warn',
    },
  }],
});
