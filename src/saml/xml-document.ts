import { DOMParser } from '@xmldom/xmldom';

/** How much of what xmldom reports counts against a document. */
export interface XmlParseStrictness {
  /**
   * Refuse on warnings too. xmldom only warns about some damage (an element left unclosed, as in a
   * truncated download), so text that must be complete sets this.
   * @default false
   */
  refuseWarnings?: boolean;
}

/**
 * Parses XML with xmldom, which reports problems to a handler instead of throwing and would hand
 * back a partial document. Any error (and, if asked, any warning) or a missing root means the text
 * is not taken at all. Run only on text that has passed its size and shape caps.
 * @returns the document, or `undefined` when the text is not well-formed XML
 */
export function parseWellFormedXml(xml: string, strictness: XmlParseStrictness = {}): Document | undefined {
  let problems = 0;
  const problem = () => {
    problems++;
  };
  try {
    const handler = {
      warning: strictness.refuseWarnings ? problem : () => undefined,
      error: problem,
      fatalError: problem,
    };
    const doc = new DOMParser({ errorHandler: handler }).parseFromString(xml, 'text/xml');
    return problems === 0 && doc?.documentElement ? doc : undefined;
  } catch {
    return undefined;
  }
}
