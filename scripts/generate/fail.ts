/** The generator's findings about the spec: an error naming where (main prints it as one line). */
export function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}
