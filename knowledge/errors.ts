/**
 * The one error type of the product. The code's prefix decides the HTTP status and the
 * citizen-facing message; the suffix names the place ("unauthorized:zalo_signature").
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

/**
 * Every error code of the product, grouped by the part that raises it, with what it means.
 * The list is closed: `AppError` takes only these, so a new failure is declared here (and
 * shows up in the README's list) before it can be thrown. The prefix decides the HTTP
 * status and the citizen's message; the suffix names the place.
 */
export const ERROR_CODES = {
  // knowledge/: shipped data and importers
  'bad_request:admin_units_source': 'the administrative units source file is missing or malformed',
  'bad_request:catalogue_source': 'a catalogue snapshot to import is missing, misnamed or malformed',
  'bad_request:situations': 'a line of knowledge/situations/*.tsv is malformed',
  'bad_request:article_questions': 'a line of knowledge/statutes/questions/*.tsv is malformed',
  'bad_request:statutes_import': 'the statutes source to import is malformed',
  'bad_request:vocabulary': 'a line of the abbreviation or colloquial vocabulary is malformed',
  'internal:admin_units': 'the shipped administrative units data is inconsistent',
  'internal:catalogue_data': 'the shipped catalogue cannot be read or fails its schema',
  'internal:forms_data': 'a shipped form definition is not valid',
  'internal:outside_matters': 'the outside-matters table has a wrong header or row',
  'internal:statutes_hash': 'the statutes data does not match its meta file',
  'internal:triage_data': 'a triage data file fails its schema',
  'internal:understanding_corpus': 'a line of the understanding corpus names an unknown intent',
  'not_found:statutes': 'the statutes data file is missing (run the import)',
  'not_found:statutes_source': 'the raw statutes files to import are missing',
  'unavailable:admin_units': 'the administrative units data file is missing (run the import)',
  'unavailable:catalogue': 'the catalogue data file is missing (run the import)',
  'unavailable:outside_matters': 'the outside-matters table cannot be read',

  // retrieval/
  'bad_request:catalogue': 'indexes cannot be built over an empty catalogue',
  'unavailable:embeddings': 'the embeddings server failed or answered the wrong shape',

  // bot/: turns, the model, cases and the lawyer handoff
  'bad_request:case_record': 'a case record fails its schema',
  'bad_request:decline_reason': 'a lawyer declined a case without a reason',
  'bad_request:empty_reply': 'a lawyer reply is empty',
  'bad_request:handoff_lawyer': 'the lawyer named is not an active lawyer of the rota',
  'conflict:case_status': 'the case changed status (or version) since it was read',
  'conflict:handoff_closed': 'the case is closed',
  'conflict:handoff_not_live': 'the case is not live with this lawyer',
  'conflict:handoff_not_offered': 'the case is not offered to this lawyer',
  'forbidden:handoff_close': 'the lawyer closing the case does not hold it',
  'not_found:handoff_case': 'no case with this id',
  'payload_too_large:reply': 'a lawyer reply is longer than 4,000 characters',
  'unavailable:llm': 'the language model server failed or timed out (the template answer stays)',
  'unavailable:turn_cancelled': 'a turn was cancelled (timed out) before a side effect',
  'unavailable:turn_timeout': 'a bot turn took longer than its time limit',

  // storage/
  'bad_request:console_lawyer': 'a lawyer account needs its rota lawyer id',
  'bad_request:console_password': 'a console password is too short',
  'bad_request:console_role': 'an unknown console role',
  'bad_request:console_username': 'a console user name has characters or a length not allowed',
  'bad_request:file_store': 'a file to store belongs to no conversation',
  'bad_request:storage_read': 'a bot state read names no key',
  'bad_request:storage_write': 'a bot state write carries no change',
  'conflict:console_username': 'a console user with this name exists',
  'conflict:storage_etag': 'a bot state write lost a race (stale eTag)',
  'forbidden:file_link': 'a file link lacks its signature or expiry',
  'forbidden:file_link_expired': 'a file link has expired or its signature is wrong',
  'internal:case_patch': 'a case update tried to set a field that is not a move',
  'internal:decrypt': 'a sealed value cannot be opened (wrong key, binding or data)',
  'internal:profile_key': 'the encryption key is not 32 bytes',
  'not_found:case': 'no case with this id',
  'not_found:file': 'no such file, or file downloads are off',
  'payload_too_large:file_store': 'a file is larger than the store accepts',

  // channels/directline/ and the web chat
  'bad_request:directline_activity': 'an activity fails the Direct Line schema',
  'bad_request:directline_conversation_id': 'a malformed conversation id',
  'bad_request:directline_delete': 'the Direct Line adapter cannot delete activities',
  'bad_request:directline_encoding': 'an unsupported body encoding',
  'bad_request:directline_json': 'a malformed JSON body',
  'bad_request:directline_start': 'an invalid conversation start body',
  'bad_request:directline_token_required': 'tokens/refresh was called with the secret, not a token',
  'bad_request:directline_update': 'the Direct Line adapter cannot update activities',
  'bad_request:directline_upload': 'file upload is not supported on this channel',
  'bad_request:directline_watermark': 'a watermark that is not a non-negative integer',
  'conflict:directline_lease': 'another process took over the pending message (its lease expired); this reply is not stored',
  'forbidden:directline_conversation': 'the token is for another conversation',
  'forbidden:directline_secret_required': 'tokens/generate needs the Direct Line secret',
  'forbidden:directline_token_expired': 'the Direct Line token has expired',
  'internal:directline': 'an unexpected Direct Line error',
  'internal:directline_stream': 'the activity stream could not be set up',
  'not_found:article': 'no such article of a law (statute pages)',
  'not_found:directline_attachment': 'attachments are served at /files/:id, not by Direct Line',
  'not_found:directline_conversation': 'no such conversation',
  'not_found:directline_route': 'no such Direct Line route',
  'not_found:law': 'no such law (statute pages)',
  'not_found:procedure': 'no procedure with this code',
  'payload_too_large:directline_body': 'a Direct Line body is too large',
  'rate_limited:directline_conversation': 'too many activities in one conversation',
  'rate_limited:directline_ip': 'too many requests from one address',
  'rate_limited:directline_stream': 'too many stream connections (WebSocket upgrade refused)',
  'rate_limited:web_token': 'too many conversations started from one address',
  'unauthorized:directline_auth': 'no Bearer secret or token',
  'unauthorized:directline_token': 'a malformed Direct Line token',
  'unavailable:directline_closing': 'the server is shutting down',

  // channels/zalo/
  'bad_request:zalo_address': 'a Zalo sender was given an address of another channel',
  'bad_request:zalo_attachment': 'files go through the Zalo outbox, not the adapter',
  'bad_request:zalo_delete': 'Zalo cannot delete a sent message',
  'bad_request:zalo_event': 'a webhook event of an unexpected shape',
  'bad_request:zalo_json': 'a webhook body that is not JSON',
  'bad_request:zalo_oauth': 'the OAuth callback lacks code or state',
  'bad_request:zalo_oauth_state': 'an unknown or expired OAuth state, or another browser',
  'bad_request:zalo_reference': 'a conversation reference without a Zalo user id',
  'bad_request:zalo_update': 'Zalo cannot edit a sent message',
  'internal:zalo_adapter': 'the Zalo adapter was used outside a turn',
  'not_found:zalo_admin': 'the Zalo admin pages are off (no ADMIN_TOKEN)',
  'unauthorized:zalo_admin': 'the Zalo admin pages need the admin token',
  'unauthorized:zalo_signature': 'a webhook with a missing or wrong signature',
  'unavailable:zalo_inbox': 'a webhook event could not be stored',
  'unavailable:zalo_oauth': 'Zalo OAuth is not possible (no public URL, or Zalo refused)',
  'unavailable:zalo_token': 'no Zalo OA token: an admin must consent first',
  'unavailable:zalo_window': 'Zalo refuses: no interaction from the citizen within 7 days',

  // channels/console/: officers' and lawyers' console, dashboard
  'bad_request:console_body': 'a malformed console request body',
  'bad_request:console_close': 'an invalid close form',
  'bad_request:console_decline': 'an invalid decline form',
  'bad_request:console_lawyer_active': 'an invalid lawyer active/inactive form',
  'bad_request:console_note': 'an invalid note form',
  'bad_request:console_origin': 'a malformed Origin header',
  'bad_request:console_reassign': 'an invalid reassign form',
  'bad_request:console_reply': 'an invalid reply form',
  'bad_request:console_rota_exception': 'an invalid rota exception (unknown lawyer or dates)',
  'bad_request:console_rota_import': 'an invalid rota import form',
  'bad_request:console_user': 'an invalid new-user form',
  'bad_request:dashboard_review': 'an invalid review of a turn',
  'conflict:review': 'the turn was already reviewed',
  'forbidden:console_case': 'the case is not offered or assigned to this lawyer',
  'forbidden:console_csrf': 'a missing or wrong CSRF token',
  'forbidden:console_origin': 'a cross-origin request',
  'forbidden:console_role': 'the role may not do this',
  'forbidden:console_ward': 'the ward is outside the officer\'s wards',
  'internal:console': 'an unexpected console error',
  'internal:dashboard': 'an unexpected dashboard error',
  'not_found:dashboard_table': 'no such dashboard table',
  'not_found:lawyer': 'no lawyer with this id',
  'not_found:turn': 'no such turn (dashboard review)',
  'payload_too_large:console_body': 'a console request body is too large',
  'unauthorized:console_session': 'not logged in to the console',

  // app/: HTTP server, composition, proactive messages
  'bad_request:admin_token_in_query': 'the admin token was put in the URL instead of the header',
  'bad_request:json': 'a malformed JSON body',
  'internal:server': 'an unexpected server error',
  'not_found:route': 'no such route',
  'payload_too_large:body': 'a request body is too large',
  'unavailable:proactive_channel': 'no proactive sender for the address\'s channel',

  // evals/
  'bad_request:eval_cases': 'a line of an eval dataset is not valid',
  'not_found:eval_cases': 'an eval dataset cannot be read',
} as const satisfies Record<`${ErrorKind}:${string}`, string>;

/** A declared error code (see `ERROR_CODES`). */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The places declared for one kind: `ErrorPlace<'bad_request'>` is `'json' | 'zalo_json' | …`. */
export type ErrorPlace<K extends ErrorKind> = ErrorCode extends infer C ? (C extends `${K}:${infer P}` ? P : never) : never;

/** Every declared code, for listings and tests. */
export const ALL_ERROR_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

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
