/*
 * SOAP envelopes of the Metadata API in the exact shape jsforce reads (docs/wire.md): a prefixed
 * Envelope that declares the metadata namespace, a Body without attributes, unprefixed children.
 */
import { XMLParser } from 'fast-xml-parser';
import { METADATA_NS, serializeFragment } from './xml.js';

export type SoapRequest = { sessionId?: string; operation: string; args: Record<string, unknown> };

export class SoapRequestError extends Error {}

const requestParser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  // elements that repeat in requests
  isArray: (name): boolean => ['types', 'members', 'queries', 'fullNames', 'runTests'].includes(name),
});

export function parseSoapRequest(body: string): SoapRequest {
  let parsed: Record<string, unknown>;
  try {
    parsed = requestParser.parse(body) as Record<string, unknown>;
  } catch (error) {
    throw new SoapRequestError(`The request is not valid XML: ${String(error)}`);
  }
  const envelope = parsed.Envelope as Record<string, unknown> | undefined;
  const soapBody = envelope?.Body as Record<string, unknown> | undefined;
  if (!envelope || !soapBody || typeof soapBody !== 'object') throw new SoapRequestError('The request has no SOAP Envelope/Body');
  const operation = Object.keys(soapBody)[0];
  if (!operation) throw new SoapRequestError('The SOAP Body names no operation');
  const header = envelope.Header as Record<string, Record<string, unknown>> | undefined;
  const sessionId = header?.SessionHeader?.sessionId;
  const args = soapBody[operation];
  return {
    sessionId: typeof sessionId === 'string' ? sessionId : undefined,
    operation,
    args: typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {},
  };
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns="${METADATA_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`;
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** `result` may be one value or a list (listMetadata returns repeated <result> elements). */
export function soapResponse(operation: string, result: unknown): string {
  return `${ENVELOPE_OPEN}${serializeFragment({ [`${operation}Response`]: { result: toXmlValue(result) } })}${ENVELOPE_CLOSE}`;
}

export function soapFault(code: string, message: string): string {
  return `${ENVELOPE_OPEN}${serializeFragment({ 'soapenv:Fault': { faultcode: code, faultstring: message } })}${ENVELOPE_CLOSE}`;
}

/** Booleans and numbers become text; undefined fields are left out. */
function toXmlValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(toXmlValue);
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .map(([key, inner]) => [key, toXmlValue(inner)])
        .filter(([, inner]) => inner !== undefined)
    );
  }
  return value;
}
