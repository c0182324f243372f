import { parseWellFormedXml } from './xml-document.js';

describe('parseWellFormedXml', () => {
  it('returns the document of well-formed XML', () => {
    const doc = parseWellFormedXml('<?xml version="1.0"?><a xmlns="urn:x"><b>t</b></a>');
    expect(doc?.documentElement.localName).toBe('a');
    expect(doc?.documentElement.namespaceURI).toBe('urn:x');
  });

  it.each([
    ['a repeated attribute (fatal)', '<a x="1" x="2"/>'],
    ['two roots', '<a/><b/>'],
    ['an undeclared entity', '<a>&bogus;</a>'],
    ['no element at all', 'just text'],
    ['an empty string', ''],
  ])('refuses %s', (_what, xml) => {
    expect(parseWellFormedXml(xml)).toBeUndefined();
  });

  it('takes what xmldom only warns about (an unclosed element) unless warnings are refused', () => {
    expect(parseWellFormedXml('<a><b></a>')).toBeDefined();
    expect(parseWellFormedXml('<a><b></a>', { refuseWarnings: true })).toBeUndefined();
    expect(parseWellFormedXml('<EntityDescriptor><IDPSSODescriptor>', { refuseWarnings: true })).toBeUndefined();
  });
});
