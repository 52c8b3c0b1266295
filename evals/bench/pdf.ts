import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadDejaVuFonts, renderFormPdf } from '../../bot/forms/index.js';
import { loadForms, type FormDefinition, type FormField } from '../../knowledge/index.js';
import type { BenchContext, BenchOutput } from './types.js';

/**
 * PDF generation of prefilled forms (target p95 < 300 ms): every shipped form rendered
 * with every field filled with realistic Vietnamese values (long addresses wrap), fonts
 * loaded once as in production. Three warm-up renders are not counted.
 */

const SAMPLE: Record<string, string> = {
  name: 'Nguyễn Thị Phương Thảo',
  date: '1992-03-05',
  year: '1990',
  'id-number': '001192012345',
  phone: '0912345678',
  email: 'thao.nguyen@example.vn',
  address: 'Số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, thành phố Hà Nội',
  textarea: 'Đăng ký thường trú tại số 45 đường Trần Phú, phường Hải Châu, thành phố Đà Nẵng; chuyển đến từ xã Hải Hậu, tỉnh Ninh Bình.',
  text: 'Ủy ban nhân dân phường Hồng Hà',
  number: '2',
};

function valuesFor(form: FormDefinition, optionsOf: (f: FormField) => readonly string[] | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of form.sections.flatMap((s) => s.fields)) {
    values[f.name] = f.type === 'select' ? (optionsOf(f)?.[1] ?? optionsOf(f)?.[0] ?? '') : (SAMPLE[f.type] ?? SAMPLE.text!);
  }
  return values;
}

export async function run(ctx: Pick<BenchContext, 'log'>, rounds = 10): Promise<BenchOutput> {
  const forms = await loadForms();
  const fonts = await loadDejaVuFonts();
  const all = forms.all();
  const now = new Date('2026-11-26T03:00:00Z');
  for (let i = 0; i < 3; i++) await renderFormPdf({ form: all[i % all.length]!, values: valuesFor(all[i % all.length]!, forms.optionsOf), fonts, now });
  const ms: number[] = [];
  const cpu: number[] = [];
  const bytes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const form of all) {
      const values = valuesFor(form, forms.optionsOf);
      const t = performance.now();
      const c = process.cpuUsage();
      const pdf = await renderFormPdf({ form, values, fonts, now });
      ms.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      bytes.push(pdf.length);
    }
  }
  ctx.log(`pdf: ${ms.length} renders of ${all.length} forms`);
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const result = {
    pdf: {
      renders: ms.length,
      p50_ms: Math.round(pct(ms, 0.5) * 10) / 10,
      p95_ms: Math.round(pct(ms, 0.95) * 10) / 10,
      max_ms: Math.round(Math.max(...ms) * 10) / 10,
      // CPU time of this process: what the wall time would be on an idle core.
      cpu_p50_ms: Math.round(pct(cpu, 0.5) * 10) / 10,
      cpu_p95_ms: Math.round(pct(cpu, 0.95) * 10) / 10,
      bytes_p50: pct(bytes, 0.5),
      target_p95_ms: 300,
    },
  };
  return {
    result,
    table: [
      `pdf generation (${ms.length} renders)   p50 ${result.pdf.p50_ms} ms  p95 ${result.pdf.p95_ms} ms  (target p95 < 300 ms)  cpu p50 ${result.pdf.cpu_p50_ms} ms  p95 ${result.pdf.cpu_p95_ms} ms  size p50 ${Math.round(result.pdf.bytes_p50 / 1024)} KB`,
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await run({ log: (l) => console.error(l) });
  console.log(out.table.join('\n'));
  console.log(JSON.stringify(out.result));
}
