/**
 * The formats of spec/ that the build-time validators (generated/*-validators.ts) check
 * with a function: `ip` (the project's own, src/safety/ip.ts), and the formats of JSON Schema and
 * OpenAPI that the spec uses (`email`, `uri`, `date`, `date-time`, `int32`, `int64`). Written here, not
 * taken from ajv-formats, so that the simulator loads no validator library where it runs; the
 * generator compiles the schemas with these same definitions.
 */
import { isIP } from "../safety/ip.js";

/** A format: the type of value it applies to (other types pass), and its check. */
export interface SpecFormat {
  readonly type: "string" | "number";
  readonly validate: (value: never) => boolean;
}

/** ajv-formats' `email`: a dot-atom local part, then host labels. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/iu;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(z|[+-]\d{2}:\d{2})$/iu;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && !leap ? 28 : DAYS[month - 1]!);
}

function isTime(text: string): boolean {
  const m = TIME.exec(text);
  return m !== null && Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3]) <= 60;
}

/** The checked formats, by name (`password` and `binary` constrain nothing and are not here). */
export const simFormats: Readonly<Record<string, SpecFormat>> = {
  ip: { type: "string", validate: (value: string) => isIP(value) },
  /** An absolute URI: a scheme, then no white space or control character. */
  email: { type: "string", validate: (value: string) => EMAIL.test(value) },
  uri: { type: "string", validate: (value: string) => /^[a-z][a-z0-9+.-]*:[^\s\x00-\x1F\x7F]*$/iu.test(value) },
  date: { type: "string", validate: (value: string) => isDate(value) },
  "date-time": {
    type: "string",
    validate: (value: string) => {
      const at = value.search(/[tT ]/u);
      return at === 10 && isDate(value.slice(0, 10)) && isTime(value.slice(11));
    },
  },
  int32: { type: "number", validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value <= 2 ** 31 - 1 },
  int64: { type: "number", validate: (value: number) => Number.isInteger(value) },
};
