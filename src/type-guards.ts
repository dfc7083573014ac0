/**
 * A type guard for every error class, made by one helper: `instanceof`, or (for an error of
 * another copy of this package, or one that lost its prototype on the way) the `name` of the
 * class or of any class that extends it. The names come from the classes themselves; no list
 * is kept by hand.
 */
import {
  EdisAbortError,
  EdisApiError,
  EdisBulkError,
  EdisError,
  EdisHostError,
  EdisNetworkError,
  EdisOutcomeUnknownError,
  EdisRedirectError,
  EdisTimeoutError,
  EdisValidationError,
  EdisWaitTimeoutError,
} from "./errors.js";

/** For each class name, the names of that class and of every class that extends it. */
const family = new Map<string, Set<string>>();

function nameOf(prototype: object): string {
  return (prototype as { name: string }).name;
}

/** The guard of `Class`; it also knows `Class`'s subclasses, whichever order their guards are made in. */
function guardFor<T extends EdisError>(Class: abstract new (...args: never[]) => T): (value: unknown) => value is T {
  const own = nameOf(Class.prototype);
  for (let proto: object | null = Class.prototype; proto !== null && proto !== Error.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    const names = family.get(nameOf(proto)) ?? new Set<string>();
    names.add(own);
    family.set(nameOf(proto), names);
  }
  const names = family.get(own)!;
  return (value: unknown): value is T =>
    value instanceof Class ||
    (typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string" && names.has((value as { name: string }).name));
}

const guards = {
  EdisError: guardFor(EdisError),
  EdisApiError: guardFor(EdisApiError),
  EdisValidationError: guardFor(EdisValidationError),
  EdisTimeoutError: guardFor(EdisTimeoutError),
  EdisNetworkError: guardFor(EdisNetworkError),
  EdisRedirectError: guardFor(EdisRedirectError),
  EdisHostError: guardFor(EdisHostError),
  EdisAbortError: guardFor(EdisAbortError),
  EdisBulkError: guardFor(EdisBulkError),
  EdisWaitTimeoutError: guardFor(EdisWaitTimeoutError),
  EdisOutcomeUnknownError: guardFor(EdisOutcomeUnknownError),
};

/** True for any error of this package, also one thrown by another copy of it. */
export function isEdisError(value: unknown): value is EdisError {
  return guards.EdisError(value);
}

/** True for {@link EdisApiError}, also one thrown by another copy of this package. */
export function isEdisApiError(value: unknown): value is EdisApiError {
  return guards.EdisApiError(value);
}

/** True for {@link EdisValidationError}, also one thrown by another copy of this package. */
export function isEdisValidationError(value: unknown): value is EdisValidationError {
  return guards.EdisValidationError(value);
}

/** True for {@link EdisTimeoutError}, also one thrown by another copy of this package. */
export function isEdisTimeoutError(value: unknown): value is EdisTimeoutError {
  return guards.EdisTimeoutError(value);
}

/** True for {@link EdisNetworkError}, also one thrown by another copy of this package. */
export function isEdisNetworkError(value: unknown): value is EdisNetworkError {
  return guards.EdisNetworkError(value);
}

/** True for {@link EdisRedirectError}, also one thrown by another copy of this package. */
export function isEdisRedirectError(value: unknown): value is EdisRedirectError {
  return guards.EdisRedirectError(value);
}

/** True for {@link EdisHostError}, also one thrown by another copy of this package. */
export function isEdisHostError(value: unknown): value is EdisHostError {
  return guards.EdisHostError(value);
}

/** True for {@link EdisAbortError}, also one thrown by another copy of this package. */
export function isEdisAbortError(value: unknown): value is EdisAbortError {
  return guards.EdisAbortError(value);
}

/** True for {@link EdisBulkError}, also one thrown by another copy of this package. */
export function isEdisBulkError(value: unknown): value is EdisBulkError {
  return guards.EdisBulkError(value);
}

/** True for {@link EdisOutcomeUnknownError}, also one thrown by another copy of this package. */
export function isEdisOutcomeUnknownError(value: unknown): value is EdisOutcomeUnknownError {
  return guards.EdisOutcomeUnknownError(value);
}

/** True for {@link EdisWaitTimeoutError}, also one thrown by another copy of this package. */
export function isEdisWaitTimeoutError(value: unknown): value is EdisWaitTimeoutError {
  return guards.EdisWaitTimeoutError(value);
}
