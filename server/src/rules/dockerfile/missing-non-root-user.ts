// The shipped image should not run as root: a process that escapes the container then acts as root on the host.
import type { DockerfileModel, Instr, Stage } from '../../dockerfile/model';
import { rolesOf } from '../../dockerfile/roles';
import { createUserLines, installsStepDownTool, isNonRootImage, isRootUser, usersSetUpBy } from '../../dockerfile/users';
import type { ComposeBuilder, DockerfileRule, FileEdit } from '../types';

export const rule: DockerfileRule = {
  id: 'missing-non-root-user',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { hadolint: ['DL3002'] },
  fixable: true,
  docs: {
    summary: 'The image runs as root: its stage never sets USER, or the last USER is root.',
    rationale:
      'Containers run as the image\'s user, root unless USER says otherwise. A model server running as root turns any ' +
      'remote-code bug (a pickle load, a template injection) into root in the container, and with a mounted volume or ' +
      'a container escape into root on the host. Create an unprivileged user and switch to it before CMD; the numeric ' +
      'form `USER 10001:10001` also satisfies Kubernetes `runAsNonRoot`. The images checked are the final stage and every ' +
      'stage a Compose service builds with `build.target`. The rule stays silent for images that are not run as ' +
      'services (see [roles](../roles.md)): `FROM scratch` export stages, dev containers (`.devcontainer/`), ' +
      'development, CI and test images (also in a `test` or `tests` folder anywhere inside the project), base images ' +
      '(named `*base*`), builder images (named for building, or built on a builder image with no command of their own), images whose only command is a shell or a bare ' +
      'interpreter (`CMD ["python3"]`, as the official language images have) with no ENTRYPOINT, EXPOSE or HEALTHCHECK; ' +
      'for images known to run as a non-root user (Jupyter, Bitnami, Ray); for Windows images; and when every Compose ' +
      'service that builds the image sets a non-root `user:`.',
    bad: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir vllm\nCMD ["python", "-m", "vllm.entrypoints.openai.api_server"]',
    good:
      'FROM python:3.11-slim\nRUN pip install --no-cache-dir vllm\nRUN useradd --create-home --uid 10001 app\nUSER app\n' +
      'CMD ["python", "-m", "vllm.entrypoints.openai.api_server"]',
    fixSafety: 'unsafe',
  },
  messages: {
    noUser: '`{image}` runs as root and the image never sets USER; create a non-root user and switch to it with USER.',
    noUserUnknown: 'The image never sets USER, so the container runs as root unless `{image}` sets a user; switch to a non-root user with USER.',
    rootUser: 'The last USER is `{user}`, so the container runs as root; switch to a non-root user before CMD or ENTRYPOINT.',
  },
  check(ctx) {
    const { model } = ctx;
    const { lines } = model;
    const final = model.finalStage;
    if (!final) return;
    // Windows containers have no root user; they run as ContainerAdministrator or ContainerUser.
    if (/windows/i.test(baseName(ctx.path ?? ''))) return;
    const roles = rolesOf(model, ctx.path, ctx.builders, ctx.root);
    // The images that are run: the final stage and every stage a Compose service builds with `build.target`.
    const targeted = (stage: Stage) => ctx.builders.filter((b) => (b.target === undefined ? stage === final : b.target.toLowerCase() === stage.name));
    for (const stage of model.stages) {
      if (stage === final || targeted(stage).length > 0) checkStage(stage, targeted(stage));
    }

    function checkStage(stage: Stage, services: ComposeBuilder[]): void {
      const role = roles.stage(stage);
      // Export stages are never run, dev containers are a developer's own machine, development and test images are
      // run by the people and CI jobs that work on the code, base images leave the user to the images built on
      // them, which still need root to install packages, and builder images run build jobs, not services. A stage
      // that Compose runs is no base or builder, whatever uses it; nor is the final stage because it is named
      // `builder`: it is still the image `docker build` tags and ships.
      if (role.has('artefact', 'devcontainer', 'development', 'test')) return;
      if (services.length === 0 && (role.has('base') || role.roles.some((r) => r.kind === 'builder' && !(stage === final && r.named === 'stage')))) return;
      // A Compose service's `user:` decides who its container runs as, whatever the image says.
      if (services.length > 0 && services.every((b) => b.user !== undefined && !isRootUser(b.user))) return;
      const chain = ancestry(stage);
      const base = chain[0];
      const written = base.from.args[0]?.value;
      // An image chosen by a build argument may set any user.
      const image = written ? model.resolve(written) : undefined;
      if (!image || /windows|servercore|nanoserver/i.test(image)) return;
      if (stage.user !== undefined ? !isRootUser(stage.user) : isNonRootImage(image)) return;
      // Images that install gosu or su-exec start as root so that their entrypoint can prepare volumes, then step down.
      if (/gosu|su-exec/.test(model.text) && chain.some((s) => s.instructions.some(installsStepDownTool))) return;

      const offending = stage.user !== undefined ? stage.userInstr : undefined;
      const anchor = insertionPoint(stage, offending);
      const lowercase = /^[a-z]+$/.test(stage.from.node.getInstruction());
      const newLines = switchUser(model, chain, offending, lowercase);
      const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
      // Lines appended after an unterminated heredoc would become part of its body, so no fix is offered there.
      const insideHeredoc = !anchor && last.heredocs.some((h) => h.getDelimiterRange() === null);
      const fixes = insideHeredoc ? [] : [{ title: 'Switch to a non-root user', preferred: true, safe: false, edits: [insertLines(anchor, last, newLines)] }];

      if (offending) {
        const args = offending.args;
        const range = { start: args[0].range.start, end: args[args.length - 1].range.end };
        ctx.report({ messageId: 'rootUser', data: { user: offending.argsText.trim() }, range, fixes });
        return;
      }
      ctx.report({ messageId: base.imageInfo ? 'noUser' : 'noUserUnknown', data: { image }, range: stage.baseRange, fixes });
    }

    /**
     * Where the switch goes: before the final stage's first CMD or ENTRYPOINT that follows the root USER and every
     * RUN (which may still need root), above the comments that introduce it; else at the end of the file.
     */
    function insertionPoint(stage: Stage, after: Instr | undefined): Instr | undefined {
      let from = after && after.stage === stage ? stage.instructions.indexOf(after) + 1 : 0;
      stage.instructions.forEach((instr, i) => {
        if (instr.keyword === 'RUN') from = Math.max(from, i + 1);
      });
      return stage.instructions.slice(from).find((instr) => instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT');
    }

    /** Inserts the lines above an instruction with its indentation, or after the stage's last instruction. */
    function insertLines(before: Instr | undefined, last: Instr, newLines: string[]): FileEdit {
      if (!before) {
        const end = lines.positionAt(lines.lineEnd(last.range.end.line));
        return { range: { start: end, end }, newText: newLines.map((l) => lines.eol + l).join('') };
      }
      const position = model.instructions.indexOf(before);
      const previousEnd = model.instructions[position - 1].range.end.line;
      let line = before.range.start.line;
      while (line - 1 > previousEnd && /^\s*#/.test(lines.lineText(line - 1))) line--;
      const indent = /^[ \t]*/.exec(lines.lineText(before.range.start.line))?.[0] ?? '';
      return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: newLines.map((l) => indent + l + lines.eol).join('') };
    }
  },
};

/**
 * The lines that switch to a non-root user: back to the one a USER named before the root one, else to one a RUN
 * created or handed files to (every RUN of the final stage comes before the switch), else to a new one made the way
 * the base image's OS makes users.
 */
function switchUser(model: DockerfileModel, chain: Stage[], offending: Instr | undefined, lowercase: boolean): string[] {
  const keyword = lowercase ? 'user' : 'USER';
  const all = chain.flatMap((stage) => stage.instructions);
  const before = offending ? all.slice(0, all.indexOf(offending)) : all;
  const earlier = before.filter((i) => i.keyword === 'USER' && i.args[0] && !isRootUser(model.expand(i.args[0].value))).pop();
  const setUp = /useradd|adduser|chown/.test(model.text) ? all.flatMap(usersSetUpBy).pop() : undefined;
  const name = earlier?.argsText.trim() ?? setUp;
  return name ? [`${keyword} ${name}`] : createUserLines(chain[0].imageInfo?.os, lowercase);
}

/** The stage and the stages it is built on through `FROM <stage>`, the first base first. */
function ancestry(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !stages.includes(s); s = s.parent) stages.unshift(s);
  return stages;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
