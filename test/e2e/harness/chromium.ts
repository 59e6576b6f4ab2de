/** Debian's Chromium driven by playwright-core (Playwright's own browser downloads are not reachable here). */
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.AIGW_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
