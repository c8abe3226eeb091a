import { pyramidLevelCount } from '@exquisite/geometry';
import type { PipelineEvent } from '@exquisite/pipeline';
import { type Database, getRoom, getStep } from '@exquisite/store';
import { toCanvasDto, toRoomDto, toStepDto } from '../dto/mappers.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './bus.js';

/**
 * Turns the pipeline's step events (ids only) into the contract's room events, loading the step
 * and room from the store so every payload is the record as committed. Events of one room are
 * published in the order the pipeline emitted them.
 */
export function createPipelineEventRelay(database: Database, bus: EventBus, logger: Logger) {
  const queues = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();

  const relay = async (event: PipelineEvent): Promise<void> => {
    if (event.type === 'step.progress') {
      const { stepId, tile, tiles, phase } = event;
      await bus.publish(event.roomId, 'step.progress', { stepId, tile, tiles, phase });
      return;
    }
    const step = await getStep(database.db, event.stepId);
    if (!step) return;
    const stepDto = toStepDto(step);
    if (event.type === 'step.started') {
      await bus.publish(event.roomId, 'step.started', { step: stepDto });
      return;
    }
    if (event.type === 'step.committed' && step.after) {
      const canvas = toCanvasDto({ ...step.after, levels: pyramidLevelCount(step.after) });
      await bus.publish(event.roomId, 'step.committed', { step: stepDto, canvas });
    } else {
      await bus.publish(event.roomId, 'step.failed', { step: stepDto });
    }
    // The turn moved on (or the lock was released): clients refresh the room from this.
    const room = await getRoom(database.db, event.roomId);
    if (room) await bus.publish(event.roomId, 'room.updated', { room: toRoomDto(room) });
  };

  return {
    /** The pipeline's `onEvent`: never throws, never blocks the step. */
    onEvent(event: PipelineEvent): void {
      const previous = queues.get(event.roomId) ?? Promise.resolve();
      const next = previous
        .then(() => relay(event))
        .catch((error: unknown) => logger.warn('room event relay failed', { event, error }));
      queues.set(event.roomId, next);
      pending.add(next);
      void next.finally(() => {
        pending.delete(next);
        if (queues.get(event.roomId) === next) queues.delete(event.roomId);
      });
    },
    /** Waits for queued events (tests, shutdown). */
    async drain(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

export type PipelineEventRelay = ReturnType<typeof createPipelineEventRelay>;
