/*
 * Building stored components from metadata XML for unit tests of the emulator.
 */
import { ComponentStore, StoredComponent, storePut } from '../../src/org.js';
import { parseMetadataXml } from '../../src/xml.js';

export const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

export function stored(type: string, fullName: string, inner: string): StoredComponent {
  const { rootTag, body } = parseMetadataXml(`<?xml version="1.0" encoding="UTF-8"?><${type} ${NS}>${inner}</${type}>`);
  if (rootTag !== type) throw new Error(`root ${rootTag}`);
  return { type, fullName, body, lastModified: '2026-01-01T00:00:00.000Z' };
}

export function storeOf(...components: StoredComponent[]): ComponentStore {
  const store: ComponentStore = new Map();
  for (const component of components) storePut(store, component);
  return store;
}
