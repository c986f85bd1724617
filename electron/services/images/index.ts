export { isPng, pngChunks, pngPixelsPerMetre, PNG_SIGNATURE } from './png.ts';
