export { seedSketchesFromDailyKeys } from './sketch-seed';
