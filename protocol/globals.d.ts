/**
 * The few host globals that protocol/ may use. protocol/ compiles with `"types": []` so that
 * Node's `Buffer` and friends cannot leak in; these two are part of every JavaScript runtime
 * we target (Node >= 18, Chromium, Electron), so we declare just the members we call.
 */
declare global {
  interface TextDecoderOptions {
    fatal?: boolean;
    ignoreBOM?: boolean;
  }
  class TextDecoder {
    constructor(label?: string, options?: TextDecoderOptions);
    readonly encoding: string;
    decode(input?: Uint8Array, options?: { stream?: boolean }): string;
  }
  class TextEncoder {
    constructor();
    encode(input?: string): Uint8Array;
    encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
  }
}

export {};
