import type {
  CanvasDto,
  ColorTransfer,
  Direction,
  LedgerEntryDto,
  RoomDto,
  StepDto,
  UserDto,
} from './contract.js';
import { type FetchLike, request } from './request.js';

/** Admin look-ups are not in the shared contract's DTOs; these are the fields the page shows. */
export interface AdminStepDto extends StepDto {
  leaseExpiresAt?: string | null;
  /** Lease lapsed and no replica has recovered the step yet. */
  stuck?: boolean;
}
export interface AuditEntryDto {
  id: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  data: unknown;
  createdAt: string;
}
export interface AdminRoomDto {
  id: string;
  name: string;
  status: string;
  [field: string]: unknown;
}

export interface CreateRoomInput {
  name: string;
  image?: File | Blob | null;
  prompt?: string;
  mode?: 'open' | 'folded';
  direction?: Direction;
  maxTurns?: number;
  /** The room's colour matching (docs/seams.md); absent = the server's default. */
  colorTransfer?: ColorTransfer;
  /** Squeeze the model's references into headroom (docs/seams.md); absent = the server's default, on. */
  referenceHeadroom?: boolean;
}

export interface SubmitStepInput {
  direction: Direction;
  prompt: string;
  turnNonce: string;
}

const enc = encodeURIComponent;

/** Multipart body of `POST /api/rooms`; omitted fields are left out, not sent empty. */
export function createRoomForm(input: CreateRoomInput): FormData {
  const form = new FormData();
  form.set('name', input.name);
  if (input.image) form.set('image', input.image);
  if (input.prompt) form.set('prompt', input.prompt);
  if (input.mode) form.set('mode', input.mode);
  if (input.mode === 'folded' && input.direction) form.set('direction', input.direction);
  if (input.maxTurns !== undefined) form.set('maxTurns', String(input.maxTurns));
  if (input.colorTransfer) form.set('colorTransfer', input.colorTransfer);
  if (input.referenceHeadroom !== undefined) form.set('referenceHeadroom', String(input.referenceHeadroom));
  return form;
}

/**
 * The typed API client. Every method maps one route of the HTTP contract; errors arrive as
 * `ApiError`. `baseUrl` is '' in the browser (same origin) and a loopback URL in tests.
 */
export function createApiClient(options: { baseUrl?: string; fetch?: FetchLike } = {}) {
  const base = options.baseUrl ?? '';
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const call = <T>(path: string, init?: Parameters<typeof request>[2]) =>
    request<T>(fetchFn, base + path, init).then((r) => r.data);

  return {
    auth: {
      register: (body: { email: string; password: string; displayName: string }) =>
        call<{ user: UserDto }>('/api/auth/register', { method: 'POST', body }).then((r) => r.user),
      login: (body: { email: string; password: string }) =>
        call<{ user: UserDto }>('/api/auth/login', { method: 'POST', body }).then((r) => r.user),
      logout: () => call<void>('/api/auth/logout', { method: 'POST' }),
      me: () => call<{ user: UserDto }>('/api/auth/me').then((r) => r.user),
    },
    rooms: {
      list: () => call<{ rooms: RoomDto[] }>('/api/rooms').then((r) => r.rooms),
      get: (roomId: string) => call<{ room: RoomDto }>(`/api/rooms/${enc(roomId)}`).then((r) => r.room),
      create: (input: CreateRoomInput) =>
        call<{ room: RoomDto }>('/api/rooms', { method: 'POST', body: createRoomForm(input) }).then(
          (r) => r.room,
        ),
      join: (inviteCode: string) =>
        call<{ room: RoomDto }>('/api/rooms/join', { method: 'POST', body: { inviteCode } }).then(
          (r) => r.room,
        ),
      skipTurn: (roomId: string, turnNonce: string) =>
        call<{ room: RoomDto }>(`/api/rooms/${enc(roomId)}/skip-turn`, {
          method: 'POST',
          body: { turnNonce },
        }).then((r) => r.room),
      finish: (roomId: string) =>
        call<{ room: RoomDto }>(`/api/rooms/${enc(roomId)}/finish`, { method: 'POST' }).then((r) => r.room),
      removeMember: (roomId: string, userId: string) =>
        call<{ room: RoomDto }>(`/api/rooms/${enc(roomId)}/members/${enc(userId)}`, {
          method: 'DELETE',
        }).then((r) => r.room),
      canvas: (roomId: string, version?: number) =>
        call<CanvasDto>(
          `/api/rooms/${enc(roomId)}/canvas${version === undefined ? '' : `?version=${version}`}`,
        ),
    },
    steps: {
      /**
       * `POST /api/rooms/:id/steps`. The caller owns the idempotency key (see
       * `SubmissionKeys`): the same key with the same body is answered with the same step.
       * `replayed` is true when the server recognised a repeat (200 instead of 202).
       */
      submit: async (roomId: string, body: SubmitStepInput, idempotencyKey: string) => {
        const r = await request<{ step: StepDto }>(fetchFn, `${base}/api/rooms/${enc(roomId)}/steps`, {
          method: 'POST',
          body,
          headers: { 'idempotency-key': idempotencyKey },
        });
        return { step: r.data.step, replayed: r.status === 200 };
      },
      list: (roomId: string, page: { before?: number; limit?: number } = {}) => {
        const q = new URLSearchParams();
        if (page.before !== undefined) q.set('before', String(page.before));
        if (page.limit !== undefined) q.set('limit', String(page.limit));
        const qs = q.size > 0 ? `?${q}` : '';
        return call<{ steps: StepDto[] }>(`/api/rooms/${enc(roomId)}/steps${qs}`).then((r) => r.steps);
      },
      get: (stepId: string) => call<{ step: StepDto }>(`/api/steps/${enc(stepId)}`).then((r) => r.step),
    },
    credits: {
      get: () => call<{ balance: number; entries: LedgerEntryDto[] }>('/api/me/credits'),
    },
    admin: {
      steps: (status = 'running') =>
        call<{ steps: AdminStepDto[] }>(`/api/admin/steps?status=${enc(status)}`).then((r) => r.steps),
      abortStep: (stepId: string) =>
        call<{ ok: true }>(`/api/admin/steps/${enc(stepId)}/abort`, { method: 'POST' }),
      users: () => call<{ users: UserDto[] }>('/api/admin/users').then((r) => r.users),
      grantCredits: (userId: string, delta: number, reason: string) =>
        call<{ balance: number }>(`/api/admin/users/${enc(userId)}/credits`, {
          method: 'POST',
          body: { delta, reason },
        }),
      rooms: () => call<{ rooms: AdminRoomDto[] }>('/api/admin/rooms').then((r) => r.rooms),
      audit: () => call<{ entries: AuditEntryDto[] }>('/api/admin/audit').then((r) => r.entries),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The browser's client: same origin, cookies. */
export const api: ApiClient = createApiClient();

/** URLs the browser loads directly (images, downloads, SSE), not through `fetch`. */
export const apiUrls = {
  tile: (roomId: string, level: number, cx: number, cy: number, version: number) =>
    `/api/rooms/${enc(roomId)}/tiles/${level}/${cx}/${cy}.png?v=${version}`,
  canvasPng: (roomId: string, version?: number) =>
    `/api/rooms/${enc(roomId)}/canvas.png${version === undefined ? '' : `?version=${version}`}`,
  events: (roomId: string) => `/api/rooms/${enc(roomId)}/events`,
};
