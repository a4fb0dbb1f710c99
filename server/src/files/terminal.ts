// Text bound for a terminal: control characters in file names and messages are shown escaped, so that a name
// holding an escape sequence or a line break cannot recolour the terminal or forge a line of output.

/** C0 and C1 control characters and DEL, but not tab; line breaks too unless `keepLines` (for a stack trace). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces control characters by `\n`, `\r` or `\xHH`. */
export function escapeControl(text: string, keepLines = false): string {
  return text.replace(keepLines ? CONTROL_EXCEPT_NEWLINE : CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
