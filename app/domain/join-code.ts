/**
 * Join codes are read off a projector and typed on phones: six characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
 */
export const JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const JOIN_CODE_LENGTH = 6;

/** `randomInt(max)` must return an integer in [0, max); inject a crypto source on the server. */
export function generateJoinCode(randomInt: (max: number) => number): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  }
  return code;
}

/** What a person typed, made comparable: case, spaces and dashes ignored. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function isJoinCode(input: string): boolean {
  const code = normalizeJoinCode(input);
  return code.length === JOIN_CODE_LENGTH && [...code].every((ch) => JOIN_CODE_ALPHABET.includes(ch));
}

/** Too short or too long to be a code at all, as typed (case, spaces and dashes ignored): the phone says how long one is. */
export function isWrongLengthForJoinCode(input: string): boolean {
  return normalizeJoinCode(input).length !== JOIN_CODE_LENGTH;
}
