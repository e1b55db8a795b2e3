package io.github.ssft4j.train.internal.hf;

import io.github.ssft4j.InvalidArgumentException;
import java.util.Arrays;

/**
 * A dense float32 tensor held in a Java array: the exchange format between safetensors files and DJL.
 *
 * @param shape the dimensions, row-major
 * @param data the values, {@code product(shape)} of them
 */
public record FloatTensor(long[] shape, float[] data) {
  /** Checks that {@code data} holds exactly {@code product(shape)} values. */
  public FloatTensor {
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new InvalidArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new InvalidArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  /** @return a copy of the shape */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
