// Types for the plain-JS Spectral function (Spectral itself loads only the .js file).
export interface SpectralFunctionResult {
  message: string;
  path?: (string | number)[];
}
export interface EdisFormEncodingContext {
  path: (string | number)[];
  documentInventory?: { resolved?: unknown };
  document?: { data?: unknown };
}
export default function edisFormEncoding(input: unknown, options: unknown, context: EdisFormEncodingContext): SpectralFunctionResult[];
