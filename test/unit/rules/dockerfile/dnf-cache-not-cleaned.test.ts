import { rule } from '../../../../server/src/rules/dockerfile/dnf-cache-not-cleaned';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM rockylinux:9\nRUN dnf install -y python3.11 && dnf clean all',
    'FROM centos:7\nRUN yum -y install git && yum clean all && rm -rf /var/cache/yum',
    { name: 'microdnf on a continuation line', code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y git \\\n  && microdnf clean all' },
    { name: 'cache folder deleted', code: 'FROM fedora:40\nRUN dnf install -y gcc; rm -rf /var/cache/dnf' },
    { name: 'cache mount', code: 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc' },
    { name: 'builder stage', code: 'FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM fedora:40\nCOPY --from=build /out /out' },
    { name: 'subcommands that download nothing', code: 'FROM fedora:40\nRUN dnf remove -y gcc && dnf list installed' },
    { name: 'dnf clean packages is not clean all, but nothing was installed', code: 'FROM fedora:40\nRUN dnf clean packages' },
    'FROM fedora\nRUN dnf',
  ],
  invalid: [
    {
      code: 'FROM rockylinux:9\nRUN dnf install -y python3.11',
      errors: [{ messageId: 'missing', range: '1:4-1:15' }],
      output: 'FROM rockylinux:9\nRUN dnf install -y python3.11 && dnf clean all',
    },
    {
      name: 'yum with options before the verb, lowercase keyword',
      code: 'from public.ecr.aws/lambda/python:3.9\nrun yum -y --setopt=tsflags=nodocs install git',
      errors: [{ messageId: 'missing', range: '1:4-1:42' }],
      output: 'from public.ecr.aws/lambda/python:3.9\nrun yum -y --setopt=tsflags=nodocs install git && yum clean all',
    },
    {
      name: 'cleaned before a second install',
      code: 'FROM fedora:40\nRUN dnf install -y gcc && \\\n    dnf clean all && \\\n    dnf upgrade -y',
      errors: [{ messageId: 'missing', range: '3:4-3:15' }],
      output: 'FROM fedora:40\nRUN dnf install -y gcc && \\\n    dnf clean all && \\\n    dnf upgrade -y && \\\n    dnf clean all',
    },
    {
      name: 'only the metadata cleaned',
      code: 'FROM fedora:40\nRUN microdnf install -y git && microdnf clean metadata',
      errors: [{ messageId: 'missing', range: '1:4-1:20' }],
      output: 'FROM fedora:40\nRUN microdnf install -y git && microdnf clean metadata && microdnf clean all',
    },
    {
      name: 'heredoc: no fix',
      code: 'FROM fedora:40\nRUN <<EOF\ndnf install -y gcc\nEOF',
      errors: [{ messageId: 'missing', range: '2:0-2:11' }],
      output: null,
    },
  ],
});
