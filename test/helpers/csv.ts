// A small, strict RFC 4180 parser for tests: records end with CRLF (a bare CR or LF outside quotes is an error),
// fields are quoted or not, quotes inside quoted fields are doubled; anything else is an error. It takes the text
// in chunks of any size (split anywhere, even between the two characters of `""` or CRLF) and returns the records
// completed so far, so a test can check a large export without holding it.

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'cr';

export class CsvParser {
  private state: State = 'fieldStart';
  private field = '';
  private record: string[] = [];
  private offset = 0;

  /** Feeds text; returns the records it completed. */
  push(text: string): string[][] {
    const done: string[][] = [];
    for (const c of text) {
      this.offset++;
      switch (this.state) {
        case 'fieldStart':
          if (c === '"') this.state = 'quoted';
          else this.unquoted(c);
          break;
        case 'unquoted':
          this.unquoted(c);
          break;
        case 'quoted':
          if (c === '"') this.state = 'quoteInQuoted';
          else this.field += c;
          break;
        case 'quoteInQuoted':
          if (c === '"') {
            this.field += '"';
            this.state = 'quoted';
          } else if (c === ',') this.endField();
          else if (c === '\r') this.state = 'cr';
          else this.fail(`character ${JSON.stringify(c)} after a closing quote`);
          break;
        case 'cr':
          if (c !== '\n') this.fail('CR not followed by LF outside quotes');
          this.endField();
          done.push(this.record);
          this.record = [];
          break;
      }
    }
    return done;
  }

  /** The end of the text: it must end with a complete record (CRLF), or with nothing. */
  end(): void {
    if (this.state !== 'fieldStart' || this.record.length > 0) this.fail('text ends inside a record (no final CRLF)');
  }

  private unquoted(c: string): void {
    if (c === ',') this.endField();
    else if (c === '\r') this.state = 'cr';
    else if (c === '\n') this.fail('bare LF outside quotes');
    else if (c === '"') this.fail('quote inside an unquoted field');
    else {
      this.field += c;
      this.state = 'unquoted';
    }
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private fail(what: string): never {
    throw new Error(`CSV: ${what} at character ${this.offset}`);
  }
}

/** Parses a whole CSV text (without BOM) into records. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvParser();
  const records = parser.push(text);
  parser.end();
  return records;
}
