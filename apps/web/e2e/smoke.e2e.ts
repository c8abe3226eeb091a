import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApi } from './fake-api.js';
import { launchPlayer, resultsDir } from './harness.js';

/** The built SPA in real Chromium against the tiny fake API: catches what jsdom-level tests can't. */
let fake: Awaited<ReturnType<typeof startFakeApi>>;
let close: () => Promise<void>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  fake = await startFakeApi();
  const player = await launchPlayer(fake.origin);
  close = player.close;
  page = player.context.pages()[0] ?? (await player.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The signed-out /api/auth/me check answers 401 by design; anything else is a bug.
    if (m.type() === 'error' && !m.text().includes('401')) errors.push(m.text());
  });
});
afterAll(async () => {
  await close?.();
  await fake?.stop();
});

describe('SPA smoke (fake API)', () => {
  it('signs up, creates a room, plays a turn and sees the canvas grow', async () => {
    await page.goto('/');
    await page.waitForURL(/\/signin/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Display name').fill('Smoke');
    await page.getByLabel('Email').fill('smoke@example.test');
    await page.getByLabel('Password').fill('long enough');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your rooms' }).waitFor();
    await page.getByLabel('Room name').fill('Smoke room');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.waitForURL(/\/rooms\//);
    await page.locator('.canvas-tiles img.leaflet-tile-loaded').first().waitFor();
    await page.locator('path.ghost-left').waitFor();
    await page.screenshot({ path: join(resultsDir, 'smoke-room.png'), fullPage: true });

    await page.getByLabel('What happens next?').fill('a tall tree');
    await page.locator('path.ghost-left').click();
    expect(await page.getByTestId('step-cost').textContent()).toBe('Costs 1 credit · you have 25');
    await page.getByRole('button', { name: 'Paint it' }).click();
    await page.getByTestId('step-progress').waitFor();
    await page.waitForSelector('[data-testid="canvas-viewer"][data-version="2"]');
    expect(await page.locator('.room-meta').textContent()).toContain('1536 × 1024');
    // The new strip's tiles (cx = -1 at whatever level fits) load at the new version, no reload.
    await page.locator('.canvas-tiles img.leaflet-tile-loaded[src*="/-1/0.png?v=2"]').first().waitFor();
    await page.getByTestId('timeline').getByRole('button', { name: 'Before/after' }).click();
    await page.getByTestId('compare').waitFor();
    await page.screenshot({ path: join(resultsDir, 'smoke-after-turn.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(resultsDir, 'smoke-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
