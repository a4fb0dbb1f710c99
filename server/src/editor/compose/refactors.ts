// Compose refactorings offered on a service's key: reserve GPUs, and move the service onto a new
// internal network.
import type { Refactor } from '../refactor';
import type { FileEdit } from '../../rules/types';
import type { ComposeModel, ComposeService } from '../../compose/model';

/** Inserts lines, each indented, after the last line of a service's mapping. */
function appendToService(model: ComposeModel, service: ComposeService, lines: string[]): FileEdit | undefined {
  const range = service.node ? model.rangeOf(service.node) : undefined;
  if (!range || service.node?.range === undefined || (service.node as { flow?: boolean }).flow) return undefined;
  const keyIndent = ' '.repeat(service.keyRange.start.character);
  const indent = keyIndent + ' '.repeat(model.indentUnit);
  // The end of a block mapping's range can sit at the start of the next line; insert after the last content line.
  let lastLine = range.end.line;
  if (range.end.character === 0 && lastLine > range.start.line) lastLine--;
  while (lastLine > range.start.line && model.lines.lineText(lastLine).trim() === '') lastLine--;
  const end = { line: lastLine, character: model.lines.lineText(lastLine).length };
  return { range: { start: end, end }, newText: lines.map((l) => model.lines.eol + indent + l).join('') };
}

function gpuReservation(model: ComposeModel, service: ComposeService): FileEdit[] | undefined {
  if (model.get(service, 'deploy') || model.get(service, 'gpus')) return undefined;
  const u = ' '.repeat(model.indentUnit);
  const edit = appendToService(model, service, [
    'deploy:',
    `${u}resources:`,
    `${u}${u}reservations:`,
    `${u}${u}${u}devices:`,
    `${u}${u}${u}${u}- driver: nvidia`,
    `${u}${u}${u}${u}  count: 1`,
    `${u}${u}${u}${u}  capabilities: [gpu]`,
  ]);
  return edit ? [edit] : undefined;
}

function internalNetwork(model: ComposeModel, service: ComposeService): FileEdit[] | undefined {
  if (model.get(service, 'networks') || model.get(service, 'network_mode')) return undefined;
  const name = uniqueNetworkName(model, `${service.name}-internal`);
  const u = ' '.repeat(model.indentUnit);
  const serviceEdit = appendToService(model, service, ['networks:', `${u}- ${name}`]);
  if (!serviceEdit) return undefined;
  const networks = model.root('networks');
  const eol = model.lines.eol;
  let declaration: FileEdit;
  if (networks && networks.value && !networks.merged && model.rangeOf(networks.value)) {
    const range = model.rangeOf(networks.value)!;
    let lastLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
    while (lastLine > range.start.line && model.lines.lineText(lastLine).trim() === '') lastLine--;
    const end = { line: lastLine, character: model.lines.lineText(lastLine).length };
    declaration = { range: { start: end, end }, newText: `${eol}${u}${name}:${eol}${u}${u}internal: true` };
  } else if (networks) {
    return undefined;
  } else {
    const last = model.lines.lineCount - 1;
    const end = { line: last, character: model.lines.lineText(last).length };
    const lead = model.lines.lineText(last) === '' ? '' : eol;
    declaration = { range: { start: end, end }, newText: `${lead}${eol}networks:${eol}${u}${name}:${eol}${u}${u}internal: true${eol}` };
  }
  return [serviceEdit, declaration];
}

function uniqueNetworkName(model: ComposeModel, base: string): string {
  const declared = model.declared('networks');
  let name = base;
  for (let i = 2; declared.has(name); i++) name = `${base}-${i}`;
  return name;
}

/** The refactorings of a service. */
export function composeRefactors(model: ComposeModel, service: ComposeService): Refactor[] {
  return [
    { title: `Reserve a GPU for ${service.name}`, edits: () => gpuReservation(model, service) },
    { title: `Move ${service.name} onto a new internal network`, edits: () => internalNetwork(model, service) },
  ];
}
