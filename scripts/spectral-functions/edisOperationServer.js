// Spectral custom function for the rule `edis-operation-server`.
//
// Given the whole (resolved) OpenAPI document, resolves the servers of every operation the way
// OpenAPI does (operation `servers`, else path-item `servers`, else root `servers`) and checks
// that the resolved list is non-empty and that each server
//   - has an https URL (`https://...`); `{var}` templates are allowed when every variable is
//     declared with a string default, and the URL with defaults substituted must still parse as
//     an https URL;
//   - carries `x-edis-host` set to one of `session`, `rdns`, `api` (the Management API's hosts)
//     or `order` (the ORDER API's).
// An explicitly empty `servers: []` on an operation or path item counts as resolved (and empty),
// so it is reported rather than silently falling back.
//
// Plain ES module without imports: Spectral bundles it from the ruleset's `functionsDir`.

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const EDIS_HOSTS = ["session", "rdns", "api", "order"];

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkServer(server) {
  const problems = [];
  if (!isObject(server)) return ["is not a Server Object"];

  const url = server.url;
  if (typeof url !== "string" || url === "") {
    problems.push("has no url");
  } else if (!/^https:\/\//.test(url)) {
    problems.push(`url "${url}" is not https`);
  } else {
    const variables = isObject(server.variables) ? server.variables : {};
    let substituted = url;
    let templatesOk = true;
    for (const match of url.matchAll(/\{([^{}]*)\}/g)) {
      const name = match[1];
      const variable = variables[name];
      if (!isObject(variable) || typeof variable.default !== "string" || variable.default === "") {
        problems.push(`url variable {${name}} has no default`);
        templatesOk = false;
      } else {
        substituted = substituted.split(`{${name}}`).join(variable.default);
      }
    }
    if (templatesOk) {
      let parsed;
      try {
        parsed = new URL(substituted);
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined || parsed.protocol !== "https:" || parsed.hostname === "") {
        problems.push(`url "${url}" is not a valid https URL with its defaults ("${substituted}")`);
      }
    }
  }

  const host = server["x-edis-host"];
  if (host === undefined) {
    problems.push("has no x-edis-host");
  } else if (!EDIS_HOSTS.includes(host)) {
    problems.push(`has x-edis-host ${JSON.stringify(host)}, expected one of ${EDIS_HOSTS.join(", ")}`);
  }
  return problems;
}

export default function edisOperationServer(input) {
  if (!isObject(input) || !isObject(input.paths)) return [];
  const results = [];

  for (const [pathKey, pathItem] of Object.entries(input.paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const opPath = ["paths", pathKey, method];
      const opName = `${method.toUpperCase()} ${pathKey}`;

      let servers;
      let serversPath;
      let level;
      if (operation.servers !== undefined) {
        [servers, serversPath, level] = [operation.servers, [...opPath, "servers"], "operation"];
      } else if (pathItem.servers !== undefined) {
        [servers, serversPath, level] = [pathItem.servers, ["paths", pathKey, "servers"], "path-item"];
      } else if (input.servers !== undefined) {
        [servers, serversPath, level] = [input.servers, ["servers"], "root"];
      }

      if (servers === undefined) {
        results.push({ message: `${opName}: no servers at operation, path-item or root level.`, path: opPath });
        continue;
      }
      if (!Array.isArray(servers) || servers.length === 0) {
        results.push({
          message: `${opName}: the ${level}-level servers it resolves to are empty.`,
          path: serversPath,
        });
        continue;
      }
      servers.forEach((server, index) => {
        for (const problem of checkServer(server)) {
          // Reported at the operation (its resolved server may live at path-item or root level,
          // and a shared location would merge the reports of several operations).
          results.push({
            message: `${opName}: ${level}-level servers[${index}] ${problem}.`,
            path: opPath,
          });
        }
      });
    }
  }
  return results;
}
