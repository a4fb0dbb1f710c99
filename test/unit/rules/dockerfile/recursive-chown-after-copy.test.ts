import { rule } from '../../../../server/src/rules/dockerfile/recursive-chown-after-copy';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11-slim\nRUN useradd -m app\nCOPY --chown=app:app . /app\nUSER app',
    { name: 'a folder the RUN creates itself', code: 'FROM python:3.11-slim\nCOPY . /app\nRUN mkdir -p /data && chown -R app /data' },
    { name: 'not recursive', code: 'FROM python:3.11-slim\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh' },
    { name: 'chown before the COPY', code: 'FROM python:3.11-slim\nRUN mkdir /app && chown -R app /app\nCOPY --chown=app . /app' },
    { name: 'a file copied into the home folder is not the folder', code: 'FROM python:3.11-slim\nWORKDIR /home/app\nCOPY requirements.txt .\nRUN pip install --user -r requirements.txt\nRUN chown -R app /home/app/.local' },
    { name: 'a builder stage', code: 'FROM python:3.11 AS build\nCOPY . /src\nRUN chown -R app /src\nFROM python:3.11-slim\nCOPY --from=build /src/dist /dist' },
    { name: 'a path from an unknown variable', code: 'FROM python:3.11-slim\nCOPY . /app\nRUN chown -R app "$TARGET"' },
    { name: 'chmod with a symbolic mode that looks like an option', code: 'FROM python:3.11-slim\nCOPY . /app\nRUN chmod -x /app/run.sh' },
  ],
  invalid: [
    {
      code: 'FROM python:3.11-slim\nRUN useradd -m app\nCOPY . /app\nRUN chown -R app:app /app\nUSER app',
      errors: [{ messageId: 'copied', range: '3:4-3:25' }],
      output: null,
    },
    {
      name: 'relative to the WORKDIR, chmod with combined options; lowercase keywords',
      code: 'from python:3.11-slim\nworkdir /srv\ncopy src/ ./src/\nrun chmod -Rf g+w src',
      errors: [{ messageId: 'copied', range: '3:4-3:21' }],
      output: null,
    },
    {
      name: 'the parent folder of a venv copied from a builder, inside a longer RUN',
      code:
        'FROM python:3.11 AS build\nRUN python -m venv /opt/venv\nFROM python:3.11-slim\nCOPY --from=build /opt/venv /opt/venv\n' +
        'RUN useradd app && \\\n    chown --recursive app /opt',
      errors: [{ messageId: 'copied', range: '5:4-5:30' }],
      output: null,
    },
    {
      name: 'a chown and a chmod of the same folder are one finding; files copied in the parent stage',
      code: 'FROM python:3.11-slim AS base\nCOPY models/ /models/\nFROM base\nENV M=/models\nRUN chown -R app $M && chmod -R 755 $M',
      errors: [{ messageId: 'copied', range: '4:4-4:19' }],
      output: null,
    },
  ],
});
