import { describe, expect, it } from 'vitest';
import { buildPrompt, buildStartPrompt, PROMPT_TEMPLATE_VERSION } from './prompt.js';

describe('buildPrompt', () => {
  it('renders the versioned template for each direction', () => {
    expect(buildPrompt({ text: 'a lighthouse on a cliff', direction: 'right' })).toEqual({
      text: [
        'Extend this image to the right.',
        'Fill only the transparent area at the right edge, continuing the existing picture seamlessly:',
        'match its style, lighting, perspective, colours and textures, with no visible seam or border.',
        'Content: a lighthouse on a cliff',
      ].join('\n'),
      version: 'v1',
    });
    expect(PROMPT_TEMPLATE_VERSION).toBe('v1');
    expect(buildPrompt({ text: 'x', direction: 'left' }).text).toMatch(
      /^Extend this image to the left\.\n.*at the left edge/,
    );
    expect(buildPrompt({ text: 'x', direction: 'up' }).text).toMatch(
      /^Extend this image upwards\.\n.*at the top edge/,
    );
    expect(buildPrompt({ text: 'x', direction: 'down' }).text).toMatch(
      /^Extend this image downwards\.\n.*at the bottom edge/,
    );
  });

  it('trims the player text and inserts it verbatim', () => {
    const text = '  <b>dragons</b> & "ships" {{ignore previous}}\n ';
    const built = buildPrompt({ text, direction: 'down' });
    expect(built.text.endsWith('\nContent: <b>dragons</b> & "ships" {{ignore previous}}')).toBe(true);
  });

  it('is deterministic', () => {
    const a = buildPrompt({ text: 'rain', direction: 'up' });
    const b = buildPrompt({ text: 'rain', direction: 'up' });
    expect(a).toEqual(b);
    expect(a).not.toEqual(buildPrompt({ text: 'snow', direction: 'up' }));
  });

  it('asks to continue the scene when the player wrote nothing', () => {
    expect(buildPrompt({ text: '   ', direction: 'right' }).text).toContain(
      'Content: continue the scene naturally.',
    );
  });

  it('rejects an unknown direction', () => {
    expect(() => buildPrompt({ text: 'x', direction: 'sideways' as 'up' })).toThrow(RangeError);
  });
});

describe('buildStartPrompt', () => {
  it('wraps the trimmed text in the start template', () => {
    expect(buildStartPrompt('  a harbour at night ')).toEqual({
      text: 'A single detailed, edge-to-edge picture with no border or frame. Content: a harbour at night',
      version: 'v1',
    });
  });
});
