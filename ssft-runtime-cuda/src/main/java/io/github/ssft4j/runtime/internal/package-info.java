/**
 * The ONNX Runtime inference backend of ssft4j: set-of-tags generation with a forked KV cache.
 *
 * <p>{@link io.github.ssft4j.runtime.internal.OnnxRuntimeBackend} (service name {@code onnxruntime}) opens a model folder:
 * {@code config.json}, {@code generation_config.json}, {@code tokenizer.json}, {@code tokenizer_config.json}, the
 * chat template ({@code chat_template.jinja} or inline), {@code model.onnx} (a decoder with KV cache, Optimum
 * naming) and optionally {@code ssft.json} ({@code {"count": 6, "tag_format": "<think{i}>", "prefix_format":
 * "<|im_start|>{tag}\n"}}). A consensus call prefills the prompt once, copies its KV cache into one row per branch,
 * feeds each row its tag prefix and decodes all rows together, dropping rows as they finish.
 *
 * <h2>Running on a GPU</h2>
 * This module depends on the CPU build of ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime}). Both
 * builds contain the same {@code ai.onnxruntime} classes, so an application that wants the CUDA execution provider
 * replaces one with the other:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>io.github.ssft4j</groupId>
 *   <artifactId>ssft-runtime-cuda</artifactId>
 *   <exclusions>
 *     <exclusion>
 *       <groupId>com.microsoft.onnxruntime</groupId>
 *       <artifactId>onnxruntime</artifactId>
 *     </exclusion>
 *   </exclusions>
 * </dependency>
 * <dependency>
 *   <groupId>com.microsoft.onnxruntime</groupId>
 *   <artifactId>onnxruntime_gpu</artifactId>
 *   <version>1.29.0</version>
 * </dependency>
 * }</pre>
 *
 * and asks for it with {@code RuntimeOptions.DEFAULT.withCuda(device, allowCpuFallback)}. The GPU jar needs the
 * CUDA 12 runtime libraries ({@code libcudart.so.12}, {@code libcublas.so.12}, {@code libcublasLt.so.12}, cuDNN 9)
 * on the library path. When the CUDA provider cannot be added (ONNX Runtime reports {@code ORT_EP_FAIL}: CPU jar,
 * missing libraries, no device), opening the model fails with a {@link io.github.ssft4j.ModelLoadException} that
 * says so, unless {@code allowCpuFallback} is set: then a warning is logged and the model runs on the CPU
 * ({@link io.github.ssft4j.runtime.internal.OnnxModel#provider()} tells which). ONNX Runtime's Java API has no I/O binding,
 * so with CUDA every step copies its inputs, the KV cache included, to the device and back.
 */
package io.github.ssft4j.runtime.internal;
