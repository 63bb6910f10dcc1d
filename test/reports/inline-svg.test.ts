import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scopeSvgIds, unsafeSvgReason } from '../../reports/inline-svg.js';

const svg = (inner: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${inner}</svg>`;

describe('unsafeSvgReason', () => {
  it('passes a plain picture, whatever its text says', () => {
    assert.equal(
      unsafeSvgReason(svg('<text x="1">"onmouseover=alert(1) &lt;script&gt;</text>')),
      null,
    );
    assert.equal(unsafeSvgReason(svg('<a href="https://example.org/"><rect/></a>')), null);
    assert.equal(unsafeSvgReason(svg('<rect aria-label="x onclick=1"/>')), null);
  });

  it('refuses scripts, embedded documents and event handlers', () => {
    assert.equal(unsafeSvgReason(svg('<script>alert(1)</script>')), 'it has a <script> element');
    assert.equal(
      unsafeSvgReason(svg('<foreignObject><div/></foreignObject>')),
      'it has a <foreignObject> element',
    );
    assert.equal(
      unsafeSvgReason(svg('<rect onmouseover="alert(1)"/>')),
      '<rect> has an event handler onmouseover',
    );
  });

  it('refuses links that are not http(s) or fragments, even when encoded', () => {
    assert.equal(
      unsafeSvgReason(svg('<a xlink:href="javascript:alert(1)"><rect/></a>')),
      '<a> links to "javascript:alert(1)"',
    );
    assert.equal(
      unsafeSvgReason(svg('<a href="&#106;ava&#x09;script:alert(1)"><rect/></a>')),
      '<a> links to "&#106;ava&#x09;script:alert(1)"',
    );
  });

  it('refuses what is not an SVG', () => {
    assert.equal(unsafeSvgReason('<div></div>'), 'it does not start with <svg');
  });
});

describe('scopeSvgIds', () => {
  it('prefixes ids and references to them, not text', () => {
    const scoped = scopeSvgIds(
      svg(
        '<defs><clipPath id="clip1"><rect/></clipPath></defs>' +
          '<g clip-path="url(#clip1)"><use xlink:href="#clip1"/><text> id="clip1"</text></g>',
      ),
      'fig01-overall',
    );
    assert.equal(
      scoped,
      svg(
        '<defs><clipPath id="fig01-overall-clip1"><rect/></clipPath></defs>' +
          '<g clip-path="url(#fig01-overall-clip1)"><use xlink:href="#fig01-overall-clip1"/>' +
          '<text> id="clip1"</text></g>',
      ),
    );
  });
});
