import type { NextFunction, Request, Response } from 'express';
import { AppError, isAppError } from '../../../knowledge/errors.js';
import { errorPage } from '../views.js';
import type { ConsoleContext } from './context.js';

/** Body-parser failures are the client's fault: 400 / 413, never 500. */
function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('bad_request:console_body', 'Malformed request body', { cause: err });
  if (type === 'entity.too.large') return new AppError('payload_too_large:console_body', 'Request body too large', { cause: err });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || type === 'request.aborted' || type === 'parameters.too.many') {
    return new AppError('bad_request:console_body', 'Unreadable request body', { cause: err });
  }
  return new AppError('internal:console', 'Unexpected console error', { cause: err });
}

/** What the person at the console reads for an error of this kind (Vietnamese). */
function messageFor(e: AppError): string {
  switch (e.kind) {
    case 'forbidden':
      return 'Anh/chị không có quyền xem hoặc thao tác hồ sơ này. Lần truy cập đã được ghi lại.';
    case 'not_found':
      return 'Không tìm thấy hồ sơ.';
    case 'conflict':
      return 'Hồ sơ vừa thay đổi trạng thái (có thể đã được chuyển cho người khác). Vui lòng tải lại.';
    case 'bad_request':
      return `Dữ liệu chưa hợp lệ: ${e.message}`;
    case 'payload_too_large':
      return 'Nội dung gửi lên quá lớn.';
    default:
      return 'Hệ thống gặp lỗi, vui lòng thử lại.';
  }
}

/** The console's error handler: the AppError's status, as JSON for fetch calls or an error page. */
export function consoleErrorHandler(ctx: ConsoleContext) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = toAppError(err);
    if (e.status >= 500) ctx.log('error', 'console error', { err: String(err) });
    if (ctx.wantsJson(req)) {
      res.status(e.status).json(e.toJSON());
      return;
    }
    res.status(e.status).type('html').send(errorPage(e.status, messageFor(e)));
  };
}
