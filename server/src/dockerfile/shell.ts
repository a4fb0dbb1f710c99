// A small shell tokenizer for RUN instructions: splits a command line into simple commands and words,
// keeping each word's offsets in the document so rules can report and fix precise ranges.

/** One shell word with quotes removed, and where it stands in the document. */
export interface Word {
  value: string;
  start: number;
  end: number;
}

/** One simple command (`apt-get install -y curl`), between operators such as `&&`, `;` or `|`. */
export interface ShellCommand {
  words: Word[];
  /** Offset just past the command's last word. */
  end: number;
}

/**
 * Splits `text[start, end)` into simple commands. In an instruction, an escaped line break continues the
 * line and comment lines inside the continuation are dropped, as Docker does; in a script (a heredoc
 * body) a line break ends a command.
 */
export function tokenizeShell(text: string, start: number, end: number, escape: string, script = false): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  let value = '';
  let wordStart = -1;
  let i = start;
  let atLineStart = true;

  const endWord = (at: number) => {
    if (wordStart >= 0) words.push({ value, start: wordStart, end: at });
    value = '';
    wordStart = -1;
  };
  const endCommand = () => {
    if (words.length > 0) commands.push({ words, end: words[words.length - 1].end });
    words = [];
  };

  while (i < end) {
    const c = text[i];
    if (atLineStart && !script) {
      // Docker removes comment lines that sit inside a continued instruction.
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#' && i !== start) {
        while (j < end && text[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      atLineStart = false;
    }
    if (c === escape && !script && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      endWord(i);
      i += text[i + 1] === '\r' ? 3 : 2;
      atLineStart = true;
      continue;
    }
    // A lone \r is an ordinary character to BuildKit and to the shell; only \n (or \r\n) ends a line.
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      endWord(i);
      if (script) endCommand();
      i++;
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord(i);
      i++;
      continue;
    }
    if (c === '#' && wordStart < 0) {
      // A shell comment runs to the end of the line.
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    if (c === '&' || c === '|' || c === ';' || c === '(' || c === ')') {
      endWord(i);
      endCommand();
      i += (c === '&' || c === '|') && text[i + 1] === c ? 2 : 1;
      continue;
    }
    if (wordStart < 0) wordStart = i;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= end ? end : close;
      value += text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < end) {
          value += text[i + 1];
          i += 2;
        } else {
          // Take the run of ordinary characters up to the next quote or backslash in one slice.
          let j = i + 1;
          while (j < end && text[j] !== '"' && text[j] !== '\\') j++;
          value += text.slice(i, j);
          i = j;
        }
      }
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < end) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    // Inside a word: take the run of characters that need no handling of their own in one slice, which
    // is most of every command line (string concatenation one character at a time was the tokenizer's cost).
    let j = i + 1;
    while (j < end && !isSpecial(text.charCodeAt(j)) && text[j] !== escape) j++;
    value += text.slice(i, j);
    i = j;
  }
  endWord(Math.min(i, end));
  endCommand();
  return commands;
}

/** Characters that end a plain run inside a word: blanks, line breaks, operators, quotes and backslashes. */
function isSpecial(code: number): boolean {
  switch (code) {
    case 9: // \t
    case 10: // \n
    case 13: // \r
    case 32: // space
    case 34: // "
    case 38: // &
    case 39: // '
    case 40: // (
    case 41: // )
    case 59: // ;
    case 92: // \\
    case 124: // |
      return true;
    default:
      return false;
  }
}

/** Shell keywords that can stand before a command in the same list: `then apt-get install …`, `do pip install …`. */
const LEADING_KEYWORDS = new Set(['then', 'else', 'do', '{', '!']);

/**
 * The command name and arguments after wrappers (`sudo`, `env X=1`, `python -m pip`) and leading shell keywords
 * (`then`, `else`, `do`) are peeled off, so that a command inside an `if` or a loop is seen like any other.
 */
export function commandName(command: ShellCommand): { name: string; args: Word[] } | undefined {
  let words = command.words;
  while (words.length > 0) {
    const first = words[0].value;
    if (first === 'sudo' || first === 'exec' || first === 'time' || first === 'nice' || LEADING_KEYWORDS.has(first)) words = words.slice(1);
    else if (first === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) words = words.slice(1);
    else break;
  }
  if (words.length === 0) return undefined;
  const path = words[0].value;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^python[0-9.]*$/.test(name) && words[1]?.value === '-m' && words[2]) {
    return { name: words[2].value, args: words.slice(3) };
  }
  return { name, args: words.slice(1) };
}

/**
 * The quote (`'` or `"`) that `text[start, end)` ends inside of, given the quote state at `start`, by the shell's
 * rules: nothing is special inside single quotes, and a backslash escapes the next character elsewhere.
 */
export function quoteAfter(text: string, start: number, end: number, state?: string): string | undefined {
  let quote = state;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    }
  }
  return quote;
}
