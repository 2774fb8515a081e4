import type { QueryShape, StructureShape } from './query-shapes.js';

/**
 * XML text: the five markup characters as entities, and the characters XML 1.0 cannot carry literally
 * (C0 controls but tab/newline, which are written as references so no parser folds them) as
 * character references or, for those XML forbids outright, U+FFFD.
 */
export function xmlText(text: string): string {
  return text.replace(/[&<>"'\r\n\t\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case "'": return '&apos;';
      case '\r': return '&#xD;';
      case '\n': return '&#xA;';
      case '\t': return '&#x9;';
      default: return '\ufffd';
    }
  });
}

function encodeValue(value: unknown, shape: QueryShape): string {
  switch (shape.type) {
    case 'string':
      return xmlText(String(value));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'list':
      return (value as readonly unknown[]).map((item) => `<member>${encodeValue(item, shape.member)}</member>`).join('');
    case 'map':
      return Object.entries(value as Record<string, unknown>)
        .map(([key, item]) => `<entry><${shape.keyName}>${xmlText(key)}</${shape.keyName}><${shape.valueName}>${encodeValue(item, shape.value)}</${shape.valueName}></entry>`)
        .join('');
    case 'structure':
      return encodeMembers(value as Record<string, unknown>, shape);
  }
}

function encodeMembers(value: Record<string, unknown>, shape: StructureShape): string {
  let out = '';
  for (const [name, member] of Object.entries(shape.members)) {
    const item = value[name];
    if (item === undefined || item === null) continue;
    out += `<${name}>${encodeValue(item, member)}</${name}>`;
  }
  return out;
}

/**
 * A query-protocol success [SEMANTICS E.1]: `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata>`;
 * `output` undefined writes no Result element (SNS's DeleteTopic, Unsubscribe, Set*Attributes).
 */
export function encodeQueryResult(operation: string, namespace: string, output: StructureShape | undefined, result: Record<string, unknown>, requestId: string): string {
  const body = output === undefined ? '' : `<${operation}Result>${encodeMembers(result, output)}</${operation}Result>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${namespace}">${body}` +
    `<ResponseMetadata><RequestId>${xmlText(requestId)}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

/** A query-protocol error: Type `Sender` for client faults, `Receiver` for the service's own (500s; unconfirmed). */
export function encodeQueryError(namespace: string, error: { code: string; message: string; statusCode: number }, requestId: string): string {
  const type = error.statusCode >= 500 ? 'Receiver' : 'Sender';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${xmlText(error.code)}</Code>` +
    `<Message>${xmlText(error.message)}</Message></Error><RequestId>${xmlText(requestId)}</RequestId></ErrorResponse>`
  );
}
