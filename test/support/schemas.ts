/** Small Avro schemas used across the HTTP tests. */
export const orderV1 = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [{ name: 'id', type: 'string' }],
})

/** orderV1 plus a field with a default: BACKWARD and FORWARD compatible with v1. */
export const orderV2 = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double', default: 0 },
  ],
})

/** orderV1 plus a field without a default: not BACKWARD compatible with v1. */
export const orderNoDefault = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'customer', type: 'string' },
  ],
})

export const avro = (name: string) => JSON.stringify({ type: 'record', name, fields: [{ name: 'f', type: 'string' }] })
