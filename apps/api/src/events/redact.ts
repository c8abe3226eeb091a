import type { RoomDto, StepDto } from '../contract.js';
import type { StepView } from '../dto/mappers.js';
import type { BusEvent } from './bus.js';

/**
 * Room events are stored once for every member; the fold is applied per viewer as they are sent,
 * the same rule as the history routes: other players' prompts read as "" until the room finishes.
 */
export function redactEvent(event: BusEvent, view: StepView): unknown {
  const viewer = view.hidePromptsOf;
  if (viewer === null) return event.data;
  const data = event.data as { step?: StepDto; room?: RoomDto };
  const hideStep = (step: StepDto): StepDto => (step.userId === viewer ? step : { ...step, prompt: '' });
  let out: Record<string, unknown> = { ...(event.data as Record<string, unknown>) };
  if (data.step) out = { ...out, step: hideStep(data.step) };
  if (data.room?.activeStep)
    out = { ...out, room: { ...data.room, activeStep: hideStep(data.room.activeStep) } };
  return out;
}
