/** The schema types a registry holds. Confluent omits `schemaType` for Avro; the client fills it in. */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF'

/** A schema's reference to a version of another subject, under the name its schema uses for it. */
export interface SchemaReference {
  /** The name the referencing schema uses: an Avro full name, a JSON Schema `$ref` URL, a `.proto` import path. */
  name: string
  subject: string
  version: number
}

/** A schema as `schemaById` answers it. */
export interface RegisteredSchema {
  /** The schema text as the registry stores it (JSON for Avro and JSON Schema, `.proto` text for Protobuf). */
  schema: string
  schemaType: SchemaType
  references: SchemaReference[]
}

/** The live latest version of a subject. */
export interface LatestVersion extends RegisteredSchema {
  subject: string
  id: number
  version: number
}

/** What `register` and `status` take: a register body of the Confluent API. */
export interface SchemaInput {
  schema: string
  /** Default `AVRO`, as in Confluent's API. */
  schemaType?: SchemaType
  references?: SchemaReference[]
}

/** One finding of a payload check: a JSON Pointer into the payload and what is wrong there. */
export interface PayloadError {
  path: string
  message: string
}

/** The answer of `validate`. */
export interface ValidationResult {
  valid: boolean
  errors?: PayloadError[]
}

/** One finding of a status check (docs/EXTENSIONS.md, status check). */
export interface StatusWarning {
  kind: string
  path: string
  message: string
  direction: 'producer' | 'consumer'
}

/** The answer of `status`: the caller's schema against the subject's live latest version. */
export interface StatusResult {
  subject: string
  version: number
  id: number
  /** True exactly when `warnings` is empty. */
  compatible: boolean
  warnings: StatusWarning[]
}

/** The short names of the change stream's event types; the full type is `io.openschema.registry.<name>`. */
export type ChangeType = 'schema.registered' | 'version.deleted' | 'subject.deleted' | 'config.changed' | 'mode.changed' | 'staging.promoted'

/** A change as the registry's change stream sends it: a CloudEvents 1.0 JSON object. */
export interface ChangeEvent {
  specversion: '1.0'
  /** The event's sequence number in the registry's events log, as a decimal string. */
  id: string
  source: string
  /** `io.openschema.registry.<ChangeType>`. */
  type: string
  time?: string
  /** The qualified subject (`orders-value`, or `:.team-a:orders-value` outside the default context), when the change has one. */
  subject?: string
  datacontenttype?: string
  data: {
    context?: string
    /** The unqualified subject name. */
    subject?: string
    version?: number
    /** A number in the Confluent dialect (which this client asks for), a decimal string in OpenSchema's. */
    id?: number | string
    schemaType?: SchemaType
    [key: string]: unknown
  }
}

/**
 * Which changes an `onChange` handler gets: a predicate, or fields that must all match. `types` takes
 * short (`schema.registered`) or full (`io.openschema.registry.schema.registered`) names.
 */
export type ChangeFilter =
  | ((event: ChangeEvent) => boolean)
  | {
      /** The qualified subject, exactly. */
      subject?: string
      /** A prefix of the unqualified subject name. */
      subjectPrefix?: string
      /** The context, `.` for the default one. */
      context?: string
      types?: string[]
    }
