import { runCli } from './cli.js';

const status = await runCli(process.argv.slice(2), {
  env: process.env,
  io: { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) },
});
process.exitCode = status;
