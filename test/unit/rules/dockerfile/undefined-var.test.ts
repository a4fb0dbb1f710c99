import { rule } from '../../../../server/src/rules/dockerfile/undefined-var';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nARG DIR=models\nCOPY $DIR /m',
    { name: 'an image whose environment is unknown', code: 'FROM nvidia/cuda:12.4.1-base-ubuntu22.04\nENV PATH=$CUDA_HOME/bin:$PATH' },
    { name: 'single quotes and RUN', code: 'FROM alpine\nLABEL a=\'$X\'\nRUN echo $HOME' },
    'FROM python:3.11\nENV PYTHONPATH=/app:$PYTHON_VERSION',
  ],
  invalid: [
    { code: 'FROM python:3.11\nARG MODEL_DIR=models\nCOPY ${MODEL_DIRS} /models', errors: [{ messageId: 'didYouMean', range: '2:5-2:18' }], output: 'FROM python:3.11\nARG MODEL_DIR=models\nCOPY ${MODEL_DIR} /models' },
    { name: 'a global ARG is not seen in a stage without ARG NAME', code: 'ARG V=1\nFROM alpine\nLABEL v=$V', errors: [{ messageId: 'undefined', range: '2:8-2:10' }], output: null },
  ],
});
