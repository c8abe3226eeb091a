import { type Cell, cellsIntersecting } from './cells.js';
import { type StepPlan, stepWorkRect } from './plan-step.js';
import { intersectRect } from './rect.js';

/**
 * Level-0 cells a step rewrites: those intersecting its changed region, ordered by cy
 * then cx. They always lie wholly inside the step's work rect and its `after` canvas, so
 * they can be cut straight out of the composited work buffer.
 */
export function stepChangedCells(plan: StepPlan): Cell[] {
  return cellsIntersecting(plan.changedRegion);
}

/**
 * Level-0 cells of the old canvas a step must read to build its tiles: the old-canvas
 * part of its work rect. Cost grows with the edge, never with the canvas area.
 */
export function stepSourceCells(plan: StepPlan): Cell[] {
  const part = intersectRect(stepWorkRect(plan), plan.before);
  return part === null ? [] : cellsIntersecting(part);
}
