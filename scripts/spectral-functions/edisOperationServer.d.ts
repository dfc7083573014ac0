// Types for the plain-JS Spectral function (Spectral itself loads only the .js file).
export interface SpectralFunctionResult {
  message: string;
  path?: (string | number)[];
}
export default function edisOperationServer(input: unknown): SpectralFunctionResult[];
