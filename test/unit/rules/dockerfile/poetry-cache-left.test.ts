import { rule } from '../../../../server/src/rules/dockerfile/poetry-cache-left';
import { ruleTester } from '../../ruleTester';

const BASE = 'FROM python:3.11-slim\nRUN pip install --no-cache-dir poetry==1.8.3\n';

ruleTester(rule, {
  valid: [
    `${BASE}RUN poetry install --only main && rm -rf /root/.cache/pypoetry/artifacts /root/.cache/pypoetry/cache`,
    { name: 'the whole cache folder, with POETRY_CACHE_DIR', code: `${BASE}ENV POETRY_CACHE_DIR=/tmp/poetry\nRUN poetry install && rm -rf $POETRY_CACHE_DIR` },
    { name: 'cache mount', code: `${BASE}RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install` },
    { name: 'cache mount on ~/.cache', code: `${BASE}RUN --mount=type=cache,target=/root/.cache poetry install` },
    { name: 'poetry cache clear --all', code: `${BASE}RUN poetry install && poetry cache clear --all -n pypi` },
    { name: 'builder stage', code: `${BASE.replace('slim', 'slim AS build')}RUN poetry install\nFROM python:3.11-slim\nCOPY --from=build /app /app` },
  ],
  invalid: [
    {
      name: '--no-cache still writes the wheels to artifacts',
      code: `${BASE}RUN poetry install --no-cache --only main`,
      errors: [{ messageId: 'missing', range: '2:4-2:18' }],
      output: `${BASE}RUN poetry install --no-cache --only main && rm -rf /root/.cache/pypoetry/artifacts /root/.cache/pypoetry/cache`,
    },
    {
      name: 'POETRY_CACHE_DIR in /tmp is still in the layer; lowercase keyword',
      code: `${BASE}env POETRY_CACHE_DIR=/tmp/poetry_cache\nrun poetry install --no-root`,
      errors: [{ messageId: 'missing', range: '3:4-3:18' }],
      output: `${BASE}env POETRY_CACHE_DIR=/tmp/poetry_cache\nrun poetry install --no-root && rm -rf /tmp/poetry_cache/artifacts /tmp/poetry_cache/cache`,
    },
    {
      name: 'another user: no fix, the home folder is not known',
      code: `${BASE}USER app\nRUN poetry install`,
      errors: [{ messageId: 'missing', range: '3:4-3:18' }],
      output: null,
    },
  ],
});
