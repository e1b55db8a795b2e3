/**
 * ssft4j's stable API: {@link io.github.ssft4j.ParallelReasoner} and the value types it takes and returns.
 * Implementations live in other modules and are found through {@link java.util.ServiceLoader}; their interfaces
 * are in {@link io.github.ssft4j.spi}.
 */
package io.github.ssft4j;
