/** Citizen-facing texts the channel itself sends (everything else comes from the bot). */

export const WELCOME_TEXT =
  'Dạ, em chào anh/chị! Em là trợ lý hướng dẫn thủ tục hành chính. Anh/chị cứ nhắn câu hỏi bằng tiếng Việt, có dấu hay không dấu đều được, ví dụ: "làm lại căn cước ở đâu" hoặc "khai sinh cho con cần giấy tờ gì". Em sẽ chỉ nơi nộp, giấy tờ cần chuẩn bị, lệ phí và thời gian giải quyết.';

export const PRIVACY_TEXT =
  'Về dữ liệu cá nhân: em chỉ dùng tin nhắn của anh/chị để trả lời, chỉ lưu thông tin cá nhân khi anh/chị đồng ý, và anh/chị có thể nhắn "xoá dữ liệu" bất cứ lúc nào để em xoá hết thông tin đã lưu.';

export const APOLOGY_TEXT =
  'Dạ, em xin lỗi, hệ thống vừa gặp sự cố nên chưa trả lời được tin nhắn vừa rồi. Anh/chị vui lòng gửi lại câu hỏi giúp em sau ít phút ạ.';

export const SUBMIT_INFO_NO_STORE_TEXT =
  'Dạ, em đã nhận được thông tin anh/chị chia sẻ. Hiện em chưa lưu thông tin này; khi cần điền tờ khai, em sẽ hỏi lại anh/chị ạ.';

export const SUBMIT_INFO_THANKS_TEXT = 'Dạ, em cảm ơn anh/chị đã chia sẻ thông tin. Em sẽ dùng thông tin này để điền sẵn tờ khai khi anh/chị cần ạ.';

const MEDIA_NAMES: Record<string, string> = {
  user_send_image: 'hình ảnh',
  user_send_gif: 'ảnh động',
  user_send_sticker: 'nhãn dán',
  user_send_audio: 'tin nhắn thoại',
  user_send_video: 'video',
  user_send_file: 'tệp',
  user_send_location: 'vị trí',
  user_send_link: 'đường link',
  user_send_business_card: 'danh thiếp',
};

/** Polite reply to a non-text message: what we received and what the assistant can do. */
export function mediaReplyText(eventName: string): string {
  const what = MEDIA_NAMES[eventName] ?? 'tin nhắn';
  return `Dạ, em đã nhận được ${what} của anh/chị, nhưng hiện em chỉ đọc được tin nhắn chữ. Anh/chị vui lòng nhắn câu hỏi về thủ tục hành chính bằng chữ, ví dụ: "làm lại căn cước ở đâu" hoặc "đăng ký khai sinh cho con cần giấy tờ gì", em sẽ hướng dẫn ngay ạ.`;
}

export function fileFallbackText(name: string, url: string): string {
  return `Dạ, anh/chị tải tệp "${name}" tại đường link sau: ${url}`;
}
