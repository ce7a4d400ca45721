export interface Emitter<M extends object> {
  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof M>(type: K, listener: (payload: M[K]) => void): () => void;
  /** Delivers asynchronously (a microtask later), so listeners added right after start-up see it too. */
  emit<K extends keyof M>(type: K, payload: M[K]): void;
  clear(): void;
}

/**
 * Builds an event emitter whose listeners run isolated: one that throws neither stops the others nor
 * reaches the emitter's caller; `onListenerError` hears about it instead, with the event's type (so that a
 * fault of an `error` listener is not reported as another `error`, which would throw again for ever).
 * `onUnheard` hears what was emitted while nobody listened to its type.
 */
export function createEmitter<M extends object>(
  onListenerError: (error: unknown, type: keyof M) => void,
  onUnheard: <K extends keyof M>(type: K, payload: M[K]) => void,
): Emitter<M> {
  const listeners = new Map<keyof M, Set<(payload: never) => void>>();
  return {
    on(type, listener) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set.add(listener));
      return () => void set.delete(listener);
    },
    emit(type, payload) {
      queueMicrotask(() => {
        const set = listeners.get(type);
        if (!set?.size) return onUnheard(type, payload);
        for (const listener of [...set]) {
          try {
            (listener as (p: M[typeof type]) => void)(payload);
          } catch (error) {
            onListenerError(error, type);
          }
        }
      });
    },
    clear: () => listeners.clear(),
  };
}
