/** The JSON Schema subset the catalog uses (draft 2020-12 keywords; `format` names the validators below). */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: readonly (string | number)[];
  format?: FieldFormat;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: boolean;
  default?: unknown;
  /** Attachment fields: what the file may be. */
  'x-attachment'?: AttachmentSpec;
}

export const FIELD_FORMATS = ['date', 'credit-code', 'cn-id', 'cn-phone', 'ip', 'cidr', 'port-list', 'region-code', 'email'] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

export interface AttachmentSpec {
  /** Lower-case extensions without the dot. */
  types: readonly string[];
  maxMb: number;
  /** Scans of a physical seal: images must carry at least this resolution. */
  minDpi?: number;
}

/** Cross-field rules JSON Schema cannot say, as a closed set of kinds both the UI and the signer evaluate. */
export type FormRule =
  | { kind: 'notice'; dateField: string; workingDays: number; when?: { field: string; in: readonly string[] } }
  | { kind: 'maxSpanMonths'; fromField: string; toField: string; months: number; when?: { field: string; in: readonly string[] } }
  | { kind: 'requiredWhen'; field: string; when: { field: string; in: readonly (string | boolean)[] } }
  | { kind: 'minimalAuthorisation'; modeField: string; sufficientField: string; justificationField: string; order: readonly string[] }
  | { kind: 'forbiddenValue'; field: string; value: string; message: 'sharingRefused' };

export interface FormDefinition {
  id: string;
  /** Bumped when fields change; drafts keep the version they were made with. */
  version: number;
  title: string;
  description: string;
  schema: JsonSchema;
  /** react-jsonschema-form hints: field order, widgets, help texts. */
  uiSchema: Record<string, unknown>;
  rules: readonly FormRule[];
  /** The printed form must carry the unit's seal (commitment letters): print, approve and seal it. */
  needsUnitSeal: boolean;
  /** A filled-in example that validates, for documentation and tests. */
  example: Record<string, unknown>;
  /** How drafts made with an earlier version carry over: fields renamed from one version to the next. */
  migrations?: readonly FormMigration[];
}

/** One step from `from` to `from + 1`; answers to fields the new version no longer has are kept aside, never dropped. */
export interface FormMigration {
  from: number;
  rename: Readonly<Record<string, string>>;
}
