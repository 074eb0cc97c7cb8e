import { getMetadataStorage, ValidateBy } from 'class-validator';

import { DomainError } from './domain-error';

const MULTILINE_TEXT = 'isMultilineText';

/** C0 controls and DEL: never legitimate in a name, an address, a search or an id (NUL even breaks PostgreSQL). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same without tab, line feed and carriage return, for the fields that hold multi-line text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export class InvalidCharactersError extends DomainError {
  readonly code = 'INVALID_CHARACTERS';
  readonly kind = 'invalid';
}

/**
 * Marks a DTO property as multi-line text (a product description): tab, line feed and carriage return are then
 * allowed in it; every other control character still is not. Stored as class-validator metadata (it validates
 * nothing itself) so that PartialType and the other mapped types carry it over.
 */
export const MultilineText = (): PropertyDecorator =>
  ValidateBy({ name: MULTILINE_TEXT, validator: { validate: () => true } });

const multilineCache = new WeakMap<object, ReadonlySet<string>>();

const NONE: ReadonlySet<string> = new Set();

function multilineProperties(target: unknown): ReadonlySet<string> {
  // Query objects have no prototype, plain objects are Object's: neither has markers.
  if (typeof target !== 'function' || target === Object) return NONE;
  let known = multilineCache.get(target);
  if (!known) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
    known = new Set(metadata.filter((m) => m.name === MULTILINE_TEXT).map((m) => m.propertyName));
    multilineCache.set(target, known);
  }
  return known;
}

function describe(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The one rule on control characters in client input, applied by the global validation pipe to every body, query
 * and path parameter (keys included) before anything else looks at it: none are allowed, except tab, line feed and
 * carriage return in properties marked @MultilineText(). `value` is a DTO instance (nested DTOs are instances of
 * their classes, so their own markers apply) or a plain value; with `lineBreaksEverywhere` tab, line feed and
 * carriage return pass anywhere (the pipe's first look at raw input, before type conversion can hide a NUL in a
 * number; the DTO instance is checked strictly afterwards). `location` names a plain string in the message.
 * Walks with an explicit stack: no recursion to overflow.
 */
export function assertNoControlCharacters(value: unknown, location: string, lineBreaksEverywhere = false): void {
  const stack: { value: unknown; path: string; multiline: boolean }[] = [
    { value, path: '', multiline: lineBreaksEverywhere },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const found = (item.multiline ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL).exec(item.value);
      if (found) {
        throw new InvalidCharactersError(
          `${item.path || location} must not contain control characters (found ${describe(found[0])})`,
        );
      }
    } else if (Array.isArray(item.value)) {
      item.value.forEach((element, i) =>
        stack.push({ value: element, path: `${item.path || location}[${i}]`, multiline: item.multiline }),
      );
    } else if (typeof item.value === 'object' && item.value !== null) {
      const allowed = multilineProperties(item.value.constructor);
      for (const [key, child] of Object.entries(item.value)) {
        const badKey = CONTROL.exec(key);
        if (badKey) {
          throw new InvalidCharactersError(
            `property names must not contain control characters (found ${describe(badKey[0])})`,
          );
        }
        const path = item.path ? `${item.path}.${key}` : key;
        stack.push({ value: child, path, multiline: lineBreaksEverywhere || allowed.has(key) });
      }
    }
  }
}
