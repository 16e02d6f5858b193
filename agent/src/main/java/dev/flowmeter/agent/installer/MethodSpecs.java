// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.bootstrap.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;

/**
 * Works out a {@link MethodSpec} from a method's description and its {@code @Tracked} annotation
 * (or none, for a method named in {@code flowmeter.methods.include}), with the rules of the code
 * the {@code @Tracked} processor generates: the operation inferred from the stream parameters or
 * result, the name from the template or the class and method plus a file or URI argument, the total
 * from {@code total}/{@code @TotalBytes}, a {@code Path}/{@code File}, or a file stream or channel.
 *
 * <p>Parameter names come from the class file ({@code -parameters} or the local variable table); a
 * template that names a parameter the class file does not know keeps its {@code {name}} text.
 * Stateless.
 */
final class MethodSpecs {
  static final String TRACKED = "dev.flowmeter.Tracked";
  static final String TOTAL_BYTES = "dev.flowmeter.TotalBytes";

  private MethodSpecs() {}

  /** The spec of {@code method}; {@code tracked} is its annotation, or null. */
  static MethodSpec of(MethodDescription method, AnnotationDescription tracked) {
    ParameterList<?> params = method.getParameters();
    byte[] kinds = new byte[params.size()];
    boolean in = false;
    boolean out = false;
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = kind(params.get(i).getType().asErasure().getName());
      in |= kinds[i] == MethodSpec.INPUT_STREAM || kinds[i] == MethodSpec.READABLE_CHANNEL;
      out |= kinds[i] == MethodSpec.OUTPUT_STREAM || kinds[i] == MethodSpec.WRITABLE_CHANNEL;
    }
    byte result = kind(method.getReturnType().asErasure().getName());
    String operation = tracked == null ? "" : string(tracked, "operation");
    if (operation.isBlank()) {
      if (result != MethodSpec.NONE) {
        operation =
            result == MethodSpec.INPUT_STREAM || result == MethodSpec.READABLE_CHANNEL
                ? "read"
                : "write";
      } else if (in && out) {
        operation = "copy";
      } else if (in) {
        operation = "read";
      } else if (out) {
        operation = "write";
      }
    }
    String template = tracked == null ? "" : string(tracked, "name");
    Object[] name = template.isEmpty() ? defaultName(method) : template(template, params);
    int totalIndex = -1;
    byte totalKind = MethodSpec.TOTAL_NUMBER;
    String total = tracked == null ? "" : string(tracked, "total");
    if (!total.isEmpty()) {
      totalIndex = indexOf(params, total);
    } else {
      for (ParameterDescription p : params) {
        for (AnnotationDescription a : p.getDeclaredAnnotations()) {
          if (a.getAnnotationType().getName().equals(TOTAL_BYTES)) {
            totalIndex = p.getIndex();
          }
        }
      }
    }
    if (totalIndex < 0) {
      totalKind = MethodSpec.TOTAL_SIZE;
      totalIndex = firstOf(params, "java.nio.file.Path", "java.io.File");
      if (totalIndex < 0) {
        totalIndex =
            firstOf(
                params,
                "java.io.FileInputStream",
                "java.nio.channels.FileChannel",
                "java.nio.channels.SeekableByteChannel");
      }
    }
    return new MethodSpec(operation, name, totalIndex, totalKind, kinds, result);
  }

  static byte kind(String type) {
    switch (type) {
      case "java.io.InputStream":
        return MethodSpec.INPUT_STREAM;
      case "java.io.OutputStream":
        return MethodSpec.OUTPUT_STREAM;
      case "java.nio.channels.ReadableByteChannel":
        return MethodSpec.READABLE_CHANNEL;
      case "java.nio.channels.WritableByteChannel":
        return MethodSpec.WRITABLE_CHANNEL;
      default:
        return MethodSpec.NONE;
    }
  }

  private static String string(AnnotationDescription a, String property) {
    try {
      Object v = a.getValue(property).resolve();
      return v instanceof String ? (String) v : "";
    } catch (RuntimeException e) {
      return ""; // a default the class file does not repeat, when the annotation cannot be read
    }
  }

  private static Object[] defaultName(MethodDescription method) {
    String type = method.getDeclaringType().asErasure().getName();
    String simple = type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    String label = simple + "." + method.getName();
    int where =
        firstOf(method.getParameters(), "java.nio.file.Path", "java.io.File", "java.net.URI");
    return where < 0 ? new Object[] {label} : new Object[] {label + " ", where};
  }

  private static Object[] template(String template, ParameterList<?> params) {
    List<Object> parts = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      int close = open < 0 ? -1 : template.indexOf('}', open);
      if (open < 0 || close < 0) {
        parts.add(template.substring(i));
        break;
      }
      int index = indexOf(params, template.substring(open + 1, close));
      if (index < 0) {
        parts.add(template.substring(i, close + 1));
      } else {
        parts.add(template.substring(i, open));
        parts.add(index);
      }
      i = close + 1;
    }
    return parts.toArray();
  }

  private static int indexOf(ParameterList<?> params, String name) {
    for (ParameterDescription p : params) {
      if (p.isNamed() && p.getName().equals(name)) {
        return p.getIndex();
      }
    }
    return -1;
  }

  private static int firstOf(ParameterList<?> params, String... types) {
    for (ParameterDescription p : params) {
      String type = p.getType().asErasure().getName();
      for (String t : types) {
        if (t.equals(type)) {
          return p.getIndex();
        }
      }
    }
    return -1;
  }
}
