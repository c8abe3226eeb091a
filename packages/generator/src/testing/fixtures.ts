import sharp from 'sharp';

const SIDE = 1024;

/** A solid-colour PNG, by default 1024² RGB; `alpha` adds an alpha channel of that value. */
export async function solidPng(
  options: { width?: number; height?: number; rgb?: [number, number, number]; alpha?: number } = {},
): Promise<Uint8Array> {
  const [r, g, b] = options.rgb ?? [90, 140, 200];
  const png = await sharp({
    create: {
      width: options.width ?? SIDE,
      height: options.height ?? SIDE,
      channels: options.alpha === undefined ? 3 : 4,
      background: { r, g, b, alpha: (options.alpha ?? 255) / 255 },
    },
  })
    .png()
    .toBuffer();
  return new Uint8Array(png);
}

/**
 * A tile like the pipeline sends for a step to the right: a textured picture in the known
 * left part, the frontier column smeared over the unknown right half, and a mask whose
 * alpha is 0 from `editableFromX` on (the feather zone plus the unknown half).
 */
export async function tileFixture(editableFromX = 384): Promise<{
  reference: Uint8Array;
  mask: Uint8Array;
  referenceRgb: Uint8Array;
  maskAlpha: Uint8Array;
}> {
  const referenceRgb = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const sx = Math.min(x, 511);
      const o = (y * SIDE + x) * 3;
      referenceRgb[o] = 40 + Math.floor((sx * 150) / 511);
      referenceRgb[o + 1] = 40 + Math.floor((y * 150) / 1023);
      referenceRgb[o + 2] = (Math.floor(sx / 64) + Math.floor(y / 64)) % 2 === 0 ? 60 : 170;
    }
  }
  const maskAlpha = new Uint8Array(SIDE * SIDE);
  for (let i = 0; i < maskAlpha.length; i++) maskAlpha[i] = i % SIDE >= editableFromX ? 0 : 255;
  const maskRgba = new Uint8Array(SIDE * SIDE * 4);
  for (let i = 0; i < maskAlpha.length; i++) maskRgba[i * 4 + 3] = maskAlpha[i]!;
  const reference = new Uint8Array(
    await sharp(referenceRgb, { raw: { width: SIDE, height: SIDE, channels: 3 } })
      .png()
      .toBuffer(),
  );
  const mask = new Uint8Array(
    await sharp(maskRgba, { raw: { width: SIDE, height: SIDE, channels: 4 } })
      .png()
      .toBuffer(),
  );
  return { reference, mask, referenceRgb, maskAlpha };
}
