// The types of validate.js, the validator that scripts/refresh-compose-schema.mjs compiles from compose-spec.json.
import type { ErrorObject } from 'ajv';

declare const validate: {
  (data: unknown): boolean;
  /** ajv's errors of the last call, with `schema`, `parentSchema` and `data` (the validator is compiled verbose). */
  errors?: ErrorObject[] | null;
};

export = validate;
