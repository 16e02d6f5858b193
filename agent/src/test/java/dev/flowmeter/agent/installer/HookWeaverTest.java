// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.agent.instrumentation.Call;
import dev.flowmeter.agent.instrumentation.Hook;
import dev.flowmeter.agent.instrumentation.Instrumentations;
import dev.flowmeter.agent.instrumentation.TypeInstrumentation;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The hooks fit the JDK the tests run on: each matches a method of its class, and each call names a
 * public static bridge method with that exact descriptor (a wrong one would throw {@code
 * NoSuchMethodError} out of the JDK's own methods). CI runs this on each JDK it tests.
 */
final class HookWeaverTest {
  private static final FileSystem JRT = FileSystems.getFileSystem(URI.create("jrt:/"));

  @Test
  void everyHook_matchesAMethodOfItsClass() throws IOException {
    for (TypeInstrumentation type : Instrumentations.all()) {
      List<String[]> methods = methodsOf(classFile(type.typeName()));
      for (Hook hook : type.hooks()) {
        if (hook.since() > Runtime.version().feature()) {
          continue;
        }
        assertThat(methods)
            .as(type.typeName() + " " + hook)
            .anySatisfy(
                m ->
                    assertThat(
                            hook.matches(
                                (Integer.parseInt(m[0]) & Opcodes.ACC_PUBLIC) != 0, m[1], m[2]))
                        .isTrue());
      }
    }
  }

  @Test
  void everyCall_namesAPublicStaticBridgeMethod() throws Exception {
    for (TypeInstrumentation type : Instrumentations.all()) {
      for (Hook hook : type.hooks()) {
        for (Call call : new Call[] {hook.enterCall(), hook.exitCall()}) {
          if (call != null) {
            assertThat(find(call)).as(type.typeName() + " " + call.name()).isNotNull();
          }
        }
      }
    }
  }

  @Test
  void weave_everyClass_changesOnlyTheHookedMethods() throws IOException {
    for (TypeInstrumentation type : Instrumentations.all()) {
      byte[] original = classFile(type.typeName());
      byte[] woven = HookWeaver.weave(original, type.hooks(), true, null);
      assertThat(methodsOf(woven))
          .as(type.typeName())
          .usingElementComparator((a, b) -> String.join(" ", a).compareTo(String.join(" ", b)))
          .containsExactlyElementsOf(methodsOf(original));
      assertThat(woven).as(type.typeName()).isNotEqualTo(original);
    }
  }

  /**
   * Computing frames never asks the class's own loader for the class being written: while it is
   * being defined, that loader would define it a second time (on JDK 25 the platform loader threw
   * {@code LinkageError: attempted duplicate class definition} for {@code HttpClientImpl}).
   */
  @Test
  void weave_neverLoadsTheClassBeingWritten() throws IOException {
    for (TypeInstrumentation type : Instrumentations.all()) {
      List<String> asked = new ArrayList<>();
      ClassLoader watching =
          new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve)
                throws ClassNotFoundException {
              asked.add(name);
              return super.loadClass(name, resolve);
            }
          };
      HookWeaver.weave(classFile(type.typeName()), type.hooks(), true, watching);
      assertThat(asked).as(type.typeName()).doesNotContain(type.typeName());
    }
  }

  /**
   * Every field of its own class the woven code reads is read with the type the class declares: a
   * hook names {@code FileChannelImpl.parent} as an {@code Object}, which it is on JDK 17 and is
   * not on JDK 25 (a {@code Closeable}), where a {@code getfield} with the named type would throw
   * {@code NoSuchFieldError} out of every channel call.
   */
  @Test
  void weave_readsOwnFieldsWithTheirDeclaredTypes() throws IOException {
    for (TypeInstrumentation type : Instrumentations.all()) {
      byte[] original = classFile(type.typeName());
      Map<String, String> declared = new HashMap<>();
      new ClassReader(original)
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(
                    int access, String name, String descriptor, String signature, Object value) {
                  declared.put(name, descriptor);
                  return null;
                }
              },
              ClassReader.SKIP_CODE);
      String owner = type.typeName().replace('.', '/');
      List<String> read = new ArrayList<>();
      new ClassReader(HookWeaver.weave(original, type.hooks(), true, null))
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(
                    int access, String name, String descriptor, String signature, String[] e) {
                  return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(
                        int opcode, String fieldOwner, String field, String fieldDescriptor) {
                      if (fieldOwner.equals(owner) && declared.containsKey(field)) {
                        read.add(field + ":" + fieldDescriptor);
                        assertThat(fieldDescriptor)
                            .as(type.typeName() + "." + field)
                            .isEqualTo(declared.get(field));
                      }
                    }
                  };
                }
              },
              0);
      if (type.typeName().equals("sun.nio.ch.FileChannelImpl")) {
        assertThat(read).contains("parent:" + declared.get("parent"));
      }
    }
  }

  private static Method find(Call call) throws ClassNotFoundException {
    Class<?> owner = Class.forName(call.owner().replace('/', '.'));
    for (Method m : owner.getDeclaredMethods()) {
      String descriptor =
          MethodType.methodType(m.getReturnType(), m.getParameterTypes())
              .toMethodDescriptorString();
      if (m.getName().equals(call.name())
          && descriptor.equals(call.descriptor())
          && Modifier.isStatic(m.getModifiers())
          && Modifier.isPublic(m.getModifiers())) {
        return m;
      }
    }
    return null;
  }

  /** {access, name, descriptor} of each method of the class file. */
  private static List<String[]> methodsOf(byte[] classFile) {
    List<String[]> methods = new ArrayList<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] e) {
                methods.add(new String[] {String.valueOf(access), name, descriptor});
                return null;
              }
            },
            ClassReader.SKIP_CODE);
    return methods;
  }

  /** The JDK's own class file of {@code className}, from whichever module holds it. */
  private static byte[] classFile(String className) throws IOException {
    String file = className.replace('.', '/') + ".class";
    try (Stream<Path> modules = Files.list(JRT.getPath("/modules"))) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        Path path = module.resolve(file);
        if (Files.exists(path)) {
          return Files.readAllBytes(path);
        }
      }
    }
    throw new IOException("no class file for " + className);
  }
}
