import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPlayer, pngSize, type RunningApi, resultsDir, startApi } from './harness.js';

let api: RunningApi;
const closers: Array<() => Promise<void>> = [];

async function newPlayer(): Promise<Page> {
  const player = await launchPlayer(api.origin);
  closers.push(player.close);
  const page = player.context.pages()[0] ?? (await player.context.newPage());
  page.setDefaultTimeout(30_000);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });

async function signUp(page: Page, name: string, email: string) {
  // From wherever sign-in sent us (keeping ?next=), go to sign-up.
  if (!page.url().includes('/signup')) await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText(`${name} ·`).waitFor();
}

async function canvasVersion(page: Page): Promise<number> {
  return Number(await page.getByTestId('canvas-viewer').getAttribute('data-version'));
}

async function waitForVersionAbove(page: Page, version: number) {
  await page.waitForFunction(
    (v) => Number(document.querySelector('[data-testid="canvas-viewer"]')?.getAttribute('data-version')) > v,
    version,
  );
}

async function play(page: Page, direction: 'right' | 'left' | 'up' | 'down', prompt: string) {
  await page.getByRole('heading', { name: 'Your turn' }).waitFor();
  await page.getByLabel('What happens next?').fill(prompt);
  await page.getByRole('radio', { name: new RegExp(`${direction}$`) }).check();
  await page.getByRole('button', { name: 'Paint it' }).click();
}

async function roomSize(page: Page): Promise<string> {
  const meta = (await page.locator('.room-meta').textContent()) ?? '';
  return /(\d+ × \d+) px/.exec(meta)?.[1] ?? '';
}

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  await api?.stop();
});

describe('two players, one canvas', () => {
  let ada: Page;
  let bob: Page;
  let roomUrl: string;

  it('signs up, creates a room and joins it by invite link', async () => {
    ada = await newPlayer();
    bob = await newPlayer();
    await ada.goto('/signup');
    await signUp(ada, 'Ada', 'ada@example.test');
    await shot(ada, '01-lobby-empty');

    await ada.getByLabel('Room name').fill('Harbour');
    await ada.getByRole('button', { name: 'Create room' }).click();
    await ada.waitForURL(/\/rooms\//);
    roomUrl = new URL(ada.url()).pathname;
    const code = (await ada.getByTestId('invite-code').textContent())!.trim();
    expect(code.length).toBeGreaterThan(3);

    // Bob follows the invite link while signed out: sign in → sign up → join → room.
    await bob.goto(`/join/${code}`);
    await bob.waitForURL(/\/signin\?next=/);
    await signUp(bob, 'Bob', 'bob@example.test');
    await bob.waitForURL((url) => url.pathname === roomUrl);

    // Ada sees Bob arrive without reloading.
    await ada.locator('.seat', { hasText: 'Bob' }).waitFor();
    await shot(ada, '02-room-two-players');
  });

  it('turn 1: Ada grows right; Bob sees it appear live', async () => {
    const before = await canvasVersion(bob);
    expect(await ada.getByTestId('step-cost').textContent()).toContain('Pick a side');
    await play(ada, 'right', 'a lighthouse on the rocks');
    await ada.getByTestId('step-progress').waitFor();
    await shot(ada, '03-progress');
    await waitForVersionAbove(bob, before);
    expect(await roomSize(bob)).toBe('1536 × 1024');
    await bob.getByRole('heading', { name: 'Your turn' }).waitFor();
    expect(await bob.locator('.seat.current').textContent()).toContain('Bob');
  });

  it('turn 2: Bob fails, retries (a new attempt), then succeeds; Ada sees the failure and the move', async () => {
    const version = await canvasVersion(ada);
    // Pick the side by clicking its ghost strip on the map.
    await bob.getByLabel('What happens next?').fill('a storm [mock-fail:GENERATOR_TRANSIENT]');
    await bob.locator('path.ghost-down').click();
    expect(await bob.getByRole('radio', { name: /down$/ }).isChecked()).toBe(true);
    expect(await bob.getByTestId('step-cost').textContent()).toMatch(/^Costs 2 credits/);
    await bob.getByRole('button', { name: 'Paint it' }).click();
    const failure = bob.getByTestId('step-failed');
    await failure.waitFor();
    expect(await failure.textContent()).toContain('GENERATOR_TRANSIENT');
    await ada.getByText("Bob's move failed").waitFor();
    await shot(bob, '04-failed');

    // Retry as is: a fresh idempotency key, so the server runs a second attempt (and it
    // fails again, the marker is still there) instead of replaying the first failure.
    await bob.getByRole('button', { name: 'Retry' }).click();
    await bob.waitForFunction(
      () => document.querySelectorAll('.timeline-entry[data-status="failed"]').length === 2,
    );
    // Reword and retry: it goes through.
    expect(await bob.getByLabel('What happens next?').inputValue()).toContain('a storm');
    await bob.getByLabel('What happens next?').fill('a calm sea at dusk');
    await bob.getByRole('button', { name: 'Retry' }).click();
    await waitForVersionAbove(ada, version);
    expect(await roomSize(ada)).toBe('1536 × 1536');
  });

  it('turn 3: Ada grows up with the keyboard; the world stays anchored', async () => {
    const version = await canvasVersion(bob);
    await ada.getByRole('heading', { name: 'Your turn' }).waitFor();
    await ada.getByLabel('What happens next?').fill('gulls over the lighthouse');
    await ada.getByRole('radio', { name: /right$/ }).focus();
    await ada.keyboard.press('ArrowUp');
    expect(await ada.getByRole('radio', { name: /up$/ }).isChecked()).toBe(true);
    await ada.getByRole('button', { name: 'Paint it' }).click();
    await waitForVersionAbove(bob, version);
    expect(await roomSize(bob)).toBe('1536 × 2048');
    await shot(bob, '05-after-three-turns');
  });

  it('shows the history with before/after, and downloads a PNG of the canvas size', async () => {
    const timeline = ada.getByTestId('timeline');
    await ada.waitForFunction(
      () => document.querySelectorAll('.timeline-entry[data-status="committed"]').length === 3,
    );
    expect(await timeline.locator('.timeline-entry[data-status="failed"]').count()).toBe(2);
    await timeline.getByRole('button', { name: 'Before/after' }).first().click();
    const compare = ada.getByTestId('compare');
    await compare.locator('img').first().waitFor();
    await ada.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="compare"] img')].every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );
    await shot(ada, '06-history-compare');

    const [download] = await Promise.all([ada.waitForEvent('download'), ada.getByTestId('download').click()]);
    const bytes = await readFile((await download.path())!);
    expect(pngSize(bytes)).toEqual({ width: 1536, height: 2048 });
  });
});

describe('a folded room', () => {
  it('shows each player only the last strip until the owner finishes it', async () => {
    const cy = await newPlayer();
    const di = await newPlayer();
    await cy.goto('/signup');
    await signUp(cy, 'Cy', 'cy@example.test');
    await cy.getByLabel('Room name').fill('Exquisite corpse');
    await cy.getByLabel(/^Folded/).check();
    await cy.getByLabel('Folded direction').selectOption('right');
    await cy.getByRole('button', { name: 'Create room' }).click();
    await cy.waitForURL(/\/rooms\//);
    const code = (await cy.getByTestId('invite-code').textContent())!.trim();

    await di.goto('/signup');
    await signUp(di, 'Di', 'di@example.test');
    await di.getByLabel('Invite code or link').fill(code);
    await di.getByRole('button', { name: 'Join' }).click();
    await di.waitForURL(/\/rooms\//);

    const version = await canvasVersion(di);
    await play(cy, 'right', 'a head with a feathered hat');
    await waitForVersionAbove(di, version);

    // Di sees only the newest strip: level-0 tiles of cells x = 1024…1535, i.e. cx = 2.
    const tiles: string[] = [];
    di.on('request', (r) => {
      if (r.url().includes('/tiles/')) tiles.push(new URL(r.url()).pathname);
    });
    await di.reload();
    await di.getByText('Folded room: you see only the last strip').waitFor();
    await di.waitForLoadState('networkidle');
    expect(tiles.length).toBeGreaterThan(0);
    for (const path of tiles) expect(path).toMatch(/\/tiles\/0\/2\/-?\d+\.png$/);
    await shot(di, '07-folded-strip');

    // The owner finishes the room: everything is revealed.
    cy.once('dialog', (dialog) => dialog.accept());
    await cy.getByRole('button', { name: 'Finish room' }).click();
    await di.getByTestId('room-status').filter({ hasText: 'finished' }).waitFor();
    tiles.length = 0;
    await di.reload();
    await di.waitForLoadState('networkidle');
    expect(tiles.some((path) => /\/tiles\/\d+\/0\//.test(path))).toBe(true);
    await shot(di, '08-folded-revealed');
  });
});
