/**
 * A report as PDF: the HTML printed by headless Chromium (playwright-core driving the system's
 * chromium; no browser download). Every network request is refused, so the PDF shows exactly what the
 * offline HTML shows.
 */
import { existsSync } from 'node:fs';
import { NotFoundError } from '../errors.js';

/** The Chromium used for PDFs: $WHOSBEHIND_CHROMIUM, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env['WHOSBEHIND_CHROMIUM'] || '/usr/bin/chromium';
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Launches headless Chromium; a clear error when it is not installed. */
export async function launchChromium() {
  const path = chromiumPath();
  if (!existsSync(path)) throw new NotFoundError(`PDF output needs Chromium at ${path} (install the Debian package chromium, or set WHOSBEHIND_CHROMIUM)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
}

/** Prints self-contained HTML to PDF (US Letter, backgrounds on, print CSS applied). */
export async function printPdf(html: string): Promise<Uint8Array> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'Letter', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
