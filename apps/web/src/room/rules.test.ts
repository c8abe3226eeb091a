import { describe, expect, it } from 'vitest';
import { aRoom, aStep } from '../test/fixtures.js';
import { allowedDirections, isMyTurn, visibleRect } from './rules.js';

describe('allowedDirections', () => {
  it('offers every side of an open room within its limits', () => {
    expect(allowedDirections(aRoom())).toEqual(['right', 'left', 'up', 'down']);
  });

  it('drops the sides whose step would break the size limit', () => {
    const room = aRoom({
      canvas: { x: 0, y: 0, width: 2048, height: 1024, version: 3 },
      limits: { maxWidth: 2048, maxHeight: 1536, maxTurns: null },
    });
    expect(allowedDirections(room)).toEqual(['up', 'down']);
  });

  it('offers only the fixed direction of a folded room', () => {
    expect(allowedDirections(aRoom({ mode: 'folded', direction: 'down' }))).toEqual(['down']);
  });
});

describe('visibleRect', () => {
  const canvas = { x: -512, y: 0, width: 2048, height: 1024, version: 4 };

  it('is the whole canvas for an open room', () => {
    expect(visibleRect(aRoom({ canvas }))).toEqual(canvas);
  });

  it('is the last strip of a folded room in play, on its growing side', () => {
    expect(visibleRect(aRoom({ canvas, mode: 'folded', direction: 'left' }))).toEqual({
      x: -512,
      y: 0,
      width: 512,
      height: 1024,
    });
    expect(visibleRect(aRoom({ canvas, mode: 'folded', direction: 'right' }))).toEqual({
      x: 1024,
      y: 0,
      width: 512,
      height: 1024,
    });
  });

  it('reveals everything once a folded room is finished', () => {
    expect(visibleRect(aRoom({ canvas, mode: 'folded', direction: 'left', status: 'finished' }))).toEqual(
      canvas,
    );
  });
});

describe('isMyTurn', () => {
  it('is true only for the turn holder of an open room with no step running', () => {
    expect(isMyTurn(aRoom(), 'u-ada')).toBe(true);
    expect(isMyTurn(aRoom(), 'u-bob')).toBe(false);
    expect(isMyTurn(aRoom({ activeStep: aStep() }), 'u-ada')).toBe(false);
    expect(isMyTurn(aRoom({ status: 'finished' }), 'u-ada')).toBe(false);
  });
});
