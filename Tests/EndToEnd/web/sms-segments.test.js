// nginx/www/js/sms-segments.js: SMS encoding, parts and the composer's counter.

import { characterCount, counterText, MAX_CHARACTERS, smsSegments } from "../www/js/sms-segments.js";
import { equal, test } from "./runner.js";

const repeat = (text, count) => text.repeat(count);
const parts = (text) => {
  const { encoding, segments, left } = smsSegments(text);
  return [encoding, segments, left];
};

test("an empty text is no SMS", () => {
  equal(parts(""), ["GSM-7", 0, 160]);
});

test("GSM-7: 160 characters are one SMS, 161 are two parts of 153", () => {
  equal(parts("Hello"), ["GSM-7", 1, 155]);
  equal(parts(repeat("a", 160)), ["GSM-7", 1, 0]);
  equal(parts(repeat("a", 161)), ["GSM-7", 2, 145]);
  equal(parts(repeat("a", 306)), ["GSM-7", 2, 0]);
  equal(parts(repeat("a", 307)), ["GSM-7", 3, 152]);
});

test("GSM-7's accented letters and symbols stay GSM-7", () => {
  const text = "Café à Genève? £5 ¿Qué? ÄÖÜ ñ @ _ §";
  equal(parts(text), ["GSM-7", 1, 160 - text.length]);
  equal(smsSegments("¡Sí!").encoding, "UCS-2", "í (unlike é and ì) is not in GSM-7");
  equal(smsSegments("line one\nline two").encoding, "GSM-7");
});

test("GSM-7's extension characters take two septets each", () => {
  equal(parts("€"), ["GSM-7", 1, 158]);
  equal(parts("{}[]~|^\\"), ["GSM-7", 1, 160 - 16]);
  equal(parts(repeat("a", 158) + "€"), ["GSM-7", 1, 0]);
  equal(parts(repeat("a", 159) + "€"), ["GSM-7", 2, 153 - 161 + 153]);
});

test("GSM-7: an extension character is never split over two parts", () => {
  // 152 septets, then "€" (2) does not fit in the first part's 153: it starts the second.
  equal(parts(repeat("a", 152) + "€" + repeat("a", 10)), ["GSM-7", 2, 153 - 12]);
});

test("one character outside GSM-7 makes the whole text UCS-2: 70 in one SMS, 67 per part", () => {
  equal(parts("Thanks 🙂"), ["UCS-2", 1, 70 - 9]);         // the emoji is two UTF-16 units
  equal(parts(repeat("a", 69) + "ç"), ["UCS-2", 1, 0]);    // ç (lower case) is not in GSM-7
  equal(parts(repeat("a", 70) + "ç"), ["UCS-2", 2, 67 - 4]);
  equal(parts(repeat("ж", 134)), ["UCS-2", 2, 0]);
  equal(parts(repeat("ж", 135)), ["UCS-2", 3, 66]);
  equal(smsSegments("Straße “quoted”").firstNonGsm, "“");
  equal(smsSegments("plain").firstNonGsm, null);
});

test("UCS-2: a character of two UTF-16 units is never split over two parts", () => {
  // 66 units, then an emoji (2 units) does not fit in 67: it starts the second part.
  equal(parts(repeat("ж", 66) + "😀" + repeat("ж", 5)), ["UCS-2", 2, 67 - 7]);
});

test("characterCount counts what people see as characters: an emoji, a flag, a combined accent are one", () => {
  equal(characterCount(""), 0);
  equal(characterCount("abc"), 3);
  equal(characterCount("a😀b"), 3);
  equal(characterCount("🇨🇦"), 1, "a flag: two code points");
  equal(characterCount("e\u0301"), 1, "e + a combining acute accent");
  equal(characterCount("👩‍👩‍👧"), 1, "a family: joined code points");
});

test("counterText: characters out of the limit and the SMS count", () => {
  equal(counterText(""), { text: `0 / ${MAX_CHARACTERS} characters`, kind: null });
  equal(counterText("Hello"), { text: "5 / 1600 characters · 1 SMS (155 left in this part)", kind: null });
  equal(counterText(repeat("a", 161)).text, "161 / 1600 characters · 2 SMS parts (145 left in this part)");
});

test("counterText names the character that made the text Unicode", () => {
  equal(counterText("Hi 🙂").text,
    "4 / 1600 characters · 1 SMS (Unicode because of “🙂”: 70 characters per SMS, 67 per part; 65 left in this part)");
});

test("counterText: beyond 1600 characters is an error saying by how much", () => {
  const result = counterText(repeat("a", 1602));
  equal(result.kind, "error");
  equal(result.text.endsWith("Too long: shorten it by 2 characters."), true, result.text);
  equal(counterText(repeat("a", 1600)).kind, null);
});
