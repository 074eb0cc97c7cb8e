import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { PartialType } from '@nestjs/swagger';

import { assertNoControlCharacters, MultilineText } from './control-characters';

class Inner {
  @IsString()
  title: string;

  @MultilineText()
  notes: string;
}

class Outer {
  @IsString()
  @MultilineText()
  description: string;

  @ValidateNested()
  @Type(() => Inner)
  inner: Inner;
}

class PartialOuter extends PartialType(Outer) {}

const make = <T extends object>(cls: new () => T, fields: Partial<T>): T => Object.assign(new cls(), fields);

describe('assertNoControlCharacters', () => {
  it.each(['\u0000', '\u0001', '\u001b', '\u007f', '\t', '\n', '\r'])(
    'should refuse %j in a plain string, naming where and which',
    (character) => {
      const code = `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      expect(() => assertNoControlCharacters(`a${character}b`, 'q')).toThrow(
        `q must not contain control characters (found ${code})`,
      );
    },
  );

  it('should allow tab, line feed and carriage return only in properties marked multi-line, nested ones and mapped types included', () => {
    const ok = make(Outer, { description: 'a\nb\r\n\tc', inner: make(Inner, { title: 'T', notes: 'x\ny' }) });
    expect(() => assertNoControlCharacters(ok, 'body')).not.toThrow();
    expect(() => assertNoControlCharacters(make(PartialOuter, { description: 'a\nb' }), 'body')).not.toThrow();
    expect(() =>
      assertNoControlCharacters(make(Outer, { description: 'a', inner: make(Inner, { title: 'a\nb' }) }), 'body'),
    ).toThrow('inner.title must not contain control characters (found U+000A)');
    expect(() => assertNoControlCharacters(make(Outer, { description: 'a\u0000' }), 'body')).toThrow(
      'description must not contain control characters (found U+0000)',
    );
  });

  it('should look into arrays, keys and prototype-less objects, and allow printable Unicode', () => {
    const query = Object.assign(Object.create(null) as object, { q: 'ফোন 📱 “x” \u00a0', tags: ['a', 'b\u0000'] });
    expect(() => assertNoControlCharacters(query, 'query')).toThrow('tags[1] must not contain control characters');
    expect(() => assertNoControlCharacters({ ['a\u0000']: 1 }, 'body')).toThrow('property names must not contain');
    expect(() => assertNoControlCharacters({ q: 'ফোন 📱 “x” \u00a0\u2028' }, 'query')).not.toThrow();
  });

  it('should let line breaks through anywhere on the first, raw look', () => {
    expect(() => assertNoControlCharacters({ name: 'a\nb' }, 'body', true)).not.toThrow();
    expect(() => assertNoControlCharacters({ name: 'a\u0000b' }, 'body', true)).toThrow('name must not contain');
  });

  it('should walk a deep value without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(() => assertNoControlCharacters(deep, 'body')).toThrow(/must not contain control characters/);
  });
});
