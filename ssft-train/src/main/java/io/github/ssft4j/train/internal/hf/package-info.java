/**
 * Hugging Face checkpoint files without an engine: safetensors with 64-bit offsets and F32/F16/BF16 conversion,
 * sharded indexes, special tokens in {@code tokenizer.json}, atomic writes.
 */
package io.github.ssft4j.train.internal.hf;
