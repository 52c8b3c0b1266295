import type { LawInfo } from './schema.js';

/**
 * The statutes the product quotes, by document number. Only these are imported: the
 * current main law of nine core đề mục of the Bộ pháp điển, the 2020 residence law and
 * the 2022 domestic-violence law as enacted, and the consolidated 2024 land law.
 * The bundle's Cư trú đề mục (39.3) still holds the superseded 2006 law and is never
 * imported; guiding decrees and circulars are left out (see REPORT.md for counts).
 */
export const LAWS: readonly LawInfo[] = [
  { document: '91/2015/QH13', name: 'Bộ luật Dân sự 2015', shortName: 'Bộ luật Dân sự', version: 'Bộ pháp điển, đề mục 9.1 Dân sự', areaWords: 'dân sự hợp đồng tài sản thừa kế di chúc' },
  { document: '52/2014/QH13', name: 'Luật Hôn nhân và gia đình 2014', shortName: 'Luật Hôn nhân và gia đình', version: 'Bộ pháp điển, đề mục 8.4', areaWords: 'hôn nhân gia đình vợ chồng con cái ly hôn kết hôn' },
  { document: '45/2019/QH14', name: 'Bộ luật Lao động 2019', shortName: 'Bộ luật Lao động', version: 'Bộ pháp điển, đề mục 20.2', areaWords: 'lao động người lao động công ty doanh nghiệp làm việc' },
  { document: '100/2015/QH13', name: 'Bộ luật Hình sự 2015 (sửa đổi, bổ sung 2017)', shortName: 'Bộ luật Hình sự', version: 'Bộ pháp điển, đề mục 16.1 (có sửa đổi theo Luật 12/2017/QH14)', areaWords: 'hình sự tội phạm phạt tù' },
  { document: '92/2015/QH13', name: 'Bộ luật Tố tụng dân sự 2015', shortName: 'Bộ luật Tố tụng dân sự', version: 'Bộ pháp điển, đề mục 37.5', areaWords: 'tòa án khởi kiện kiện tụng' },
  { document: '60/2014/QH13', name: 'Luật Hộ tịch 2014', shortName: 'Luật Hộ tịch', version: 'Bộ pháp điển, đề mục 15.3', areaWords: 'hộ tịch khai sinh khai tử' },
  { document: '11/2017/QH14', name: 'Luật Trợ giúp pháp lý 2017', shortName: 'Luật Trợ giúp pháp lý', version: 'Bộ pháp điển, đề mục 4.5', areaWords: 'trợ giúp pháp lý miễn phí' },
  { document: '02/2011/QH13', name: 'Luật Khiếu nại 2011', shortName: 'Luật Khiếu nại', version: 'Bộ pháp điển, đề mục 18.1', areaWords: 'khiếu nại' },
  { document: '25/2018/QH14', name: 'Luật Tố cáo 2018', shortName: 'Luật Tố cáo', version: 'Bộ pháp điển, đề mục 18.5', areaWords: 'tố cáo' },
  { document: '68/2020/QH14', name: 'Luật Cư trú 2020', shortName: 'Luật Cư trú', version: 'văn bản ban hành (trước cải cách chính quyền hai cấp 2025: "cấp huyện" trong văn bản đã thay đổi)', areaWords: 'cư trú thường trú tạm trú hộ khẩu' },
  { document: '13/2022/QH15', name: 'Luật Phòng, chống bạo lực gia đình 2022', shortName: 'Luật Phòng, chống bạo lực gia đình', version: 'văn bản ban hành', areaWords: 'bạo lực gia đình' },
  { document: '31/2024/QH15', name: 'Luật Đất đai 2024', shortName: 'Luật Đất đai', version: 'Văn bản hợp nhất 45/VBHN-VPQH ngày 28/02/2025', areaWords: 'đất đai đất sổ đỏ' },
];

export const LAW_BY_DOCUMENT: ReadonlyMap<string, LawInfo> = new Map(LAWS.map((l) => [l.document, l]));

/**
 * Laws citizens ask about that the data does not hold (or holds only in a superseded
 * version). A question about them gets the lawyer offer and the official portal, never
 * an older text. `phrases` are folded (no diacritics), matched as whole words.
 */
export const MISSING_LAWS: readonly { name: string; phrases: readonly string[] }[] = [
  {
    name: 'Luật Căn cước 2023',
    phrases: ['can cuoc', 'cccd', 'chung minh nhan dan', 'cmnd', 'dinh danh', 'the can cuoc', 'vneid', 'tich hop'],
  },
  {
    name: 'Luật Bảo hiểm xã hội 2024',
    phrases: ['bao hiem xa hoi', 'bhxh', 'luong huu', 'huu tri', 'che do thai san', 'tien thai san', 'tro cap thai san', 'bao hiem mot lan', 'bhxh mot lan', 'dong bao hiem', 'so bao hiem', 'bao hiem that nghiep', 'tro cap that nghiep', 'bao hiem y te', 'bhyt'],
  },
  {
    name: 'Luật Xử lý vi phạm hành chính',
    phrases: ['xu phat hanh chinh', 'phat hanh chinh', 'vi pham hanh chinh', 'xu phat vi pham', 'bien ban xu phat', 'nop phat'],
  },
  {
    name: 'Nghị định 168/2024/NĐ-CP (xử phạt vi phạm giao thông)',
    phrases: ['giao thong', 'nong do con', 'den do', 'vuot den', 'mu bao hiem', 'bang lai', 'giay phep lai xe', 'phat nguoi', 'csgt', 'canh sat giao thong', 'ruou bia lai xe', 'lai xe', 'xe may', 'o to', 'giu xe', 'tam giu xe', 'tru diem'],
  },
];

/** The official portals named when the data lacks a law. */
export const OFFICIAL_PORTAL = { name: 'Cơ sở dữ liệu quốc gia về văn bản pháp luật', url: 'https://vbpl.vn' } as const;
