import { rule } from '../../../../server/src/rules/dockerfile/invalid-definition-description';
import { ruleTester } from '../../ruleTester';

const on = '# check=experimental=InvalidDefinitionDescription\n';

ruleTester(rule, {
  valid: [
    { name: 'experimental: silent unless the check directive turns it on', code: '# not a description\nARG CUDA=12.4' },
    { name: 'descriptions that start with the name', code: on + '# CUDA the CUDA release\nARG CUDA=12.4\n# build compiles the wheels\nFROM python:3.11 AS build' },
    { name: 'a blank line or an empty comment between', code: on + '# a note\n\nARG CUDA=12.4\n# a note\n#\nARG TORCH=2.3' },
    { name: 'FROM without a name, and other instructions', code: on + '# the base\nFROM python:3.11\n# install\nRUN echo' },
  ],
  invalid: [
    {
      code: on + '# the CUDA release\nARG CUDA=12.4\n# Build the wheels\nFROM python:3.11 AS build\n# several\nARG A=1 B=2',
      errors: [
        { messageId: 'arg', range: '2:0-2:3' },
        { messageId: 'stage', range: '4:0-4:4' },
        { messageId: 'arg', range: '6:0-6:3' },
      ],
      output: null,
    },
  ],
});
