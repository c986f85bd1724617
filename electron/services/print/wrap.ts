/** Characters that may not begin a line (Chinese line-breaking rules, 避头点): they hang on the line before. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕’”…—％,.;:?!)]}%']);
/** Characters that may not end a line (避尾点): they move down with what they open. */
const NO_LINE_END = new Set([...'（《「『【〔‘“([{']);
/** Runs of Latin letters and digits that should not be split (addresses, codes, digests). */
const WORD = /[A-Za-z0-9@._:/+-]/;

export type Measure = (text: string) => number;

/** Breaks text into lines no wider than `width`; CJK breaks between any two characters, Latin words stay whole where they fit. */
export function wrapText(text: string, width: number, measure: Measure): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, width, measure));
}

function wrapParagraph(paragraph: string, width: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const unit of breakUnits(paragraph)) {
    if (measure((line + unit).trimEnd()) <= width || NO_LINE_START.has(unit)) {
      line += unit;
      continue;
    }
    if (measure(unit.trimEnd()) > width) {
      // A word longer than the line (a digest) is split by character like CJK text.
      for (const ch of unit) {
        if (line !== '' && measure(line + ch) > width) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
      continue;
    }
    const last = [...line].at(-1) ?? '';
    if (NO_LINE_END.has(last) && line.length > 1) {
      lines.push(line.slice(0, -last.length));
      line = last + unit;
    } else {
      lines.push(line);
      line = unit;
    }
  }
  lines.push(line);
  return lines;
}

/** Single CJK characters and punctuation, or whole Latin words (with the space after them). */
function breakUnits(text: string): string[] {
  const units: string[] = [];
  let word = '';
  for (const ch of text) {
    if (WORD.test(ch)) {
      word += ch;
      continue;
    }
    if (word !== '') units.push(word);
    word = '';
    if (ch === ' ' && units.length > 0) units[units.length - 1] += ' ';
    else units.push(ch);
  }
  if (word !== '') units.push(word);
  return units;
}
