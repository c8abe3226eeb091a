/**
 * A step-running process for the SIGKILL suite: accepts one step on the given room and runs it
 * with a slow generator, printing `STEP <id>` once accepted and `GENERATING` once the first tile is with the generator. The
 * parent kills it with SIGKILL there; lease recovery in the parent must settle the step.
 */
import { createMockProvider, type ImageProvider } from '@exquisite/generator';
import { createPipeline } from '@exquisite/pipeline';
import { createDatabase, createFsBlobStore, getRoom } from '@exquisite/store';

const { DATABASE_URL, BLOB_ROOT, ROOM_ID, USER_ID, IDEMPOTENCY_KEY } = process.env;
if (!DATABASE_URL || !BLOB_ROOT || !ROOM_ID || !USER_ID || !IDEMPOTENCY_KEY) throw new Error('missing env');

const database = await createDatabase({ url: DATABASE_URL, maxConnections: 2 });
const mock = createMockProvider();
const slow: ImageProvider = {
  name: mock.name,
  model: mock.model,
  edit: async (req) => {
    process.stdout.write('GENERATING\n');
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.GENERATE_DELAY_MS ?? 60_000)));
    return mock.edit(req);
  },
  create: (req) => mock.create(req),
};
const pipeline = createPipeline({
  db: database.db,
  blobs: createFsBlobStore({ root: BLOB_ROOT }),
  generator: slow,
  config: { leaseSeconds: 2 },
});
const room = await getRoom(database.db, ROOM_ID);
const submitted = await pipeline.submitStep({
  roomId: ROOM_ID,
  userId: USER_ID,
  direction: 'right',
  prompt: 'killed',
  turnNonce: room!.turn.nonce,
  idempotencyKey: IDEMPOTENCY_KEY,
});
if (!submitted.ok) throw new Error(submitted.code);
process.stdout.write(`STEP ${submitted.stepId}\n`);
// Only reached when the process is paused rather than killed: report what became of the step.
const outcome = await pipeline.settled(submitted.stepId);
process.stdout.write(`OUTCOME ${outcome?.status ?? 'unknown'}\n`);
await pipeline.stop(1_000);
await database.close();
