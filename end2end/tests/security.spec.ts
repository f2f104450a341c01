import { test as base } from '@playwright/test';
import { expect, open, test } from './helpers';

// The page's Content-Security-Policy in the browser: its own scripts run
// (the page hydrates, with no violation reported: the shared fixture fails a
// test on any), and a script injected into the page does not.

test('every page answer carries a policy with a fresh nonce, and the page hydrates under it', async ({ page }) => {
  const first = await open(page, '/signin');
  const second = await open(page, '/signup');
  const policies = [first, second].map((response) => response?.headers()['content-security-policy'] ?? '');
  for (const policy of policies) {
    expect(policy).toContain("script-src 'self' 'nonce-");
    expect(policy).not.toContain('unsafe-inline');
  }
  expect(policies[0]).not.toEqual(policies[1]);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

// The plain Playwright test: this one expects a violation, which the shared
// fixture would count as a failure.
base('a script injected into a page is refused by the policy', async ({ page }) => {
  await page.goto('/signin');
  await page.locator('body[data-hydrated]').waitFor();
  const outcome = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const w = window as unknown as { injected?: boolean };
        document.addEventListener('securitypolicyviolation', (event) => resolve(`refused by ${event.violatedDirective}`), {
          once: true,
        });
        const script = document.createElement('script');
        script.textContent = 'window.injected = true;';
        document.body.append(script);
        setTimeout(() => resolve(w.injected ? 'ran' : 'neither ran nor reported'), 2000);
      }),
  );
  expect(outcome).toBe('refused by script-src-elem');
});
