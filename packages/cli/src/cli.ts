import { parseArgs } from 'node:util';
import { auditInvariants } from './audit/invariants.js';
import { grantAdmin } from './commands/admin.js';
import { grantCredits } from './commands/credits.js';
import { exportRoom } from './commands/export.js';
import { collectGarbage } from './commands/gc.js';
import { runMigrations } from './commands/migrate.js';
import { revokeAllSessions } from './commands/sessions.js';
import { abortStepAsOperator } from './commands/step-abort.js';
import { extractTile, pasteTile } from './commands/tiles.js';
import { type OperatorContext, openOperatorContext } from './context.js';
import { CliError, exitCodeFor } from './errors.js';
import { parseDuration, parseInteger, parsePoint, parseRect } from './parse.js';
import { type Env, resolveUserPath } from './paths.js';
import { USAGE } from './usage.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliOptions {
  env: Env;
  io: CliIo;
  /** Tests pass an already open context; otherwise one is opened from `env` and closed after. */
  context?: OperatorContext;
}

type Parsed = ReturnType<typeof parse>;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'dry-run': { type: 'boolean' },
  'min-age': { type: 'string' },
  reason: { type: 'string' },
  version: { type: 'string' },
  out: { type: 'string', short: 'o' },
  rect: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean' },
  reveal: { type: 'boolean' },
} as const;

/**
 * parseArgs reads `-4` as a short option; a negative credit delta is a positional, so such
 * arguments travel as U+2212 MINUS SIGN and `parseInteger` reads them back.
 */
function parse(argv: string[]) {
  const args = argv.map((arg) => (/^-\d+$/.test(arg) ? `\u2212${arg.slice(1)}` : arg));
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new CliError('USAGE', (cause as Error).message, { cause });
  }
}

/** Runs one command line; resolves to the process exit status. Never throws. */
export async function runCli(argv: string[], options: CliOptions): Promise<number> {
  const { io } = options;
  try {
    const parsed = parse(argv);
    const [command, ...rest] = parsed.positionals;
    if (parsed.values.help || command === undefined || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (command === 'tiles') {
      await runTiles(rest, parsed, options);
      return 0;
    }
    const context = options.context ?? (await openOperatorContext(options.env));
    try {
      await runWithContext(command, rest, parsed, context, options);
    } finally {
      if (!options.context) await context.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError && error.code === 'USAGE') io.err(`${error.message}\n\n${USAGE}`);
    else io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodeFor(error);
  }
}

async function runWithContext(
  command: string,
  args: string[],
  parsed: Parsed,
  context: OperatorContext,
  { env, io }: CliOptions,
): Promise<void> {
  const { values } = parsed;
  switch (command) {
    case 'migrate': {
      expectArgs(args, 0, 'migrate');
      await runMigrations(context.database, env.EXQ_MIGRATIONS_DIR);
      io.out(`migrations applied (${context.database.engine})`);
      return;
    }
    case 'admin': {
      const [sub, email] = expectArgs(args, 2, 'admin grant <email>');
      if (sub !== 'grant') throw new CliError('USAGE', `unknown admin command: ${sub}`);
      const user = await grantAdmin(context.db, email!);
      io.out(`${user.email} is now an admin (${user.id})`);
      return;
    }
    case 'credits': {
      const [sub, email, delta] = expectArgs(args, 3, 'credits grant <email> <delta>');
      if (sub !== 'grant') throw new CliError('USAGE', `unknown credits command: ${sub}`);
      const result = await grantCredits(context.db, {
        email: email!,
        delta: parseInteger(delta!, 'delta'),
        ...(values.reason === undefined ? {} : { reason: values.reason }),
      });
      io.out(`${email}: balance ${result.balance}`);
      return;
    }
    case 'step': {
      const [sub, stepId] = expectArgs(args, 2, 'step abort <stepId>');
      if (sub !== 'abort') throw new CliError('USAGE', `unknown step command: ${sub}`);
      const result = await abortStepAsOperator(context.db, stepId!);
      io.out(
        `step ${result.step.id} aborted${result.refunded ? `, ${result.step.cost} credits refunded` : ''}`,
      );
      return;
    }
    case 'sessions': {
      const [sub] = expectArgs(args, 1, 'sessions revoke-all');
      if (sub !== 'revoke-all') throw new CliError('USAGE', `unknown sessions command: ${sub}`);
      io.out(`revoked ${await revokeAllSessions(context.db)} sessions; everybody signs in again`);
      return;
    }
    case 'audit': {
      expectArgs(args, 0, 'audit');
      const report = await auditInvariants(context.db, context.blobs);
      if (values.json) io.out(JSON.stringify(report, null, 2));
      else {
        io.out(
          `audited ${report.users} users, ${report.steps} steps, ${report.versions} versions, ${report.blobsChecked} blobs`,
        );
        for (const violation of report.violations) io.out(`${violation.kind}: ${violation.detail}`);
        io.out(report.violations.length === 0 ? 'no violations' : `${report.violations.length} violations`);
      }
      if (report.violations.length > 0) throw new CliError('REFUSED', 'the invariant audit found violations');
      return;
    }
    case 'gc': {
      expectArgs(args, 0, 'gc');
      const report = await collectGarbage(context, {
        dryRun: values['dry-run'] ?? false,
        minAgeMs: parseDuration(values['min-age'] ?? '1h'),
      });
      if (values.json) {
        io.out(JSON.stringify(report, null, 2));
        return;
      }
      const verb = report.dryRun ? 'would delete' : 'deleted';
      const { cells, artifacts } = report;
      io.out(
        `cells: ${cells.scanned} scanned, ${cells.referenced} referenced, ${cells.fresh} fresh, ` +
          `${verb} ${cells.deleted.length}, restored ${cells.restored.length}, deferred ${cells.deferred}`,
      );
      io.out(
        `step artifacts: ${artifacts.scanned} scanned, ${artifacts.orphanSteps} orphan steps, ` +
          `${verb} ${artifacts.deleted.length}`,
      );
      return;
    }
    case 'export': {
      const [roomId] = expectArgs(args, 1, 'export <roomId> --out FILE.png');
      const out = requireOption(values.out, '--out FILE.png');
      const result = await exportRoom(context, {
        roomId: roomId!,
        out: resolveUserPath(env, out),
        reveal: values.reveal ?? false,
        ...(values.version === undefined ? {} : { version: parseInteger(values.version, '--version') }),
      });
      io.out(`wrote ${result.width}×${result.height} to ${result.path}`);
      return;
    }
    default:
      throw new CliError('USAGE', `unknown command: ${command}`);
  }
}

async function runTiles(args: string[], parsed: Parsed, { env, io }: CliOptions): Promise<void> {
  const { values } = parsed;
  const sub = args[0];
  const out = () => resolveUserPath(env, requireOption(values.out, '--out FILE.png'));
  if (sub === 'extract') {
    const [, image] = expectArgs(args, 2, 'tiles extract <image> --rect x,y,w,h --out FILE.png');
    const rect = parseRect(requireOption(values.rect, '--rect x,y,w,h'));
    const path = out();
    const tile = await extractTile({ image: resolveUserPath(env, image!), rect, out: path });
    io.out(`wrote ${tile.width}×${tile.height} (${tile.channels === 3 ? 'RGB' : 'RGBA'}) to ${path}`);
    return;
  }
  if (sub === 'paste') {
    const [, base, patch] = expectArgs(args, 3, 'tiles paste <base> <patch> --at x,y --out FILE.png');
    const at = parsePoint(requireOption(values.at, '--at x,y'));
    const path = out();
    const result = await pasteTile({
      base: resolveUserPath(env, base!),
      patch: resolveUserPath(env, patch!),
      at,
      out: path,
    });
    const w = result.written;
    io.out(
      w
        ? `pasted ${w.width}×${w.height} at ${w.x},${w.y}; wrote ${result.image.width}×${result.image.height} to ${path}`
        : `the patch lies outside the base; wrote it unchanged to ${path}`,
    );
    return;
  }
  throw new CliError('USAGE', `unknown tiles command: ${sub ?? '(none)'}`);
}

function expectArgs(args: string[], count: number, shape: string): string[] {
  if (args.length !== count) throw new CliError('USAGE', `usage: exquisite ${shape}`);
  return args;
}

function requireOption(value: string | undefined, shape: string): string {
  if (value === undefined) throw new CliError('USAGE', `missing ${shape}`);
  return value;
}
