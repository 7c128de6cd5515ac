/**
 * Unsigned LEB128 varints of at most 32 bits (seven bits a byte, low bits first), read with bounds
 * checks (INDEX_CORRUPT past the end or over 32 bits) and written into a growable buffer.
 */
import type { ZhsearchError } from '../errors.js';

const MAX_VALUE = 0xffffffff;

/** Reads varints from `bytes[at, end)`; anything past the end or over 32 bits is INDEX_CORRUPT. */
export class VarintReader {
  constructor(
    private readonly bytes: Buffer,
    public at: number,
    private readonly end: number,
    private readonly corrupt: (why: string) => ZhsearchError,
  ) {}

  next(): number {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      if (this.at >= this.end) throw this.corrupt('a number runs past its section');
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (value > MAX_VALUE) throw this.corrupt('a number is over 32 bits');
        return value;
      }
      if (scale === 0x80 ** 4) throw this.corrupt('a number is over 32 bits');
    }
  }
}

/** A growable byte buffer of varints. */
export class VarintWriter {
  bytes = Buffer.alloc(1 << 16);
  length = 0;

  next(value: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = Buffer.alloc(2 * this.bytes.length);
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    while (value >= 0x80) {
      this.bytes[this.length++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  /** The bytes written (a view, not a copy). */
  result(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

