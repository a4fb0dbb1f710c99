import { rule } from '../../../../server/src/rules/dockerfile/model-weights-in-image';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11-slim\nWORKDIR /app\nCOPY serve.py requirements.txt ./\nVOLUME /models\nCMD ["python", "serve.py"]',
    { name: 'weights in a builder stage that is not shipped', code: 'FROM python:3.11 AS convert\nCOPY model.pt /w/\nRUN huggingface-cli download bert-base-uncased\nFROM python:3.11-slim\nCOPY serve.py .' },
    { name: 'protobuf descriptors and other .pb files', code: 'FROM python:3.11-slim\nCOPY protos/descriptor.pb /app/\nCOPY api.pbtxt /app/' },
    { name: 'a .bin that is not a PyTorch checkpoint', code: 'FROM debian:bookworm-slim\nCOPY firmware.bin /opt/' },
    { name: 'Python sources named after models', code: 'FROM python:3.11-slim\nCOPY models/ /app/models/\nCOPY model.py /app/' },
    { name: 'a tokenizer download is small', code: 'FROM python:3.11-slim\nRUN python -c "from transformers import AutoTokenizer; AutoTokenizer.from_pretrained(\'bert-base-uncased\')"' },
    { name: 'curl of a script, hf of another verb', code: 'FROM python:3.11-slim\nRUN curl -fsSL https://example.com/install.sh | sh && hf auth whoami' },
    { name: 'cloning a Hugging Face Space is code', code: 'FROM python:3.11-slim\nRUN git clone https://huggingface.co/spaces/acme/demo /app' },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nCOPY\nADD\nCOPY --from=\nRUN\nRUN huggingface-cli' },
    { name: 'no FROM', code: 'COPY model.pt /models/' },
    {
      name: 'a copy from a builder stage of a folder its weights did not go to',
      code: 'FROM python:3.11 AS builder\nWORKDIR /app\nCOPY model.safetensors /models/\nRUN huggingface-cli download org/model\nCOPY app.py .\nFROM python:3.11-slim AS runtime\nCOPY --from=builder /app /app\nCOPY --from=0 /opt/venv /opt/venv',
    },
    { name: 'empty file', code: '' },
    { name: 'code folders named models under the app', code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY models ./models\nCOPY src/models/ /srv/models/' },
    { name: 'a tool copied from another image', code: 'FROM python:3.11-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv' },
    { name: 'importing a model class is no download', code: 'FROM python:3.11-slim\nRUN python -c "from sentence_transformers import SentenceTransformer"' },
    { name: 'a Hub config file is small', code: 'FROM python:3.11-slim\nADD https://huggingface.co/acme/bert/resolve/main/config.json /app/' },
    { name: 'copying the download script is not running it', code: 'FROM python:3.11-slim\nCOPY scripts/download_model.py /app/\nCMD ["sh", "-c", "python /app/download_model.py && python serve.py"]' },
  ],
  invalid: [
    {
      name: 'folders of downloaded weights: an embeddings cache, checkpoints, a models folder copied to /models',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY tei_data /data\nCOPY ./checkpoints/ ./checkpoints/\nCOPY models/llama /models/llama\nCOPY .cache/huggingface /root/.cache/huggingface',
      errors: [
        { messageId: 'copyFolder', range: '2:5-2:13' },
        { messageId: 'copyFolder', range: '3:5-3:19' },
        { messageId: 'copyFolder', range: '4:5-4:17' },
        { messageId: 'copyFolder', range: '5:5-5:23' },
      ],
      output: null,
    },
    {
      name: 'weights copied from another image',
      code: 'FROM python:3.11-slim\nCOPY --from=ghcr.io/acme/embeddings:1.0 /models /models',
      errors: [{ messageId: 'copyFromImage', range: '1:40-1:47' }],
      output: null,
    },
    {
      name: 'Hub files without a weights extension: ADD and curl',
      code: 'FROM python:3.11-slim\nADD https://huggingface.co/acme/tts/resolve/main/kokoro-v1_0 /models/\nRUN curl -L -o /models/m https://hf.co/acme/tts/resolve/main/voices',
      errors: [
        { messageId: 'download', range: '1:4-1:60' },
        { messageId: 'download', range: '2:25-2:67' },
      ],
      output: null,
    },
    {
      name: 'Python that downloads at build time: sentence-transformers, Torch Hub, faster-whisper',
      code: [
        'FROM python:3.11-slim',
        'RUN python -c "from sentence_transformers import SentenceTransformer; SentenceTransformer(\'all-MiniLM-L6-v2\')"',
        'RUN python -c "import torch; torch.hub.load(\'pytorch/vision\', \'resnet50\')"',
        'RUN python -c "from faster_whisper import WhisperModel; WhisperModel(\'small\', download_root=\'/models\')"',
      ].join('\n'),
      errors: [
        { messageId: 'download', range: '1:70-1:89' },
        { messageId: 'download', range: '2:29-2:43' },
        { messageId: 'download', range: '3:56-3:68' },
      ],
      output: null,
    },
    {
      name: 'a script named for downloading the model, run at build time',
      code: 'FROM python:3.11-slim\nRUN if [ "$DOWNLOAD_MODEL" = "true" ]; then python docker/scripts/download_model.py --output api/models; fi',
      errors: [{ messageId: 'download', range: '1:51-1:83' }],
      output: null,
    },
    {
      name: 'weights a builder downloads into the folder the shipped stage copies',
      code: 'FROM python:3.11 AS builder\nWORKDIR /app\nRUN huggingface-cli download org/model --local-dir model\nFROM python:3.11-slim\nCOPY --from=builder /app /app',
      errors: [{ messageId: 'copyFromStage', range: '4:20-4:24' }],
      output: null,
    },
    {
      name: 'weights that reach the shipped stage through COPY --from: the builder folder, a file in it, a chain of stages',
      code: [
        'FROM python:3.11 AS weights',
        'WORKDIR /w',
        'COPY checkpoints/best.pt .',
        'FROM python:3.11 AS builder',
        'WORKDIR /app',
        'COPY model.safetensors /models/',
        'COPY --from=weights /w ./ckpt',
        'COPY . .',
        'FROM python:3.11-slim AS runtime',
        'COPY --from=builder /models /models',
        'COPY --from=builder /models/model.safetensors /srv/',
        'COPY --from=builder app /app',
      ].join('\n'),
      errors: [
        { messageId: 'copyFromStage', range: '9:20-9:27' },
        { messageId: 'copy', range: '10:20-10:45' },
        { messageId: 'copyFromStage', range: '11:20-11:23' },
      ],
      output: null,
    },
    {
      code: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nCOPY model.safetensors config.json /models/',
      errors: [{ messageId: 'copy', range: '1:5-1:22' }],
      output: null,
    },
    {
      name: 'COPY --from a builder stage into the shipped stage, globs, saved_model.pb, lowercase keywords',
      code: 'from python:3.11 as export\nrun python export.py\nfrom python:3.11-slim\ncopy --from=export /out/*.onnx /models/\ncopy export/saved_model.pb /models/1/',
      errors: [
        { messageId: 'copy', range: '3:19-3:30' },
        { messageId: 'copy', range: '4:5-4:26' },
      ],
      output: null,
    },
    {
      name: 'JSON form and a parent stage of the shipped one',
      code: 'FROM python:3.11-slim AS base\nCOPY ["weights/llama-3-8b.Q4_K_M.gguf", "/models/"]\nFROM base\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'copy', range: '1:6-1:38' }],
      output: null,
    },
    {
      name: 'ADD of a URL',
      code: 'FROM python:3.11-slim\nADD https://huggingface.co/acme/resnet/resolve/main/pytorch_model.bin?download=true /models/',
      errors: [{ messageId: 'download', range: '1:4-1:83' }],
      output: null,
    },
    {
      name: 'CLI downloads, on continuation lines',
      code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir huggingface_hub && \\\n    huggingface-cli download meta-llama/Llama-3.1-8B --local-dir /models && \\\n    hf download BAAI/bge-small-en && ollama pull llama3',
      errors: [
        { messageId: 'download', range: '2:4-2:28' },
        { messageId: 'download', range: '3:4-3:15' },
        { messageId: 'download', range: '3:37-3:48' },
      ],
      output: null,
    },
    {
      name: 'wget and curl of weight files, git clone of a model repository',
      code: 'FROM ubuntu:22.04\nRUN wget -q https://github.com/ultralytics/assets/releases/download/v8.2.0/yolov8n.pt -O /models/yolov8n.pt\nRUN curl -L -o /m/model.onnx "https://example.com/model.onnx" && git clone https://huggingface.co/openai/whisper-tiny /m/whisper',
      errors: [
        { messageId: 'download', range: '1:12-1:85' },
        { messageId: 'download', range: '2:29-2:61' },
        { messageId: 'download', range: '2:75-2:117' },
      ],
      output: null,
    },
    {
      name: 'Python downloads in -c and in a heredoc',
      code: 'FROM python:3.11-slim\nRUN python -c "from huggingface_hub import snapshot_download; snapshot_download(\'bert-base-uncased\')"\nRUN <<EOF\npython3 - <<PY\nfrom transformers import AutoModelForCausalLM\nAutoModelForCausalLM.from_pretrained("gpt2")\nPY\nEOF',
      errors: [
        { messageId: 'download', range: '1:62-1:79' },
        { messageId: 'download', range: '5:0-5:36' },
      ],
      output: null,
    },
    {
      name: 'ARG-resolved base',
      code: 'ARG BASE=python:3.11-slim\nFROM ${BASE}\nCOPY checkpoints/last.ckpt /ckpt/',
      errors: [{ messageId: 'copy', range: '2:5-2:26' }],
      output: null,
    },
  ],
});
