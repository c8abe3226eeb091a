import { COLOR_TRANSFERS } from '@exquisite/pipeline';
import * as v from 'valibot';

/** Input shapes of every route. Objects are strict: an unknown field is a client bug worth reporting. */

export const uuid = v.pipe(v.string(), v.uuid());

/** Prompts are trimmed first, then must keep 1–1000 characters. */
export const prompt = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'Prompt must not be empty'),
  v.maxLength(1000, 'Prompt must be at most 1000 characters'),
);

export const direction = v.picklist(['right', 'left', 'up', 'down']);

export const email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email());

export const registerBody = v.strictObject({
  email,
  password: v.pipe(
    v.string(),
    v.minLength(8, 'Password must be at least 8 characters'),
    v.maxLength(256, 'Password must be at most 256 characters'),
  ),
  displayName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60)),
});

export const loginBody = v.strictObject({
  email,
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
});

export const roomIdParam = v.strictObject({ roomId: uuid });
export const stepIdParam = v.strictObject({ stepId: uuid });
export const userIdParam = v.strictObject({ userId: uuid });
export const memberParam = v.strictObject({ roomId: uuid, userId: uuid });

const integerString = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,9}$/, 'Must be a whole number'),
    v.toNumber(),
    v.minValue(min),
    v.maxValue(max),
  );

export const tileParam = v.strictObject({
  roomId: uuid,
  level: integerString(0, 64),
  cx: v.pipe(v.string(), v.regex(/^-?\d{1,7}$/), v.toNumber()),
  // The route is `:cy{-?[0-9]+\.png}`: the extension arrives with the number.
  cy: v.pipe(
    v.string(),
    v.regex(/^-?\d{1,7}\.png$/),
    v.transform((value) => Number.parseInt(value, 10)),
  ),
});

export const versionQuery = v.strictObject({ version: v.optional(integerString(0, 1_000_000_000)) });
export const tileQuery = v.strictObject({ v: v.optional(integerString(0, 1_000_000_000)) });

export const joinBody = v.strictObject({
  inviteCode: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(32)),
});

export const skipTurnBody = v.strictObject({ turnNonce: uuid });

export const stepBody = v.strictObject({ direction, prompt, turnNonce: uuid });

export const idempotencyHeader = v.looseObject({
  'idempotency-key': v.pipe(
    v.string('Idempotency-Key header is required'),
    v.uuid('Idempotency-Key must be a UUID'),
  ),
});

export const stepsQuery = v.strictObject({
  before: v.optional(integerString(1, 1_000_000_000)),
  limit: v.optional(integerString(1, 100)),
});

/** Multipart room creation. Text fields arrive as strings; `image` as a File. */
export const createRoomForm = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80)),
    image: v.optional(v.pipe(v.file(), v.maxSize(10 * 1024 * 1024, 'Image must be at most 10 MiB'))),
    prompt: v.optional(prompt),
    mode: v.optional(v.picklist(['open', 'folded']), 'open'),
    direction: v.optional(direction),
    maxTurns: v.optional(integerString(1, 10_000)),
    /** The room's colour transfer (docs/seams.md); absent = the default for new rooms, `hybrid`. */
    colorTransfer: v.optional(v.picklist(COLOR_TRANSFERS)),
    /**
     * Squeeze the model's references into headroom (docs/seams.md, "Headroom as a room setting");
     * absent = on. A form field is text: exactly `true` or `false`.
     */
    referenceHeadroom: v.optional(
      v.pipe(
        v.picklist(['true', 'false'], 'referenceHeadroom must be true or false'),
        v.transform((value) => value === 'true'),
      ),
    ),
  }),
  v.check((form) => !(form.image && form.prompt), 'Give an image or a prompt, not both'),
  v.check(
    (form) => form.mode === 'folded' || form.direction === undefined,
    'direction applies to folded rooms only',
  ),
);

export const adminStepsQuery = v.strictObject({ status: v.optional(v.picklist(['running'])) });

export const adminCreditsBody = v.strictObject({
  delta: v.pipe(v.number(), v.integer(), v.minValue(-1_000_000), v.maxValue(1_000_000), v.notValue(0)),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});

export const pageQuery = v.strictObject({
  limit: v.optional(integerString(1, 500)),
  before: v.optional(integerString(1, 999_999_999)),
  offset: v.optional(integerString(0, 1_000_000)),
});
