#!/usr/bin/env node
/**
 * One-off importer: turns the shared development question sets (`../shared/evals-dev/`)
 * into this project's eval case format, mapping titles and topics to procedure codes
 * through the shipped catalogue. Original ids are kept (`tpl-<line>` for the template
 * set, which has none). Never run by the product; its output is committed.
 *
 *   npx tsx evals/datasets/import-shared.ts [../shared/evals-dev]
 *
 * Writes `shared-dev.jsonl` (development split) and `template-test.jsonl` (every second
 * template question, held out as part of the test split).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../../knowledge/index.js';

const OUT_DIR = path.dirname(fileURLToPath(import.meta.url));
const KS = ['1.001193', '2.000986', '2.001023'];

/** colloquial-topics-56 `topic_key` → acceptable codes (null: no such procedure in the catalogue). */
const TOPICS: Record<string, string[] | null> = {
  khai_sinh: KS,
  khai_tu: ['1.000656'],
  ket_hon: ['1.000894'],
  ket_hon_nn: ['2.000806'],
  xac_nhan_hon_nhan: ['1.004873'],
  cha_me_con: ['1.001022', '1.000689'],
  cccd_cap_lai: ['1.014064', '2.001194'],
  cccd_cap_doi: ['1.014063', '2.001195'],
  cccd_cap_moi: ['1.014061', '2.000200'],
  ho_chieu: ['1.001456', '1.001471'],
  thi_thuc_dien_tu: ['1.002757'],
  gia_han_tam_tru: ['1.002755'],
  thong_bao_luu_tru: ['2.001159'],
  xoa_thuong_tru: ['1.003197'],
  lap_ho_kinh_doanh: ['1.001612'],
  tam_ngung_kinh_doanh: ['1.001570'],
  cham_dut_kinh_doanh: ['1.001266'],
  doi_ho_kinh_doanh: ['2.000720'],
  cap_lai_gcn_hkd: ['2.000575'],
  con_dau_moi: ['1.115231', '2.001403'],
  dang_ky_xe_lan_dau: ['1.012575', '1.013067', '1.013066'],
  thu_hoi_bien_so: ['1.013065', '1.013123'],
  giay_phep_xay_dung: ['1.013225', '1.013229'],
  thong_bao_khoi_cong: null,
  thong_tin_quy_hoach: ['1.014159'],
  dang_ky_dat_dai: ['1.013978'],
  cap_so_nha: null,
  chung_thuc: ['2.000884'],
  tro_cap_xa_hoi: ['1.001776'],
  huu_tri_xa_hoi: ['1.014027'],
  mai_tang: ['1.001731', '1.014028'],
  khuyet_tat: ['1.001699'],
  tho_cung_liet_si: ['1.010803'],
  khang_chien: ['1.010819', '1.010818'],
  vay_von_viec_lam: null,
  hoc_bong_chinh_sach: ['1.014997', '2.002851'],
  chuyen_truong_thcs: ['2.002854'],
  noi_quy_lao_dong: ['2.001955'],
  xac_nhan_vi_tri: null,
};

/** intents-45 `expected_intent` → acceptable codes for the question's procedure. */
const INTENT_CODES: Record<string, Record<string, string[]>> = {
  birth_registration: {
    'birth-01': KS, 'birth-02': KS, 'birth-03': ['2.000528', '1.001020', '2.000712'], 'birth-04': KS,
    'birth-05': ['1.000689', ...KS], 'birth-06': KS, 'birth-07': ['2.000635'],
  },
  marriage_registration: {
    'marriage-01': ['1.000894'], 'marriage-02': ['2.000806'], 'marriage-04': ['1.000894'], 'marriage-05': ['1.000894'],
    'marriage-06': ['1.000894'], 'marriage-08': ['2.002189'],
  },
  temporary_residence: {
    'temp-01': ['1.004194'], 'temp-02': ['1.004194'], 'temp-03': ['1.002755'], 'temp-05': ['1.004194'], 'temp-06': ['1.004194'],
    'temp-08': ['1.002755', '1.004194'],
  },
  permanent_residence: { 'perm-02': ['1.004222'], 'perm-03': ['1.004222'], 'perm-04': ['1.003197'] },
  identity_documents: { 'misc-01': ['1.014062', '1.012549'], 'misc-02': ['1.014064', '2.001194'], 'misc-03': ['1.001456', '1.001471'] },
  business_registration: { 'misc-04': ['1.001612'] },
  land_administration: { 'misc-05': ['1.013831'] },
  social_security: { 'misc-06': ['1.001613'] },
  tax: { 'misc-07': ['1.008498'] },
  other: { 'misc-08': ['3.000333'] },
};

/** Name key: lower case, no "Thủ tục" prefix, letters and digits only (portal names differ in punctuation). */
function nameKey(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/^\s*(\(cấp tỉnh\)\s*)?thủ tục\s+/u, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "Thủ tục đăng ký kết hôn (TP Hồ Chí Minh)" → the national procedure as carried out in that province. */
function withoutProvince(s: string): string {
  return s.replace(/\s*\((TP|Tỉnh|Thành phố)\s[^()]*\)\s*$/u, '');
}

function jsonl(path_: string): Promise<Record<string, unknown>[]> {
  return readFile(path_, 'utf8').then((t) =>
    t
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

async function main(): Promise<void> {
  const src = path.resolve(process.argv[2] ?? path.join(OUT_DIR, '../../../shared/evals-dev'));
  const catalogue = await loadCatalogue();
  const byName = new Map<string, string[]>();
  for (const p of catalogue.all()) {
    const k = nameKey(p.name);
    byName.set(k, [...(byName.get(k) ?? []), p.code]);
  }
  const check = (codes: string[]) => {
    for (const c of codes) if (!catalogue.get(c)) throw new Error(`code ${c} is not in the catalogue`);
    return codes;
  };
  const dev: object[] = [];
  const test: object[] = [];
  const skipped: string[] = [];

  const tpl = await jsonl(path.join(src, 'template-questions-200.jsonl'));
  tpl.forEach((r, i) => {
    const title = String(r.expected_title);
    const codes = byName.get(nameKey(title)) ?? byName.get(nameKey(withoutProvince(title)));
    const id = `tpl-${String(i + 1).padStart(3, '0')}`;
    if (!codes) {
      skipped.push(`${id}: no procedure named "${String(r.expected_title)}"`);
      return;
    }
    const c = { id, turns: [r.question], expect: { behavior: 'answer', procedures: check(codes) }, tags: ['template'], source: 'evals-dev/template-questions-200' };
    (i % 2 === 0 ? dev : test).push(c);
  });

  for (const r of await jsonl(path.join(src, 'colloquial-topics-56.jsonl'))) {
    const codes = TOPICS[String(r.topic_key)];
    if (codes === undefined) throw new Error(`unmapped topic ${String(r.topic_key)}`);
    if (codes === null) {
      skipped.push(`${String(r.id)}: no procedure for topic ${String(r.topic_key)} in the catalogue`);
      continue;
    }
    dev.push({ id: `col-${String(r.id)}`, turns: r.turns, expect: { behavior: 'answer', procedures: check(codes) }, tags: ['colloquial', String(r.kind)], source: 'evals-dev/colloquial-topics-56' });
  }

  for (const r of await jsonl(path.join(src, 'intents-45.jsonl'))) {
    const id = String(r.id);
    const intent = r.expected_intent;
    let expect: Record<string, unknown> | undefined;
    if (r.expect_clarify === true) expect = { behavior: 'clarify' };
    else if (intent === 'out_of_scope') expect = { behavior: 'refuse' };
    else if (typeof intent === 'string') {
      const codes = INTENT_CODES[intent]?.[id];
      if (codes) expect = { behavior: 'answer', procedures: check(codes) };
    }
    if (!expect) {
      skipped.push(`${id}: intent ${JSON.stringify(intent)} has no single expected behaviour or procedure`);
      continue;
    }
    dev.push({ id: `int-${id}`, turns: [r.question], expect, tags: ['intents'], source: 'evals-dev/intents-45' });
  }

  const golden = JSON.parse(await readFile(path.join(src, 'golden-qa-30.json'), 'utf8')) as { items: { id: string; question: string; expect: { procedure_code: string } }[] };
  // The golden questions were written as questions about one given procedure, many of them
  // follow-ups ("Nộp hồ sơ online có lợi gì?"); a short opening turn names the topic.
  const TOPIC: Record<string, string> = {
    '1.004222': 'Cho tôi hỏi về đăng ký thường trú',
    '2.001610': 'Cho tôi hỏi về thành lập doanh nghiệp tư nhân',
    '2.001955': 'Cho tôi hỏi về đăng ký nội quy lao động của công ty',
  };
  for (const g of golden.items) {
    const opener = TOPIC[g.expect.procedure_code];
    if (!opener) throw new Error(`no opening turn for ${g.expect.procedure_code}`);
    dev.push({ id: `gqa-${g.id}`, turns: [opener, g.question], expect: { behavior: 'answer', procedures: check([g.expect.procedure_code]) }, tags: ['golden-qa'], source: 'evals-dev/golden-qa-30' });
  }

  const write = (file: string, rows: object[]) => writeFile(path.join(OUT_DIR, file), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await write('shared-dev.jsonl', dev);
  await write('template-test.jsonl', test);
  process.stdout.write(`shared-dev.jsonl: ${dev.length} cases; template-test.jsonl: ${test.length} cases\nskipped ${skipped.length}:\n  ${skipped.join('\n  ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
