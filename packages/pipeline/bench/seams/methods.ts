import { REFERENCE_HEADROOM } from '@exquisite/geometry';
import { withColorTransfer } from '../../src/tile/seam.js';
import type { Method } from './chain.js';

/**
 * What the seams benchmark runs (docs/seams.md): the full method matrix on two photographs,
 * and the candidate transfers' compounding on every nature photograph.
 */

/** Photographs of the full matrix (grass stalks against sky; a storm landscape), with the contact sheet. */
export const PHOTOS = ['Dune.jpg', 'Storm.jpg'];
export const STEPS = 10;
/** With no drift there is nothing to compound; a short chain shows every method is exact there. */
export const STEPS_NO_DRIFT = 2;
const PREFILL = 'smear' as const;

export const METHODS: Method[] = [
  {
    id: 'hard',
    label: 'hard paste (F=0)',
    settings: { featherPx: 0, colorMatch: false, prefill: PREFILL, blend: 'feather' },
  },
  {
    id: 'feather',
    label: 'feather only',
    settings: { featherPx: 128, colorMatch: false, prefill: PREFILL, blend: 'feather' },
  },
  {
    id: 'feather-meanstd',
    label: 'feather + mean/std match (old default)',
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: PREFILL,
      blend: 'feather',
      colorTransfer: 'mean-std',
    },
  },
  {
    id: 'feather-histogram',
    label: 'feather + histogram match',
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: PREFILL,
      blend: 'feather',
      colorTransfer: 'histogram',
    },
  },
  {
    id: 'feather-response',
    label: 'feather + response match',
    settings: withColorTransfer(
      { featherPx: 128, colorMatch: true, prefill: PREFILL, blend: 'feather' },
      'response',
    ),
  },
  {
    id: 'feather-hybrid',
    label: 'feather + hybrid match (response + clip fill)',
    settings: withColorTransfer(
      { featherPx: 128, colorMatch: true, prefill: PREFILL, blend: 'feather' },
      'hybrid',
    ),
  },
  {
    id: 'headroom-histogram',
    label: 'feather + headroom + histogram match',
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: PREFILL,
      blend: 'feather',
      colorTransfer: 'histogram',
      headroom: REFERENCE_HEADROOM,
    },
  },
  {
    id: 'headroom-hybrid',
    label: 'feather + headroom + hybrid match',
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: PREFILL,
      blend: 'feather',
      colorTransfer: 'hybrid',
      headroom: REFERENCE_HEADROOM,
    },
  },
  {
    id: 'feather-paired',
    label: 'feather + paired match',
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: PREFILL,
      blend: 'feather',
      colorTransfer: 'paired',
    },
  },
  {
    id: 'multiband-meanstd',
    label: 'multi-band + mean/std match',
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: PREFILL,
      blend: 'multiband',
      colorTransfer: 'mean-std',
    },
  },
  {
    id: 'multiband-paired',
    label: 'multi-band + paired match',
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: PREFILL,
      blend: 'multiband',
      colorTransfer: 'paired',
    },
  },
];

/**
 * The transfers whose compounding is measured on every nature photograph (the issue's
 * "colour error after 10 steps within 1.2× of one step"), all with the 128-px feather.
 * `none` for each: it shows what they do to an image no model distorted (exact without
 * headroom; the squeeze's quantisation with it).
 */
export const CANDIDATES: ReadonlyArray<{ id: string; noDrift: boolean }> = [
  { id: 'headroom-hybrid', noDrift: true },
  { id: 'headroom-histogram', noDrift: true },
  { id: 'feather-hybrid', noDrift: true },
  { id: 'feather-histogram', noDrift: true },
];

export function methodById(id: string): Method {
  const method = METHODS.find((m) => m.id === id);
  if (!method) throw new Error(`seams: no method ${id}`);
  return method;
}

/**
 * The drift seed of a photograph's chains. The matrix photographs keep 1 and 2 (the figures
 * of earlier rounds, and their runs serve both tables); the others follow in sorted order.
 */
export function seedFor(photo: string, allPhotos: readonly string[]): number {
  const matrix = PHOTOS.indexOf(photo);
  if (matrix >= 0) return matrix + 1;
  const rest = allPhotos.filter((p) => !PHOTOS.includes(p));
  const i = rest.indexOf(photo);
  if (i < 0) throw new Error(`seams: unknown photograph ${photo}`);
  return PHOTOS.length + 1 + i;
}
