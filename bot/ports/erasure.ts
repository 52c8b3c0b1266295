/** Whose data a deletion request is about. */
export interface DataSubject {
  channelId: string;
  userId: string;
  conversationId: string;
}

/**
 * A part that holds personal data (cases, transcripts, produced files) and can erase one
 * citizen's share of it when they ask ("Xoá dữ liệu của tôi", Law 91/2025/QH15 Art. 14).
 * Returns how many records were removed or redacted.
 */
export interface PersonalDataEraser {
  readonly name: string;
  erase(subject: DataSubject): Promise<number>;
}
