// Start the fixture server by hand (demo, bench, debugging):
//   npx tsx test/support/server-cli.ts <scenario> [--port N] [--latency ms] [--quiet]
// Prints the port and the Chromium --host-resolver-rules, logs each request, and stops on Ctrl-C / SIGTERM.
import { fileURLToPath } from 'node:url';
import { startFixtureServer, type FixtureServer, type LogEntry } from './fixture-server';

export interface CliOptions {
  scenario: string;
  port: number;
  latencyMs: number;
  quiet: boolean;
}

export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = { scenario: '', port: 0, latencyMs: 0, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const number = (name: string) => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number ≥ 0`);
      return value;
    };
    if (arg === '--port') options.port = number('--port');
    else if (arg === '--latency') options.latencyMs = number('--latency');
    else if (arg === '--quiet') options.quiet = true;
    else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}`);
    else options.scenario = arg;
  }
  if (!options.scenario) throw new Error('Usage: server-cli.ts <scenario> [--port N] [--latency ms] [--quiet]');
  return options;
}

export function formatLogEntry(e: LogEntry): string {
  const flag = e.asset ? ' (asset)' : e.matched ? '' : ' UNMATCHED';
  return `${new Date(e.at).toISOString()} ${e.status || 'XXX'} ${e.method} https://${e.host}${e.path}${e.query ? `?${e.query}` : ''}${flag}${e.fault ? ' [fault]' : ''}`;
}

export async function runCli(argv: string[]): Promise<FixtureServer> {
  const options = parseCliArgs(argv);
  const server = await startFixtureServer({
    scenario: options.scenario,
    port: options.port,
    latencyMs: options.latencyMs,
    onRequest: options.quiet ? undefined : (e) => console.log(formatLogEntry(e)),
  });
  console.log(`Fixture server: scenario "${options.scenario}" on https://127.0.0.1:${server.port}`);
  console.log(`port=${server.port}`);
  console.log(`--host-resolver-rules=${server.hostResolverRules()}`);
  for (const s of server.scenario.standIns) console.log(`stand-in: ${s.route} — ${s.why}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runCli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
