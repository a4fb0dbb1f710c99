import type { ContextEntry, ContextSize } from '../../../../server/src/project/contextSize';
import { rule } from '../../../../server/src/rules/dockerfile/large-build-context';
import { PROJECT, ruleTester } from '../../ruleTester';

const MB = 1_000_000;

/** A measured context of the project folder with these top-level entries (name → megabytes). */
function measured(entries: Record<string, number>, complete = true): Record<string, ContextSize> {
  const list: ContextEntry[] = Object.entries(entries)
    .map(([name, mb]) => ({ name, bytes: mb * MB, files: 10 }))
    .sort((a, b) => b.bytes - a.bytes);
  const bytes = list.reduce((n, e) => n + e.bytes, 0);
  return { '.': { dir: PROJECT, bytes, files: list.length * 10, entries: list, complete, elapsedMs: 1 } };
}

const ML_TREE = measured({ 'datasets/': 9100, 'checkpoints/': 2300, '.git/': 400, 'src/': 2, 'train.py': 0.01 });

ruleTester(rule, {
  valid: [
    { name: 'a small context', code: 'FROM python:3.11\nCOPY . /app', contextSizes: measured({ 'src/': 40, '.git/': 30 }) },
    { name: 'not measured yet', code: 'FROM python:3.11\nCOPY . /app' },
    { name: 'only named sources are copied', code: 'FROM python:3.11\nCOPY src/ /app/src', contextSizes: ML_TREE },
    { name: 'COPY --from a stage', code: 'FROM python:3.11 AS build\nFROM python:3.11\nCOPY --from=build . /app', contextSizes: ML_TREE },
    {
      name: 'a missing context folder',
      code: 'FROM python:3.11\nCOPY . /app',
      contextSizes: { '.': { dir: PROJECT, bytes: 0, files: 0, entries: [], complete: true, problem: 'missing', elapsedMs: 0 } },
    },
  ],
  invalid: [
    {
      name: 'data sets and checkpoints in the context, no .dockerignore: the fix creates one',
      code: 'FROM python:3.11\nWORKDIR /app\nCOPY . .',
      contextSizes: ML_TREE,
      errors: [{ messageId: 'large', range: '2:5-2:6' }],
      output: 'FROM python:3.11\nWORKDIR /app\nCOPY . .',
      outputFiles: { '.dockerignore': 'datasets/\ncheckpoints/\n.git/\n' },
    },
    {
      name: 'an existing .dockerignore without a final line break gets the entries appended',
      code: 'ADD ./ /app\nFROM python:3.11',
      files: { '.dockerignore': '.venv' },
      contextSizes: ML_TREE,
      errors: [{ messageId: 'large', range: '0:4-0:6' }],
      output: 'ADD ./ /app\nFROM python:3.11',
      outputFiles: { '.dockerignore': '.venv\ndatasets/\ncheckpoints/\n.git/\n' },
    },
    {
      name: 'an entry that a COPY names is needed by the build and stays',
      code: 'FROM python:3.11\nCOPY models/best.pt /models/\nCOPY . /app',
      contextSizes: measured({ 'datasets/': 9100, 'models/': 80, 'src/': 2 }),
      errors: [{ messageId: 'large', range: '2:5-2:6' }],
      output: 'FROM python:3.11\nCOPY models/best.pt /models/\nCOPY . /app',
      outputFiles: { '.dockerignore': 'datasets/\n' },
    },
    {
      name: 'code spread thin over many small folders: reported, but nothing stands out to leave out',
      code: 'FROM python:3.11\nCOPY . /app',
      contextSizes: measured(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`pkg${i}/`, 6]))),
      errors: [{ messageId: 'large', range: '1:5-1:6' }],
      output: null,
    },
  ],
});
