import { rule } from '../../../../server/src/rules/dockerfile/conda-cache-not-cleaned';
import { ruleTester } from '../../ruleTester';

const BASE = 'FROM continuumio/miniconda3:24.7.1-0\n';

ruleTester(rule, {
  valid: [
    `${BASE}RUN conda install -y numpy && conda clean -afy`,
    { name: 'long options', code: `${BASE}RUN mamba install --yes numpy && mamba clean --all -f -y` },
    { name: 'micromamba', code: 'FROM mambaorg/micromamba:1.5.8\nRUN micromamba install -y -n base numpy && \\\n    micromamba clean --all --yes' },
    { name: 'tarballs and packages', code: `${BASE}RUN conda create -n ml python=3.11 && conda clean -tipy` },
    { name: 'package folder deleted', code: `${BASE}RUN conda env create -f environment.yml && rm -rf /opt/conda/pkgs/*` },
    { name: 'cache mount on the package folder', code: `${BASE}RUN --mount=type=cache,target=/opt/conda/pkgs conda install -y numpy` },
    { name: 'CONDA_PKGS_DIRS on a mount', code: `${BASE}ENV CONDA_PKGS_DIRS=/cache/conda\nRUN --mount=type=cache,target=/cache/conda conda install -y numpy` },
    { name: 'conda env export downloads nothing', code: `${BASE}RUN conda env export > env.yml` },
    { name: 'builder stage', code: `${BASE}AS build\nRUN conda create -p /env numpy\nFROM debian:bookworm-slim\nCOPY --from=build /env /env` },
  ],
  invalid: [
    {
      code: `${BASE}RUN conda install -y -c conda-forge numpy scipy`,
      errors: [{ messageId: 'missing', range: '1:4-1:17' }],
      output: `${BASE}RUN conda install -y -c conda-forge numpy scipy && conda clean --all --yes`,
    },
    {
      name: 'only the index cleaned; full path to conda; lowercase keyword',
      code: 'from nvidia/cuda:12.4.1-runtime-ubuntu22.04\nrun /opt/conda/bin/conda create -n py311 python=3.11 -y && /opt/conda/bin/conda clean -i',
      errors: [{ messageId: 'missing', range: '1:4-1:31' }],
      output:
        'from nvidia/cuda:12.4.1-runtime-ubuntu22.04\nrun /opt/conda/bin/conda create -n py311 python=3.11 -y && /opt/conda/bin/conda clean -i && /opt/conda/bin/conda clean --all --yes',
    },
    {
      name: 'env update over continuation lines',
      code: `${BASE}RUN mamba env update -n base -f env.yml \\\n    && echo done`,
      errors: [{ messageId: 'missing', range: '1:4-1:13' }],
      output: `${BASE}RUN mamba env update -n base -f env.yml \\\n    && echo done \\\n    && mamba clean --all --yes`,
    },
    {
      name: 'heredoc: no fix',
      code: `${BASE}RUN <<EOF\nconda install -y numpy\nEOF`,
      errors: [{ messageId: 'missing', range: '2:0-2:13' }],
      output: null,
    },
  ],
});
