import { rule } from '../../../../server/src/rules/dockerfile/invalid-heredoc';
import { ruleTester } from '../../ruleTester';

// The valid cases are heredocs BuildKit's parser accepts (from its parser_heredoc_test.go), the invalid ones what it rejects.
ruleTester(rule, {
  valid: [
    'FROM alpine\nRUN <<EOF\necho hi\nEOF',
    'FROM alpine\nRUN 3<<EMPTY\nEMPTY',
    'FROM alpine\nRUN <<-UNINDENT\n\tbaz\n\tUNINDENT',
    "FROM alpine\nRUN <<-'NOEXPAND'\n\tdon't expand $NAME\nNOEXPAND",
    'FROM alpine\nCOPY <<FILE1 <<FILE2 /dest\ncontent 1\nFILE1\ncontent 2\nFILE2',
    'FROM alpine\nCOPY <<X <<Y /dest\nY\nX\nX\nY',
    "FROM alpine\nRUN <<COMPLEX python3\nprint('hello world')\nCOMPLEX",
    "FROM alpine\nRUN <<eo'f'\necho foo\neof",
    "FROM alpine\nRUN <<'one two'\necho bar\none two",
    'FROM alpine\nRUN <<  EOF  > foo\nEOF',
    'FROM alpine\nRUN << -EOF\n-EOF',
    // A body that is not valid JSON with a heredoc after it is shell form, so it takes the heredoc.
    'FROM alpine\nRUN ["sh", "-c"] <<EOF\necho hi\nEOF',
    'FROM alpine\nRUN --mount=type=cache,target=/root/.cache \\\n  <<EOF\npip install torch\nEOF',
    'FROM alpine\nONBUILD RUN <<EOF\necho hi\nEOF',
    // A trigger's destination is checked by the build that starts from the image, not by this one.
    'FROM alpine\nONBUILD COPY app.py <<EOF\nx\nEOF',
    // Not heredocs: quoted, JSON form, a here-string, a shift.
    'FROM alpine\nRUN "<<NOHEREDOC"\nRUN ["<<EOF"]\nRUN cat <<< "text"\nRUN echo $((1<<2))',
    // A `<<` on an instruction that does not take heredocs, with no delimiter line after it, is just text.
    'FROM alpine\nCMD cat <<EOF',
    'FROM alpine\nRUN <<EOF\nEOF\n# escape directives and comments inside a body are text\nRUN true',
  ],
  invalid: [
    { code: 'FROM alpine\nRUN <<EOF\necho hi\n', errors: [{ messageId: 'unterminated', range: '1:4-1:9' }], output: null },
    { code: 'FROM alpine\nRUN <<EOF\necho hi\nEOF \nRUN true', errors: [{ messageId: 'nearMiss', range: '1:4-1:9' }], output: null },
    // Without `<<-`, an indented delimiter does not close the heredoc.
    { code: 'FROM alpine\nRUN <<EOF\n  echo hi\n  EOF', errors: [{ messageId: 'nearMiss', range: '1:4-1:9' }], output: null },
    // The second of two heredocs is never closed.
    { code: 'FROM alpine\nCOPY <<A <<B /dest\na\nA\nb\n', errors: [{ messageId: 'unterminated', range: '1:9-1:12' }], output: null },
    // The delimiter is the word with its quotes removed.
    { code: "FROM alpine\nRUN <<'EOF'\necho hi\n'EOF'", errors: [{ messageId: 'unterminated', range: '1:4-1:11' }], output: null },
    { code: 'FROM alpine\nCOPY app.py <<EOF\nx\nEOF', errors: [{ messageId: 'destination', range: '1:12-1:17' }], output: null },
    { code: 'FROM alpine\nCMD <<EOF\necho hi\nEOF', errors: [{ messageId: 'notTaken', range: '1:4-1:9' }], output: null },
    { code: 'FROM alpine\nUSER <<INVALID\nINVALID', errors: [{ messageId: 'notTaken', range: '1:5-1:14' }], output: null },
    // Blanks after `<<` belong to the opener; the delimiter is the word after them.
    { code: 'FROM alpine\nRUN <<  EOF  > /x\necho hi\n', errors: [{ messageId: 'unterminated', range: '1:4-1:11' }], output: null },
  ],
});
