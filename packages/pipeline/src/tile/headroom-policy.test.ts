import { type ChannelResponse, REFERENCE_HEADROOM } from '@exquisite/geometry';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADROOM_LIMIT, nextHeadroom, type TileColourLaw } from './headroom-policy.js';

const IDENTITY: ChannelResponse = { gain: 1, offset: 0, gamma: 1 };
/** The oracle's `strong` drift: every bright canvas colour comes back past 255. */
const STRONG: ChannelResponse = { gain: 1.12, offset: 14 / 255, gamma: 0.8 };
const MILD: ChannelResponse = { gain: 1.05, offset: 6 / 255, gamma: 0.92 };
const NONE = [false, false, false];

const predicted = ({ gain, offset, gamma }: ChannelResponse, level: number) =>
  255 * (offset + gain * (level / 255) ** gamma);

function law(responses: ChannelResponse[], high = NONE, low = NONE): TileColourLaw {
  return { responses, clipped: { high, low } };
}

describe('nextHeadroom', () => {
  it("starts every room at the room's range", () => {
    expect(nextHeadroom(REFERENCE_HEADROOM, null)).toEqual(REFERENCE_HEADROOM);
  });

  it('keeps the range while the model clips nothing, however its law looks', () => {
    const previous = { headroom: { black: 20, white: 196 }, laws: [law([STRONG, STRONG, STRONG])] };
    expect(nextHeadroom(REFERENCE_HEADROOM, previous)).toEqual({ black: 20, white: 196 });
  });

  it('moves a clipped bright end in to the level the clipped channel’s law sends to 251', () => {
    const previous = {
      headroom: REFERENCE_HEADROOM,
      laws: [law([STRONG, IDENTITY, IDENTITY], [true, false, false])],
    };
    const next = nextHeadroom(REFERENCE_HEADROOM, previous);
    expect(next.black).toBe(REFERENCE_HEADROOM.black);
    expect(Number.isInteger(next.white)).toBe(true);
    expect(predicted(STRONG, next.white)).toBeLessThanOrEqual(251);
    expect(predicted(STRONG, next.white + 1)).toBeGreaterThan(251);
  });

  it('counts only the channels that clipped, and the tightest of several tiles', () => {
    const unclipped = { headroom: REFERENCE_HEADROOM, laws: [law([STRONG, STRONG, STRONG], NONE)] };
    expect(nextHeadroom(REFERENCE_HEADROOM, unclipped).white).toBe(REFERENCE_HEADROOM.white);
    const brighter: ChannelResponse = { gain: 1.2, offset: 16 / 255, gamma: 0.8 };
    const twoTiles = {
      headroom: REFERENCE_HEADROOM,
      laws: [
        law([STRONG, IDENTITY, IDENTITY], [true, false, false]),
        law([IDENTITY, brighter, IDENTITY], [false, true, false]),
      ],
    };
    const next = nextHeadroom(REFERENCE_HEADROOM, twoTiles);
    expect(predicted(brighter, next.white)).toBeLessThanOrEqual(251);
    expect(predicted(brighter, next.white + 1)).toBeGreaterThan(251);
  });

  it("a mild model that clipped (grain) leaves the room's range: its law allows more", () => {
    const previous = { headroom: REFERENCE_HEADROOM, laws: [law([MILD, MILD, MILD], [true, true, true])] };
    expect(predicted(MILD, REFERENCE_HEADROOM.white)).toBeLessThan(251);
    expect(nextHeadroom(REFERENCE_HEADROOM, previous)).toEqual(REFERENCE_HEADROOM);
  });

  it('moves a clipped dark end up the same way', () => {
    const darkening: ChannelResponse = { gain: 1.05, offset: -20 / 255, gamma: 1.1 };
    const previous = {
      headroom: REFERENCE_HEADROOM,
      laws: [law([darkening, IDENTITY, IDENTITY], NONE, [true, false, false])],
    };
    const next = nextHeadroom(REFERENCE_HEADROOM, previous);
    expect(next.white).toBe(REFERENCE_HEADROOM.white);
    expect(predicted(darkening, next.black)).toBeGreaterThanOrEqual(4);
    expect(predicted(darkening, next.black - 1)).toBeLessThan(4);
  });

  it('stops at HEADROOM_LIMIT however far the law would go, and ignores laws it cannot invert', () => {
    const blowout: ChannelResponse = { gain: 3, offset: 0.2, gamma: 1 };
    const crush: ChannelResponse = { gain: 0.5, offset: -0.4, gamma: 1 };
    const previous = {
      headroom: REFERENCE_HEADROOM,
      laws: [law([blowout, crush, IDENTITY], [true, false, false], [false, true, false])],
    };
    expect(nextHeadroom(REFERENCE_HEADROOM, previous)).toEqual(HEADROOM_LIMIT);
    const flat: ChannelResponse = { gain: 0, offset: 0.5, gamma: 1 };
    const broken = {
      headroom: { black: 24, white: 200 },
      laws: [law([flat, flat, flat], [true, true, true], [true, true, true])],
    };
    expect(nextHeadroom(REFERENCE_HEADROOM, broken)).toEqual({ black: 24, white: 200 });
  });

  it('never widens a range and never leaves the room’s range or the limit (property)', () => {
    const response = fc.record({
      gain: fc.double({ min: -0.5, max: 3, noNaN: true }),
      offset: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      gamma: fc.double({ min: 0.2, max: 3, noNaN: true }),
    });
    const flags = fc.tuple(fc.boolean(), fc.boolean(), fc.boolean());
    const tileLaw = fc.record({ responses: fc.tuple(response, response, response), high: flags, low: flags });
    fc.assert(
      fc.property(
        fc.integer({ min: REFERENCE_HEADROOM.black, max: HEADROOM_LIMIT.black }),
        fc.integer({ min: HEADROOM_LIMIT.white, max: REFERENCE_HEADROOM.white }),
        fc.array(tileLaw, { maxLength: 4 }),
        (black, white, laws) => {
          const previous = {
            headroom: { black, white },
            laws: laws.map((l) => law(l.responses, l.high, l.low)),
          };
          const next = nextHeadroom(REFERENCE_HEADROOM, previous);
          expect(next.black).toBeGreaterThanOrEqual(black);
          expect(next.white).toBeLessThanOrEqual(white);
          expect(next.black).toBeLessThanOrEqual(HEADROOM_LIMIT.black);
          expect(next.white).toBeGreaterThanOrEqual(HEADROOM_LIMIT.white);
          expect(Number.isInteger(next.black) && Number.isInteger(next.white)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
