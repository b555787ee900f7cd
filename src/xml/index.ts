/*
 * XML for the whole plugin: parsing (one parser setup), building ordered documents, escaping.
 * Pure; the diff engine, the planner, the org layer and the reports all read and write XML here.
 */
export { escapeMetadataText, escapeXmlAttribute, escapeXmlText, xmlCharactersOnly } from './escape.js';
export {
  buildXmlNodes,
  isXmlElementNode,
  parseXmlNodes,
  parseXmlTree,
  parseXmlTreeByLibrary,
  xmlNodeTag,
  xmlRoot,
  xmlSyntaxError,
  type XmlNode,
  type XmlSyntaxError,
  type XmlTree,
} from './parse.js';
export { readValueTree } from './valueTree.js';
