/**
 * The client contract lives in the object-model layer (src/api/client_types.ts) because the API
 * server implements it and sits above this layer; components import it from here.
 */
export * from '../api/client_types';
