import type { FeeCase } from '../../knowledge/index.js';
import { fold, hasAnyPhrase } from '../text.js';
import type { AnswerContext } from './format.js';
import type { ProvinceNames } from './province.js';

/**
 * What the citizen's own words say about who asks and which case: a lost card is a
 * reissue, "cho con 5 tuổi" is for a minor on their behalf, "làm hộ"/"ủy quyền" is on
 * someone else's behalf. Unsaid means the typical asker: an adult, for themself, new.
 */

/** A paper lost or damaged: the reissue case ("cấp lại do bị hỏng hoặc bị mất"). */
const LOST_OR_DAMAGED = ['bi mat', 'lam mat', 'danh mat', 'mat roi', 'mat the', 'mat ho chieu', 'mat giay', 'hong', 'bi hong', 'rach', 'bi rach'];
/** Issued again, no reason said: a reissue only when no other case is said ("hết hạn … làm lại" is the exchange of an expired paper). */
const AGAIN = ['cap lai', 'lam lai', 'xin lai'];
const CHANGE = ['cap doi', 'doi the', 'thay doi', 'sua doi', 'dieu chinh', 'sai thong tin', 'het han', 'doi lai'];
const LATE = ['qua han', 'tre han', 'bi tre', 'lo han', 'sau 60 ngay'];
const MINOR = ['cho con', 'cho be', 'cho chau', 'con toi', 'con em', 'con minh', 'be nha', 'tre em', 'tre so sinh', 'duoi 14', 'chua du 14'];
const BEHALF = ['uy quyen', 'lam ho', 'lam thay', 'xin ho', 'nop ho', 'thay cho', 'cho me', 'cho bo', 'cho vo', 'cho chong', 'cho ong', 'cho ba', 'nguoi than'];
const GROUP = ['theo danh sach', 'ca nhom', 'nhieu nguoi', 'tap the', 'ca phong tro'];

/** `provinces`: the names the composition root loaded, so an answer can say the province the citizen names. */
export function readAsker(text: string, now?: Date, provinces?: ProvinceNames): AnswerContext {
  const f = fold(text);
  const minor = hasAnyPhrase(f, MINOR);
  const onBehalf = minor || hasAnyPhrase(f, BEHALF);
  const feeCase: FeeCase = hasAnyPhrase(f, LATE)
    ? 'late'
    : hasAnyPhrase(f, LOST_OR_DAMAGED)
      ? 'reissue'
      : hasAnyPhrase(f, CHANGE)
        ? 'change'
        : hasAnyPhrase(f, AGAIN)
          ? 'reissue'
          : null;
  return {
    now,
    question: text,
    provinces,
    person: { age: minor ? 'minor' : 'adult', onBehalf, online: hasAnyPhrase(f, ['online', 'truc tuyen', 'vneid', 'qua mang']) },
    asker: { case: feeCase, group: hasAnyPhrase(f, GROUP) },
  };
}
