import type { AuditEntry, LedgerEntry, Member, Room, Step, User } from '@exquisite/store';
import type { CanvasDto, LedgerEntryDto, MemberDto, RoomDto, StepDto, UserDto } from '../contract.js';

/** Store records → wire shapes. Internal fields (lease, fencing token, request hash, record) never leave. */
export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    credits: user.credits,
  };
}

export function toMemberDto(member: Member): MemberDto {
  return { userId: member.userId, displayName: member.displayName, seat: member.seat };
}

/**
 * What a viewer may read of a step. In a folded room that is not finished yet, the prompts of other
 * players' steps are hidden (`""`): the fold is about not knowing what came before. Geometry
 * (before/after rects) stays, since every member needs it to place the visible strip.
 */
export function toStepDto(step: Step, view: StepView = { hidePromptsOf: null }): StepDto {
  const hidden = view.hidePromptsOf !== null && step.userId !== view.hidePromptsOf;
  return {
    id: step.id,
    roomId: step.roomId,
    number: step.number,
    userId: step.userId,
    direction: step.direction,
    prompt: hidden ? '' : step.prompt,
    status: step.status,
    error: step.error ? { code: step.error.code, message: step.error.message } : null,
    tiles: step.tiles,
    cost: step.cost,
    provider: step.provider,
    model: step.model,
    createdAt: step.createdAt.toISOString(),
    finishedAt: step.finishedAt?.toISOString() ?? null,
    before: { ...step.before },
    after: step.after ? { ...step.after } : null,
  };
}

/** `hidePromptsOf`: the viewer's user id when others' prompts must be hidden from them, else null. */
export interface StepView {
  hidePromptsOf: string | null;
}

/** Folded rooms hide other players' prompts from members until the room finishes; admins see all. */
export function stepViewFor(
  room: Pick<Room, 'mode' | 'status'>,
  viewer: { id: string; role: string },
): StepView {
  const folded = room.mode === 'folded' && room.status !== 'finished' && viewer.role !== 'admin';
  return { hidePromptsOf: folded ? viewer.id : null };
}

export function toRoomDto(room: Room, view: StepView = { hidePromptsOf: null }): RoomDto {
  return {
    id: room.id,
    name: room.name,
    ownerId: room.ownerId,
    inviteCode: room.inviteCode,
    mode: room.mode,
    direction: room.direction,
    status: room.status,
    canvas: { ...room.canvas },
    members: room.members.map(toMemberDto),
    // The seat always has an occupant through the store's operations; "" only guards the type.
    turn: {
      number: room.turn.number,
      seat: room.turn.seat,
      userId: room.turn.userId ?? '',
      nonce: room.turn.nonce,
    },
    activeStep: room.activeStep ? toStepDto(room.activeStep, view) : null,
    limits: { ...room.limits },
    settings: { ...room.settings },
    createdAt: room.createdAt.toISOString(),
  };
}

export function toLedgerEntryDto(entry: LedgerEntry): LedgerEntryDto {
  return {
    id: String(entry.id),
    delta: entry.delta,
    reason: entry.reason,
    stepId: entry.stepId,
    createdAt: entry.createdAt.toISOString(),
  };
}

export function toAuditDto(entry: AuditEntry) {
  return {
    id: String(entry.id),
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: entry.data,
    createdAt: entry.createdAt.toISOString(),
  };
}

export function toCanvasDto(canvas: {
  x: number;
  y: number;
  width: number;
  height: number;
  version: number;
  levels: number;
}): CanvasDto {
  return {
    x: canvas.x,
    y: canvas.y,
    width: canvas.width,
    height: canvas.height,
    version: canvas.version,
    cellPx: 512,
    levels: canvas.levels,
  };
}
