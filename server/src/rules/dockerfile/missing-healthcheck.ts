// A served port without a HEALTHCHECK leaves Docker and orchestrators unable to tell a loading or hung model server from a ready one.
import { hasFlag, installCommands } from '../../dockerfile/commands';
import type { DockerfileModel, Instr, Stage } from '../../dockerfile/model';
import { rolesOf } from '../../dockerfile/roles';
import { commandName, type ShellCommand } from '../../dockerfile/shell';
import { commentBlockStart, keywordCaser } from '../../dockerfile/split';
import { insertLinesAfter, insertLinesBefore } from '../edits';
import type { DockerfileRule, Fix } from '../types';

const PYTHON_IMAGES = new Set(['pytorch', 'tensorflow', 'ngc']);
const PYTHON_PACKAGE = /^(python3(\.\d+)?|python3-[a-z0-9.-]+|py3-[a-z0-9.-]+)([=~].*)?$/;
const TIMING = '--interval=30s --timeout=5s --start-period=30s --retries=3';
/** Jupyter's docker-stacks notebook images on quay.io, which all start from `base-notebook` and its HEALTHCHECK. */
const HEALTHCHECKED_BASES = /^quay\.io\/jupyter\/[a-z0-9-]+-notebook(?:[:@]|$)/;

export const rule: DockerfileRule = {
  id: 'missing-healthcheck',
  kind: 'dockerfile',
  severity: 'info',
  aliases: { hadolint: ['DL3057'] },
  fixable: true,
  docs: {
    summary: 'The shipped image exposes a port but declares no HEALTHCHECK.',
    rationale:
      'Model servers take seconds to minutes to load weights, and can hang on a stuck GPU. Without a HEALTHCHECK, ' +
      '`docker ps`, Compose `depends_on: condition: service_healthy` and Swarm cannot tell a loading or hung server from ' +
      'a ready one. A TCP probe of the served port needs no extra tools; `HEALTHCHECK NONE` records a deliberate choice. ' +
      'Images that are not services (see [roles](../roles.md)): dev containers, development, test, training and base ' +
      'images, are left alone, and so is port 22 (sshd, for remote shells and multi-node launches). An image that a ' +
      'Compose service of the project builds and probes with its own `healthcheck:` is left alone too, and so is one built ' +
      'on a base image known to declare a HEALTHCHECK (Jupyter\'s `quay.io/jupyter/*-notebook` images).',
    bad: 'FROM python:3.11-slim\nCOPY serve.py .\nEXPOSE 8000\nCMD ["python", "serve.py"]',
    good:
      'FROM python:3.11-slim\nCOPY serve.py .\nEXPOSE 8000\n' +
      'HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-c", "import socket; socket.create_connection((\'localhost\', 8000), 4)"]\n' +
      'CMD ["python", "serve.py"]',
    fixSafety: 'unsafe',
  },
  messages: {
    missing: 'The image exposes port {port} but has no HEALTHCHECK; add one so that Docker and orchestrators know when the server is ready.',
    missingNoProbe:
      'The image exposes port {port} but has no HEALTHCHECK; add one that probes it, for example with `curl -f` or `wget -q --spider`, ' +
      'or write `HEALTHCHECK NONE` to opt out.',
  },
  check(ctx) {
    const { model } = ctx;
    const final = model.finalStage;
    if (!final) return;
    // Only services are probed: dev containers, test, training and base images run to completion or are built on.
    if (rolesOf(model, ctx.path, ctx.builders, ctx.root).image?.has('devcontainer', 'development', 'test', 'training', 'base')) return;
    // A Compose service that runs this image with its own `healthcheck:` already probes it.
    if (ctx.builders.some((b) => b.healthcheck && (!b.target || b.target.toLowerCase() === final.name))) return;
    // A HEALTHCHECK inherited from the base image counts as one written here.
    const root = model.shippedStages[model.shippedStages.length - 1];
    const base = root.from.args[0] && model.resolve(root.from.args[0].value);
    if (base && HEALTHCHECKED_BASES.test(base)) return;
    let port: { value: string; range: Instr['range'] } | undefined;
    let tcpPort: number | undefined;
    for (const stage of [...model.shippedStages].reverse()) {
      for (const instr of stage.instructions) {
        if (instr.keyword === 'HEALTHCHECK') return;
        if (instr.keyword !== 'EXPOSE') continue;
        for (const arg of instr.args) {
          // Port 22 is sshd, for remote shells and multi-node launches (MPI, DeepSpeed), not a service to probe.
          if (/^22(?:\/tcp)?$/i.test(arg.value)) continue;
          // The report goes on the port the probe connects to, else on the first one (a variable, a UDP port).
          const number = /^(\d+)(?:-\d+)?(?:\/tcp)?$/i.exec(arg.value);
          if (number && tcpPort === undefined) {
            tcpPort = Number(number[1]);
            port = arg;
          }
          port ??= arg;
        }
      }
    }
    if (!port) return;
    const probe = tcpPort === undefined ? undefined : probeCommand(model, tcpPort);
    const fixes: Fix[] = [];
    const kw = keywordCaser(model, final);
    const edit = probe && insertion(model, final, `${kw('HEALTHCHECK')} ${TIMING} ${kw('CMD')} ${probe}`);
    if (edit) fixes.push({ title: `Add a HEALTHCHECK that connects to port ${tcpPort}`, preferred: true, safe: false, edits: [edit] });
    ctx.report({ messageId: probe ? 'missing' : 'missingNoProbe', data: { port: port.value }, range: port.range, fixes });
  },
};

/** A TCP connect to the port with an interpreter the image surely has, in JSON form; undefined when there is none. */
function probeCommand(model: DockerfileModel, port: number): string | undefined {
  const chain = model.shippedStages;
  const family = chain[chain.length - 1].imageInfo?.family;
  let interpreter: string | undefined;
  if (family === 'python') interpreter = 'python';
  else if (family && PYTHON_IMAGES.has(family)) interpreter = 'python3';
  else if (chain.some(installsPython)) interpreter = 'python3';
  if (interpreter) {
    return JSON.stringify([interpreter, '-c', `import socket; socket.create_connection(('localhost', ${port}), 4)`]).replace(/","/g, '", "');
  }
  if (family === 'node') {
    // 127.0.0.1 rather than localhost: before Node 20, localhost may resolve to ::1 only while the server listens on IPv4.
    const script = `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
    return JSON.stringify(['node', '-e', script]).replace(/","/g, '", "');
  }
  return undefined;
}

/**
 * True when the stage installs Python 3 to keep: a `python3…` or `py3-…` package, not in an apk virtual
 * package and not in a RUN that removes packages again (the official images' build-dependency pattern).
 */
function installsPython(stage: Stage): boolean {
  return stage.instructions.some((instr) => {
    const installs = installCommands(instr).filter((i) => i.manager === 'apt' || i.manager === 'apk');
    if (installs.length === 0 || instr.commands.some(removesPackages)) return false;
    return installs.some((i) => !hasFlag(i.args, '--virtual', '-t') && i.packages.some((p) => PYTHON_PACKAGE.test(p.value)));
  });
}

function removesPackages(command: ShellCommand): boolean {
  const named = commandName(command);
  const verb = named?.args.find((w) => !w.value.startsWith('-'))?.value;
  if (named?.name === 'apk') return verb === 'del';
  return (named?.name === 'apt-get' || named?.name === 'apt') && (verb === 'purge' || verb === 'remove' || verb === 'autoremove');
}

/**
 * Inserts the HEALTHCHECK above the final stage's first CMD or ENTRYPOINT and its comments, else at the
 * end of the stage; undefined when the stage ends in a heredoc still being typed, which would swallow it.
 */
function insertion(model: DockerfileModel, final: Stage, line: string) {
  const start = final.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (start) {
    const at = commentBlockStart(model, start);
    const indent = /^[ \t]*/.exec(model.lines.lineText(start.range.start.line))?.[0] ?? '';
    return insertLinesBefore(model.lines, at, [indent + line]);
  }
  const last = final.instructions[final.instructions.length - 1] ?? final.from;
  if (last.heredocs.some((h) => h.getDelimiterRange() === null)) return undefined;
  return insertLinesAfter(model.lines, last, [line]);
}
