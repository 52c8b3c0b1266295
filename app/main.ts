#!/usr/bin/env node
/**
 * CLI entry: `npm run tthc -- <command> [args]`. Each command lives in its own module
 * under `app/commands/` and is loaded only when called, so `show` does not pay for the
 * server's start-up.
 */
type CommandModule = { run(args: string[]): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  serve: { summary: 'start the server (web chat, Direct Line, Zalo, consoles)', load: () => import('./commands/serve.js') },
  show: { summary: 'show <code>: print one procedure in Vietnamese', load: () => import('./commands/show.js') },
  'knowledge:import': {
    summary: 'knowledge:import [--source DIR]: rebuild the shipped catalogue from the portal sources',
    load: () => import('./commands/knowledge-import.js'),
  },
  'statutes:import': { summary: 'statutes:import [--source DIR]: rebuild knowledge/statutes from the shared statutes', load: () => import('./commands/statutes-import.js') },
  index: { summary: 'build the retrieval indexes under DATA_DIR', load: () => import('./commands/index-build.js') },
  'understanding:train': {
    summary: 'understanding:train [--force]: train the intent model from knowledge/understanding/corpus',
    load: () => import('./commands/understanding-train.js'),
  },
  ask: { summary: 'ask [--json] ["turn" ...]: talk to the bot in the terminal', load: () => import('./commands/ask.js') },
  'lawyers:seed': { summary: 'create a demo rota of fictional lawyers', load: () => import('./commands/lawyers-seed.js') },
  'lawyers:import': { summary: 'lawyers:import <lawyers.csv> [shifts.csv]: load the real rota', load: () => import('./commands/lawyers-import.js') },
  'users:add': { summary: 'users:add <username> <role>: create a console user', load: () => import('./commands/users-add.js') },
  'demo:analytics': { summary: 'demo:analytics [--days 30]: fictional conversations through the real bot for the city dashboard', load: () => import('./commands/demo-analytics.js') },
  'db:migrate': { summary: 'db:migrate: apply the PostgreSQL migrations to DATABASE_URL (idempotent)', load: () => import('./commands/db-migrate.js') },
  balance: { summary: 'balance --to URL,URL [--port 3990]: round-robin proxy over app processes (trial)', load: () => import('./commands/balance.js') },
  'city:trial': { summary: 'city:trial [--processes 2] [--port 3990]: N processes on DATABASE_URL behind one port', load: () => import('./commands/city-trial.js') },
  'db:copy': { summary: 'db:copy --from sqlite:PATH [--to URL]: copy a ward\'s SQLite data into PostgreSQL and verify it', load: () => import('./commands/db-copy.js') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`);
  return `Usage: npm run tthc -- <command> [args]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
