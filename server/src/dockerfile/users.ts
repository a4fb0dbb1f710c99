// Who an image runs as: recognising root in USER values and images that do not run as root, finding the users
// that RUN instructions create or hand files to, and writing the lines that create a non-root user on an OS family.
import type { ImageInfo } from '../images/knowledge';
import type { Instr } from './model';
import { commandName, Word } from './shell';

/** The user id that DockML's fixes give to the user they create: above the ranges distributions use. */
const DEFAULT_UID = 10001;
/** The name of the user DockML's fixes create. */
const DEFAULT_USER = 'app';

/** True when a USER value (`root`, `0`, `root:root`, `0:0`, `root:staff`) runs processes as root. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}

/** Tools that entrypoints use to step down from root at start (`exec gosu postgres "$@"`). */
const STEP_DOWN = /^(?:.*\/)?(?:gosu|su-exec)(?:$|[^\w-])/;

/** True when a RUN installs or runs gosu or su-exec: the image starts as root on purpose and steps down. */
export function installsStepDownTool(instr: Instr): boolean {
  return instr.keyword === 'RUN' && instr.commands.some((command) => command.words.some((word) => STEP_DOWN.test(word.value)));
}

/**
 * Images whose default user is not root, besides those the image knowledge already marks (distroless, Chainguard):
 * Jupyter's `jovyan`, Bitnami's 1001, Ray's `ray`.
 */
const NON_ROOT_IMAGES = /^(?:(?:quay\.io\/|docker\.io\/)?(?:jupyter|bitnami)\/|nginxinc\/nginx-unprivileged|(?:docker\.io\/)?rayproject\/ray(?:-ml)?(?:[:@]|$))/;

/** Official images whose server starts as root and steps down by itself: nginx and httpd workers, gosu in databases. */
const STEP_DOWN_IMAGES = /^(?:docker\.io\/)?(?:library\/)?(?:nginx|httpd|postgres|mysql|mariadb|mongo|redis|rabbitmq)(?:[:@]|$)/;

/** True when an image reference names an image known to run as a non-root user, or to step down from root itself. */
export function isNonRootImage(reference: string): boolean {
  return NON_ROOT_IMAGES.test(reference) || STEP_DOWN_IMAGES.test(reference) || /[-_.](?:nonroot|non-root|rootless)(?:$|[-_.@])/.test(reference);
}

/** Short and long options of `useradd` and `adduser` (Debian and BusyBox) that take a value. */
const USERADD_SHORT = 'bcdefgGkKpPRsuZ';
const ADDUSER_SHORT = 'ghGksu';
const LONG_WITH_VALUE = new Set([
  '--base-dir', '--comment', '--home-dir', '--expiredate', '--inactive', '--gid', '--groups', '--skel', '--key',
  '--password', '--root', '--prefix', '--shell', '--uid', '--selinux-user', '--home', '--firstuid', '--lastuid',
  '--ingroup', '--gecos', '--conf', '--firstgid', '--lastgid',
]);
/** A literal user name or id, as opposed to a variable or a path. */
const USER_NAME = /^(?:[a-z_][a-z0-9_.-]*\$?|\d+)$/i;

/**
 * The names of the users that a RUN creates with `useradd` or `adduser`, or hands files to with `chown`, when
 * written literally: the users the image is meant to run as.
 */
export function usersSetUpBy(instr: Instr): string[] {
  if (instr.keyword !== 'RUN') return [];
  const users: string[] = [];
  for (const command of instr.commands) {
    const named = commandName(command);
    if (named?.name === 'chown') {
      const owner = positionals(named.args, '')[0]?.split(/[:.]/)[0];
      if (owner && USER_NAME.test(owner) && !isRootUser(owner)) users.push(owner);
      continue;
    }
    if (!named || (named.name !== 'useradd' && named.name !== 'adduser')) continue;
    const names = positionals(named.args, named.name === 'useradd' ? USERADD_SHORT : ADDUSER_SHORT).filter((n) => USER_NAME.test(n));
    // `useradd` takes one name, last; `adduser USER [GROUP]` names the user first.
    const user = named.name === 'useradd' ? names[names.length - 1] : names[0];
    if (user) users.push(user);
  }
  return users;
}

/** The words that are neither options nor option values, parsed the way getopt does. */
function positionals(args: Word[], shortWithValue: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i].value;
    if (word === '--') {
      for (const w of args.slice(i + 1)) found.push(w.value);
      break;
    }
    if (word.startsWith('--')) {
      if (!word.includes('=') && LONG_WITH_VALUE.has(word)) i++;
    } else if (word.startsWith('-') && word.length > 1) {
      for (let j = 1; j < word.length; j++) {
        if (!shortWithValue.includes(word[j])) continue;
        // The value is the rest of the word, or the next word when the option letter ends this one.
        if (j === word.length - 1) i++;
        break;
      }
    } else {
      found.push(word);
    }
  }
  return found;
}

/** The lines that create a non-root user and switch to it, in the style of the base image's OS. */
export function createUserLines(os: ImageInfo['os'], lowercase: boolean): string[] {
  const [run, user] = lowercase ? ['run', 'user'] : ['RUN', 'USER'];
  if (os === 'debian' || os === 'ubuntu') {
    return [`${run} useradd --create-home --uid ${DEFAULT_UID} --shell /usr/sbin/nologin ${DEFAULT_USER}`, `${user} ${DEFAULT_USER}`];
  }
  if (os === 'alpine') return [`${run} adduser -D -u ${DEFAULT_UID} ${DEFAULT_USER}`, `${user} ${DEFAULT_USER}`];
  // Without a user database (distroless, scratch) or when the OS is unknown, a numeric id always works.
  return [`${user} ${DEFAULT_UID}:${DEFAULT_UID}`];
}
