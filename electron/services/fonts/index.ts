export { cjkFont } from './find.ts';
export { glyphOutline, type PathCommand } from './outline.ts';
export { subsetFont, type FontSubset } from './subset.ts';
export { TrueTypeFont } from './truetype.ts';
