import type { FormDefinition } from '../../knowledge/index.js';
import type { BotLogger } from '../ports/index.js';
import type { FileRef, FileStore, Turn } from '../types.js';
import type { FormContext } from './context.js';
import { renderFormPdf, type FormFonts } from './render-pdf.js';
import { valueOf, type FormSession } from './session.js';

/** What producing a form needs: where files go, the fonts, a logger and a clock for timing. */
export interface FormOutputDeps {
  /** Where PDFs and JSON go; a function when the store is created after the bot (server). */
  files: FileStore | (() => FileStore | undefined) | undefined;
  fonts: FormFonts | (() => Promise<FormFonts>);
  logger: BotLogger;
  clock: () => Date;
}

/** Renders the confirmed form as PDF + JSON (keyed by the form's field names) and files them for the conversation. */
export type FormProducer = (turn: Turn, form: FormDefinition, session: FormSession) => Promise<FileRef[]>;

export function createFormProducer(ctx: FormContext, deps: FormOutputDeps): FormProducer {
  let fonts: FormFonts | undefined = typeof deps.fonts === 'function' ? undefined : deps.fonts;
  const getFonts = async () => (fonts ??= await (deps.fonts as () => Promise<FormFonts>)());
  const getFiles = () => (typeof deps.files === 'function' ? deps.files() : deps.files);
  return async (turn, form, session) => {
    const now = turn.now;
    const values: Record<string, string> = {};
    for (const f of ctx.forms.fieldsOf(form)) {
      const v = valueOf(form, session, f, ctx.forms, now);
      if (v !== undefined && v !== '') values[f.name] = v;
    }
    const t0 = deps.clock().getTime();
    const pdf = await renderFormPdf({ form, values, fonts: await getFonts(), now });
    const json = JSON.stringify(
      { form: form.id, title: form.title, legalBasis: form.legalBasis, procedureCodes: form.procedureCodes, createdAt: now.toISOString(), fields: values },
      null,
      2,
    );
    const store = getFiles();
    const stamp = now.toISOString().slice(0, 10);
    const files: FileRef[] = [];
    if (store) {
      files.push(await store.put({ conversationId: turn.conversationId, name: `${form.id}-${stamp}.pdf`, contentType: 'application/pdf', bytes: pdf }));
      files.push(
        await store.put({ conversationId: turn.conversationId, name: `${form.id}-${stamp}.json`, contentType: 'application/json', bytes: new TextEncoder().encode(json) }),
      );
    }
    deps.logger.info({ form: form.id, fields: Object.keys(values).length, pdfBytes: pdf.length, ms: deps.clock().getTime() - t0 }, 'form produced');
    return files;
  };
}

/** The reply once the form is produced: links to both files and what was kept. */
export function producedMessage(form: FormDefinition, files: readonly FileRef[], stored: boolean): string {
  return [
    `Dạ, em đã điền xong **${form.shortName}**.`,
    files.length > 0
      ? 'Anh/chị tải tệp PDF để in, ký tên và nộp kèm hồ sơ; tệp dữ liệu (JSON) dùng khi nộp trực tuyến. Đường dẫn chỉ dùng được trong cuộc trò chuyện này và sẽ hết hạn sau một thời gian.\n' +
        `- [Tải tờ khai (PDF)](${files[0]!.url})\n- [Tải dữ liệu tờ khai (JSON)](${files[1]!.url})`
      : 'Hiện em chưa gửi được tệp qua kênh này, anh/chị vui lòng thử lại trên trang web.',
    stored
      ? 'Thông tin đã được lưu (mã hoá) để lần sau anh/chị không phải khai lại. Muốn xoá, anh/chị nhắn "Xoá dữ liệu của tôi".'
      : 'Thông tin anh/chị cung cấp không được lưu lại sau cuộc trò chuyện này.',
  ].join('\n');
}
