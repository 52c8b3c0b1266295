import { ActivityHandler } from '@microsoft/agents-hosting';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES_KEY, SERVICE_POINT_KEY } from '../../bot/index.js';
import { LocalAdapter } from './adapter.js';

/** The in-process channel with a stand-in bot: one turn in, the bot's replies out. */
class EchoBot extends ActivityHandler {
  readonly seen: Array<{ channelId?: string; conversationId?: string; capabilities: unknown; servicePoint: unknown }> = [];
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      this.seen.push({
        channelId: ctx.activity.channelId,
        conversationId: ctx.activity.conversation?.id,
        capabilities: ctx.turnState.get(CAPABILITIES_KEY),
        servicePoint: ctx.turnState.get(SERVICE_POINT_KEY),
      });
      await ctx.sendActivity(`Dạ: ${ctx.activity.text}`);
      await ctx.sendActivity({
        type: 'message',
        text: 'Anh/chị cần gì thêm ạ?',
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Lệ phí', value: 'lệ phí bao nhiêu' }] },
      } as never);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      await ctx.sendActivity('Xin chào');
      await next();
    });
  }
}

describe('LocalAdapter', () => {
  it('runs one turn and returns what the bot sent, in order, with the last suggested actions', async () => {
    const bot = new EchoBot();
    const chat = new LocalAdapter(bot, { channelId: 'terminal', conversationId: 'c-1', userId: 'u-1', capabilities: { markdown: false }, servicePoint: 'Phường Ba Đình' });
    const reply = await chat.send('đăng ký khai sinh');
    expect(reply.texts).toEqual(['Dạ: đăng ký khai sinh', 'Anh/chị cần gì thêm ạ?']);
    expect(reply.text).toBe('Dạ: đăng ký khai sinh\n\nAnh/chị cần gì thêm ạ?');
    expect(reply.suggestedActions).toEqual(['lệ phí bao nhiêu']);
    expect(bot.seen[0]).toEqual({ channelId: 'terminal', conversationId: 'c-1', capabilities: { markdown: false }, servicePoint: 'Phường Ba Đình' });
    // The next turn returns only its own replies; `sent` keeps them all.
    expect((await chat.send('cảm ơn')).texts).toEqual(['Dạ: cảm ơn', 'Anh/chị cần gì thêm ạ?']);
    expect(chat.sent).toHaveLength(4);
  });

  it('greets on join like a channel whose user opens the chat', async () => {
    const reply = await new LocalAdapter(new EchoBot()).join();
    expect(reply.texts).toEqual(['Xin chào']);
    expect(reply.result).toBeUndefined();
  });
});
