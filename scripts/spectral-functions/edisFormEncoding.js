// Spectral custom function for the rule `edis-form-encoding`.
//
// Input: a `content` object of a request body. For every `application/x-www-form-urlencoded`
// and `multipart/form-data` media type in it, every property of the schema whose type is
// `array` or `object` needs an entry in that media type's `encoding` with `contentType` or
// `style` set; otherwise the wire form of the value is undefined.
//
// `$ref`s are followed (the input is normally resolved already; leftover local refs, e.g.
// circular ones, are looked up in the resolved document) and so is a single-entry `allOf`
// (`allOf: [X]` plus sibling keywords is the usual "X with another description" idiom).
// Properties are collected from the schema and from its `allOf` / `oneOf` / `anyOf` branches.
//
// Plain ES module without imports: Spectral bundles it from the ruleset's `functionsDir`.

const FORM_MEDIA_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lookupPointer(root, ref) {
  if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
  const segments = ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = root;
  for (const segment of segments) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function derefOnce(schema, root) {
  if (isObject(schema) && typeof schema.$ref === "string") return lookupPointer(root, schema.$ref);
  return schema;
}

// The effective type of a schema: its own `type`, else the type of a single-entry allOf,
// else what its keywords imply (`properties`/`additionalProperties` → object, `items` → array).
function typesOf(schema, root, seen = new Set()) {
  schema = derefOnce(schema, root);
  if (!isObject(schema) || seen.has(schema)) return [];
  seen.add(schema);
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t) => typeof t === "string");
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) {
    const inner = typesOf(schema.allOf[0], root, seen);
    if (inner.length > 0) return inner;
  }
  if (isObject(schema.properties) || schema.additionalProperties !== undefined) return ["object"];
  if (schema.items !== undefined) return ["array"];
  return [];
}

function collectProperties(schema, root, out = new Map(), seen = new Set()) {
  schema = derefOnce(schema, root);
  if (!isObject(schema) || seen.has(schema)) return out;
  seen.add(schema);
  if (isObject(schema.properties)) {
    for (const [name, propSchema] of Object.entries(schema.properties)) {
      if (!out.has(name)) out.set(name, propSchema);
    }
  }
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    if (Array.isArray(schema[keyword])) {
      for (const branch of schema[keyword]) collectProperties(branch, root, out, seen);
    }
  }
  return out;
}

export default function edisFormEncoding(input, _options, context) {
  if (!isObject(input)) return [];
  const root = context?.documentInventory?.resolved ?? context?.document?.data;
  const results = [];

  for (const [mediaType, media] of Object.entries(input)) {
    const essence = mediaType.split(";")[0].trim().toLowerCase();
    if (!FORM_MEDIA_TYPES.includes(essence) || !isObject(media)) continue;
    const mediaPath = [...context.path, mediaType];
    const encoding = isObject(media.encoding) ? media.encoding : {};

    for (const [name, propSchema] of collectProperties(media.schema, root)) {
      const types = typesOf(propSchema, root);
      const structured = types.filter((t) => t === "array" || t === "object");
      if (structured.length === 0) continue;
      const entry = encoding[name];
      const ok =
        isObject(entry) &&
        ((typeof entry.contentType === "string" && entry.contentType.trim() !== "") || (typeof entry.style === "string" && entry.style !== ""));
      if (ok) continue;
      results.push({
        message: `${mediaType} property "${name}" (${structured.join("/")}) needs an encoding entry with contentType or style.`,
        path: isObject(entry) ? [...mediaPath, "encoding", name] : mediaPath,
      });
    }
  }
  return results;
}
