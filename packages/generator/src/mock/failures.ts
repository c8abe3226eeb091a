import { GENERATOR_ERROR_CODES, type GeneratorErrorCode, isGeneratorErrorCode } from '../errors.js';

/**
 * Scripted failures let the pipeline, API and web client rehearse every failure path
 * offline: with failures enabled, a prompt containing `[mock-fail:CODE]` fails with CODE.
 */
const MARKER = /\[mock-fail:([A-Za-z_]+)\]/;

export type ScriptedFailure = { code: GeneratorErrorCode } | { unknown: string };

export function scriptedFailure(prompt: string): ScriptedFailure | null {
  const match = MARKER.exec(prompt);
  if (match === null) return null;
  const code = match[1]!.toUpperCase();
  return isGeneratorErrorCode(code) ? { code } : { unknown: code };
}

export const SCRIPTABLE_CODES: readonly GeneratorErrorCode[] = GENERATOR_ERROR_CODES;
