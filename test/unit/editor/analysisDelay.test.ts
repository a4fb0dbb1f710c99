// The language server's debounce: a document is analysed again at once unless its analyses are costly, and a single
// slow analysis does not hold up the next keystroke's diagnostics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analysisDelay } from '../../../server/src/editor/validation';

describe('analysisDelay', () => {
  it('analyses at once what fits in a frame', () => {
    assert.equal(analysisDelay([]), 0);
    assert.equal(analysisDelay([3, 4]), 0);
    assert.equal(analysisDelay([15.9, 15.9]), 0);
  });

  it('does not delay after one slow analysis: the first, cold one, or one a garbage collection interrupted', () => {
    assert.equal(analysisDelay([40]), 0);
    assert.equal(analysisDelay([40, 5]), 0);
    assert.equal(analysisDelay([5, 40]), 0);
  });

  it('waits twice the cost of a document whose analyses are costly, up to half a second', () => {
    assert.equal(analysisDelay([40, 30]), 60);
    assert.equal(analysisDelay([900, 1000]), 500);
  });
});
