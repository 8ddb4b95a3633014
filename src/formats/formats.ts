import type { SchemaType } from '../domain/schema-types.js'
import { RegistryError } from '../errors/registry-error.js'
import type { FormatPlugin } from './format-plugin.js'
import { avroFormat } from './avro/index.js'
import { jsonFormat } from './json/index.js'
import { protobufFormat } from './protobuf/index.js'

export interface Formats {
  /** The plugin for a schema type; throws INVALID_SCHEMA for a type the registry does not know. */
  get(type: string): FormatPlugin
  types(): SchemaType[]
}

export const createFormats = (plugins: FormatPlugin[] = [avroFormat, jsonFormat, protobufFormat]): Formats => {
  const byType = new Map(plugins.map((p) => [p.type as string, p]))
  return {
    get(type) {
      const plugin = byType.get(type)
      if (!plugin) throw new RegistryError('INVALID_SCHEMA', { reason: `Invalid schema type ${type}` })
      return plugin
    },
    types: () => [...byType.keys()] as SchemaType[],
  }
}
