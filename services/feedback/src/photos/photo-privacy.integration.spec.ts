import { randomUUID } from 'node:crypto';
import { Buffer } from 'node:buffer';
import sharp from 'sharp';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';
import { reencodeLegacyPhotos } from './legacy-photo-reencoder';
import { LocalDiskPhotoStorage } from './local-disk-photo-storage';

const MAKER = 'LeakyCam Vaikuta-Test';

/**
 * A phone photo as phones send it: 3000 × 2000 pixels stored sideways with EXIF orientation 6
 * (shown upright as 2000 × 3000), the camera's maker and model, and where it was taken.
 */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#6a8f4e' } })
    .withExif({
      IFD0: { Make: MAKER, Model: 'X1 Pro' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 10/1 3072/100', GPSLongitudeRef: 'E', GPSLongitude: '24/1 56/1 4200/100' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The EXIF IFD tag that points at the GPS directory (0x8825), in either byte order. */
function hasGpsPointer(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

async function expectStripped(bytes: Buffer, format: string, width: number, height: number) {
  const meta = await sharp(bytes).metadata();
  expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format, width, height });
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  expect(bytes.includes(MAKER)).toBe(false);
  expect(bytes.includes('X1 Pro')).toBe(false);
}

/** A PNG whose header claims `width` × `height` pixels: a few hundred bytes that would decode to gigabytes. */
function pngClaiming(width: number, height: number, real: Buffer): Buffer {
  const png = Buffer.from(real);
  // IHDR data starts at byte 16 (8 signature + 4 length + 4 type); its CRC follows the 13 data bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('photos are published without their metadata', () => {
  let t: FeedbackTestApp;
  let worker: string;
  const auth = { type: 'bearer' as const };
  beforeAll(async () => {
    t = await startFeedbackTestApp('photo_privacy');
    worker = await t.token('case_worker', ['KYMP']);
  });
  afterAll(() => t?.close());

  const submit = (photo: Buffer, filename = 'kuoppa.jpg') =>
    t
      .http()
      .post('/feedback/requests')
      .field('kind', 'fault')
      .field('categoryCode', '171')
      .field('description', 'Syvä kuoppa pyörätiellä')
      .field('address', 'Mannerheimintie 1')
      .attach('photos', photo, { filename, contentType: 'image/jpeg' });

  const requestCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback_requests`))[0].n as number;

  it('re-encodes a photo with GPS and a camera maker into stripped, upright sizes, WebP for the public', async () => {
    const upload = await phonePhoto();
    // The test photo does carry what must not leak.
    const uploaded = await sharp(upload).metadata();
    expect(uploaded.orientation).toBe(6);
    expect(uploaded.exif && hasGpsPointer(uploaded.exif)).toBe(true);
    expect(upload.includes(MAKER)).toBe(true);

    const sent = (await submit(upload).expect(201)).body;
    await t.http().post(`/feedback/cases/${sent.id}/publish`).auth(worker, auth).send({ version: 1 }).expect(200);
    const detail = (await t.http().get(`/feedback/public/requests/${sent.id}`).expect(200)).body;
    expect(detail.photos).toHaveLength(1);
    const [photo] = detail.photos;
    expect(photo).toEqual({
      url: expect.stringMatching(/\/feedback\/photos\/[0-9a-f-]{36}$/),
      thumbnailUrl: expect.stringMatching(/\/feedback\/photos\/[0-9a-f-]{36}\?size=thumb$/),
      width: 2000,
      height: 3000,
    });
    const photoPath = new URL(photo.url).pathname;

    // The existing address still answers, with the display size.
    const display = await t.http().get(photoPath).buffer(true).expect(200);
    expect(display.headers['content-type']).toBe('image/webp');
    await expectStripped(display.body, 'webp', 853, 1280);
    const explicit = await t.http().get(`${photoPath}?size=display`).buffer(true).expect(200);
    expect(Buffer.compare(explicit.body, display.body)).toBe(0);

    const thumb = await t.http().get(`${photoPath}?size=thumb`).buffer(true).expect(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    await expectStripped(thumb.body, 'webp', 213, 320);
    expect(thumb.body.length).toBeLessThan(display.body.length);

    // The list shows the thumbnail.
    const list = (await t.http().get('/feedback/public/requests').expect(200)).body;
    expect(list.items.find((i: { id: string }) => i.id === sent.id).photo).toEqual({ thumbnailUrl: photo.thumbnailUrl });

    // The original is for staff only, and stripped too.
    const refused = await t.http().get(`${photoPath}?size=original`).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'size' })]);
    const photoId = photoPath.split('/').pop();
    const original = await t.http().get(`/feedback/cases/${sent.id}/photos/${photoId}?size=original`).auth(worker, auth).buffer(true).expect(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    await expectStripped(original.body, 'jpeg', 2000, 3000);
    await t.http().get(`/feedback/cases/${sent.id}/photos/${photoId}?size=original`).expect(401);

    // Nothing on disk is the upload as received.
    const [row] = await t.dataSource.query(`SELECT storage_key, display_key, thumb_key FROM feedback_photos WHERE request_id = $1`, [sent.id]);
    const storage = new LocalDiskPhotoStorage(t.config.photoDir);
    for (const key of [row.storage_key, row.display_key, row.thumb_key]) expect((await storage.get(key))!.includes(MAKER)).toBe(false);
  });

  it('refuses an image that cannot be decoded, naming the field, writing nothing', async () => {
    const before = await requestCount();
    const truncated = (await phonePhoto()).subarray(0, 2000);
    const res = await submit(truncated).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'photos[0]', message: 'The photo could not be read as an image' }]);
    expect(await requestCount()).toBe(before);
  });

  it('refuses a decompression bomb from its header, without decoding it', async () => {
    const before = await requestCount();
    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    // 81 megapixels (over our limit) and 900 (over sharp's own default too).
    for (const edge of [9_000, 30_000]) {
      const started = Date.now();
      const res = await submit(pngClaiming(edge, edge, small), 'pommi.png').expect(422);
      expect(res.body.errors).toEqual([{ field: 'photos[0]', message: 'The photo is too large: at most 60 megapixels' }]);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(await requestCount()).toBe(before);
  });

  it('serves a photo stored before re-encoding to no one, until the re-encoding step has run', async () => {
    const sent = (await submit(await phonePhoto()).expect(201)).body;
    await t.http().post(`/feedback/cases/${sent.id}/publish`).auth(worker, auth).send({ version: 1 }).expect(200);
    // A row as the service wrote them before: the upload as received, no sizes.
    const storage = new LocalDiskPhotoStorage(t.config.photoDir);
    const legacyKey = `${randomUUID()}.jpg`;
    const upload = await phonePhoto();
    await storage.put(legacyKey, upload);
    const legacyId = randomUUID();
    await t.dataSource.query(
      `INSERT INTO feedback_photos (id, request_id, storage_key, content_type, bytes, position) VALUES ($1, $2, $3, 'image/jpeg', $4, 1)`,
      [legacyId, sent.id, legacyKey, upload.length],
    );
    await t.http().get(`/feedback/photos/${legacyId}`).expect(404);
    await t.http().get(`/feedback/cases/${sent.id}/photos/${legacyId}?size=original`).auth(worker, auth).expect(404);
    expect((await t.http().get(`/feedback/public/requests/${sent.id}`).expect(200)).body.photos).toHaveLength(1);

    const result = await reencodeLegacyPhotos(t.dataSource, storage);
    expect(result).toEqual({ reencoded: 1, failed: 0 });
    expect(await storage.get(legacyKey)).toBeUndefined();
    await expectStripped((await t.http().get(`/feedback/photos/${legacyId}?size=thumb`).buffer(true).expect(200)).body, 'webp', 213, 320);
    await expectStripped(
      (await t.http().get(`/feedback/cases/${sent.id}/photos/${legacyId}?size=original`).auth(worker, auth).buffer(true).expect(200)).body,
      'jpeg',
      2000,
      3000,
    );
    expect((await t.http().get(`/feedback/public/requests/${sent.id}`).expect(200)).body.photos).toHaveLength(2);
    // A second run finds nothing left to do.
    expect(await reencodeLegacyPhotos(t.dataSource, storage)).toEqual({ reencoded: 0, failed: 0 });
  });
});
