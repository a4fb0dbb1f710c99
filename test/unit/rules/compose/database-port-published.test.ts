import { rule } from '../../../../server/src/rules/compose/database-port-published';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'bound to loopback', code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n      - localhost:5433:5432\n      - "[::1]:5434:5432"\n' },
    { name: 'only exposed to the Compose network', code: 'services:\n  db:\n    image: postgres:16\n    expose:\n      - "5432"\n' },
    { name: 'an interpolated image whose default is no database', code: 'services:\n  api:\n    image: ${API_IMAGE:-ghcr.io/acme/api:1.0}\n    ports:\n      - "8000:8000"\n' },
    { name: 'an application port is not a database port', code: 'services:\n  api:\n    image: ghcr.io/acme/rag-api:1.4.0\n    ports:\n      - "8000:8000"\n' },
    { name: 'long syntax bound to loopback', code: 'services:\n  qdrant:\n    image: qdrant/qdrant:v1.9.2\n    ports:\n      - target: 6333\n        published: 6333\n        host_ip: 127.0.0.1\n' },
    { name: 'a chosen interface or a variable host IP is a decision', code: 'services:\n  redis:\n    image: redis:7\n    ports:\n      - 10.0.0.5:6379:6379\n      - ${BIND_IP}:6380:6379\n' },
    { name: 'a service that only builds is unknown', code: 'services:\n  db:\n    build: ./db\n    ports:\n      - "5432:5432"\n' },
    { name: 'an image in a variable is unknown', code: 'services:\n  db:\n    image: ${DB_IMAGE}\n    ports:\n      - "5432:5432"\n' },
    { name: 'admin UIs are not databases', code: 'services:\n  ui:\n    image: redis/redisinsight:2.50\n    ports:\n      - "5540:5540"\n' },
    { name: 'host networking ignores ports', code: 'services:\n  db:\n    image: postgres:16\n    network_mode: host\n    ports:\n      - "5432:5432"\n' },
    'services:',
    'services:\n  db:',
    'services:\n  db:\n    image: postgres:16\n    ports:\n',
  ],
  invalid: [
    {
      name: 'interpolated tags and images, and stores beyond the classic databases',
      code: [
        'services:',
        '  es:',
        '    image: docker.elastic.co/elasticsearch/elasticsearch:${STACK_VERSION}',
        '    ports: ["9200:9200"]',
        '  vectors:',
        '    image: ${QDRANT_IMAGE:-qdrant/qdrant:v1.9.2}',
        '    ports: ["6333:6333"]',
        '  infinity:',
        '    image: infiniflow/infinity:v0.6.0',
        '    ports: ["23817:23817"]',
        '  ob:',
        '    image: oceanbase/oceanbase-ce:4.3.5',
        '    ports: ["2881:2881"]',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'allInterfaces', range: '3:12-3:23' },
        { messageId: 'allInterfaces', range: '6:12-6:23' },
        { messageId: 'allInterfaces', range: '9:12-9:25' },
        { messageId: 'allInterfaces', range: '12:12-12:23' },
      ],
      output: [
        'services:',
        '  es:',
        '    image: docker.elastic.co/elasticsearch/elasticsearch:${STACK_VERSION}',
        '    ports: ["127.0.0.1:9200:9200"]',
        '  vectors:',
        '    image: ${QDRANT_IMAGE:-qdrant/qdrant:v1.9.2}',
        '    ports: ["127.0.0.1:6333:6333"]',
        '  infinity:',
        '    image: infiniflow/infinity:v0.6.0',
        '    ports: ["127.0.0.1:23817:23817"]',
        '  ob:',
        '    image: oceanbase/oceanbase-ce:4.3.5',
        '    ports: ["127.0.0.1:2881:2881"]',
        '',
      ].join('\n'),
    },
    {
      name: 'short syntax, quoted and plain, with and without a host port',
      code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n      - 5433:5432\n      - 5432\n',
      errors: [
        { messageId: 'allInterfaces', range: '4:8-4:19' },
        { messageId: 'allInterfaces', range: '5:8-5:17' },
        { messageId: 'allInterfaces', range: '6:8-6:12' },
      ],
      output: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n      - 127.0.0.1:5433:5432\n      - 127.0.0.1::5432\n',
    },
    {
      name: 'an explicit all-interfaces address, and an interpolated host port',
      code: "services:\n  cache:\n    image: bitnami/redis:7.2\n    ports: ['0.0.0.0:6379:6379', '${REDIS_PORT:-6379}:6379', '[::]:6380:6379']\n",
      errors: [
        { messageId: 'allInterfaces', range: '3:12-3:31' },
        { messageId: 'allInterfaces', range: '3:33-3:59' },
        { messageId: 'allInterfaces', range: '3:61-3:77' },
      ],
      output: "services:\n  cache:\n    image: bitnami/redis:7.2\n    ports: ['127.0.0.1:6379:6379', '127.0.0.1:${REDIS_PORT:-6379}:6379', '127.0.0.1:6380:6379']\n",
    },
    {
      name: 'long syntax: host_ip is added at the indentation of the other keys, or replaced',
      code:
        'services:\n  qdrant:\n    image: qdrant/qdrant:v1.9.2\n    ports:\n      - target: 6333\n        published: 6333  # REST\n' +
        '      - {target: 6334, published: 6334}\n      - target: 6335\n        host_ip: 0.0.0.0\n',
      errors: [
        { messageId: 'allInterfaces', range: '5:19-5:23' },
        { messageId: 'allInterfaces', range: '6:34-6:38' },
        { messageId: 'allInterfaces', range: '7:16-7:20' },
      ],
      output:
        'services:\n  qdrant:\n    image: qdrant/qdrant:v1.9.2\n    ports:\n      - target: 6333\n        published: 6333  # REST\n        host_ip: 127.0.0.1\n' +
        '      - {target: 6334, published: 6334, host_ip: 127.0.0.1}\n      - target: 6335\n        host_ip: 127.0.0.1\n',
    },
    {
      name: 'vector stores and search engines, with four-space indentation',
      code: 'services:\n    milvus:\n        image: milvusdb/milvus:v2.4.5\n        ports:\n            - "19530:19530"\n    es:\n        image: docker.elastic.co/elasticsearch/elasticsearch:8.14.1\n        ports:\n            - target: 9200\n              published: 9200\n',
      errors: [
        { messageId: 'allInterfaces', range: '4:14-4:27' },
        { messageId: 'allInterfaces', range: '9:25-9:29' },
      ],
      output: 'services:\n    milvus:\n        image: milvusdb/milvus:v2.4.5\n        ports:\n            - "127.0.0.1:19530:19530"\n    es:\n        image: docker.elastic.co/elasticsearch/elasticsearch:8.14.1\n        ports:\n            - target: 9200\n              published: 9200\n              host_ip: 127.0.0.1\n',
    },
    {
      name: 'ports inherited through a merge key are reported once, where written, without an in-place fix',
      code: 'x-db: &db\n  image: postgres:16\n  ports:\n    - "5432:5432"\nservices:\n  primary:\n    <<: *db\n  replica:\n    <<: *db\n',
      errors: [{ messageId: 'allInterfaces', range: '3:6-3:17' }],
      output: null,
    },
  ],
});
