import { rule } from '../../../../server/src/rules/dockerfile/conda-pip-mix';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM continuumio/miniconda3\nRUN conda install -y numpy scipy',
    'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch',
    { name: 'environment.yml with a pip section', code: 'FROM continuumio/miniconda3\nCOPY environment.yml .\nRUN conda env update -n base -f environment.yml' },
    { name: 'conda brings only the interpreter, pip the packages', code: 'FROM continuumio/miniconda3\nRUN conda install -y "python=3.11" pip && conda create -y -n app python=3.11\nRUN pip install torch && conda run -n app pip install vllm' },
    { name: 'pip into a different env', code: 'FROM continuumio/miniconda3\nRUN conda create -y -n ml python=3.11\nRUN pip install torch' },
    { name: 'pip into a venv', code: 'FROM continuumio/miniconda3\nRUN conda install -y numpy\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install torch' },
    { name: 'system pip by path', code: 'FROM continuumio/miniconda3\nRUN conda install -y numpy && /usr/bin/pip3 install awscli' },
    { name: 'pip without dependencies', code: 'FROM continuumio/miniconda3\nRUN conda install -y numpy\nCOPY . /src\nRUN pip install --no-deps -e /src' },
    { name: 'pip --user', code: 'FROM continuumio/miniconda3\nRUN conda install -y numpy && pip install --user black' },
    { name: 'different stages', code: 'FROM continuumio/miniconda3 AS a\nRUN conda install -y numpy\nFROM continuumio/miniconda3\nRUN pip install torch' },
    { name: 'conda env create names the env in its file', code: 'FROM continuumio/miniconda3\nRUN conda env create -f environment.yml\nRUN pip install torch' },
    {
      name: 'pip after conda adds packages conda did not install: the order conda documents',
      code: 'FROM quay.io/jupyter/scipy-notebook\nRUN mamba install --yes "protobuf>=5.28.3,<6" && mamba clean --all -f -y\nRUN pip install --no-cache-dir "tensorflow-cpu"',
    },
    { name: 'conda brought only the interpreter that pip then upgrades', code: 'FROM continuumio/miniconda3\nRUN conda install -y python=3.11 pip numpy\nRUN pip install -U pip setuptools' },
    { name: 'a named env, pip adds other packages', code: 'FROM continuumio/miniconda3\nRUN conda create -y -n ml python=3.11 numpy\nRUN conda activate ml && pip install torch' },
    'FROM continuumio/miniconda3\nRUN conda',
    'FROM continuumio/miniconda3\nRUN conda run',
    'FROM continuumio/miniconda3\nRUN conda install\nRUN pip',
    '',
  ],
  invalid: [
    {
      name: 'pip replaces a package conda installed, named another way',
      code: 'FROM continuumio/miniconda3\nRUN conda install -y -c conda-forge conda-forge::NumPy=1.26 scikit_learn\nRUN pip install torch "scikit-learn>=1.5"',
      errors: [{ messageId: 'pipAfterConda', range: '2:4-2:15'}],
      output: null,
    },
    {
      name: 'conda after pip, in one RUN over continuation lines, lowercase keywords',
      code: 'from condaforge/miniforge3\nrun pip install torch && \\\n    mamba install -y faiss-cpu',
      errors: [{ messageId: 'condaAfterPip', range: '2:4-2:17' }],
      output: null,
    },
    {
      name: 'a named env, activated',
      code: 'FROM continuumio/miniconda3\nRUN conda create -y -n ml python=3.11 numpy\nRUN conda activate ml && pip install torch numpy==2.1',
      errors: [{ messageId: 'pipAfterConda', range: '2:25-2:36' }],
      output: null,
    },
    {
      name: 'an env by its pip path and by conda run',
      code: 'FROM continuumio/miniconda3\nRUN conda create -y -p /opt/conda/envs/ml python=3.11 numpy\nRUN /opt/conda/envs/ml/bin/pip install numpy\nRUN conda create -y -n serve python uvicorn\nRUN conda run -n serve pip install fastapi uvicorn[standard]',
      errors: [
        { messageId: 'pipAfterConda', range: '2:4-2:38' },
        { messageId: 'pipAfterConda', range: '4:23-4:34' },
      ],
      output: null,
    },
    {
      name: 'SHELL runs in an env, heredoc, ARG-resolved base, env inherited through FROM <stage>',
      code: 'ARG BASE=mambaorg/micromamba:1.5\nFROM ${BASE} AS env\nRUN micromamba create -y -n app python=3.11\nSHELL ["micromamba", "run", "-n", "app", "/bin/bash", "-c"]\nFROM env\nRUN <<EOF\npip install torch\nEOF\nRUN micromamba install -y -n app numpy',
      errors: [{ messageId: 'condaAfterPip', range: '8:4-8:22' }],
      output: null,
    },
    {
      name: 'one report per environment',
      code: 'FROM continuumio/miniconda3\nRUN conda install -y numpy\nRUN pip install torch numpy\nRUN pip install transformers numpy\nRUN conda install -y scipy',
      errors: [{ messageId: 'pipAfterConda', range: '2:4-2:15' }],
      output: null,
    },
  ],
});
