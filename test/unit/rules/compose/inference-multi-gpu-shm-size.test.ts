import { rule } from '../../../../server/src/rules/compose/inference-multi-gpu-shm-size';
import { ruleTester } from '../../ruleTester';

const gpus = (count: string) =>
  `    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: ${count}\n              capabilities: [gpu]\n`;
const vllm = 'vllm/vllm-openai:v0.6.3';
const service = (extra: string, count = '4', image = vllm) => `services:\n  llm:\n    image: ${image}\n${extra}${gpus(count)}`;
const tp4 = '    command: --model meta-llama/Llama-3.1-70B-Instruct --tensor-parallel-size 4\n';

ruleTester(rule, {
  valid: [
    { name: 'ipc: host', code: service(`    ipc: host\n${tp4}`) },
    { name: 'shm_size', code: service(`    shm_size: 16gb\n${tp4}`) },
    { name: "the host's /dev/shm mounted", code: service(`${tp4}    volumes:\n      - /dev/shm:/dev/shm\n`) },
    { name: 'one GPU', code: service('    command: --model Qwen/Qwen2.5-7B-Instruct\n', '1') },
    { name: 'tensor parallelism of 1 on a larger reservation', code: service('    command: --model m --tensor-parallel-size 1\n') },
    { name: 'every GPU of a host of unknown size, no parallelism option', code: service('    command: --model m\n', 'all') },
    { name: 'not an inference server', code: service('    command: python app.py\n', '2', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04') },
    { name: 'no GPU at all', code: `services:\n  llm:\n    image: ${vllm}\n${tp4}` },
    { name: 'training is the other rule\'s finding', code: service('    command: torchrun --nproc_per_node=4 train.py\n', '4', 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime') },
  ],
  invalid: [
    {
      name: 'vLLM with --tensor-parallel-size 4',
      code: service(tp4),
      errors: [{ messageId: 'shm', range: '1:2-1:5' }],
      output: service(`    shm_size: "8gb"\n${tp4}`),
    },
    {
      name: 'TGI with NUM_SHARD in a list environment',
      code: service('    environment:\n      - NUM_SHARD=2\n', 'all', 'ghcr.io/huggingface/text-generation-inference:2.4.0'),
      errors: [{ messageId: 'shm', range: '1:2-1:5' }],
      output: service('    shm_size: "8gb"\n    environment:\n      - NUM_SHARD=2\n', 'all', 'ghcr.io/huggingface/text-generation-inference:2.4.0'),
    },
    {
      name: 'SGLang started by its command, --tp=2 in a list, ipc: private',
      code: service('    ipc: private\n    command: ["python3", "-m", "sglang.launch_server", "--model-path", "m", "--tp=2"]\n', '2', 'python:3.11'),
      errors: [{ messageId: 'shm', range: '1:2-1:5' }],
      output: service('    shm_size: "8gb"\n    ipc: private\n    command: ["python3", "-m", "sglang.launch_server", "--model-path", "m", "--tp=2"]\n', '2', 'python:3.11'),
    },
    {
      name: 'two GPUs reserved by id, no parallelism option',
      code: `services:\n  llm:\n    image: lmsysorg/sglang:v0.3.5\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n`,
      errors: [{ messageId: 'shm', range: '1:2-1:5' }],
      output: `services:\n  llm:\n    image: lmsysorg/sglang:v0.3.5\n    shm_size: "8gb"\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n`,
    },
  ],
});
