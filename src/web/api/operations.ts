/** Every operation of the JSON API, for its OpenAPI document (each module describes its own). */
import { driftApiOperations } from './drift-api.js';
import { daysApiOperations } from './days-api.js';
import { locationsApiOperations } from './locations.js';
import { mappingApiOperations } from './mapping-api.js';
import type { ApiOperation } from './openapi.js';
import { payoutsApiOperations } from './payouts-api.js';
import { repairApiOperations } from './repair-api.js';
import { recordsApiOperations } from './records.js';
import { syncApiOperations } from './sync-api.js';
import { ticketsApiOperations } from './tickets.js';

export const API_OPERATIONS: readonly ApiOperation[] = [
  ...ticketsApiOperations, ...recordsApiOperations, ...locationsApiOperations, ...syncApiOperations, ...mappingApiOperations, ...driftApiOperations,
  ...repairApiOperations, ...daysApiOperations, ...payoutsApiOperations,
];
