export { ENGINES, forEachEngine, openTestDatabase } from './engines.js';
export { fakeCells, makeRoom, makeUser } from './fixtures.js';
export { freeLoopbackPort } from './free-port.js';
export { ledgerSum } from './ledger.js';
export { createTestDatabase, type PostgresServer, startPostgresServer } from './postgres-server.js';
export { type S3TestServer, startS3Server } from './s3-server.js';
