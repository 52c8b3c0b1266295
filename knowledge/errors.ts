/**
 * The one error type of the product. The code's prefix decides the HTTP status and the
 * citizen-facing message; the suffix names the place ("bad_request:zalo_signature").
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export type ErrorCode = `${ErrorKind}:${string}`;

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Polite Vietnamese text a citizen may see for each kind of failure. */
const CITIZEN_MESSAGE: Record<ErrorKind, string> = {
  bad_request: 'Dạ, yêu cầu chưa hợp lệ. Anh/chị vui lòng kiểm tra lại giúp em.',
  unauthorized: 'Dạ, phiên làm việc đã hết hạn. Anh/chị vui lòng tải lại trang.',
  forbidden: 'Dạ, anh/chị không có quyền thực hiện thao tác này.',
  not_found: 'Dạ, em không tìm thấy nội dung anh/chị yêu cầu.',
  conflict: 'Dạ, dữ liệu vừa được thay đổi. Anh/chị vui lòng thử lại.',
  payload_too_large: 'Dạ, nội dung gửi lên quá dài. Anh/chị vui lòng rút gọn giúp em.',
  rate_limited: 'Dạ, anh/chị gửi hơi nhanh. Anh/chị vui lòng đợi một chút rồi thử lại.',
  unavailable: 'Dạ, hệ thống đang bận. Anh/chị vui lòng thử lại sau ít phút.',
  internal: 'Dạ, em xin lỗi, hệ thống vừa gặp sự cố. Anh/chị vui lòng thử lại.',
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.kind = code.slice(0, code.indexOf(':')) as ErrorKind;
  }

  get status(): number {
    return STATUS[this.kind];
  }

  get citizenMessage(): string {
    return CITIZEN_MESSAGE[this.kind];
  }

  /** The JSON body every HTTP edge returns: `{"error":{"code","message"}}`. */
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
