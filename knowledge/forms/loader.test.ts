import { describe, expect, it } from 'vitest';
import { createFormRegistry, loadForms } from './loader.js';

const SLUGS = [
  'to-khai-dang-ky-khai-sinh',
  'ct01',
  'to-khai-dang-ky-ket-hon',
  'to-khai-cap-ban-sao-trich-luc-ho-tich',
  'to-khai-xac-nhan-tinh-trang-hon-nhan',
  'don-de-nghi-tro-giup-phap-ly',
];

describe('loadForms', () => {
  it('loads and validates every shipped form', async () => {
    const forms = await loadForms();
    expect(forms.all().map((f) => f.id).sort()).toEqual([...SLUGS].sort());
    expect(forms.forProcedure('1.001193').map((f) => f.id)).toEqual(['to-khai-dang-ky-khai-sinh']);
    expect(forms.forProcedure('1.004222').map((f) => f.id)).toEqual(['ct01']);
    expect(forms.forProcedure('1.000894').map((f) => f.id)).toEqual(['to-khai-dang-ky-ket-hon']);
    expect(forms.forProcedure('2.000635').map((f) => f.id)).toEqual(['to-khai-cap-ban-sao-trich-luc-ho-tich']);
    expect(forms.forProcedure('1.004873').map((f) => f.id)).toEqual(['to-khai-xac-nhan-tinh-trang-hon-nhan']);
    const ks = forms.get('to-khai-dang-ky-khai-sinh')!;
    const gioiTinh = forms.fieldsOf(ks).find((f) => f.name === 'gioi_tinh')!;
    expect(forms.optionsOf(gioiTinh)).toEqual(['Nam', 'Nữ']);
    expect(forms.optionsOf(forms.fieldsOf(ks).find((f) => f.name === 'dan_toc')!)).toHaveLength(54);
  });

  it('names the file and the problem when a form is broken', () => {
    const base = {
      id: 'x',
      title: 'X',
      shortName: 'x',
      legalBasis: 'TT',
      procedureCodes: ['1.000001'],
      triggers: ['xx'],
      sections: [{ id: 's', fields: [{ name: 'a', label: 'A', type: 'select', optionsRef: 'nope' }] }],
    };
    expect(() => createFormRegistry([{ file: 'x.json', data: base }], {})).toThrow(/x\.json.*unknown optionsRef nope/);
    const badPrefill = { ...base, sections: [{ id: 's', fields: [{ name: 'a', label: 'A', type: 'text', prefill: 'cousin.hoTen' }] }] };
    expect(() => createFormRegistry([{ file: 'y.json', data: badPrefill }], {})).toThrow(/unknown role cousin/);
    const badCode = { ...base, procedureCodes: ['1193'] };
    expect(() => createFormRegistry([{ file: 'z.json', data: badCode }], {})).toThrow(/z\.json is invalid: procedureCodes/);
  });
});
