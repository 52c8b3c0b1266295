import { describe, expect, it } from 'vitest';
import { formatImportReport, parseCsv, validateRotaCsv } from './rota-csv.js';
import { point } from './testing/fixtures.js';

const points = [{ ...point('00004'), name: 'Phường Ba Đình' }, { ...point('00008'), name: 'Phường Ngọc Hà' }];

describe('parseCsv', () => {
  it('handles BOM, CRLF, quoted commas, doubled quotes and multi-line fields', () => {
    const { header, rows } = parseCsv('\uFEFFId,Name\r\n1,"Lê, Văn ""A"""\r\n2,"dòng\nhai"\r\n\r\n');
    expect(header).toEqual(['id', 'name']);
    expect(rows).toEqual([
      { line: 2, values: { id: '1', name: 'Lê, Văn "A"' } },
      { line: 3, values: { id: '2', name: 'dòng\nhai' } },
    ]);
  });
});

describe('validateRotaCsv', () => {
  const lawyersCsv = [
    'id,name,phone,email,specialties,languages,wards,max_open_cases,active',
    'LS01,Nguyễn Thị Mẫu,0900000001,mau@example.org,DAT_DAI;THUA_KE,vi,ba dinh,3,yes',
    'LS02,Trần Văn Thử,,,HON_NHAN_GIA_DINH,vi;en,Phường Ngọc Hà,,',
  ].join('\n');

  it('accepts a valid rota, resolving wards by code or by name without diacritics', () => {
    const r = validateRotaCsv({
      lawyersCsv,
      shiftsCsv: 'lawyer_id,kind,service_point,weekday,date,date_to,start,end\nLS01,weekly,00004,T2,,,08:00,11:30\nLS02,extra,ngoc ha,,2026-12-02,,13:30,17:00\nLS01,leave,,,2026-12-24,2026-12-31,,\n',
      servicePoints: points,
    });
    expect(r.errors).toEqual([]);
    expect(r.lawyers.map((l) => [l.id, l.wards, l.maxOpenCases, l.languages])).toEqual([
      ['LS01', ['00004'], 3, ['vi']],
      ['LS02', ['00008'], 5, ['vi', 'en']],
    ]);
    expect(r.shifts).toMatchObject([{ lawyerId: 'LS01', servicePoint: '00004', weekday: 1, start: '08:00', end: '11:30' }]);
    expect(r.exceptions.map((e) => e.kind)).toEqual(['extra', 'leave']);
    expect(formatImportReport(r)).toContain('OK: 2 luật sư');
  });

  it('names every bad row with its reason', () => {
    const r = validateRotaCsv({
      lawyersCsv: [
        'id,name,specialties,wards,max_open_cases',
        'LS01,A,DAT_DAI,,2',
        'LS01,B,DAT_DAI,,2',
        'LS03,,LUAT_BIEN,Phường Không Có,0',
        'bad id!,C,DAT_DAI,,1',
      ].join('\n'),
      shiftsCsv: 'lawyer_id,kind,service_point,weekday,start,end\nLS01,weekly,00004,T9,09:00,08:00\nLS99,weekly,00004,2,08:00,09:00\nLS01,holiday,,,,\n',
      servicePoints: points,
    });
    const byLine = r.errors.map((e) => `${e.file}:${e.line}`);
    expect(byLine).toEqual(['lawyers:3', 'lawyers:4', 'lawyers:5', 'shifts:2', 'shifts:3', 'shifts:4']);
    const msg = formatImportReport(r);
    expect(msg).toContain('Không nhập gì: 6 dòng lỗi');
    expect(msg).toContain('trùng với dòng 2');
    expect(msg).toContain('lĩnh vực "LUAT_BIEN"');
    expect(msg).toContain('phường/xã "Phường Không Có"');
    expect(msg).toContain('thiếu họ tên');
    expect(msg).toContain('thứ "T9"');
    expect(msg).toContain('giờ kết thúc phải sau giờ bắt đầu');
    expect(msg).toContain('luật sư "LS99"');
    expect(msg).toContain('kind "holiday"');
  });

  it('reports missing required columns on the header line', () => {
    const r = validateRotaCsv({ lawyersCsv: 'id,ten\nLS01,A\n', servicePoints: points });
    expect(r.errors).toEqual([{ file: 'lawyers', line: 1, message: expect.stringContaining('name, specialties') }, expect.objectContaining({ line: 1 })]);
  });
});
