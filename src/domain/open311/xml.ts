/**
 * XML as Open311 writes it: elements only (no attributes, no namespace), one element per field in the order of
 * the JSON answer's keys, and a list as a container element with one child per item. This is the "Spark
 * convention" GeoReport v2 uses to map its XML to JSON (wiki.open311.org/JSON_and_XML_Conversion), run the
 * other way, so that an answer's JSON and XML come from one value and cannot drift apart.
 */

export type XmlValue =
  string | number | boolean | null | undefined | readonly XmlValue[] | { readonly [field: string]: XmlValue };

/** For each list, the name of its items' elements: `{ notes: 'note' }` writes `<notes><note>…</note></notes>`. */
export type XmlItemNames = Readonly<Record<string, string>>;

/** Characters XML 1.0 does not allow even escaped (C0 controls but tab and line ends, lone surrogates, U+FFFE/F). */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns a bare carriage return into a line feed; written as a reference, it reads back as itself.
  '\r': '&#13;',
};

/** Text as element content: markup characters escaped, characters XML cannot carry dropped. */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHARACTER, '').replace(/[&<>"'\r]/g, (character) => ESCAPES[character]!);
}

function isList(value: XmlValue): value is readonly XmlValue[] {
  return Array.isArray(value);
}

function elementLines(name: string, value: XmlValue, itemNames: XmlItemNames, indent: string): string[] {
  if (value === undefined) return [];
  if (value === null) return [`${indent}<${name}></${name}>`];
  if (typeof value !== 'object') return [`${indent}<${name}>${escapeXmlText(String(value))}</${name}>`];
  const children = isList(value)
    ? value.flatMap((item) => elementLines(itemNameOf(name, itemNames), item, itemNames, `${indent}  `))
    : Object.entries(value).flatMap(([field, child]) => elementLines(field, child, itemNames, `${indent}  `));
  // An empty list or record stays an element, opened and closed, as the specification's examples write them.
  if (children.length === 0) return [`${indent}<${name}></${name}>`];
  return [`${indent}<${name}>`, ...children, `${indent}</${name}>`];
}

function itemNameOf(listName: string, itemNames: XmlItemNames): string {
  const itemName = itemNames[listName];
  if (!itemName) throw new Error(`No item element is named for the list <${listName}>.`);
  return itemName;
}

/** A whole document: the declaration GeoReport v2 requires, then `value` as the element `rootName`. */
export function xmlDocumentOf(rootName: string, value: XmlValue, itemNames: XmlItemNames): string {
  return ['<?xml version="1.0" encoding="utf-8"?>', ...elementLines(rootName, value, itemNames, ''), ''].join('\n');
}
