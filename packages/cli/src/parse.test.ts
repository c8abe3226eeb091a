import { describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { parseDuration, parseInteger, parsePoint, parseRect } from './parse.js';

describe('argument parsing', () => {
  it('reads rects and points in whole pixels', () => {
    expect(parseRect('512, 0,1024,256')).toEqual({ x: 512, y: 0, width: 1024, height: 256 });
    expect(parsePoint('-3,7')).toEqual({ x: -3, y: 7 });
  });

  it.each(['1,2,3', '1,2,3,4,5', '0,0,0,5', '0,0,1.5,2', 'a,b,c,d'])('refuses the rect %s', (text) => {
    expect(() => parseRect(text)).toThrow(CliError);
  });

  it('reads durations with units, bare numbers as seconds', () => {
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(() => parseDuration('1 hour')).toThrow(/duration/);
  });

  it('reads signed integers and refuses the rest', () => {
    expect(parseInteger('-40', 'delta')).toBe(-40);
    expect(() => parseInteger('4e3', 'delta')).toThrow(/whole number/);
    expect(() => parseInteger('99999999999999999999', 'delta')).toThrow(/range/);
  });
});
