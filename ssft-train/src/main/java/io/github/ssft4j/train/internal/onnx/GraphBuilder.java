package io.github.ssft4j.train.internal.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A thin builder over the ONNX protobuf classes: nodes with generated unique output names, constants as
 * initializers, typed graph inputs and outputs.
 */
final class GraphBuilder {
  private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
  private int counter;

  GraphBuilder(String name) {
    graph.setName(name);
  }

  OnnxMl.GraphProto.Builder graph() {
    return graph;
  }

  /** Adds a node with one generated output; returns that output's name. */
  String op(String type, List<String> inputs, OnnxMl.AttributeProto... attrs) {
    return opNamed(type, inputs, type.toLowerCase() + "_" + (counter++), attrs);
  }

  /** Adds a node whose single output has the given name. */
  String opNamed(String type, List<String> inputs, String output, OnnxMl.AttributeProto... attrs) {
    OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(type).setName("n" + (counter++) + "_" + type)
        .addAllInput(inputs).addOutput(output);
    for (OnnxMl.AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return output;
  }

  /** Adds a node of any domain ({@code ""} for ONNX) with named outputs ({@code ""} skips an optional one). */
  void node(String type, String domain, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attrs) {
    OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(type).setDomain(domain)
        .setName("n" + (counter++) + "_" + type).addAllInput(inputs).addAllOutput(outputs);
    for (OnnxMl.AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    graph.addNode(n);
  }

  /**
   * Gives tensor {@code output} the name {@code name} where the node making it writes it (the last such node), so a
   * graph output can come straight from its producer; call it before anything reads {@code output}.
   *
   * @return {@code name}
   */
  String rename(String output, String name) {
    for (int i = graph.getNodeCount() - 1; i >= 0; i--) {
      OnnxMl.NodeProto.Builder n = graph.getNodeBuilder(i);
      for (int o = 0; o < n.getOutputCount(); o++) {
        if (n.getOutput(o).equals(output)) {
          n.setOutput(o, name);
          return name;
        }
      }
    }
    throw new IllegalStateException("no node writes " + output);
  }

  static OnnxMl.AttributeProto attr(String name, float v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
        .setF(v).build();
  }

  static OnnxMl.AttributeProto attr(String name, long v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v)
        .build();
  }

  static OnnxMl.AttributeProto attr(String name, long... v) {
    OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INTS);
    for (long x : v) {
      b.addInts(x);
    }
    return b.build();
  }

  /** An int64 constant initializer of the given shape. */
  String constLongs(long[] shape, long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return constant(OnnxMl.TensorProto.DataType.INT64_VALUE, shape, b.array());
  }

  /** A float constant initializer of the given shape. */
  String constFloats(long[] shape, float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return constant(OnnxMl.TensorProto.DataType.FLOAT_VALUE, shape, b.array());
  }

  private String constant(int dataType, long[] shape, byte[] raw) {
    String name = "const_" + (counter++);
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(dataType)
        .setRawData(ByteString.copyFrom(raw));
    for (long d : shape) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds a graph input or output: {@code dims} entries are {@code Long} (fixed) or {@code String} (symbolic). */
  static OnnxMl.ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    return OnnxMl.ValueInfoProto.newBuilder().setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
            OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }
}
