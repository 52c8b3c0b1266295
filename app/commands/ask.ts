import readline from 'node:readline';
import { stdin, stdout, stderr } from 'node:process';
import { silentLogger } from '../../bot/index.js';
import type { TurnReply } from '../../channels/local/index.js';
import { createAssistant } from '../assistant.js';
import { loadConfig } from '../config.js';

/** The `--json` summary line of a turn (the eval contract). */
export function summarizeTurn(reply: TurnReply): {
  behavior: string;
  procedures: Array<{ code: string; name: string; score: number }>;
  reply: string;
  suggestedActions: string[];
  understanding?: { intent: string; confidence: number; danger: boolean; dangerKind?: string; abstain: boolean; awaiting?: string };
  legalArticles?: Array<{ document: string; article: string; title: string; url: string }>;
} {
  const outcome = reply.result?.outcome;
  return {
    understanding: outcome?.understanding,
    legalArticles: outcome?.legalArticles?.map((a) => ({ document: a.document, article: a.article, title: a.title, url: a.url })),
    behavior: outcome?.behavior ?? 'refuse',
    procedures: (outcome?.procedures ?? []).map((p) => ({ code: p.code, name: p.name, score: Math.round(p.score * 1000) / 1000 })),
    reply: reply.text,
    suggestedActions: reply.suggestedActions,
  };
}

function printReply(reply: TurnReply): void {
  stdout.write(`Trợ lý: ${reply.text}\n`);
  if (reply.suggestedActions.length) stdout.write(`  [${reply.suggestedActions.join('] [')}]\n`);
  const outcome = reply.result?.outcome;
  if (outcome) {
    const u = outcome.understanding;
    const understood = u ? `; ${u.intent} ${u.confidence.toFixed(2)}${u.danger ? ` DANGER:${u.dangerKind}` : ''}${u.abstain ? ' abstain' : ''}` : '';
    stdout.write(`  (${outcome.behavior}${understood}${outcome.tags?.length ? `; ${outcome.tags.join(', ')}` : ''})\n`);
    for (const p of outcome.procedures.slice(0, 5)) stdout.write(`  ${p.score.toFixed(3)}  ${p.code}  ${p.name}\n`);
  }
  stdout.write('\n');
}

/**
 * `npm run ask` — talk to the bot in the terminal, in process (no HTTP).
 * - no arguments: interactive multi-turn conversation (readline; /thoat or Ctrl-D ends);
 * - `"turn 1" "turn 2"`: runs the turns as one conversation and prints each reply with the
 *   top procedures and scores;
 * - `--json "turn 1" ...`: same, and the LAST line is
 *   `{"understanding","behavior","procedures":[{"code","name","score"}],"reply","suggestedActions","turns"}`
 *   where `understanding` is the decision on the last turn (intent, confidence, danger) and
 *   `turns` lists the earlier turns' decisions.
 */
export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const turns = args.filter((a) => a !== '--json');
  const config = loadConfig();
  const assistant = await createAssistant({
    config,
    logger: silentLogger,
    onProgress: (p) => stderr.write(`[index] ${p.phase}${'done' in p && p.total ? ` ${p.done}/${p.total}` : ''}\n`),
  });
  try {
    const chat = assistant.createLocalAdapter({ channelId: 'terminal', conversationId: `ask-${Date.now()}`, userId: 'terminal-user' });
    if (turns.length > 0) {
      const earlier: Array<{ turn: string; understanding: ReturnType<typeof summarizeTurn>['understanding']; behavior: string }> = [];
      let last: TurnReply | undefined;
      for (const t of turns) {
        if (last) earlier.push({ turn: turns[earlier.length]!, understanding: last.result?.outcome.understanding, behavior: last.result?.outcome.behavior ?? 'refuse' });
        last = await chat.send(t);
        if (!json) {
          stdout.write(`Bạn: ${t}\n`);
          printReply(last);
        }
      }
      if (json && last) stdout.write(`${JSON.stringify({ ...summarizeTurn(last), turns: earlier.length ? earlier : undefined })}\n`);
      return 0;
    }
    const rl = readline.createInterface({ input: stdin, output: stdout, terminal: stdin.isTTY });
    stdout.write('Trợ lý thủ tục hành chính. Gõ câu hỏi (có dấu hoặc không dấu); /thoat để kết thúc.\n\n');
    printReply(await chat.join());
    rl.setPrompt('Bạn: ');
    rl.prompt();
    try {
      // Async iteration queues lines, so piped input (a script of turns) works like typing.
      for await (const line of rl) {
        if (['/thoat', '/exit', '/quit'].includes(line.trim())) break;
        if (!stdin.isTTY) stdout.write(`${line}\n`);
        printReply(await chat.send(line));
        rl.prompt();
      }
    } finally {
      rl.close();
    }
    return 0;
  } finally {
    await assistant.close();
  }
}
