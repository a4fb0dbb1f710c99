import { rule } from '../../../../server/src/rules/compose/gpu-training-shm-size';
import { ruleTester } from '../../ruleTester';

const gpu = '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 2\n              capabilities: [gpu]\n';
const pytorch = 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime';
const trainer = (extra: string, image = pytorch) => `services:\n  trainer:\n    image: ${image}\n${extra}${gpu}`;

ruleTester(rule, {
  valid: [
    trainer('    shm_size: "16gb"\n'),
    { name: 'shm_size as a number of bytes', code: trainer('    shm_size: 8589934592\n') },
    { name: 'interpolated shm_size', code: trainer('    shm_size: ${SHM:-8g}\n') },
    { name: 'ipc: host', code: trainer('    ipc: host\n') },
    { name: "another service's IPC namespace", code: trainer('    ipc: "service:shm-holder"\n') },
    { name: "the host's /dev/shm mounted", code: trainer('    volumes:\n      - /dev/shm:/dev/shm\n') },
    { name: 'a tmpfs on /dev/shm, long syntax volume', code: trainer('    volumes:\n      - type: tmpfs\n        target: /dev/shm\n') },
    { name: 'tmpfs attribute', code: trainer('    tmpfs: /dev/shm:size=8g\n') },
    { name: 'shm_size inherited through a merge key', code: 'x-train: &train\n  shm_size: 8gb\n' + trainer('    <<: *train\n') },
    { name: 'no GPU', code: `services:\n  trainer:\n    image: ${pytorch}\n    command: torchrun train.py\n` },
    { name: 'inference image, no training command', code: trainer('    command: --model meta-llama/Llama-3.1-8B\n', 'vllm/vllm-openai:v0.6.3') },
    { name: 'an inference web UI on the PyTorch image', code: trainer('    command: python webui.py --listen\n') },
    {
      name: 'a build on the PyTorch image that serves',
      code: 'services:\n  ui:\n    build: .\n' + gpu,
      files: { Dockerfile: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nCOPY . /app\nCMD ["python", "/app/app.py", "--port", "7860"]\n' },
    },
    { name: 'a CUDA image serving a model', code: trainer('    command: python serve.py\n', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04') },
    {
      name: 'a built image whose CMD serves',
      code: 'services:\n  api:\n    build: ./api\n' + gpu,
      files: { 'api/Dockerfile': 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nCMD ["python3", "serve.py"]\n' },
    },
    {
      name: 'a Compose command overrides the training CMD',
      code: 'services:\n  api:\n    build: ./api\n    command: python3 evaluate.py\n' + gpu,
      files: { 'api/Dockerfile': 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nCMD ["torchrun", "train.py"]\n' },
    },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    command: torchrun\n    gpus:\n',
  ],
  invalid: [
    {
      name: 'the PyTorch image with a GPU: shm_size goes after image',
      code: trainer('    command: python train.py --epochs 10\n'),
      errors: [{ messageId: 'shm', range: '1:2-1:9' }],
      output: trainer('    shm_size: "8gb"\n    command: python train.py --epochs 10\n'),
    },
    {
      name: 'torchrun on a CUDA image, with gpus: all',
      code: 'services:\n  ddp:\n    image: nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\n    entrypoint: ["torchrun", "--nproc_per_node=8", "-m", "trainer"]\n    gpus: all\n',
      errors: [{ messageId: 'shm', range: '1:2-1:5' }],
      output: 'services:\n  ddp:\n    image: nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\n    shm_size: "8gb"\n    entrypoint: ["torchrun", "--nproc_per_node=8", "-m", "trainer"]\n    gpus: all\n',
    },
    {
      name: 'accelerate launch, NGC image, ipc: private',
      code: trainer('    ipc: private\n    command: accelerate launch finetune_lora.py\n', 'nvcr.io/nvidia/pytorch:24.05-py3'),
      errors: [{ messageId: 'shm', range: '1:2-1:9' }],
      output: trainer('    shm_size: "8gb"\n    ipc: private\n    command: accelerate launch finetune_lora.py\n', 'nvcr.io/nvidia/pytorch:24.05-py3'),
    },
    {
      name: "a build whose Dockerfile CMD trains: shm_size goes after the build block",
      code: 'services:\n  train:\n    build:\n      context: ./train\n      args:\n        - EPOCHS=3\n' + gpu,
      files: { 'train/Dockerfile': 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install torch\nCMD deepspeed --num_gpus 2 train.py\n' },
      errors: [{ messageId: 'shm', range: '1:2-1:7' }],
      output: 'services:\n  train:\n    build:\n      context: ./train\n      args:\n        - EPOCHS=3\n    shm_size: "8gb"\n' + gpu,
    },
    {
      name: 'a build on the PyTorch image, legacy runtime',
      code: 'services:\n  t:\n    build: .\n    runtime: nvidia\n',
      files: { Dockerfile: `FROM ${pytorch}\nCOPY . /app\n` },
      errors: [{ messageId: 'shm', range: '1:2-1:3' }],
      output: 'services:\n  t:\n    build: .\n    shm_size: "8gb"\n    runtime: nvidia\n',
    },
    {
      name: 'image from a merge key: shm_size becomes the first own key, four-space indentation',
      code: `x-train: &train\n    image: ${pytorch}\nservices:\n    t:\n        <<: *train\n        gpus: all\n`,
      errors: [{ messageId: 'shm', range: '3:4-3:5' }],
      output: `x-train: &train\n    image: ${pytorch}\nservices:\n    t:\n        shm_size: "8gb"\n        <<: *train\n        gpus: all\n`,
    },
    {
      name: 'a flow service mapping: no fix',
      code: `services:\n  t: {image: "${pytorch}", gpus: all}\n`,
      errors: [{ messageId: 'shm', range: '1:2-1:3' }],
      output: null,
    },
  ],
});
