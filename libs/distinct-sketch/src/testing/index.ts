export * from './hll-vectors.types';
export { vectorKey, keysOfVectorSet } from './vector-keys';
export { registerPatternBytes } from './register-pattern';
export { sameCardinality, CARDINALITY_TOLERANCE } from './same-cardinality';
