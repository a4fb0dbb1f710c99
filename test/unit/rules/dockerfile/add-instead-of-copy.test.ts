import { rule } from '../../../../server/src/rules/dockerfile/add-instead-of-copy';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a quoted URL is still a URL', code: 'FROM debian\nADD "https://example.com/tool.bin" /usr/local/bin/tool\nADD \'http://example.com/a.txt\' /a.txt' },
    { name: 'compressed files may be tar archives that ADD unpacks', code: 'FROM debian\nADD rootfs.gz /\nADD data.bz2 data.xz /srv/' },
    'FROM python:3.11-slim\nCOPY requirements.txt serve.py ./',
    { name: 'URLs', code: 'FROM python:3.11-slim\nADD https://huggingface.co/gpt2/resolve/main/model.safetensors /models/\nADD http://example.com/a.bin /a.bin' },
    { name: 'Git repositories', code: 'FROM python:3.11-slim\nADD https://github.com/huggingface/transformers.git#v4.44.0 /src\nADD git@github.com:org/repo.git /src' },
    { name: 'local archives that ADD extracts', code: 'FROM python:3.11-slim\nADD weights.tar.gz /models/\nADD data.tgz data.tar.zst data.txz /data/\nADD Model.TAR /m/' },
    { name: 'flags that only ADD has', code: 'FROM python:3.11-slim\nADD --checksum=sha256:abc model.bin /models/\nADD --keep-git-dir=true repo /src' },
    { name: 'variables and open patterns', code: 'FROM python:3.11-slim\nADD ${MODEL_FILE} /models/\nADD weights* /models/' },
    { name: 'ONBUILD ADD is left alone', code: 'FROM python:3.11-slim\nONBUILD ADD . /app' },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nADD\nADD only-destination' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      code: 'FROM python:3.11-slim\nADD requirements.txt serve.py ./',
      errors: [{ messageId: 'useCopy', range: '1:0-1:3' }],
      output: 'FROM python:3.11-slim\nCOPY requirements.txt serve.py ./',
    },
    {
      name: 'lowercase keyword, flags COPY accepts, continuation line',
      code: 'from python:3.11-slim\nadd --chown=app:app --chmod=644 \\\n    model.safetensors config.json /models/',
      errors: [{ messageId: 'useCopy', range: '1:0-1:3' }],
      output: 'from python:3.11-slim\ncopy --chown=app:app --chmod=644 \\\n    model.safetensors config.json /models/',
    },
    {
      name: 'exec form and mixed-case keyword',
      code: 'FROM python:3.11-slim\nAdd ["model card.md", "/models/"]',
      errors: [{ messageId: 'useCopy', range: '1:0-1:3' }],
      output: 'FROM python:3.11-slim\nCopy ["model card.md", "/models/"]',
    },
    {
      name: 'heredoc whose body mentions a URL, in the final stage of a multi-stage file',
      code: 'FROM python:3.11 AS build\nFROM python:3.11-slim\nADD <<EOF /etc/pip.conf\n[global]\nindex-url = https://pypi.org/simple\nEOF',
      errors: [{ messageId: 'useCopy', range: '2:0-2:3' }],
      output: 'FROM python:3.11 AS build\nFROM python:3.11-slim\nCOPY <<EOF /etc/pip.conf\n[global]\nindex-url = https://pypi.org/simple\nEOF',
    },
  ],
});
