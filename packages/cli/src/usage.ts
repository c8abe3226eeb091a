export const USAGE = `Usage: pnpm exquisite <command> [options]

Database and blobs come from the API's environment: DATABASE_URL (else embedded PGlite in
DATA_DIR/db), S3_BUCKET + S3_ENDPOINT/S3_REGION/S3_FORCE_PATH_STYLE/AWS_* (else DATA_DIR/blobs).
DATA_DIR defaults to the API's (apps/api/.data). Embedded PGlite: stop the API first.

Commands:
  migrate                                   apply pending database migrations
  admin grant <email>                       give an account the admin role
  credits grant <email> <delta> [--reason TEXT]
                                            add (or, negative, remove) credits via the ledger
  step abort <stepId>                       abort a running step (OPERATOR_ABORT, refunded)
  sessions revoke-all                       sign everybody out (e.g. after rotating secrets)
  audit [--json]                            check balances vs ledger, charges, every version's cells
                                            and blobs, version sizes; exits 1 on any violation
  gc [--dry-run] [--min-age 1h]             delete unreferenced cells older than --min-age and
                                            artifacts of deleted steps (safe while the app runs)
  export <roomId> [--version N] [--reveal] --out FILE.png
                                            stream a room's canvas (any committed version) to PNG;
                                            an unfinished folded room exports its visible strip
                                            unless --reveal
  tiles extract <image> --rect x,y,w,h --out FILE.png
                                            crop exact pixels out of an image
  tiles paste <base> <patch> --at x,y --out FILE.png
                                            paste an image onto another at exact pixels
  help                                      this text

Every command except tiles, audit and help writes an audit entry (actor: cli).
`;
