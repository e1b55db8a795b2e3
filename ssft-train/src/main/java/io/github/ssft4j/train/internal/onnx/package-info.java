/**
 * ONNX export from Java: a Qwen2 decoder with KV cache in the Hugging Face Optimum I/O layout ({@link
 * io.github.ssft4j.train.internal.onnx.Qwen2OnnxExporter}), registered as the {@code ModelExporter} service.
 */
package io.github.ssft4j.train.internal.onnx;
