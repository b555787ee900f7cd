import { expect } from 'chai';
import { paletteFor, wantsColor } from '../../../src/output/palette.js';

describe('output/palette', () => {
  it('Given color false, Then every style returns the text unchanged', () => {
    const palette = paletteFor(false);
    expect(Object.values(palette).map((style) => style('x'))).to.deep.equal(Object.values(palette).map(() => 'x'));
  });

  it('Given color true, Then styles wrap text in SGR codes and leave empty text empty', () => {
    expect(paletteFor(true).add('x')).to.equal('\u001b[32mx\u001b[39m');
    expect(paletteFor(true).add('')).to.equal('');
  });

  it('Given the stream and the environment, Then colour follows the terminal, NO_COLOR and FORCE_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).to.equal(true);
    expect(wantsColor({ isTTY: false }, {})).to.equal(false);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).to.equal(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).to.equal(false);
    expect(wantsColor({ isTTY: true }, { FORCE_COLOR: '0' })).to.equal(false);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).to.equal(true);
  });
});
