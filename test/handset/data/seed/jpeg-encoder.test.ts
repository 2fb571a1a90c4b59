import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../../../handset/data/prng.js';
import { renderPicture, thumbnailOf } from '../../../../handset/data/seed/images.js';
import { encodeJpegFast, encodeJpegReference } from '../../../../handset/data/seed/jpeg-encoder.js';

describe('shared jpeg-js encoder', () => {
  it('produces exactly the bytes of jpeg.encode, image after image, at different qualities', () => {
    const r = new Prng(11);
    for (const [w, h, q] of [
      [64, 48, 85],
      [33, 17, 50],
      [48, 64, 95],
      [64, 48, 85],
    ] as const) {
      const img = { ...renderPicture(r, w, h), comments: ['x'] };
      const fast = encodeJpegFast(img, q);
      expect(fast.equals(encodeJpegReference(img, q))).toBe(true);
      const back = jpeg.decode(fast, { useTArray: true });
      expect([back.width, back.height]).toEqual([w, h]);
    }
  });

  it('thumbnails keep the aspect ratio with the longer side as asked', () => {
    const img = renderPicture(new Prng(1), 120, 90);
    expect([thumbnailOf(img, 40).width, thumbnailOf(img, 40).height]).toEqual([40, 30]);
  });
});
