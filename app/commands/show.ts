import { loadCatalogue, type Catalogue, type Procedure } from '../../knowledge/index.js';

/**
 * `npm run tthc -- show <code> [--json] [--file catalogue.jsonl.gz]`: print one procedure
 * from the shipped catalogue, in Vietnamese, for officers and for checking the data.
 * Exit codes: 0 shown, 1 unknown code, 2 bad arguments.
 */

const LEVEL: Record<string, string> = { xa: 'Cấp xã', tinh: 'Cấp tỉnh', bo: 'Cấp bộ', khac: 'Cơ quan khác' };
const SCOPE: Record<string, string> = {
  national: 'Thủ tục chung toàn quốc',
  provincial: 'Thủ tục riêng của địa phương',
  internal: 'Thủ tục nội bộ',
};
const CHANNEL: Record<string, string> = { online: 'Trực tuyến', postal: 'Dịch vụ bưu chính', in_person: 'Trực tiếp' };
const FEE_KIND: Record<string, string> = { le_phi: 'Lệ phí', phi: 'Phí', khac: 'Phí, lệ phí' };
const SOURCE: Record<string, string> = {
  'portal-api-detail': 'Cổng Dịch vụ công quốc gia (dữ liệu chi tiết từ API của Cổng)',
  'portal-crawl': 'Cổng Dịch vụ công quốc gia (trang chi tiết thủ tục)',
  'portal-index': 'Danh mục thủ tục trên Cổng Dịch vụ công quốc gia (chỉ có thông tin chung)',
};

/** "2026-07-18" → "18/07/2026". */
export function viDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** 100000 → "100.000 đồng". */
export function viMoney(amount: number): string {
  return `${amount.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;
}

/** One fee line: "Lệ phí: 135.000 đồng (…)"; "Phí, lệ phí:" when the source does not say which. */
function feeLine(p: Procedure['channels'][number]['fees'][number]): string {
  const label = FEE_KIND[p.kind];
  if (p.free) return `${label}: ${p.description && p.description !== 'Miễn phí' ? `Miễn phí (${p.description})` : 'Miễn phí'}`;
  if (p.amountVnd !== null) return `${label}: ${viMoney(p.amountVnd)}${p.description ? ` (${p.description})` : ''}`;
  return `${label}: ${p.description || 'Không có thông tin'}`;
}

function quantity(originals: number | null, copies: number | null): string {
  const parts: string[] = [];
  if (originals) parts.push(`${originals} bản chính`);
  if (copies) parts.push(`${copies} bản sao`);
  return parts.join(', ');
}

/** Render a procedure as plain Vietnamese text (no colours, so it can be piped or printed). */
export function renderProcedure(p: Procedure, dataDate: string): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const section = (title: string) => {
    line();
    line(title.toUpperCase());
  };

  line(p.name);
  line('='.repeat(Math.min(p.name.length, 80)));
  line(`Mã thủ tục:        ${p.code}`);
  line(`Cấp thực hiện:     ${p.levels.map((l) => LEVEL[l]).join(', ') || 'Không có thông tin'}`);
  line(`Phạm vi:           ${SCOPE[p.scope]}${p.province ? ` (${p.province})` : ''}`);
  if (p.fields.length) line(`Lĩnh vực:          ${p.fields.join('; ')}`);
  if (p.agencies.length) line(`Cơ quan thực hiện: ${p.agencies.join('; ')}`);
  if (p.competentAuthority) line(`Cơ quan có thẩm quyền: ${p.competentAuthority}`);
  if (p.promulgatedBy) line(`Cơ quan công bố:   ${p.promulgatedBy}`);
  if (p.applicants.length) line(`Đối tượng thực hiện: ${p.applicants.join('; ')}`);
  if (p.submissionAddress) line(`Địa chỉ tiếp nhận: ${p.submissionAddress}`);
  if (p.decisionNumber) line(`Quyết định công bố: ${p.decisionNumber}`);

  if (p.detailLevel === 'index') {
    line();
    line('Dữ liệu hiện chỉ có thông tin chung về thủ tục này, chưa có thành phần hồ sơ, phí, lệ phí và thời hạn giải quyết.');
    line(`Vui lòng xem chi tiết trên Cổng Dịch vụ công quốc gia: ${p.provenance.url}`);
  } else {
    section('Cách thức thực hiện');
    if (p.channels.length === 0) line('  Không có thông tin');
    // Channels often repeat the same time and fee: print each distinct row once.
    const rows = new Map<string, { kinds: string[]; text: string[] }>();
    for (const c of p.channels) {
      const time = !c.processingTime
        ? 'Không có thông tin'
        : c.processingTime.unit === 'khac' && /^[\d.,]+$/.test(c.processingTime.text)
          ? `${c.processingTime.text} (Cổng không ghi đơn vị thời gian)`
          : c.processingTime.text;
      const fees = c.fees.length ? c.fees.map(feeLine) : ['Phí, lệ phí: Không có thông tin'];
      const text = [`Thời hạn giải quyết: ${time}`, ...fees];
      if (c.description) text.push(`Mô tả: ${c.description}`);
      const key = text.join('\n');
      const row = rows.get(key);
      if (row) {
        if (!row.kinds.includes(CHANNEL[c.kind]!)) row.kinds.push(CHANNEL[c.kind]!);
      } else rows.set(key, { kinds: [CHANNEL[c.kind]!], text });
    }
    for (const { kinds, text } of rows.values()) {
      line(`  • ${kinds.join(', ')}`);
      for (const t of text) line(`      ${t.replace(/\n/g, '\n      ')}`);
    }

    section('Thành phần hồ sơ');
    if (p.documentGroups.length === 0) line('  Không có thông tin');
    for (const g of p.documentGroups) {
      line(`  ${g.title}:`);
      g.items.forEach((item, i) => {
        const q = quantity(item.originals, item.copies);
        line(`    ${i + 1}. ${item.name}${q ? ` [${q}]` : ''}`);
        if (item.formName) line(`       Mẫu đơn, tờ khai: ${item.formName}`);
      });
    }

    if (p.steps.length) {
      section('Trình tự thực hiện');
      for (const s of p.steps) line(`  ${s}`);
    }
    if (p.conditions) {
      section('Yêu cầu, điều kiện thực hiện');
      line(`  ${p.conditions.replace(/\n/g, '\n  ')}`);
    }
    if (p.results.length) {
      section('Kết quả thực hiện');
      for (const r of p.results) line(`  • ${r}`);
    }
    if (p.legalBasis.length) {
      section('Căn cứ pháp lý');
      for (const l of p.legalBasis) {
        const extra = [l.issuedDate ? `ngày ${viDate(l.issuedDate)}` : '', l.issuer ?? ''].filter(Boolean).join(', ');
        line(`  • ${l.number ? `${l.number}: ` : ''}${l.title}${extra ? ` (${extra})` : ''}`);
      }
    }
    if (p.notes?.length) {
      section('Lưu ý');
      for (const n of p.notes) line(`  ${n}`);
    }
    if (p.relatedProcedures.length) {
      section('Thủ tục liên quan');
      line(`  ${p.relatedProcedures.join(', ')}`);
    }
  }

  line();
  line(`Nguồn: ${SOURCE[p.provenance.source]}, thu thập ${viDate(p.provenance.crawledAt)}; bộ dữ liệu ngày ${viDate(dataDate)}.`);
  line(`Trang thủ tục trên Cổng: ${p.provenance.url}`);
  return out.join('\n') + '\n';
}

function findProcedure(catalogue: Catalogue, query: string): Procedure[] {
  const direct = catalogue.get(query);
  if (direct) return [direct];
  return catalogue.byName(query);
}

export async function run(args: string[]): Promise<number> {
  let json = false;
  let file: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--file') file = args[++i];
    else rest.push(a);
  }
  const query = rest.join(' ').trim();
  if (!query) {
    process.stderr.write('Cách dùng: npm run tthc -- show <mã thủ tục> [--json]   (ví dụ: show 1.001193)\n');
    return 2;
  }
  const catalogue = await loadCatalogue(file ? { file } : undefined);
  const found = findProcedure(catalogue, query);
  if (found.length === 0) {
    const hint = /^\d\.\d{6}$/.test(query) ? '' : ' Mã thủ tục có dạng 1.001193.';
    process.stderr.write(
      `Không tìm thấy thủ tục "${query}" trong danh mục (${catalogue.size} thủ tục, dữ liệu ngày ${viDate(catalogue.dataDate)}).${hint}\n`,
    );
    return 1;
  }
  for (const p of found) {
    process.stdout.write(json ? JSON.stringify(p, null, 2) + '\n' : renderProcedure(p, catalogue.dataDate));
  }
  return 0;
}
