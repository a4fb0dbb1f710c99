// Hovers: what a base image is, what its stage is for and whether it ships, where a stage is used, the
// documentation of an instruction, flag or variable, and for each finding under the cursor, why its rule
// matters with a link to the rule's page.
import type { Hover, Position, Range } from 'vscode-languageserver';
import { composeHover } from './compose/features';
import { DockerfileModel, Stage, stageDependencies, stageReferences } from '../dockerfile/model';
import { describeRoles, Roles, rolesOf } from '../dockerfile/roles';
import type { Finding, ParsedModel } from '../analysis/diagnostics';
import { ruleById } from '../rules';
import type { ComposeBuilder } from '../rules/types';
import { copySources } from '../dockerfile/split';
import { ContextSize, describeContextSize } from '../project/contextSize';
import { rangeContains } from '../text';
import { instructionHover } from './dockerfile/features';

function contains(range: Range | undefined, position: Position): boolean {
  return range !== undefined && rangeContains(range, { start: position, end: position });
}

/** How a stage relates to the image that ships. */
function shipping(model: DockerfileModel, stage: Stage): string {
  if (stage === model.finalStage) return 'This is the final stage: its image is the one that ships.';
  if (model.shippedStages.includes(stage)) return 'The final stage is built on this stage, so everything in it ships.';
  if (stage.reachable) return 'A builder stage: the final stage copies from it, and only what it copies ships.';
  return 'The final stage does not use this stage (it is built only with `--target`).';
}

/** What the stage is for, each role with its evidence, as the rules that depend on it see it. */
function roleLines(roles: Roles, stage: Stage): string[] {
  const lines = describeRoles(roles.stage(stage));
  return ['', lines.length > 0 ? `What it is for:\n${lines.join('\n')}` : 'What it is for: nothing says (no command, port, or stage that uses it).'];
}

function imageHover(model: DockerfileModel, stage: Stage, roles: Roles): string {
  const lines = [`**${stage.baseText}**`];
  const info = stage.imageInfo;
  if (stage.parent) {
    lines[0] = `**Stage \`${stage.parent.name ?? stage.parent.index}\`**`;
    lines.push('', `Built on the earlier stage defined at line ${stage.parent.from.range.start.line + 1}.`);
  } else if (info) {
    lines.push('', info.description);
    const facts = [
      info.cuda ? `CUDA ${info.cudaVersion ?? '(version not in the tag)'}${info.cudnn ? ' with cuDNN' : ''}` : 'No CUDA',
      info.os ? `OS: ${info.os}` : undefined,
      info.nonRoot ? 'Runs as a non-root user' : 'Runs as root unless a USER says otherwise',
    ].filter(Boolean);
    lines.push('', facts.map((f) => `- ${f}`).join('\n'));
    if (info.slimAlternative) lines.push('', `Slimmer alternative: \`${info.slimAlternative}\``);
    if (info.runtimeAlternative) lines.push('', `Runtime alternative (no compilers): \`${info.runtimeAlternative}\``);
  } else {
    lines.push('', 'DockML has no built-in knowledge of this image.');
  }
  lines.push('', shipping(model, stage), ...roleLines(roles, stage));
  if (stage === model.finalStage && roles.runtimeCompilation) lines.push('', `Compiles at run time: ${roles.runtimeCompilation}.`);
  return lines.join('\n');
}

function stageUses(model: DockerfileModel, stage: Stage, roles: Roles): string {
  const uses: string[] = [];
  for (const other of model.stages) {
    if (other.parent === stage) uses.push(`line ${other.from.range.start.line + 1}: \`FROM ${other.baseText}\``);
    for (const instr of other.instructions) {
      for (const ref of stageDependencies(instr)) {
        if (model.stageRef(ref, other.index) === stage) uses.push(`line ${instr.range.start.line + 1}: \`${instr.keyword} --from=${ref}\``);
      }
    }
  }
  const title = `**Stage \`${stage.name ?? stage.index}\`** (stage ${stage.index}, \`FROM ${stage.baseText}\`)`;
  return [title, '', uses.length > 0 ? `Used at ${uses.join(', ')}.` : 'Not used by any other stage.', '', shipping(model, stage), ...roleLines(roles, stage)].join('\n');
}

/** The build context's size, as a hover section, when the document's context is known. */
function contextSection(context: HoverContext): string | undefined {
  const build = context.buildContext?.();
  if (!build) return undefined;
  const title = `**Build context**: ${build.description}`;
  if (!build.size) return `${title}\n\nMeasuring its size…`;
  const { total, entries } = describeContextSize(build.size);
  return [title, '', `Sends ${total}.`, ...(entries.length > 0 ? ['', ...entries.map((e) => `- \`${e.name}\` ${e.detail}`)] : [])].join('\n');
}

function dockerfileHover(model: DockerfileModel, position: Position, context: HoverContext): string | undefined {
  const roles = () => rolesOf(model, context.path, context.builders ?? [], context.root);
  for (const stage of model.stages) {
    if (contains(stage.nameRange, position)) return stageUses(model, stage, roles());
    if (contains(stage.baseRange, position)) return [imageHover(model, stage, roles()), contextSection(context)].filter(Boolean).join('\n\n');
  }
  const instr = model.instructionAt(position.line);
  if (instr && (instr.keyword === 'COPY' || instr.keyword === 'ADD') && !instr.flag('from')) {
    const whole = copySources(instr).find((s) => (s.value === '.' || s.value === './') && contains(model.lines.range(s.start, s.end), position));
    if (whole) return contextSection(context);
  }
  for (const ref of instr ? stageReferences(instr) : []) {
    const stage = contains(ref.range, position) && instr?.stage ? model.stageRef(ref.value, instr.stage.index) : undefined;
    if (stage) return stageUses(model, stage, roles());
  }
  return instructionHover(model, position);
}

/** Where the document is and who builds it, which tell what a Dockerfile's stages are for. */
export interface HoverContext {
  path?: string;
  builders?: readonly ComposeBuilder[];
  /** The folder the project starts at (see `DockerfileContext.root`). */
  root?: string;
  /** The Dockerfile's build context, described, and its size once measured. */
  buildContext?: () => { description: string; size?: ContextSize } | undefined;
}

/** The hover at a position: facts about the code there, then the findings there with their reasons. */
export function hover(
  model: ParsedModel,
  findings: Finding[],
  position: Position,
  docsLink: (rule: string) => string | undefined,
  context: HoverContext = {},
): Hover | null {
  const parts: string[] = [];
  const facts = model instanceof DockerfileModel ? dockerfileHover(model, position, context) : composeHover(model, position);
  if (facts) parts.push(facts);
  for (const finding of findings) {
    if (!contains(finding.range, position)) continue;
    const rule = ruleById(finding.rule);
    if (!rule) continue;
    const link = docsLink(rule.id);
    parts.push(`**DockML \`${rule.id}\`**: ${rule.docs.rationale}${link ? ` [Rule documentation](${link})` : ''}`);
  }
  return parts.length > 0 ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}
