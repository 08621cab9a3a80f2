export { buildSketchesWithMerger } from './sketches-by-merger';
