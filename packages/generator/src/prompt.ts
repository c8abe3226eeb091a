/**
 * The one template that turns a player's words and a growth direction into the text the
 * image model sees. Its version goes into every step record, so changing the wording means
 * bumping PROMPT_TEMPLATE_VERSION.
 */
export const PROMPT_TEMPLATE_VERSION = 'v1';

/** Same values as geometry's `Direction`; spelled out so this module stays dependency-free. */
export type PromptDirection = 'right' | 'left' | 'up' | 'down';

const DIRECTION_PHRASES: Record<PromptDirection, { towards: string; edge: string }> = {
  right: { towards: 'to the right', edge: 'right' },
  left: { towards: 'to the left', edge: 'left' },
  up: { towards: 'upwards', edge: 'top' },
  down: { towards: 'downwards', edge: 'bottom' },
};

export interface BuiltPrompt {
  text: string;
  version: string;
}

export function buildPrompt(input: { text: string; direction: PromptDirection }): BuiltPrompt {
  const phrases = DIRECTION_PHRASES[input.direction];
  if (phrases === undefined) throw new RangeError(`Unknown direction: ${String(input.direction)}`);
  const content = input.text.trim();
  const lines = [
    `Extend this image ${phrases.towards}.`,
    `Fill only the transparent area at the ${phrases.edge} edge, continuing the existing picture seamlessly:`,
    'match its style, lighting, perspective, colours and textures, with no visible seam or border.',
  ];
  // An empty player text is allowed: the model then simply continues the scene.
  lines.push(content.length > 0 ? `Content: ${content}` : 'Content: continue the scene naturally.');
  return { text: lines.join('\n'), version: PROMPT_TEMPLATE_VERSION };
}

/** Text-to-image starting prompt (room created from a prompt). */
export function buildStartPrompt(text: string): BuiltPrompt {
  const content = text.trim();
  return {
    text: `A single detailed, edge-to-edge picture with no border or frame. Content: ${content}`,
    version: PROMPT_TEMPLATE_VERSION,
  };
}
