// What a refactoring is: a titled edit offered where it applies, shared by the Dockerfile and Compose
// refactorings.
import type { Range } from 'vscode-languageserver';
import type { EditTarget } from './codeActions';
import type { ParsedModel } from '../analysis/diagnostics';
import type { FileEdit, FileHost } from '../rules/types';

export interface RefactorInput {
  /** The document, and the version `model` was parsed from, which the edits carry. */
  target: EditTarget;
  model: ParsedModel;
  range: Range;
  path: string | undefined;
  files: FileHost;
}

/**
 * A refactoring: its title and the edits it makes, undefined where it does not apply, or why it cannot
 * be applied here (shown on the disabled action).
 */
export interface Refactor {
  title: string;
  edits(input: RefactorInput): FileEdit[] | { declined: string } | undefined;
}

