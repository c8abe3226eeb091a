/**
 * What every image provider offers the pipeline. A provider sees one 1024² tile at a time and
 * knows nothing about rooms, canvases or directions.
 */
export interface EditRequest {
  /** Reference PNG, exactly 1024×1024: the tile's known pixels plus the pipeline's prefill. */
  image: Uint8Array;
  /** RGBA PNG, exactly 1024×1024; alpha 0 = editable, alpha 255 = keep (geometry.md). */
  mask: Uint8Array;
  /** Final prompt text (see `buildPrompt`). */
  prompt: string;
  /** Aborting rejects with `signal.reason` at once (no GeneratorError, no retry). */
  signal?: AbortSignal;
}

export interface CreateRequest {
  prompt: string;
  signal?: AbortSignal;
}

export interface GeneratedImage {
  /** PNG, exactly 1024×1024, RGB (alpha flattened), normalised by `validateOutputImage`. */
  image: Uint8Array;
  provider: string;
  model: string;
  requestId: string | null;
  /** Provider-reported usage, flattened to dotted keys (e.g. `input_tokens_details.image_tokens`). */
  usage: Record<string, number> | null;
  /** Calls made for this image, retries included (1 = first try succeeded). */
  attempts: number;
}

export interface ImageProvider {
  readonly name: string;
  readonly model: string;
  edit(req: EditRequest): Promise<GeneratedImage>;
  create(req: CreateRequest): Promise<GeneratedImage>;
}
