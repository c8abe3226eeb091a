/**
 * Flattens the provider's usage object (`{ input_tokens, input_tokens_details: { … } }`)
 * into dotted numeric keys, the shape the step record stores.
 */
export function flattenUsage(usage: unknown): Record<string, number> | null {
  if (typeof usage !== 'object' || usage === null) return null;
  const out: Record<string, number> = {};
  const visit = (value: unknown, prefix: string) => {
    if (typeof value === 'number' && Number.isFinite(value)) {
      out[prefix] = value;
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value))
        visit(inner, prefix === '' ? key : `${prefix}.${key}`);
    }
  };
  visit(usage, '');
  return Object.keys(out).length > 0 ? out : null;
}
