// What the benchmark scripts share: Debian's Chromium, and the demo's Ana
// signed in through the sign-in page as a user would.
import { chromium } from '@playwright/test';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Signs Ana in on `page`; returns her account home's path. */
export async function signInAsAna(page, base) {
  await page.goto(`${base}/signin`);
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('textbox', { name: 'Work email' }).fill('ana@contoso.example');
  await page.getByRole('textbox', { name: 'Password' }).fill('Demo-Password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/a\/\d+$/);
  return new URL(page.url()).pathname;
}
