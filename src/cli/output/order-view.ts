/**
 * How the ORDER API's lists read as tables a buyer can review: one row per plan, location or
 * service, prices as the amount with its currency (`7.99 EUR`, both as the answer gives them),
 * sizes with their units. The answers key plans and locations by their label, which the generic
 * table would flatten into one `label.path: value` line per leaf. Only the human table changes:
 * JSON, YAML and CSV print the answer's data as it came.
 */
import { isPlainObject } from "./render.js";

/** The records a table shows, and its columns without --fields (each record may hold more, for --fields). */
export interface OrderTable {
  readonly rows: readonly Record<string, unknown>[];
  readonly columns: readonly string[];
  /** Further tables below the first (a plan's add-ons), each with its heading; left out with --fields. */
  readonly more?: readonly { readonly heading: string; readonly rows: readonly Record<string, unknown>[]; readonly columns: readonly string[] }[];
}

/** The billing cycles in the order addOrder's documentation lists them; others follow in the answer's order. */
const CYCLES = ["monthly", "quarterly", "semiannually", "annually", "biennially", "triennially"];

/** `{ amount, currency }` as `7.99 EUR`; anything else undefined. The amount is the answer's text, never re-rounded. */
export function money(value: unknown): string | undefined {
  if (!isPlainObject(value) || value.amount === undefined || value.amount === null) return undefined;
  const amount = String(value.amount);
  return typeof value.currency === "string" && value.currency !== "" ? `${amount} ${value.currency}` : amount;
}

/** `{ size, unit }` as `1024 MByte`. */
function size(value: unknown): string | undefined {
  if (!isPlainObject(value) || value.size === undefined || value.size === null) return undefined;
  return typeof value.unit === "string" && value.unit !== "" ? `${String(value.size)} ${value.unit}` : String(value.size);
}

/** The entries of an object keyed by label whose values are records (the shape of products and locations). */
function labelled(value: unknown): [string, Record<string, unknown>][] | undefined {
  if (!isPlainObject(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => isPlainObject(v)) ? (entries as [string, Record<string, unknown>][]) : undefined;
}

function locations(value: unknown): OrderTable | undefined {
  const entries = labelled(value);
  if (!entries) return undefined;
  const rows = entries.map(([label, l]) => ({
    id: l.id,
    name: l.name ?? label,
    country: l.country,
    stock: l.out_of_stock === true ? "out of stock" : l.out_of_stock === false ? "in stock" : undefined,
    headline: l.headline,
    label,
  }));
  return { rows, columns: ["id", "name", "country", "stock", "headline"] };
}

function products(value: unknown): OrderTable | undefined {
  const entries = labelled(value);
  if (!entries) return undefined;
  const cycles = new Set<string>();
  for (const [, p] of entries) {
    const price = isPlainObject(p.description) ? p.description.price : undefined;
    if (isPlainObject(price)) for (const cycle of Object.keys(price)) cycles.add(cycle);
  }
  const priceColumns = [...CYCLES.filter((c) => cycles.has(c)), ...[...cycles].filter((c) => !CYCLES.includes(c))];
  const addons: Record<string, unknown>[] = [];
  const rows = entries.map(([name, p]) => {
    const d = isPlainObject(p.description) ? p.description : {};
    const price = isPlainObject(d.price) ? d.price : {};
    const row: Record<string, unknown> = { id: p.id, name, cpu: size(d.cpu), ram: size(d.ram), disk: size(d.disk), traffic: size(d.traffic) };
    for (const cycle of priceColumns) row[cycle] = money(price[cycle]);
    const kinds: string[] = [];
    for (const [kind, byId] of isPlainObject(p.addons) ? Object.entries(p.addons) : []) {
      const items = labelled(byId) ?? [];
      kinds.push(`${kind} (${items.length})`);
      for (const [, addon] of items) {
        addons.push({
          plan: p.id,
          kind,
          id: addon.id,
          description: addon.description,
          monthly: isPlainObject(addon.price) ? (money(addon.price.monthly) ?? "") : "included",
        });
      }
    }
    row["add-ons"] = kinds.join(", ");
    return row;
  });
  const columns = ["id", "name", "cpu", "ram", "disk", "traffic", ...priceColumns, "add-ons"];
  const more = addons.length
    ? [
        {
          heading: "Add-ons (by plan id; addOrder takes the id as os or additional_*):",
          rows: addons,
          columns: ["plan", "kind", "id", "description", "monthly"],
        },
      ]
    : [];
  return { rows, columns, more };
}

function services(value: unknown): OrderTable | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) return undefined;
  const keys = [...new Set(value.flatMap((s) => Object.keys(s)))];
  // The price's billing cycle beside it, as a column of its own; the rest in the answer's order.
  const columns = keys.flatMap((k) => (k === "price" ? ["price", "billingcycle"] : [k]));
  const rows = value.map((s) => {
    const row: Record<string, unknown> = { ...s };
    if ("price" in s) {
      row.price = money(s.price) ?? s.price;
      row.billingcycle = isPlainObject(s.price) ? s.price.billingcycle : undefined;
    }
    return row;
  });
  return { rows, columns };
}

const VIEWS: Readonly<Record<string, (value: unknown) => OrderTable | undefined>> = {
  getLocations: locations,
  getProducts: products,
  getUserServices: services,
};

/** The table of an ORDER API answer, or undefined when the operation has none or the answer is not of the documented shape. */
export function orderTable(operationId: string | undefined, value: unknown): OrderTable | undefined {
  return operationId === undefined ? undefined : VIEWS[operationId]?.(value);
}
