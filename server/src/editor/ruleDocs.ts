// Where a rule's documentation opens. Editors that render it (the DockML extension says so when it starts the server)
// get `dockml-rule:/<id>.md` links, a read-only page the extension shows as a Markdown preview, and hovers get a
// command link that opens the same page; other editors get the installed Markdown file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URI scheme of the rendered, read-only rule pages. */
export const RULE_DOCS_SCHEME = 'dockml-rule';
/** The extension's command that shows a rule's page rendered (its argument is the rule id). */
export const RULE_DOCS_COMMAND = 'dockml.showRuleDocumentation';

/** The read-only page of a rule: `dockml-rule:/<id>.md`, so that links between rule pages resolve to pages too. */
export function ruleDocsUri(rule: string): string {
  return `${RULE_DOCS_SCHEME}:/${rule}.md`;
}

/** The command link that opens a rule's page from a hover (the client trusts that one command in hovers). */
export function ruleDocsCommandUri(rule: string): string {
  return `command:${RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([rule]))}`;
}

/** The page a `dockml-rule:` URI's path names (`/copy-all-before-install.md` → `copy-all-before-install`), else undefined. */
export function rulePageOf(uriPath: string): string | undefined {
  return /^\/*([a-z0-9][a-z0-9-]*)\.md$/i.exec(uriPath)?.[1];
}

/** How the server links a rule to its documentation, in diagnostics and in hovers. */
export interface RuleDocsLinks {
  diagnostic(rule: string): string;
  hover(rule: string): string;
}

/** Links to the rendered pages, for a client that shows them. */
export const renderedRuleDocs: RuleDocsLinks = { diagnostic: ruleDocsUri, hover: ruleDocsCommandUri };

/** Links to the Markdown files in `docsRoot`, for other clients. */
export function fileRuleDocs(docsRoot: string): RuleDocsLinks {
  const link = (rule: string) => pathToFileURL(path.join(docsRoot, `${rule}.md`)).href;
  return { diagnostic: link, hover: link };
}

/** The Markdown of a page under `docsRoot`, or a short page saying there is none. */
export function rulePageText(docsRoot: string, uriPath: string): string {
  const page = rulePageOf(uriPath);
  if (page) {
    try {
      return fs.readFileSync(path.join(docsRoot, `${page}.md`), 'utf8');
    } catch {
      // Answered below.
    }
  }
  return `# Not installed\n\nThe page \`${uriPath.replace(/^\/+/, '')}\` is not among the rule pages installed with DockML.\n`;
}

/** The rule ids whose pages are installed, for the command's quick pick. */
export function installedRules(docsRoot: string): string[] {
  try {
    return fs
      .readdirSync(docsRoot)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => name.slice(0, -3))
      .sort();
  } catch {
    return [];
  }
}
