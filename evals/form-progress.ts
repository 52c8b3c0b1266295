import { flattenProfile, mergeProfiles, type CapturedForm, type CitizenProfile } from '../bot/forms/index.js';
import type { FormConversation, FormProgress, FormProgressSink } from '../bot/ports/index.js';

/**
 * The field-accuracy evals' view of form filling: what the form skill reported through its
 * progress port after each turn, kept per conversation (the bot itself keeps nothing
 * outside the sealed session and, with consent, the profile store).
 */
export class RecordingFormProgress implements FormProgressSink {
  private readonly forms = new Map<string, CapturedForm>();
  private readonly profiles = new Map<string, CitizenProfile>();

  report(c: FormConversation, progress: FormProgress): void {
    const key = `${c.channelId}\u0000${c.conversationId}`;
    const { profile, ...form } = progress;
    this.forms.set(key, form);
    this.profiles.set(key, mergeProfiles(this.profiles.get(key) ?? {}, profile as CitizenProfile));
  }

  /** The last form filled in a conversation, by field key. */
  capturedForm(c: { channelId: string; conversationId: string }): CapturedForm | undefined {
    return this.forms.get(`${c.channelId}\u0000${c.conversationId}`);
  }

  /** Every profile fact captured in a conversation, flattened to `hoTen`, `child.hoTen`, … */
  capturedProfile(c: { channelId: string; conversationId: string }): Record<string, string> {
    return flattenProfile(this.profiles.get(`${c.channelId}\u0000${c.conversationId}`) ?? {});
  }
}
