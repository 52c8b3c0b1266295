import type { Intent } from '../../knowledge/understanding/index.js';
import { ACTIONS } from '../answer/compose.js';
import { HELP_ACTIONS } from '../skills/small-talk.js';
import { fold } from '../../knowledge/text/index.js';
import { LAWYER_NO, LAWYER_YES } from './skills.js';
import type { CommandTable } from './stage.js';

/**
 * The bot's own button captions and typed commands, folded, with the intent they carry.
 * A tap is an explicit choice: it is never re-read by the model.
 */
export function buildCommandTable(extra: Iterable<[string, Intent]> = []): CommandTable {
  const table = new Map<string, Intent>();
  const add = (text: string, intent: Intent) => table.set(fold(text), intent);
  for (const a of HELP_ACTIONS) add(a.title, 'procedure');
  add(ACTIONS.documents, 'followup');
  add(ACTIONS.steps, 'followup');
  add(ACTIONS.fee, 'followup');
  add(ACTIONS.legal, 'followup');
  add(ACTIONS.fillForm, 'form_request');
  add(ACTIONS.lawyer, 'handoff');
  add('Tôi cần luật sư', 'handoff');
  add(LAWYER_YES, 'handoff');
  add(LAWYER_NO, 'greeting');
  for (const c of ['/canbo', 'chế độ cán bộ', 'bật chế độ cán bộ', '/congdan', 'chế độ công dân', 'thoát chế độ cán bộ', 'tắt chế độ cán bộ']) add(c, 'procedure');
  add('Xoá dữ liệu của tôi', 'privacy');
  add('Em lưu gì về tôi?', 'privacy');
  add('Xem dữ liệu của tôi', 'privacy');
  for (const [text, intent] of extra) add(text, intent);
  return table;
}
