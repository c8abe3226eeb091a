/**
 * The wire types, read type-only from the API's source (see tsconfig `paths`). Nothing here
 * exists at run time; the SPA never bundles server code.
 */
export type {
  CanvasDto,
  CanvasRef,
  ColorTransfer,
  Direction,
  ErrorBody,
  ErrorCode,
  LedgerEntryDto,
  MemberDto,
  RoomDto,
  RoomEventMap,
  RoomEventName,
  RoomMode,
  StepDto,
  StepPhase,
  StepStatus,
  UserDto,
} from '@exquisite/api/contract';
