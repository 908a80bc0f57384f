import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { resolveStorePath } from '../store/openStore.js';
import { startServer } from '../web/server.js';
import { dbOption } from './dbOption.js';

/** `whosbehind serve`: the web app and JSON API over a store. */
export function registerServe(program: Command): void {
  program.command('serve')
    .description('serve the pages and the JSON API (read-only store; docs/web.md)')
    .addOption(dbOption())
    .option('--host <host>', 'address to bind; anything but loopback needs --token or --public', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '8080')
    .option('--token <token>', 'require this token: Authorization: Bearer TOKEN, or open /?token=TOKEN once (sets a cookie)')
    .option('--public', 'a read-only public deployment: no token needed, entity judgements disabled')
    .option('--sql-memory <mb>', 'memory cap of one SQL console query (its process is stopped beyond it)', '1024')
    .option('--trust-proxy', 'take the client address from X-Forwarded-For (only behind your own reverse proxy)')
    .option('--prewarm <n>', 'compute the pages of the N largest agencies and companies at start (0: none)', '10')
    .addHelpText('after', `
SQL console queries run in sandbox processes stopped at 5 s or past --sql-memory; a result over 10 MB
is refused (413). With --public each client (by address) gets 5 requests/s with bursts of 30 (429 with
Retry-After beyond), a request unanswered after 30 s gets a 503, and answers carry an ETag keyed by the
snapshot (304 on If-None-Match) and are gzip/br compressed by Accept-Encoding. The store is opened read-only with DuckDB's file and network access off; the only write is accepting or
rejecting entity suggestions on the Data page (disabled with --public). The JSON API is described at
/api/openapi.json; money is an exact decimal string.

Examples:
  whosbehind serve                                   # http://127.0.0.1:8080
  whosbehind serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"
  whosbehind serve --host 0.0.0.0 --port 80 --public`)
    .action(async (opts: { db?: string; host: string; port: string; token?: string; public?: boolean; trustProxy?: boolean; prewarm: string; sqlMemory: string }) => {
      const prewarm = Number(opts.prewarm);
      if (!Number.isInteger(prewarm) || prewarm < 0 || prewarm > 1000) throw new UsageError('--prewarm must be a whole number from 0 to 1000');
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535');
      const sqlMemoryMb = Number(opts.sqlMemory);
      if (!Number.isInteger(sqlMemoryMb) || sqlMemoryMb < 128) throw new UsageError('--sql-memory must be a whole number of MB, at least 128');
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const running = await startServer({ dbPath: resolveStorePath(opts.db), host: opts.host, port, token: opts.token, public: !!opts.public, trustProxy: !!opts.trustProxy, prewarm, sqlMemoryMb, log });
      process.stdout.write(`whosbehind serving ${running.store.path} at ${running.url}${opts.token ? ' (token required)' : ''}${opts.public ? ' (public, read-only)' : ''}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void running.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
