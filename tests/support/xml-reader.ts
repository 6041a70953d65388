import { execFileSync } from 'node:child_process';

/** An element of an element-only document (as Open311's are): its name, its child elements, or its text. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([^;]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`A bare "&" in "${text}".`);
    if (name in ENTITIES) return ENTITIES[name]!;
    const code = /^#x([0-9a-f]+)$/i.exec(name)?.[1] ?? /^#(\d+)$/.exec(name)?.[1];
    if (code === undefined) throw new Error(`An unknown entity &${name}; in "${text}".`);
    return String.fromCodePoint(name.startsWith('#x') ? parseInt(code, 16) : Number(code));
  });
}

/**
 * Reads an element-only XML document with its UTF-8 declaration into a tree, strictly: a tag that does not close
 * in order, an attribute, a comment or a stray "<" or "&" throws. Enough for Open311's answers, which a test
 * then checks element by element; xmllint (when installed) checks them against the XML specification itself.
 */
export function readXml(xml: string): XmlElement {
  const declaration = /^<\?xml version="1\.0" encoding="utf-8"\?>\n/i.exec(xml);
  if (!declaration) throw new Error('The document does not start with the XML declaration naming UTF-8.');
  const root: XmlElement = { name: '', children: [], text: '' };
  const open: XmlElement[] = [root];
  for (const [token, closing, name, text] of xml
    .slice(declaration[0].length)
    .matchAll(/<(\/?)([a-z_][\w.-]*)>|([^<]+)|</gi)) {
    const current = open.at(-1)!;
    if (text !== undefined) {
      current.text += decode(text);
    } else if (name === undefined) {
      throw new Error(`A "<" that starts no element, at "${xml.slice(xml.indexOf(token), 40)}".`);
    } else if (closing) {
      if (current.name !== name) throw new Error(`</${name}> closes <${current.name}>.`);
      open.pop();
    } else {
      const element = { name, children: [], text: '' };
      current.children.push(element);
      open.push(element);
    }
  }
  if (open.length !== 1 || root.children.length !== 1) throw new Error('The document is not one closed element.');
  const tidy = (element: XmlElement): XmlElement => {
    // Indentation between child elements is not text.
    if (element.children.length > 0 && element.text.trim() !== '')
      throw new Error(`<${element.name}> mixes text and elements.`);
    return { ...element, text: element.children.length > 0 ? '' : element.text, children: element.children.map(tidy) };
  };
  return tidy(root.children[0]!);
}

/** Whether xmllint (Debian's libxml2-utils) is installed to check documents against the XML specification. */
export const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** xmllint's complaints about a document, or '' when it is well-formed XML. */
export function xmllintProblems(xml: string): string {
  try {
    execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'ignore', 'pipe'] });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}
