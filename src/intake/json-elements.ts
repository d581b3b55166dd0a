/**
 * Splits a JSON array into the exact text of each element, chunk by chunk, with the line
 * each element starts on. The intake keeps a ticket "as received" (its own bytes, not a
 * re-serialisation), reads files of any size without holding them whole, and reports
 * refused tickets by line. Each element's own syntax is left to JSON.parse.
 */

export interface JsonElement {
  text: string;
  /** 1-based line of the element's first character. */
  line: number;
  /** 0-based position in the array. */
  index: number;
}

export class JsonArrayError extends Error {
  /** Elements completed in the same chunk before the error: they are good, keep them. */
  completed: JsonElement[] = [];

  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'JsonArrayError';
  }
}

type Phase = 'before' | 'value' | 'inValue' | 'afterValue' | 'done';

export class JsonArraySplitter {
  private phase: Phase = 'before';
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: string[] = [];
  private startLine = 1;
  private index = 0;
  private primitive = false;

  /** Feeds the next chunk; returns the elements completed by it. */
  push(chunk: string): JsonElement[] {
    const out: JsonElement[] = [];
    try {
      this.scan(chunk, out);
    } catch (err) {
      if (err instanceof JsonArrayError) err.completed = out;
      throw err;
    }
    return out;
  }

  private scan(chunk: string, out: JsonElement[]): void {
    let start = -1; // where the current element begins inside this chunk
    if (this.phase === 'inValue') start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.phase === 'inValue') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) this.inString = false;
          else if (c === 0x0a) this.line++;
          continue;
        }
        if (this.primitive && (c === 0x2c || c === 0x5d || isSpace(c))) {
          this.finish(chunk, start, i, out);
          start = -1;
          i--; // let the separator be read in the next phase
          continue;
        }
        if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if (c === 0x7d || c === 0x5d) {
          this.depth--;
          if (this.depth === 0 && !this.primitive) {
            this.finish(chunk, start, i + 1, out);
            start = -1;
          }
        } else if (c === 0x0a) this.line++;
        continue;
      }
      if (c === 0x0a) {
        this.line++;
        continue;
      }
      if (isSpace(c) || (c === 0xfeff && this.phase === 'before')) continue;
      if (this.between(c)) start = i;
    }
    if (this.phase === 'inValue' && start >= 0) this.pieces.push(chunk.slice(start));
  }

  /** One character outside an element (blanks already skipped); true when it starts an element. */
  private between(c: number): boolean {
    switch (this.phase) {
      case 'before':
        if (c !== 0x5b) throw new JsonArrayError('expected a JSON array ("[")', this.line);
        this.phase = 'value';
        break;
      case 'value':
        if (c === 0x5d && this.index === 0) {
          this.phase = 'done';
          return false;
        }
        if (c === 0x2c || c === 0x5d) throw new JsonArrayError('expected a value', this.line);
        this.phase = 'inValue';
        this.startLine = this.line;
        this.primitive = c !== 0x7b && c !== 0x5b;
        this.depth = this.primitive ? 0 : 1;
        this.inString = c === 0x22;
        return true;
      case 'afterValue':
        if (c === 0x2c) this.phase = 'value';
        else if (c === 0x5d) this.phase = 'done';
        else throw new JsonArrayError('expected "," or "]" after an element', this.line);
        break;
      case 'done':
        throw new JsonArrayError('unexpected text after the closing "]"', this.line);
    }
    return false;
  }

  /** Call at the end of input; throws when the array was not closed. */
  end(): JsonElement[] {
    if (this.phase !== 'done') throw new JsonArrayError(this.phase === 'before' ? 'empty input: expected a JSON array' : 'the array is not closed with "]"', this.line);
    return [];
  }

  private finish(chunk: string, start: number, end: number, out: JsonElement[]): void {
    this.pieces.push(chunk.slice(start, end));
    out.push({ text: this.pieces.join(''), line: this.startLine, index: this.index++ });
    this.pieces = [];
    this.phase = 'afterValue';
    this.primitive = false;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** The whole text at once (an API body). */
export function splitJsonArray(text: string): JsonElement[] {
  const splitter = new JsonArraySplitter();
  const elements = splitter.push(text);
  splitter.end();
  return elements;
}
