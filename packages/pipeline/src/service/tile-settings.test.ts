import { REFERENCE_HEADROOM } from '@exquisite/geometry';
import type { RoomSettings } from '@exquisite/store';
import { describe, expect, it } from 'vitest';
import { colourLawsOf, tileSettingsFor } from './tile-settings.js';

const STRONG = { gain: 1.12, offset: 14 / 255, gamma: 0.8 };
const IDENTITY = { gain: 1, offset: 0, gamma: 1 };
const clippedRed = {
  responses: [STRONG, IDENTITY, IDENTITY],
  clipped: { high: [true, false, false], low: [false, false, false] },
};

/** A committed step's record as `buildStepRecord` writes it, reduced to what the headroom reads. */
function record(headroom: unknown, colourLaws: unknown[]): Record<string, unknown> {
  return {
    parameters: { referenceHeadroom: headroom !== null, headroom },
    tiles: colourLaws.map((colourLaw, index) => ({ index, colourLaw })),
  };
}

const ROOM: RoomSettings = {
  featherPx: 128,
  colorMatch: true,
  prefill: 'smear',
  colorTransfer: 'hybrid',
  blend: 'feather',
  referenceHeadroom: true,
};

describe('colourLawsOf', () => {
  it('reads the range and every tile law a record holds', () => {
    expect(colourLawsOf(record(REFERENCE_HEADROOM, [clippedRed, null, clippedRed]))).toEqual({
      headroom: REFERENCE_HEADROOM,
      laws: [clippedRed, clippedRed],
    });
  });

  it('gives nothing to go by for records without headroom, without laws, from before they were kept, or malformed', () => {
    expect(colourLawsOf(null)).toBeNull();
    expect(colourLawsOf(record(null, [clippedRed]))).toBeNull();
    expect(colourLawsOf(record(REFERENCE_HEADROOM, [null, null]))).toBeNull();
    expect(colourLawsOf({ parameters: { referenceHeadroom: true }, tiles: [{ index: 0 }] })).toBeNull();
    expect(colourLawsOf(record({ black: 210, white: 20 }, [clippedRed]))).toBeNull();
    expect(colourLawsOf(record({ black: '20', white: 210 }, [clippedRed]))).toBeNull();
    const malformed = [
      { ...clippedRed, responses: [STRONG, IDENTITY] },
      { ...clippedRed, responses: [STRONG, IDENTITY, { gain: 1, offset: null, gamma: 1 }] },
      { ...clippedRed, clipped: { high: [true, false], low: [false, false, false] } },
      { ...clippedRed, clipped: { high: [1, 0, 0], low: [false, false, false] } },
      'a string',
    ];
    for (const law of malformed) expect(colourLawsOf(record(REFERENCE_HEADROOM, [law]))).toBeNull();
  });
});

describe('tileSettingsFor', () => {
  it("squeezes a room's first step into the room range, later ones into the range the previous step's law leaves", () => {
    expect(tileSettingsFor(ROOM).headroom).toEqual(REFERENCE_HEADROOM);
    const next = tileSettingsFor(ROOM, colourLawsOf(record(REFERENCE_HEADROOM, [clippedRed])));
    expect(next.headroom?.black).toBe(REFERENCE_HEADROOM.black);
    expect(next.headroom?.white).toBeLessThan(REFERENCE_HEADROOM.white);
  });

  it('a room without headroom gets none, whatever the previous step recorded', () => {
    const settings = tileSettingsFor(
      { ...ROOM, referenceHeadroom: false },
      colourLawsOf(record(REFERENCE_HEADROOM, [clippedRed])),
    );
    expect(settings.headroom).toBeUndefined();
    expect(settings).not.toHaveProperty('referenceHeadroom');
  });
});
