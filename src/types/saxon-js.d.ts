// The part of saxon-js's API that the transform stage uses (the package ships no types).
declare module 'saxon-js' {
  interface TransformOptions {
    stylesheetInternal: unknown;
    sourceText: string;
    destination: 'serialized';
    baseOutputURI?: string;
    stylesheetParams?: Record<string, unknown>;
    deliverMessage?: (message: { textContent: string | null }) => void;
    deliverResultDocument?: (uri: string) => { destination: 'serialized'; save: (uri: string, content: string) => void };
  }
  interface TransformResult {
    principalResult: string;
  }
  const SaxonJS: {
    transform(options: TransformOptions, mode: 'sync'): TransformResult;
    getProcessorInfo(): { productVersion: string };
  };
  export default SaxonJS;
}
