/**
 * Baseline JPEG encoding with the installed jpeg-js encoder, reusing one encoder.
 *
 * Why the detour: `jpeg.encode()` builds a fresh `JPEGEncoder` per call, and building one
 * costs ~100 ms of CPU (it fills 65 535-entry Huffman category tables as holey arrays),
 * far more than encoding a photo; seeding even the small profile (a dozen pictures and
 * thumbnails) would take seconds. The encoder's per-image state is reset by its
 * `encode()`, so one instance can encode many images. jpeg-js does not export the
 * constructor, so we evaluate its own `lib/encoder.js` once in a wrapper that returns it.
 * If that ever fails (a changed jpeg-js), we fall back to `jpeg.encode()`: slower, same
 * bytes. A test checks the two produce identical output.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import jpeg from 'jpeg-js';

/** Input of an encode: RGBA pixels. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  readonly comments?: readonly string[];
}

interface Encoder {
  encode(
    image: { width: number; height: number; data: Uint8Array; comments?: string[] },
    quality: number,
  ): Buffer;
}

type EncoderCtor = new (quality: number) => Encoder;

function loadEncoderCtor(): EncoderCtor | undefined {
  try {
    const path = createRequire(import.meta.url).resolve('jpeg-js/lib/encoder.js');
    const source = readFileSync(path, 'utf8');
    const factory: unknown = runInThisContext(
      `(function (module) {\n${source}\n;return JPEGEncoder;\n})`,
      { filename: path },
    );
    if (typeof factory !== 'function') return undefined;
    const ctor: unknown = (factory as (m: { exports: unknown }) => unknown)({ exports: {} });
    return typeof ctor === 'function' ? (ctor as EncoderCtor) : undefined;
  } catch {
    return undefined;
  }
}

let shared: Encoder | undefined | null = null;

function sharedEncoder(): Encoder | undefined {
  if (shared === null) {
    const Ctor = loadEncoderCtor();
    shared = Ctor === undefined ? undefined : new Ctor(85);
  }
  return shared;
}

/** Baseline JPEG of `img` at `quality` (1–100), byte-identical to `jpeg.encode`. */
export function encodeJpegFast(img: RgbaImage, quality: number): Buffer {
  const input = {
    width: img.width,
    height: img.height,
    data: img.data,
    comments: [...(img.comments ?? [])],
  };
  const enc = sharedEncoder();
  if (enc !== undefined) return enc.encode(input, quality);
  return jpeg.encode(input, quality).data;
}

/** The same through `jpeg.encode` (a new encoder per call): the reference for tests. */
export function encodeJpegReference(img: RgbaImage, quality: number): Buffer {
  return jpeg.encode(
    { width: img.width, height: img.height, data: img.data, comments: [...(img.comments ?? [])] },
    quality,
  ).data;
}
