import { query } from '@solidjs/router';
import { api } from './client.js';

/**
 * Router queries: cached per key, deduplicated, and refreshed with `revalidate(key)` after an
 * action changes what they read.
 */
export const getMyRooms = query(() => api.rooms.list(), 'rooms');
export const getRoom = query((roomId: string) => api.rooms.get(roomId), 'room');
export const getSteps = query((roomId: string) => api.steps.list(roomId, { limit: 50 }), 'steps');
export const getAdminSteps = query(() => api.admin.steps('running'), 'admin-steps');
export const getAdminUsers = query(() => api.admin.users(), 'admin-users');
export const getAdminAudit = query(() => api.admin.audit(), 'admin-audit');
