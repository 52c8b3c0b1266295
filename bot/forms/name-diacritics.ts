import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldDiacritics, hasDiacritics } from '../../knowledge/text/index.js';
import { properCase } from './vi-text.js';

/**
 * Diacritics restored to a Vietnamese personal name typed without them ("Pham Van Duc" →
 * "Phạm Văn Đức"), from the reviewed syllable table `knowledge/forms/name-syllables.tsv`
 * (see its header). The first syllable is read as the surname, the last as the given name,
 * those between as middle names; a middle "Văn" tells a man and "Thị" a woman, which settles
 * some given names ("Nguyễn Văn Dũng", "Nguyễn Thị Dung"). Where readings are of similar
 * frequency ("Thủy/Thúy/Thùy") or a syllable is not in the table, the commonest reading (or
 * the syllable as typed) is kept and the result is marked unsure, so that it is read back to
 * the citizen rather than silently trusted. A name typed with any diacritic is the citizen's
 * own spelling and is never changed beyond title case.
 */

export type NamePosition = 'surname' | 'middle' | 'given' | 'any';
type Gender = 'm' | 'f';

/** The readings of one syllable at one position, commonest first. */
export interface SyllableReadings {
  readings: string[];
  /** The readings of the commonest frequency (one when the first clearly dominates). */
  similar: string[];
  /** Several readings of similar frequency: the first is only a guess. */
  ambiguous: boolean;
}

/** syllable → position key ("surname", "given/f", "any", …) → readings. */
export type NameSyllableTable = ReadonlyMap<string, ReadonlyMap<string, SyllableReadings>>;

export interface RestoredName {
  /** The name in title case, with the diacritics restored when it was typed without any. */
  value: string;
  /** False when a syllable had readings of similar frequency or was not in the table. */
  sure: boolean;
  /**
   * One entry per syllable that made the result unsure: its readings of similar frequency
   * joined with "/" ("Thủy/Thúy/Thùy"), or the syllable as typed (title case) when it is not in the table.
   */
  ambiguous: string[];
}

export const NAME_SYLLABLES_FILE = fileURLToPath(new URL('../../knowledge/forms/name-syllables.tsv', import.meta.url));

const POSITIONS = /^(?:surname|middle|given|any)(?:\/[mf])?$/;

/** Parses the table; throws naming the line when a row is malformed or a reading does not fold to its syllable. */
export function parseNameSyllables(text: string, file = 'name-syllables.tsv'): NameSyllableTable {
  const table = new Map<string, Map<string, SyllableReadings>>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) return;
    const cols = line.split('\t');
    const [syllable, position, spec] = cols;
    if (cols.length !== 3 || !syllable || !position || !spec) throw new Error(`${file}:${i + 1}: expected syllable<TAB>position<TAB>readings`);
    if (!/^[a-z]+$/.test(syllable)) throw new Error(`${file}:${i + 1}: syllable "${syllable}" must be folded lower case`);
    if (!POSITIONS.test(position)) throw new Error(`${file}:${i + 1}: unknown position "${position}"`);
    const groups = spec.split('>').map((g) => g.split('|').map((r) => r.trim().normalize('NFC')));
    const readings = groups.flat();
    for (const r of readings) {
      if (!r || foldDiacritics(r).toLowerCase() !== syllable) throw new Error(`${file}:${i + 1}: reading "${r}" does not fold to "${syllable}"`);
    }
    let bySyllable = table.get(syllable);
    if (!bySyllable) table.set(syllable, (bySyllable = new Map()));
    if (bySyllable.has(position)) throw new Error(`${file}:${i + 1}: "${syllable}" ${position} given twice`);
    bySyllable.set(position, { readings, similar: groups[0]!, ambiguous: groups[0]!.length > 1 });
  });
  return table;
}

let defaultTable: NameSyllableTable | undefined;

/** The shipped table, read once. */
export function nameSyllables(): NameSyllableTable {
  defaultTable ??= parseNameSyllables(readFileSync(NAME_SYLLABLES_FILE, 'utf8'));
  return defaultTable;
}

/** True when `s` has letters and not one Vietnamese diacritic (nor đ/Đ): "Pham Van Duc", "NGUYEN A". */
export function isUnaccented(s: string): boolean {
  return /\p{L}/u.test(s) && !hasDiacritics(s);
}

/**
 * The readings of a folded syllable at a position: the position's own row (for a given name,
 * the gender's row first), then "any"; a middle name falls back to the given-name row and the
 * other way round (the same pool of syllables). A surname is read from surname rows only: a
 * syllable known only at another position (a given-name syllable as the surname, say) comes
 * back marked ambiguous.
 */
export function readingsOf(syllable: string, position: Exclude<NamePosition, 'any'>, gender?: Gender, table: NameSyllableTable = nameSyllables()): SyllableReadings | undefined {
  const rows = table.get(syllable);
  if (!rows) return undefined;
  const order: string[] = [];
  if (gender) order.push(`${position}/${gender}`);
  // Every surname has its own row: a syllable known only as a given name is no sure surname.
  order.push(...(position === 'surname' ? ['surname'] : position === 'middle' ? ['middle', 'any', 'given'] : ['given', 'any', 'middle']));
  for (const key of order) {
    const r = rows.get(key);
    if (r) return r;
  }
  const other = rows.get('any') ?? rows.get('given') ?? rows.get('middle') ?? rows.get('surname') ?? [...rows.values()][0];
  return other ? { readings: other.readings, similar: other.readings, ambiguous: true } : undefined;
}

const titleCase = (w: string) => properCase(w);

/** The shape of a Vietnamese syllable, folded: initial consonant(s), one to three vowels, a final. */
const SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;

/**
 * Restores the diacritics of a personal name typed without any ("NGUYEN THI THU TRANG" →
 * "Nguyễn Thị Thu Trang", sure; "Tran Thi Thuy" → "Trần Thị Thủy", unsure, ambiguous
 * ["Thủy/Thúy/Thùy"]). A name typed with diacritics comes back as typed, in title case, sure.
 */
export function restoreNameDiacritics(name: string, table: NameSyllableTable = nameSyllables()): RestoredName {
  const typed = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!typed) return { value: '', sure: false, ambiguous: [] };
  if (!isUnaccented(typed)) return { value: properCase(typed), sure: true, ambiguous: [] };
  const words = typed.split(' ');
  const folded = words.map((w) => w.toLowerCase());
  // "Ksor Y Bih", "H'Hen Niê": a name not spelled in Vietnamese syllables is kept as typed.
  const foreign = words.filter((_, i) => !SYLLABLE.test(folded[i]!));
  if (foreign.length > 0) return { value: properCase(typed), sure: false, ambiguous: foreign.map(titleCase) };
  const n = words.length;
  const positionOf = (i: number): Exclude<NamePosition, 'any'> => (n === 1 || i === n - 1 ? 'given' : i === 0 ? 'surname' : 'middle');
  // The middle names tell the gender: "Văn" a man, "Thị" a woman ("Thị Vân": Vân, never Văn).
  const middles = folded.slice(1, -1);
  const gender: Gender | undefined = middles.includes('thi') ? 'f' : middles.includes('van') ? 'm' : undefined;
  const out: string[] = [];
  const ambiguous: string[] = [];
  folded.forEach((fw, i) => {
    const position = positionOf(i);
    if (position === 'middle' && fw === 'van' && folded.slice(1, i).includes('thi')) {
      out.push('Vân');
      return;
    }
    const r = readingsOf(fw, position, position === 'given' ? gender : undefined, table);
    if (!r) {
      const kept = titleCase(words[i]!);
      out.push(kept);
      ambiguous.push(kept);
      return;
    }
    out.push(r.readings[0]!);
    if (r.ambiguous) ambiguous.push(r.similar.join('/'));
  });
  return { value: out.join(' '), sure: ambiguous.length === 0, ambiguous };
}

/**
 * A personal name as the form stores it: typed without any diacritic and `restore` on, the
 * name with its diacritics restored, and, when that is a guess, the line that reads it back
 * ("Dạ, em ghi tên là Trần Thị Thủy (hay Thúy, Thùy), anh/chị xem đúng chưa ạ?"). Otherwise the
 * value unchanged.
 */
export function formName(value: string, restore: boolean): { value: string; readBack?: string } {
  if (!restore || !isUnaccented(value)) return { value };
  const r = restoreNameDiacritics(value);
  if (!r.value) return { value };
  if (r.sure) return { value: r.value };
  const others = r.ambiguous.filter((a) => a.includes('/')).flatMap((a) => a.split('/').slice(1));
  const alternatives = others.length > 0 ? ` (hay ${others.join(', ')})` : '';
  return { value: r.value, readBack: `Dạ, em ghi tên là ${r.value}${alternatives}, anh/chị xem đúng chưa ạ?` };
}
