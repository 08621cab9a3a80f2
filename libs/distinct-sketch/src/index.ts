export { DistinctSketch } from './sketch/distinct-sketch';
export { SketchFormatError } from './format/sketch-format.error';
export type { SketchRepresentation } from './format/sketch-header.codec';
export { inspectSketch, type SketchSummary } from './format/sketch-inspection';
export { SKETCH_PARAMETERS } from './format/sketch.parameters';
