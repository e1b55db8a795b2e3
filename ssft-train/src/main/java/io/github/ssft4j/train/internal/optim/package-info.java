/** The optimiser (AdamW with clipping, resumable state) and the warm-up + cosine learning-rate schedule. */
package io.github.ssft4j.train.internal.optim;
