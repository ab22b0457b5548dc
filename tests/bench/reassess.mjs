// Re-assessment after the as-of date changes, in the app as users run it:
// 5,000 reseller tenants with 24 months of revenue and a register, then the
// as-of date moved. Reports the domain's re-assessment inside Wasm
// (globalThis.ttmCheckDiagnostics?.lastAssessMs, set by the app's state) and the whole change
// as seen on screen (input change → the next frame painted).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the portfolio's revenue and register files into `dir`. */
export function writePortfolio(dir, resellers = 5000, months = 24) {
  const lines = ['ResellerMpnId,OrderDate,Subtotal,Currency'];
  const register = ['reseller_id,name,onboarding_date'];
  for (let r = 0; r < resellers; r++) {
    const id = 5_000_000 + r;
    // Anniversaries spread over the year, onboarded 1–6 years back.
    register.push(`${id},Reseller ${r},${2020 + (r % 6)}-${String(1 + (r % 12)).padStart(2, '0')}-${String(1 + (r % 28)).padStart(2, '0')}`);
    for (let m = 0; m < months; m++) {
      const year = 2024 + Math.floor((m + 11) / 12);
      const month = ((m + 11) % 12) + 1;
      const cents = ((r * 7919 + m * 104729) % 30000) - 2000;
      lines.push(`${id},${year}-${String(month).padStart(2, '0')}-15,${(cents / 100).toFixed(2)},USD`);
    }
  }
  const revenue = join(dir, 'portfolio-5000.csv');
  const reg = join(dir, 'register-5000.csv');
  writeFileSync(revenue, lines.join('\n') + '\n');
  writeFileSync(reg, register.join('\n') + '\n');
  return { revenue, register: reg };
}

/** Loads the portfolio into an open app and moves the as-of date `times` times. */
export async function measureReassess(page, files, times = 7) {
  await page.setInputFiles('#register-input', files.register);
  await page.setInputFiles('#file-input', files.revenue);
  await page.locator('.file-item .account').waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('.portfolio-table tbody tr').length > 0);
  const resellers = await page.evaluate(() => Number(document.querySelector('.status-summary .total').textContent.replace(/\D/g, '')));
  const domain = [];
  const screen = [];
  for (let i = 0; i < times; i++) {
    const iso = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(10 + i).padStart(2, '0')}`;
    const ms = await page.evaluate((value) => new Promise((resolve) => {
      const input = document.getElementById('as-of');
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      // Yew renders in a microtask after the change; the frame after that is on screen.
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    }), iso);
    screen.push(ms);
    domain.push(await page.evaluate(() => globalThis.ttmCheckDiagnostics?.lastAssessMs));
  }
  const shownRows = await page.locator('.portfolio-table tbody tr').count();
  return { resellers, domain, screen, shownRows };
}
