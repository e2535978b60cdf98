// How a text is billed as SMS: GSM-7 (160 characters in one message, 153 per part of a longer
// one; a few characters take two) unless any character is outside that alphabet, when the whole
// text goes as UCS-2 (70 in one message, 67 per part). Pure functions, unit-tested; the composer
// shows their answer under the text field.

/** The most characters a message may have (the API refuses longer texts). */
export const MAX_CHARACTERS = 1600;

// GSM 03.38's basic alphabet (one septet each), without the escape character itself.
const GSM_BASIC = new Set(Array.from(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"));
// Its extension table: an escape septet plus one, so two septets each.
const GSM_EXTENDED = new Set(Array.from("^{}\\[~]|€\f"));

const LIMITS = {
  "GSM-7": { single: 160, part: 153 },
  "UCS-2": { single: 70, part: 67 },
};

/** How many septets `character` (one code point) takes in GSM-7, or 0 when it has none. */
function gsmCost(character) {
  if (GSM_BASIC.has(character)) return 1;
  if (GSM_EXTENDED.has(character)) return 2;
  return 0;
}

const graphemes = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

/** The number of characters of `text` as people (and the server's 1,600 limit) count them:
 *  grapheme clusters, so an emoji, a flag or an accented letter typed in two parts is one. */
export function characterCount(text) {
  if (!graphemes) return Array.from(text).length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
}

/**
 * The SMS encoding and parts of `text`: `{ encoding: "GSM-7" | "UCS-2", segments, left, perSegment,
 * firstNonGsm }`. `left` is how many more units (septets, or UTF-16 code units) fit in the last
 * segment; `firstNonGsm` is the character that forced UCS-2 (null under GSM-7). A two-unit
 * character never straddles two parts, as phones split them. An empty text is 0 segments.
 */
export function smsSegments(text) {
  const characters = Array.from(text);
  const firstNonGsm = characters.find((character) => gsmCost(character) === 0) ?? null;
  const encoding = firstNonGsm === null ? "GSM-7" : "UCS-2";
  const costs = characters.map((character) => (encoding === "GSM-7" ? gsmCost(character) : character.length));
  const total = costs.reduce((sum, cost) => sum + cost, 0);
  const limits = LIMITS[encoding];
  if (total <= limits.single) {
    return { encoding, segments: total ? 1 : 0, left: limits.single - total, perSegment: limits.single, firstNonGsm };
  }
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > limits.part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, segments, left: limits.part - used, perSegment: limits.part, firstNonGsm };
}

/**
 * The composer's counter line for `text`: `{ text, kind }` — characters out of MAX_CHARACTERS, the
 * number of SMS it makes and why it is Unicode; kind "error" above the limit.
 */
export function counterText(text) {
  const count = characterCount(text);
  if (count === 0) return { text: `0 / ${MAX_CHARACTERS} characters`, kind: null };
  const { encoding, segments, left, firstNonGsm } = smsSegments(text);
  let line = `${count} / ${MAX_CHARACTERS} characters · ${segments} SMS${segments === 1 ? "" : " parts"}`;
  line += encoding === "UCS-2"
    ? ` (Unicode because of “${firstNonGsm}”: 70 characters per SMS, 67 per part; ${left} left in this part)`
    : ` (${left} left in this part)`;
  if (count > MAX_CHARACTERS) {
    return { text: `${line}. Too long: shorten it by ${count - MAX_CHARACTERS} characters.`, kind: "error" };
  }
  return { text: line, kind: null };
}
