import { HEADER_BYTES, REGISTER_WIDTH } from './sketch.parameters';

// Local copies of the parameters: loops here run 16,384 times per sketch, and an imported binding can cost
// a property read per use where the code runs as CommonJS.
const WIDTH = REGISTER_WIDTH;
const MASK = (1 << WIDTH) - 1;
const DATA_START = HEADER_BYTES;

function raise(target: Uint8Array, register: number, value: number): boolean {
  if (value <= target[register]) return false;
  target[register] = value;
  return true;
}

/**
 * Any register width up to 8 bits: a register never spans more than two bytes, so each is cut from a
 * 16-bit window. The last register is read alone, as its window may end past the data.
 */
export function raiseToPackedRegisters(bytes: Uint8Array, target: Uint8Array): boolean {
  let raised = false;
  const last = target.length - 1;
  for (let register = 0, bit = 0; register <= last; register++, bit += WIDTH) {
    const at = DATA_START + (bit >>> 3);
    const window = register < last ? (bytes[at] << 8) | bytes[at + 1] : bytes[at] << 8;
    if (raise(target, register, (window >>> (16 - WIDTH - (bit & 7))) & MASK)) raised = true;
  }
  return raised;
}

/** 5-bit registers, eight in every five bytes: with the width fixed, every shift is a constant. */
export function raiseToFiveBitRegisters(bytes: Uint8Array, target: Uint8Array): boolean {
  let raised = false;
  const registers = target.length;
  for (let first = 0, at = DATA_START; first < registers; first += 8, at += 5) {
    const b0 = bytes[at];
    const b1 = bytes[at + 1];
    const b2 = bytes[at + 2];
    const b3 = bytes[at + 3];
    const b4 = bytes[at + 4];
    if (raise(target, first, b0 >>> 3)) raised = true;
    if (raise(target, first + 1, ((b0 & 0x07) << 2) | (b1 >>> 6))) raised = true;
    if (raise(target, first + 2, (b1 >>> 1) & 0x1f)) raised = true;
    if (raise(target, first + 3, ((b1 & 0x01) << 4) | (b2 >>> 4))) raised = true;
    if (raise(target, first + 4, ((b2 & 0x0f) << 1) | (b3 >>> 7))) raised = true;
    if (raise(target, first + 5, (b3 >>> 2) & 0x1f)) raised = true;
    if (raise(target, first + 6, ((b3 & 0x03) << 3) | (b4 >>> 5))) raised = true;
    if (raise(target, first + 7, b4 & 0x1f)) raised = true;
  }
  return raised;
}

/**
 * Raises every register of `target` to the value the FULL data bytes after the header hold for it (register
 * max) and tells whether one was raised. Decoding FULL is this into zeros; a union reads each stored sketch
 * once this way, allocating nothing.
 */
export const raiseToFullData = WIDTH === 5 ? raiseToFiveBitRegisters : raiseToPackedRegisters;
