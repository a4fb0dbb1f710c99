import { rule } from '../../../../server/src/rules/dockerfile/deleted-in-later-layer';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'downloaded and deleted in the same RUN', code: 'FROM ubuntu:22.04\nRUN curl -fsSL -o /tmp/conda.sh https://x/conda.sh && bash /tmp/conda.sh && rm /tmp/conda.sh' },
    { name: 'a bind mount instead of a copy', code: 'FROM python:3.11-slim\nRUN --mount=type=bind,source=wheels,target=/tmp/wheels pip install /tmp/wheels/*.whl' },
    { name: 'a small text file', code: 'FROM python:3.11-slim\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt' },
    { name: 'deleting what the RUN itself made', code: 'FROM python:3.11-slim\nCOPY . /app\nRUN make -C /app && rm -rf /build' },
    { name: 'a builder stage', code: 'FROM python:3.11 AS build\nCOPY wheels/ /wheels/\nRUN rm -rf /wheels\nFROM python:3.11-slim\nCOPY --from=build /opt /opt' },
    { name: 'an unknown variable', code: 'FROM python:3.11-slim\nCOPY wheels/ /wheels/\nRUN rm -rf "$TARGET"' },
    { name: 'deleting before the copy', code: 'FROM python:3.11-slim\nRUN rm -rf /wheels\nCOPY wheels/ /wheels/' },
  ],
  invalid: [
    {
      code: 'FROM python:3.11-slim\nCOPY wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir /tmp/wheels/*.whl\nRUN rm -rf /tmp/wheels',
      errors: [{ messageId: 'copied', range: '3:4-3:22' }],
      output: null,
    },
    {
      name: 'a folder relative to the WORKDIR, inside a longer RUN; lowercase keywords',
      code: 'from python:3.11-slim\nworkdir /src\ncopy ./ serve\nrun if [ "$LOCAL" = false ]; then rm -rf serve; git clone https://x/serve.git serve; fi',
      errors: [{ messageId: 'copied', range: '3:34-3:46' }],
      output: null,
    },
    {
      name: 'an installer downloaded by an earlier RUN, under the home folder',
      code: 'FROM ubuntu:20.04\nRUN curl -fsSL -o ~/mambaforge.sh https://x/Mambaforge.sh\nRUN bash ~/mambaforge.sh -b -p /opt/conda && \\\n    rm ~/mambaforge.sh',
      errors: [{ messageId: 'downloaded', range: '3:4-3:22' }],
      output: null,
    },
    {
      name: 'an archive added in the parent stage, deleted with its folder',
      code: 'FROM ubuntu:22.04 AS base\nADD model.tar.gz /opt/models/\nFROM base\nRUN rm -rf /opt/models',
      errors: [{ messageId: 'copied', range: '3:4-3:22' }],
      output: null,
    },
  ],
});
