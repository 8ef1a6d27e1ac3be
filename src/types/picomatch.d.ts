// The part of picomatch (2.x, the matcher fast-glob itself uses) that discover.ts calls.
declare module 'picomatch' {
  function picomatch(glob: string | string[], options?: { dot?: boolean }): (path: string) => boolean;
  export default picomatch;
}
