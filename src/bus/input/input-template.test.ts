import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInputTemplate, placeholderNames, type PlaceholderPosition } from './input-template.js';

/** Each placeholder of a template as `name@position`. */
function positions(template: string): string[] {
  return parseInputTemplate(template).parts.flatMap((part) => (typeof part === 'string' ? [] : [`${part.name}@${part.position}`]));
}

describe('parseInputTemplate', () => {
  it('calls a template JSON when its first non-blank character is {', () => {
    assert.equal(parseInputTemplate('{"a": 1}').json, true);
    assert.equal(parseInputTemplate(' \n\t{"a": <x>}').json, true);
    assert.equal(parseInputTemplate('"Order <id>"').json, false);
    assert.equal(parseInputTemplate('[<a>, 1]').json, false);
    assert.equal(parseInputTemplate('<instance> is in state <status>').json, false);
    assert.equal(parseInputTemplate('"{[/Check with special starting characters"').json, false);
  });

  it('tells value positions, string contents and keys apart in a JSON template', () => {
    assert.deepEqual(
      positions('{"a": <x>, "b": "t <x> u", "<k>": 1, <k2>: 2, "arr": [9, <x>, true, {"in": <y>}], "o": {"n": <y>, "m": "<y>"}, "last": <z>}'),
      ['x@value', 'x@string', 'k@key', 'k2@key', 'x@value', 'y@value', 'y@value', 'y@string', 'z@value'],
    );
  });

  it('follows escapes inside strings', () => {
    assert.deepEqual(positions('{"a": "say \\"<v>\\" now", "b": <w>}'), ['v@string', 'w@value']);
    assert.deepEqual(positions('{"a": "ends in a backslash \\\\", "b": <w>}'), ['w@value']);
  });

  it('treats every placeholder of a text template alike', () => {
    assert.deepEqual(positions('"Order <id> is <status>"'), ['id@text', 'status@text']);
    assert.deepEqual(positions('[<a>, "<b>"]'), ['a@text', 'b@text']);
  });

  it('keeps literal text between placeholders, and angle brackets that are not placeholders', () => {
    const template = parseInputTemplate('"a < b, c > d, </b>, <a b>, <>, <<x>>"');
    assert.deepEqual(template.parts, ['"a < b, c > d, </b>, <a b>, <>, <', { name: 'x', position: 'text' }, '>"']);
  });

  it('reads reserved names and dashes as placeholder names', () => {
    assert.deepEqual(positions('{"r": <aws.events.rule-arn>, "t": "<detail-type>"}'), ['aws.events.rule-arn@value', 'detail-type@string']);
  });

  it('takes another placeholder syntax, as Pipes writes paths', () => {
    const pipes = /\$[A-Za-z0-9_.\-/[\]*]*|aws\.pipes\.[A-Za-z0-9_.-]+/;
    const template = parseInputTemplate('{"order": <$.dynamodb.NewImage.orderId.S>, "first": "<$.items[0]>", "pipe": <aws.pipes.pipe-name>, "no": <plain>}', pipes);
    const found = template.parts.flatMap((part) => (typeof part === 'string' ? [] : [[part.name, part.position] as [string, PlaceholderPosition]]));
    assert.deepEqual(found, [
      ['$.dynamodb.NewImage.orderId.S', 'value'],
      ['$.items[0]', 'string'],
      ['aws.pipes.pipe-name', 'value'],
    ]);
  });

  it('lists each placeholder name once, in order of first use', () => {
    assert.deepEqual(placeholderNames(parseInputTemplate('{"a": <x>, "b": "<y> <x>", "c": <y>, "d": <z>}')), ['x', 'y', 'z']);
  });
});
