import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { loadAdminUnits, loadForms, type FormRegistry } from '../../knowledge/index.js';
import { createSealedBox, openDatabase, SqliteProfileStore, type Db } from '../../storage/index.js';
import { createFixtureAssistant } from '../../test/harness.js';
import type { TestAdapter } from '../../test/harness.js';
import type { FileStore, FileRef } from '../types.js';
import { silentLogger, type FormConversation, type FormProgress, type FormProgressSink } from '../ports/index.js';
import { createAddressAdvisor, createFormSkills, flattenProfile, loadDejaVuFonts, type CitizenProfile, type FormFonts } from './index.js';

/** In-memory FileStore double: keeps bytes so the test can read the PDF back. */
class FakeFileStore implements FileStore {
  readonly files = new Map<string, { name: string; contentType: string; bytes: Uint8Array; conversationId: string }>();
  async put(input: { conversationId: string; name: string; contentType: string; bytes: Uint8Array }): Promise<FileRef> {
    const id = `f${this.files.size + 1}`;
    this.files.set(id, { ...input });
    return { name: input.name, contentType: input.contentType, url: `/files/${id}?c=${input.conversationId}`, fileId: id };
  }
  async get(id: string) {
    return this.files.get(id);
  }
}

/** Records what the form skill reports after each turn, by conversation. */
class RecordingFormProgress implements FormProgressSink {
  readonly last = new Map<string, FormProgress>();
  report(c: FormConversation, progress: FormProgress): void {
    this.last.set(c.conversationId, progress);
  }
}

let forms: FormRegistry;
let fonts: FormFonts;
let advisor: ReturnType<typeof createAddressAdvisor>;
beforeAll(async () => {
  forms = await loadForms();
  fonts = await loadDejaVuFonts();
  advisor = createAddressAdvisor(await loadAdminUnits());
});

let dataDir: string;
let db: Db;
let files: FakeFileStore;
let progress: RecordingFormProgress;
let profiles: SqliteProfileStore;
let assistant: Awaited<ReturnType<typeof createFixtureAssistant>>;
const now = new Date('2026-11-26T03:00:00Z');

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-conv-'));
  db = openDatabase(path.join(dataDir, 'tthc.sqlite'));
  files = new FakeFileStore();
  const box = createSealedBox(Buffer.alloc(32, 9));
  progress = new RecordingFormProgress();
  profiles = new SqliteProfileStore(db, box);
  const skills = createFormSkills({
    forms,
    profileStore: profiles,
    fileStore: files,
    fonts,
    sealer: box,
    addresses: advisor,
    logger: silentLogger,
    clock: () => now,
    progress,
    erasers: [],
  });
  assistant = await createFixtureAssistant({ dataDir, extraSkills: skills.slots, clock: () => now });
});
afterEach(async () => {
  await assistant.cleanup();
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.normalize('NFC').replace(/\s+/g, ' ');
}

/** The profile kept for a citizen (consent given), read through the port, flattened to `hoTen`, `child.hoTen`, … */
async function storedProfile(subject: { channelId: string; userId: string }): Promise<Record<string, string>> {
  const stored = await profiles.get(subject);
  return stored ? flattenProfile(stored.profile as CitizenProfile) : {};
}

/** Sends turns, returning every reply; fails loudly if the bot stops handling the form. */
async function talk(chat: TestAdapter, turns: string[]) {
  const replies = [];
  for (const t of turns) replies.push(await chat.send(t));
  return replies;
}

describe('filling the birth registration', () => {
  it('asks for consent, only what is missing, validates, summarises, edits and produces PDF + JSON', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-1' });
    const r1 = await chat.send('Điền tờ khai khai sinh cho con tôi');
    expect(r1.result?.outcome.form).toBe('to-khai-dang-ky-khai-sinh');
    expect(r1.text).toMatch(/đồng ý/i);
    expect(r1.text).toMatch(/số định danh cá nhân/);
    expect(r1.suggestedActions).toEqual(['Đồng ý lưu', 'Không, chỉ dùng lần này']);

    const r2 = await chat.send('Đồng ý lưu');
    // The role question comes first, with buttons.
    expect(r2.text).toMatch(/là gì của cháu/);
    expect(r2.suggestedActions).toContain('Mẹ');

    const r3 = await chat.send('Mẹ');
    expect(r3.text).toMatch(/họ và tên đầy đủ của anh\/chị/i);

    // Several facts at once, typed without diacritics for the name.
    const r4 = await chat.send('tôi là nguyen thi hang, sinh 5/3/1992');
    expect(r4.text).not.toMatch(/họ và tên đầy đủ/i);
    expect(r4.text).toMatch(/nơi cư trú/i);

    // Old-style address: the new ward is suggested.
    const r5 = await chat.send('Số 12 ngõ 5 phố Phúc Xá, phường Phúc Xá, quận Ba Đình, Hà Nội');
    expect(r5.text).toMatch(/Phường Hồng Hà, Thành phố Hà Nội/);
    expect(r5.suggestedActions).toContain('Dùng địa chỉ mới');
    const r6 = await chat.send('Dùng địa chỉ mới');
    expect(r6.text).toMatch(/số định danh/i);

    // Invalid ID: plain-Vietnamese message, asked again.
    const r7 = await chat.send('00119201234');
    expect(r7.text).toContain('số định danh cá nhân gồm 12 chữ số, anh/chị kiểm tra lại giúp em');
    const r8 = await chat.send('001 192 012 347');
    expect(r8.text).not.toMatch(/12 chữ số/);
    // Correction of the last digit.
    const r9 = await chat.send('à nhầm, số cuối là 5');
    expect(r9.text).toMatch(/đã sửa .+ thành •+2345/);

    // Child: asked fresh.
    expect(r9.text).toMatch(/họ và tên đặt cho cháu/i);
    let r = await chat.send('tran ngoc diep');
    expect(r.text).toMatch(/ngày, tháng, năm sinh của cháu/i);
    r = await chat.send('mùng 1 tháng 11 năm 2026');
    expect(r.text).toMatch(/giới tính của cháu/i);
    expect(r.suggestedActions).toEqual(['Nam', 'Nữ']);
    r = await chat.send('Nữ');
    expect(r.text).toMatch(/dân tộc của cháu/i);
    r = await chat.send('kinh');
    expect(r.text).toMatch(/nơi sinh của cháu/i);
    r = await chat.send('Bệnh viện Phụ sản Hà Nội, 929 đường La Thành, phường Giảng Võ, Hà Nội');
    expect(r.text).toMatch(/quê quán/i);
    r = await chat.send('xã Hải Hậu, tỉnh Ninh Bình');
    // The mother is the requester: her name is not asked again, her ethnicity and nationality are.
    expect(r.text).not.toMatch(/Họ và tên của mẹ cháu/);
    expect(r.text).toMatch(/dân tộc của mẹ cháu/i);
    expect(r.suggestedActions).toContain('Bỏ qua');
    r = await chat.send('Kinh');
    expect(r.text).toMatch(/quốc tịch của mẹ cháu/i);
    r = await chat.send('Việt Nam');
    // The father's name is asked once and may be skipped.
    expect(r.text).toMatch(/họ và tên của cha cháu/i);
    r = await chat.send('Bỏ qua');
    expect(r.text).toMatch(/bao nhiêu bản sao/);
    r = await chat.send('2');
    expect(r.text).toMatch(/tóm tắt/);
    expect(r.text).toContain('Nguyen Thi Hang');
    expect(r.text).toContain('05/03/1992');
    // ID and phone numbers are masked in the chat; the full value is only in the file.
    expect(r.text).toContain('••••••••2345');
    expect(r.text).not.toMatch(/001\s?192\s?012/);
    expect(r.text).toContain('Ủy ban nhân dân phường Hồng Hà');
    expect(r.suggestedActions).toContain('Xác nhận, tạo tờ khai');

    // Edit: "sửa ngày sinh của cháu thành ..."
    r = await chat.send('sửa ngày sinh của cháu thành 2/11/2026');
    expect(r.text).toMatch(/đã sửa/);
    expect(r.text).toContain('02/11/2026');

    r = await chat.send('Xác nhận, tạo tờ khai');
    expect(r.result?.outcome.form).toBe('to-khai-dang-ky-khai-sinh');
    expect(r.result?.outcome.tags).toContain('form:done');
    const sent = r.result!.messages[0]!.files!;
    expect(sent.map((f) => f.contentType)).toEqual(['application/pdf', 'application/json']);
    const pdf = files.files.get(sent[0]!.fileId!)!;
    const text = await pdfText(pdf.bytes);
    for (const v of ['TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Nguyen Thi Hang', 'Tran Ngoc Diep', '02/11/2026', 'Ngày hai tháng mười một năm hai nghìn không trăm hai mươi sáu', 'Phường Hồng Hà, Thành phố Hà Nội', 'Bệnh viện Phụ sản Hà Nội', 'xã Hải Hậu, tỉnh Ninh Bình', '001192012345']) {
      expect(text).toContain(v);
    }
    const json = JSON.parse(new TextDecoder().decode(files.files.get(sent[1]!.fileId!)!.bytes));
    expect(json.form).toBe('to-khai-dang-ky-khai-sinh');
    expect(json.fields).toMatchObject({
      ho_ten_nguoi_yeu_cau: 'Nguyen Thi Hang',
      ngay_sinh_nguoi_yeu_cau: '1992-03-05',
      giay_to_tuy_than_nguoi_yeu_cau: '001192012345',
      ho_ten_nguoi_duoc_khai_sinh: 'Tran Ngoc Diep',
      ngay_sinh_nguoi_duoc_khai_sinh: '2026-11-02',
      gioi_tinh: 'Nữ',
      dan_toc: 'Kinh',
      quoc_tich: 'Việt Nam',
      ho_ten_me: 'Nguyen Thi Hang',
      so_luong_ban_sao: '2',
    });

    // Stored for next time, with the child as a relation.
    const profile = await storedProfile({ channelId: 'webchat', userId: 'citizen-1' });
    expect(profile).toMatchObject({ hoTen: 'Nguyen Thi Hang', ngaySinh: '1992-03-05', soDinhDanh: '001192012345', 'child.hoTen': 'Tran Ngoc Diep' });

    // A returning citizen filling CT01 in a new conversation is asked nothing already known.
    const chat2 = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-1' });
    const asked: string[] = [];
    let reply = await chat2.send('làm tờ khai CT01');
    asked.push(reply.text);
    expect(reply.text).not.toMatch(/đồng ý/i);
    const answerFor = (q: string) =>
      /giới tính/i.test(q) ? 'Nữ' : /là gì của chủ hộ/i.test(q) ? 'Chủ hộ' : /nội dung/i.test(q) ? 'Đăng ký thường trú tại số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, thành phố Hà Nội' : 'không biết';
    for (let i = 0; i < 5 && !/tóm tắt/.test(reply.text); i++) {
      reply = await chat2.send(answerFor(reply.text));
      asked.push(reply.text);
    }
    const all = asked.join('\n');
    expect(all).not.toMatch(/họ và tên đầy đủ|ngày, tháng, năm sinh của anh|số định danh cá nhân \(số căn cước/i);
    expect(reply.text).toMatch(/tóm tắt/);
    expect(reply.text).toContain('Công an phường Hồng Hà');
  });
});

describe('consent and deletion', () => {
  it('without consent fills the form for this conversation only and stores nothing', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-2' });
    await talk(chat, ['Điền tờ khai CT01', 'Không, chỉ dùng lần này']);
    let r = await chat.send('Tôi tên Lê Văn Cường, sinh 05-03-90, CCCD 001090012345, sđt +84 912 345 678');
    expect(r.text).toMatch(/là gì của chủ hộ/);
    r = await chat.send('Chủ hộ');
    // The sex is read from the ID number (digit 4: 0 is a man born in the 1900s), not asked.
    expect(r.text).not.toMatch(/giới tính/i);
    expect(r.text).toMatch(/nội dung/i);
    r = await chat.send('Đăng ký tạm trú tại số 3 phố Huế, phường Hai Bà Trưng, Hà Nội');
    expect(r.text).toMatch(/tóm tắt/);
    expect(r.text).toMatch(/Giới tính:?\s*Nam/);
    expect(r.text).toContain('••••••5678');
    expect(r.text).not.toMatch(/0912\s?345/);
    r = await chat.send('Xác nhận');
    expect(r.text).toMatch(/không được lưu lại/);
    expect(await storedProfile({ channelId: 'webchat', userId: 'citizen-2' })).toEqual({});
    // A new form in the same conversation asks for consent again and knows nothing.
    r = await chat.send('làm tờ khai CT01');
    expect(r.text).toMatch(/đồng ý/i);
  });

  it('"Xoá dữ liệu của tôi" deletes the stored profile and confirms', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-3' });
    await talk(chat, ['điền tờ khai ct01', 'Đồng ý', 'tôi là Phạm Minh Tuấn, sinh ngày 1/2/1985, số định danh 079085001234']);
    expect(await storedProfile({ channelId: 'webchat', userId: 'citizen-3' })).toMatchObject({ soDinhDanh: '079085001234' });
    const view = await chat.send('xem dữ liệu của tôi');
    expect(view.text).toContain('079******234');
    expect(view.text).not.toContain('079085001234');
    const r = await chat.send('Xoá dữ liệu của tôi');
    expect(r.text).toMatch(/đã xoá toàn bộ thông tin/);
    expect(r.result?.outcome.tags).toContain('privacy:delete');
    expect(await storedProfile({ channelId: 'webchat', userId: 'citizen-3' })).toEqual({});
    // The form in progress is gone; asking again starts with consent.
    const again = await chat.send('điền tờ khai ct01');
    expect(again.text).toMatch(/đồng ý/i);
  });

  it('keeps no ID or phone number in clear in the database (profile and conversation state)', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-4' });
    await talk(chat, ['Điền tờ khai CT01', 'Đồng ý', 'Tôi tên Lê Văn Cường, sinh 05-03-90, CCCD 001090012345, sđt 0912345678', 'Nam']);
    db.pragma('wal_checkpoint(FULL)');
    const bytes = Buffer.concat(
      fs.readdirSync(dataDir).filter((f) => f.startsWith('tthc.sqlite')).map((f) => fs.readFileSync(path.join(dataDir, f))),
    );
    expect(bytes.includes(Buffer.from('001090012345'))).toBe(false);
    expect(bytes.includes(Buffer.from('0912345678'))).toBe(false);
    expect(bytes.includes(Buffer.from('citizen_profiles'))).toBe(true);
  });
});

describe('entry points', () => {
  it('"Điền tờ khai giúp tôi" after a Q&A answer fills that procedure\'s form', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-5' });
    const qa = await chat.send('thủ tục đăng ký kết hôn cần giấy tờ gì');
    expect(qa.result?.outcome.procedureCode).toBe('1.000894');
    const r = await chat.send('Điền tờ khai giúp tôi');
    expect(r.result?.outcome.form).toBe('to-khai-dang-ky-ket-hon');
  });

  it('offers to fill a form the citizen asks for, in any words, and leaves procedure questions to the Q&A', async () => {
    // Where to get the form: the form is offered, either at once or as the answer's button.
    const r = await assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-7' }).send('tờ khai đăng ký khai sinh lấy ở đâu?');
    expect(r.result?.outcome.form === 'to-khai-dang-ky-khai-sinh' || r.suggestedActions.includes('Điền tờ khai giúp tôi')).toBe(true);
    const r2 = await assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-8' }).send('Em cần tờ khai CT01 để khai báo tạm trú');
    expect(r2.result?.outcome.form).toBe('ct01');
    const r3 = await assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-9' }).send('đăng ký khai sinh cần giấy tờ gì');
    expect(r3.result?.outcome.form).toBeUndefined();
  });

  it('switches to another form only when the request itself names it', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-switch' });
    await talk(chat, ['điền tờ khai xác nhận tình trạng hôn nhân', 'Không, chỉ dùng lần này', 'em là Lò Văn Khiêm, sinh 11/11/1997, cccd 014097002358']);
    // A detail of this form ("chưa đăng ký kết hôn") followed by a plea to fill stays on it.
    const r = await chat.send('chưa đk kết hôn vs ai. ok điền giúp e');
    expect(r.result?.outcome.form).toBe('to-khai-xac-nhan-tinh-trang-hon-nhan');
    // The request naming another form switches.
    const r2 = await chat.send('điền giúp em tờ khai đăng ký kết hôn');
    expect(r2.result?.outcome.form).toBe('to-khai-dang-ky-ket-hon');
  });

  it('keeps who is who when it switches: the citizen stays the citizen, the partner the other side', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-switch-2' });
    await talk(chat, [
      'điền tờ khai xác nhận tình trạng hôn nhân',
      'Không, chỉ dùng lần này',
      'em tên Hoàng Thị Mỹ Duyên, nữ, sinh 3/4/1998, cccd 036198004417',
      'người yêu em: anh Trương Công Hậu, sinh 1996, cccd 036096008812',
    ]);
    await chat.send('giờ điền giúp em tờ khai đăng ký kết hôn luôn nhé, nộp ở UBND xã Nghĩa Hưng');
    const filled = progress.last.get(chat.conversationId);
    expect(filled?.form).toBe('to-khai-dang-ky-ket-hon');
    expect(filled?.fields).toMatchObject({ ben_cua_nguoi_yeu_cau: 'Bên nữ', ho_ten_ben_nu: 'Hoàng Thị Mỹ Duyên', giay_to_tuy_than_ben_nu: '036198004417', ho_ten_ben_nam: 'Trương Công Hậu' });
  });

  it('keeps the paper asked about when the details then tell how the old paper was registered', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-copy' });
    await chat.send('Tôi cần bản sao giấy khai sinh của con gái để nộp hồ sơ');
    const r = await chat.send('Con tôi tên Mai Thu Hà, sinh 02/03/2014, đăng ký khai sinh ở UBND phường Hà Cầu');
    expect(r.result?.outcome.form).toBe('to-khai-cap-ban-sao-trich-luc-ho-tich');
  });

  it('asks which form when none is named and nothing was discussed', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-6' });
    const r = await chat.send('điền tờ khai giúp tôi');
    expect(r.result?.outcome.behavior).toBe('clarify');
    expect(r.suggestedActions.length).toBeGreaterThanOrEqual(5);
    const r2 = await chat.send('Tờ khai cấp bản sao trích lục hộ tịch');
    expect(r2.result?.outcome.form).toBe('to-khai-cap-ban-sao-trich-luc-ho-tich');
  });

  it('follows a conversation that ignores the questions: both people apart, a correction, numbers masked', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-10' });
    const replies = [];
    for (const t of [
      'điền tờ khai đăng ký kết hôn',
      'mình là bên nam',
      'Em tên Vũ Đức Long, sinh 15/6/1995, CCCD 030095007761',
      'vợ sắp cưới của em là Ngô Thị Kim Oanh, sinh ngày 2/12/1997, căn cước 030197003354',
      'à nhầm, số cuối căn cước của em là 2',
    ]) {
      const r = await chat.send(t);
      expect(r.result?.outcome.form).toBe('to-khai-dang-ky-ket-hon');
      replies.push(r.text);
    }
    expect(replies.at(-1)).toMatch(/đã sửa .+ thành •+7762/);
    for (const text of replies) expect(text).not.toMatch(/030095|030197/);
    const filled = progress.last.get(chat.conversationId);
    expect(filled?.fields).toMatchObject({
      ben_cua_nguoi_yeu_cau: 'Bên nam',
      ho_ten_ben_nam: 'Vũ Đức Long',
      ngay_sinh_ben_nam: '1995-06-15',
      giay_to_tuy_than_ben_nam: '030095007762',
      ho_ten_ben_nu: 'Ngô Thị Kim Oanh',
      ngay_sinh_ben_nu: '1997-12-02',
      giay_to_tuy_than_ben_nu: '030197003354',
    });
  });

  it('keeps the baby, the mother and the father apart in a birth declaration', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-11' });
    for (const t of [
      'lam to khai khai sinh cho be',
      'toi ten tran quoc huy sinh 3/7/1990 cccd 036090004512',
      'toi la bo chau',
      'be ten tran bao ngoc, be gai, sinh ngay 2/11/2026 o benh vien da khoa tinh nam dinh',
      'me chau ten vu thi hanh sinh nam 1993, dan toc kinh',
    ]) {
      await chat.send(t);
    }
    const filled = progress.last.get(chat.conversationId);
    expect(filled?.fields).toMatchObject({
      ho_ten_nguoi_yeu_cau: 'Tran Quoc Huy',
      quan_he_voi_nguoi_duoc_khai_sinh: 'Cha',
      ho_ten_cha: 'Tran Quoc Huy',
      ho_ten_nguoi_duoc_khai_sinh: 'Tran Bao Ngoc',
      ngay_sinh_nguoi_duoc_khai_sinh: '2026-11-02',
      gioi_tinh: 'Nữ',
      ho_ten_me: 'Vu Thi Hanh',
      nam_sinh_me: '1993',
      dan_toc_me: 'Kinh',
    });
    expect(filled?.fields.noi_cu_tru_cha).toBeUndefined();
  });

  it('files each value under its person: an unnamed value never overwrites a known one, an ID goes to whoever was born that year, "như trên" copies', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-12' });
    const replies: string[] = [];
    for (const t of [
      'Em muốn điền tờ khai đăng ký kết hôn',
      'Không, chỉ dùng lần này',
      'Em là bên nữ, tên Nguyễn Thị Ngọc Bích, sinh ngày 17/05/1998',
      'chồng sắp cưới của em tên Trần Văn Hiệp, sinh 02/09/1996',
      'em ở xóm 2, xã Giao Thủy, tỉnh Ninh Bình',
      'cccd 036096007654',
      'địa chỉ anh ấy như trên ạ',
      'Lê Văn Tèo, sinh 1990',
      'cccd của em 036198004567',
    ]) {
      replies.push((await chat.send(t)).text);
    }
    const filled = progress.last.get(chat.conversationId);
    expect(filled?.fields).toMatchObject({
      ho_ten_ben_nu: 'Nguyễn Thị Ngọc Bích',
      ngay_sinh_ben_nu: '1998-05-17',
      giay_to_tuy_than_ben_nu: '036198004567',
      noi_cu_tru_ben_nu: 'xóm 2, xã Giao Thủy, tỉnh Ninh Bình',
      ho_ten_ben_nam: 'Trần Văn Hiệp',
      ngay_sinh_ben_nam: '1996-09-02',
      giay_to_tuy_than_ben_nam: '036096007654',
      noi_cu_tru_ben_nam: 'xóm 2, xã Giao Thủy, tỉnh Ninh Bình',
    });
    // "Lê Văn Tèo, sinh 1990" named no one the form knows: asked about, not written over anyone.
    expect(Object.values(filled?.fields ?? {})).not.toContain('Lê Văn Tèo');
    expect(replies[7]).toMatch(/chưa rõ thông tin vừa rồi là của ai/);
    // No reply repeats a full ID number.
    for (const r of replies) expect(r).not.toMatch(/\d{12}/);
  });

  it('asks to check a child born before or too close to a parent, and keeps the date out', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-13' });
    let last = '';
    for (const t of [
      'điền tờ khai đăng ký khai sinh',
      'Không, chỉ dùng lần này',
      'tôi là Lê Thị Hoa, mẹ cháu, sinh 12/12/1998',
      'bé tên Trần Minh An, bé trai',
      'sinh 12/12/2000',
    ]) {
      last = (await chat.send(t)).text;
    }
    const filled = progress.last.get(chat.conversationId);
    expect(filled?.fields.ngay_sinh_nguoi_duoc_khai_sinh).toBeUndefined();
    expect(last).toMatch(/kiểm tra lại/);
  });

  it.each([
    ['bố bé thì không có ạ', false],
    ['', true],
  ])('asks about the father only when the citizen did not say there is none ("%s")', async (none, asked) => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: `citizen-14${none ? 'a' : 'b'}` });
    const replies: string[] = [];
    const script = ['điền tờ khai đăng ký khai sinh', 'Không, chỉ dùng lần này', 'tôi là Lê Thị Hoa, mẹ cháu, sinh 12/12/1998, cccd 001198004321', ...(none ? [none] : [])];
    script.push('bé tên Lê Minh An, bé trai, sinh 20/11/2026 tại Bệnh viện Phụ sản Hà Nội');
    let reply = { text: '' };
    for (const t of script) replies.push((reply = await chat.send(t)).text);
    const answerFor = (q: string) =>
      /nơi cư trú/i.test(q) ? 'số 3 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội' : /dân tộc/i.test(q) ? 'Kinh' : /quốc tịch/i.test(q) ? 'Việt Nam' : /quê quán/i.test(q) ? 'Hà Nội' : /bản sao/i.test(q) ? '0' : /Dùng địa chỉ mới|nay là/i.test(q) ? 'Giữ địa chỉ như đã nhập' : 'Bỏ qua';
    for (let i = 0; i < 12 && !/tóm tắt/.test(reply.text); i++) replies.push((reply = await chat.send(answerFor(reply.text))).text);
    expect(reply.text).toMatch(/tóm tắt/);
    expect(/tên của cha cháu/.test(replies.join('\n'))).toBe(asked);
  });
});

describe('numbers in the chat', () => {
  /** A number as digits with any of the separators people type between them. */
  const typed = (digits: string) => new RegExp(digits.split('').join('[ .\\-]?'));
  const answerFor = (q: string) =>
    /là gì của chủ hộ/i.test(q) ? 'Con' :
    /giới tính/i.test(q) ? 'Nam' :
    /nội dung/i.test(q) ? 'Đăng ký thường trú tại số 5 phố Hàng Mã, phường Hoàn Kiếm, Hà Nội, có gì gọi 0913 222 481' :
    /cấp cho ai/i.test(q) ? 'Bản thân' :
    /tình trạng hôn nhân/i.test(q) ? 'Chưa đăng ký kết hôn với ai' :
    /để làm gì/i.test(q) ? 'để đăng ký kết hôn' :
    /bao nhiêu bản/i.test(q) ? '1' :
    /dân tộc/i.test(q) ? 'Kinh' :
    /nơi cư trú/i.test(q) ? 'số 5 phố Hàng Mã, phường Hoàn Kiếm, Hà Nội' :
    /nay là|địa chỉ mới/i.test(q) ? 'Giữ địa chỉ như đã nhập' :
    /Công an phường/i.test(q) ? 'Công an phường Hoàn Kiếm' :
    /Ủy ban nhân dân phường/i.test(q) ? 'Ủy ban nhân dân phường Hoàn Kiếm' :
    'Bỏ qua';

  it('never shows a full ID or phone number: summary, corrections, cross-checks, free text, confirmation and profile reuse', async () => {
    const full = ['001083004455', '0913222481', '0913222418', '001055006677'];
    const replies: string[] = [];
    const chat = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-mask' });
    let r = { text: '' } as Awaited<ReturnType<typeof chat.send>>;
    for (const t of [
      'Điền tờ khai CT01',
      'Đồng ý lưu',
      'Tôi tên Đỗ Văn Khải, nam, sinh 3/3/1983, CCCD 001083004455, sđt 0913 222 418',
      // A correction of the whole number and one of the last digits: both read back masked.
      'à nhầm, sđt là 0913 222 481 mới đúng',
      'chủ hộ là bố tôi, Đỗ Văn Sơn, sinh 1955, cccd 001055 006 677',
      // A number whose birth year does not fit its holder: the cross-check names it masked.
      'à nhầm, cccd của bố tôi là 001083004455',
    ]) replies.push((r = await chat.send(t)).text);
    expect(replies.join('\n')).toMatch(/đã sửa .+ thành •+2481/);
    for (let i = 0; i < 10 && !/tóm tắt/.test(r.text); i++) replies.push((r = await chat.send(answerFor(r.text))).text);
    expect(r.text).toMatch(/tóm tắt/);
    expect(r.text).toContain('••••••••4455');
    r = await chat.send('Xác nhận, tạo tờ khai');
    replies.push(r.text);
    expect(r.result?.outcome.tags).toContain('form:done');
    // The full values are in the produced file, and only there.
    const json = JSON.parse(new TextDecoder().decode(files.files.get(r.result!.messages[0]!.files![1]!.fileId!)!.bytes));
    expect(json.fields).toMatchObject({ so_dinh_danh_ca_nhan: '001083004455', so_dien_thoai_lien_he: '0913222481' });
    // The request line is written from the kind and the address, without the chatter around them.
    expect(json.fields.noi_dung_de_nghi).toMatch(/^Đăng ký thường trú tại số 5 phố Hàng Mã, phường Hoàn Kiếm, Hà Nội/);
    expect(json.fields.noi_dung_de_nghi).not.toMatch(typed('0913222481'));

    // Profile reuse: a new conversation starts from the stored profile; its summary is masked too.
    const chat2 = assistant.createTestAdapter({ channelId: 'webchat', userId: 'citizen-mask' });
    replies.push((r = await chat2.send('làm tờ khai xác nhận tình trạng hôn nhân')).text);
    for (let i = 0; i < 12 && !/tóm tắt/.test(r.text); i++) replies.push((r = await chat2.send(answerFor(r.text))).text);
    expect(r.text).toMatch(/tóm tắt/);
    expect(r.text).toContain('••••••••4455');
    // "Xem dữ liệu của tôi" shows the stored numbers masked.
    replies.push((await chat2.send('xem dữ liệu của tôi')).text);

    for (const text of replies) for (const n of full) expect(text).not.toMatch(typed(n));
  });
});
