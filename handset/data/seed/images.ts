/**
 * Generated pictures: a sky-to-ground gradient with a sun and random shapes, encoded as
 * baseline JPEG by jpeg-js; thumbnails are box-filtered reductions of the same pixels.
 */
import type { Prng } from '../prng.js';
import { encodeJpegFast } from './jpeg-encoder.js';

/** RGBA pixels. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

type Rgb = readonly [number, number, number];

function randomColor(r: Prng): Rgb {
  return [r.int(0, 255), r.int(0, 255), r.int(0, 255)];
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Paints a picture of `width`×`height` from the generator. */
export function renderPicture(r: Prng, width: number, height: number): Raster {
  const data = new Uint8Array(width * height * 4);
  const top = randomColor(r);
  const bottom = randomColor(r);
  const ground = randomColor(r);
  const horizon = Math.floor(height * (0.45 + r.next() * 0.3));
  for (let y = 0; y < height; y++) {
    const t = y / height;
    const sky: Rgb = [
      top[0] + (bottom[0] - top[0]) * t,
      top[1] + (bottom[1] - top[1]) * t,
      top[2] + (bottom[2] - top[2]) * t,
    ];
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const c = y < horizon ? sky : ground;
      const shade = y < horizon ? 1 : 0.7 + (0.3 * (y - horizon)) / (height - horizon);
      data[o] = c[0] * shade;
      data[o + 1] = c[1] * shade;
      data[o + 2] = c[2] * shade;
      data[o + 3] = 255;
    }
  }
  const shapes = r.int(3, 9);
  for (let s = 0; s < shapes; s++) {
    const [cr, cg, cb] = randomColor(r);
    const cx = r.int(0, width - 1);
    const cy = r.int(0, height - 1);
    const rad = r.int(Math.max(4, width >> 5), Math.max(8, width >> 3));
    const round = r.chance(0.6);
    const alpha = 0.5 + r.next() * 0.5;
    for (let y = Math.max(0, cy - rad); y < Math.min(height, cy + rad); y++) {
      for (let x = Math.max(0, cx - rad); x < Math.min(width, cx + rad); x++) {
        if (round && (x - cx) ** 2 + (y - cy) ** 2 > rad * rad) continue;
        const o = (y * width + x) * 4;
        data[o] = (data[o] ?? 0) * (1 - alpha) + cr * alpha;
        data[o + 1] = (data[o + 1] ?? 0) * (1 - alpha) + cg * alpha;
        data[o + 2] = (data[o + 2] ?? 0) * (1 - alpha) + cb * alpha;
      }
    }
  }
  // Sensor-like grain: real photos are noisy, and noise gives them realistic JPEG sizes.
  // An inline xorshift (seeded from the generator) keeps this cheap per pixel.
  let x = r.u32() | 1;
  for (let o = 0; o < data.length; o += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const g = (x & 15) - 8;
    data[o] = clamp((data[o] ?? 0) + g);
    data[o + 1] = clamp((data[o + 1] ?? 0) + g);
    data[o + 2] = clamp((data[o + 2] ?? 0) + g);
  }
  return { width, height, data };
}

/** Box-filter reduction so that the longer side is `side` pixels. */
export function thumbnailOf(src: Raster, side: number): Raster {
  const k = Math.max(src.width, src.height) / side;
  const width = Math.max(1, Math.round(src.width / k));
  const height = Math.max(1, Math.round(src.height / k));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * k);
    const y1 = Math.min(src.height, Math.max(y0 + 1, Math.floor((y + 1) * k)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * k);
      const x1 = Math.min(src.width, Math.max(x0 + 1, Math.floor((x + 1) * k)));
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0; xx < x1; xx++) {
          const o = (yy * src.width + xx) * 4;
          sr += src.data[o] ?? 0;
          sg += src.data[o + 1] ?? 0;
          sb += src.data[o + 2] ?? 0;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * 4;
      data[o] = sr / n;
      data[o + 1] = sg / n;
      data[o + 2] = sb / n;
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Baseline JPEG of `img` (jpeg-js), with a comment naming the generator. */
export function encodeJpeg(img: Raster, quality: number): Buffer {
  return encodeJpegFast({ ...img, comments: ['CIMO reference handset'] }, quality);
}
