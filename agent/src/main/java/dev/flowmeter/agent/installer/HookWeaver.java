// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.instrumentation.Arg;
import dev.flowmeter.agent.instrumentation.Call;
import dev.flowmeter.agent.instrumentation.Hook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes {@link Hook}s into a JDK class file: plain static calls into the bootstrap bridge, made
 * with the class-file library that ships inside the agent (the relocated ASM of Byte Buddy), and
 * nothing else of Byte Buddy.
 *
 * <p>Design notes
 *
 * <p>Why not Byte Buddy's {@code Advice}: it is the right tool, but it is Byte Buddy. Loading,
 * verifying and running several hundred of its classes cold took about 0.6 s of a core, so the
 * hooks were put in place on a background thread, and whatever a program moved before that was
 * lost. The hooks the JDK classes need are few and all of one shape, a call before, a call after;
 * written here directly they take a few tens of classes and milliseconds, fast enough to be in
 * place before {@code main}.
 *
 * <p>What a hooked method becomes: the cancel check ({@code Interrupts.check(this)}, under {@code
 * flowmeter.agent.cancel=interrupt}), then the enter call, whose result is kept in a new local (the
 * token) or replaces arguments; the original code, in which every return first makes the exit call;
 * and, for {@link Hook#orThrows()}, one handler over the whole original code, placed last in the
 * exception table so that the method's own handlers keep catching what they caught, which makes the
 * exit call with what was thrown and throws it again.
 *
 * <p>Locals: the hook's locals (the token, the value returned, the exception) take the slots just
 * after the arguments; every local of the original code moves up by as many slots. Frames are
 * computed anew for the hooked methods only: a method without a hook is copied as it was. Class
 * format: no field, method or attribute is added, as retransformation requires.
 *
 * <p>Not thread-safe; one weaver per class file.
 */
final class HookWeaver extends ClassVisitor {
  private static final int API = Opcodes.ASM9;
  // token (1 slot), returned value (up to 2), exception (1)
  private static final int EXTRA = 4;
  private static final String INTERRUPTS = "dev/flowmeter/agent/bootstrap/Interrupts";

  private static final String OBJECT_DESCRIPTOR = "Ljava/lang/Object;";

  private final List<Hook> hooks;
  private final boolean stops;
  // the class's own fields, name to descriptor: visited before its methods
  private final Map<String, String> fields = new HashMap<>();
  private String owner;

  private HookWeaver(ClassVisitor next, List<Hook> hooks, boolean stops) {
    super(API, next);
    this.hooks = hooks;
    this.stops = stops;
  }

  /**
   * The class file {@code classFile} with {@code hooks} written in; {@code stops} adds the cancel
   * check to the hooks that have it. {@code loader} (the class's own, {@code null} for the
   * bootstrap loader) resolves the types whose common super type a frame needs.
   */
  static byte[] weave(byte[] classFile, List<Hook> hooks, boolean stops, ClassLoader loader) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new Writer(reader, loader);
    reader.accept(new HookWeaver(writer, hooks, stops), ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  @Override
  public void visit(
      int version,
      int access,
      String name,
      String signature,
      String superName,
      String[] interfaces) {
    this.owner = name;
    super.visit(version, access, name, signature, superName, interfaces);
  }

  @Override
  public FieldVisitor visitField(
      int access, String name, String descriptor, String signature, Object value) {
    fields.put(name, descriptor);
    return super.visitField(access, name, descriptor, signature, value);
  }

  /**
   * The descriptor to read the field {@code arg} names with: its own, except that a reference field
   * named as {@code Object} takes the one this class declares, {@code null} when it declares none.
   */
  private String fieldDescriptor(Arg arg) {
    return arg.descriptor().equals(OBJECT_DESCRIPTOR) ? fields.get(arg.name()) : arg.descriptor();
  }

  @Override
  public MethodVisitor visitMethod(
      int access, String name, String descriptor, String signature, String[] exceptions) {
    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
    if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
      return next;
    }
    boolean isPublic = (access & Opcodes.ACC_PUBLIC) != 0;
    for (Hook hook : hooks) {
      if (hook.matches(isPublic, name, descriptor)) {
        return new Hooked(next, access, name, descriptor, hook);
      }
    }
    return next;
  }

  /** One hooked method. */
  private final class Hooked extends MethodVisitor {
    private final Hook hook;
    private final boolean isStatic;
    private final boolean constructor;
    private final Type[] arguments;
    private final Type returned;
    private final int firstExtra;
    private final Label start = new Label();
    private final Label end = new Label();
    private final Label handler = new Label();
    private boolean begun;

    Hooked(MethodVisitor next, int access, String name, String descriptor, Hook hook) {
      super(API, next);
      this.hook = hook;
      this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
      this.constructor = name.equals("<init>");
      this.arguments = Type.getArgumentTypes(descriptor);
      this.returned = Type.getReturnType(descriptor);
      int slots = isStatic ? 0 : 1;
      for (Type t : arguments) {
        slots += t.getSize();
      }
      this.firstExtra = slots;
      if (constructor && (hook.enterCall() != null || hook.orThrows() || hook.isStopping())) {
        throw new IllegalArgumentException("a constructor takes exit calls only: " + hook);
      }
    }

    private int token() {
      return firstExtra;
    }

    private int value() {
      return firstExtra + 1;
    }

    private int exception() {
      return firstExtra + 3;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      if (stops && hook.isStopping() && !isStatic) {
        super.visitVarInsn(Opcodes.ALOAD, 0);
        Arg owning = hook.stopOwner();
        if (owning == null) {
          super.visitMethodInsn(
              Opcodes.INVOKESTATIC, INTERRUPTS, "check", "(Ljava/lang/Object;)V", false);
        } else {
          push(owning, Type.getType(OBJECT_DESCRIPTOR), false);
          super.visitMethodInsn(
              Opcodes.INVOKESTATIC,
              INTERRUPTS,
              "check",
              "(Ljava/lang/Object;Ljava/lang/Object;)V",
              false);
        }
      }
      Call enter = hook.enterCall();
      if (enter != null) {
        call(enter, false);
        int[] replaced = hook.replaced();
        Type result = Type.getReturnType(enter.descriptor());
        if (replaced.length > 0) {
          for (int i = 0; i < replaced.length; i++) {
            if (i < replaced.length - 1) {
              super.visitInsn(Opcodes.DUP);
            }
            push(i);
            super.visitInsn(Opcodes.AALOAD);
            Type target = arguments[replaced[i]];
            super.visitTypeInsn(Opcodes.CHECKCAST, target.getInternalName());
            super.visitVarInsn(Opcodes.ASTORE, argumentSlot(replaced[i]));
          }
        } else if (result.getSort() == Type.OBJECT || result.getSort() == Type.ARRAY) {
          super.visitVarInsn(Opcodes.ASTORE, token());
        } else if (result.getSize() > 0) {
          super.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
        }
      }
    }

    /** Opens the range of the handler once the method's own handlers are all declared. */
    private void begin() {
      if (!begun) {
        begun = true;
        if (hook.exitCall() != null && hook.orThrows()) {
          super.visitTryCatchBlock(start, end, handler, null);
          super.visitLabel(start);
        }
      }
    }

    @Override
    public void visitLabel(Label label) {
      begin();
      super.visitLabel(label);
    }

    @Override
    public void visitLineNumber(int line, Label label) {
      begin();
      super.visitLineNumber(line, label);
    }

    @Override
    public void visitInsn(int opcode) {
      begin();
      if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && hook.exitCall() != null) {
        exit(false);
      }
      super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      begin();
      super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int slot) {
      begin();
      super.visitVarInsn(opcode, moved(slot));
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      begin();
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
      begin();
      super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(
        int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
      begin();
      super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name,
        String descriptor,
        net.bytebuddy.jar.asm.Handle bootstrap,
        Object... bootstrapArguments) {
      begin();
      super.visitInvokeDynamicInsn(name, descriptor, bootstrap, bootstrapArguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      begin();
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
      begin();
      super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int slot, int increment) {
      begin();
      super.visitIincInsn(moved(slot), increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      begin();
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      begin();
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      begin();
      super.visitMultiANewArrayInsn(descriptor, dimensions);
    }

    @Override
    public void visitLocalVariable(
        String name, String descriptor, String signature, Label from, Label to, int slot) {
      super.visitLocalVariable(name, descriptor, signature, from, to, moved(slot));
    }

    @Override
    public net.bytebuddy.jar.asm.AnnotationVisitor visitLocalVariableAnnotation(
        int typeRef,
        net.bytebuddy.jar.asm.TypePath typePath,
        Label[] from,
        Label[] to,
        int[] slots,
        String descriptor,
        boolean visible) {
      int[] shifted = new int[slots.length];
      for (int i = 0; i < slots.length; i++) {
        shifted[i] = moved(slots[i]);
      }
      return super.visitLocalVariableAnnotation(
          typeRef, typePath, from, to, shifted, descriptor, visible);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      begin();
      if (hook.exitCall() != null && hook.orThrows()) {
        super.visitLabel(end);
        super.visitLabel(handler);
        super.visitVarInsn(Opcodes.ASTORE, exception());
        exit(true);
        super.visitVarInsn(Opcodes.ALOAD, exception());
        super.visitInsn(Opcodes.ATHROW);
      }
      super.visitMaxs(maxStack, maxLocals + EXTRA); // recomputed by the writer
    }

    private int moved(int slot) {
      return slot >= firstExtra ? slot + EXTRA : slot;
    }

    private int argumentSlot(int index) {
      int slot = isStatic ? 0 : 1;
      for (int i = 0; i < index; i++) {
        slot += arguments[i].getSize();
      }
      return slot;
    }

    /**
     * The exit call: before a return ({@code thrown} false: the value returned is kept, passed, and
     * returned, or replaced by the call's result) or in the handler ({@code thrown}: the value is
     * its type's default, and the call's result is dropped).
     */
    private void exit(boolean thrown) {
      Call exit = hook.exitCall();
      Type result = Type.getReturnType(exit.descriptor());
      boolean keeps = !thrown && returned.getSort() != Type.VOID;
      if (keeps) {
        super.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), value());
      }
      call(exit, thrown);
      if (result.getSort() == Type.VOID) {
        if (keeps) {
          super.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), value());
        }
      } else if (thrown || !keeps) {
        super.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
      } else if (!result.equals(returned)) {
        super.visitTypeInsn(Opcodes.CHECKCAST, returned.getInternalName());
      }
    }

    /** Pushes {@code call}'s values and makes it; {@code thrown} in the handler. */
    private void call(Call call, boolean thrown) {
      Type[] parameters = Type.getArgumentTypes(call.descriptor());
      List<Arg> args = call.args();
      if (parameters.length != args.size()) {
        throw new IllegalArgumentException("values do not match " + call.descriptor());
      }
      for (int i = 0; i < parameters.length; i++) {
        push(args.get(i), parameters[i], thrown);
      }
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC, call.owner(), call.name(), call.descriptor(), false);
    }

    private void push(Arg arg, Type parameter, boolean thrown) {
      Type pushed;
      switch (arg.kind()) {
        case THIS:
          if (isStatic) {
            throw new IllegalArgumentException("no this in a static method");
          }
          super.visitVarInsn(Opcodes.ALOAD, 0);
          pushed = Type.getObjectType(owner);
          break;
        case TOKEN:
          super.visitVarInsn(Opcodes.ALOAD, token());
          pushed = Type.getType(Object.class);
          break;
        case THROWN:
          if (thrown) {
            super.visitVarInsn(Opcodes.ALOAD, exception());
          } else {
            super.visitInsn(Opcodes.ACONST_NULL);
          }
          pushed = Type.getType(Throwable.class);
          break;
        case RETURN:
          pushed = returned;
          if (thrown) {
            pushDefault(returned);
          } else {
            super.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), value());
          }
          break;
        case ARGUMENT:
          pushed = arguments[arg.index()];
          super.visitVarInsn(pushed.getOpcode(Opcodes.ILOAD), argumentSlot(arg.index()));
          break;
        case FIELD:
          {
            String descriptor = fieldDescriptor(arg);
            if (descriptor == null) {
              super.visitInsn(Opcodes.ACONST_NULL); // not in this JDK's class
            } else {
              super.visitVarInsn(Opcodes.ALOAD, 0);
              super.visitFieldInsn(Opcodes.GETFIELD, owner, arg.name(), descriptor);
            }
            pushed = Type.getType(descriptor == null ? OBJECT_DESCRIPTOR : descriptor);
            break;
          }
        case ARGUMENT_FIELD:
          pushArgumentField(arg);
          pushed = Type.getType(OBJECT_DESCRIPTOR);
          break;
        case CONSTANT:
          if (parameter.getSize() == 2) {
            super.visitLdcInsn(arg.constant());
          } else {
            push((int) arg.constant());
          }
          return;
        default:
          throw new IllegalArgumentException(arg.kind().toString());
      }
      if (pushed.getSort() == Type.INT && parameter.getSort() == Type.LONG) {
        super.visitInsn(Opcodes.I2L);
      } else if (isPrimitive(pushed) != isPrimitive(parameter)
          || (isPrimitive(pushed) && !pushed.equals(parameter))) {
        throw new IllegalArgumentException(pushed + " cannot be passed as " + parameter);
      }
    }

    /**
     * {@code argument instanceof Owner ? ((Owner) argument).field : null}: the class's own code may
     * read the private fields of another of its instances.
     */
    private void pushArgumentField(Arg arg) {
      String descriptor = fieldDescriptor(arg);
      Type argument = arguments[arg.index()];
      if (descriptor == null
          || argument.getSort() != Type.OBJECT
          || Type.getType(descriptor).getSort() < Type.ARRAY) {
        super.visitInsn(Opcodes.ACONST_NULL);
        return;
      }
      Label other = new Label();
      Label done = new Label();
      int slot = argumentSlot(arg.index());
      super.visitVarInsn(Opcodes.ALOAD, slot);
      super.visitTypeInsn(Opcodes.INSTANCEOF, owner);
      super.visitJumpInsn(Opcodes.IFEQ, other);
      super.visitVarInsn(Opcodes.ALOAD, slot);
      super.visitTypeInsn(Opcodes.CHECKCAST, owner);
      super.visitFieldInsn(Opcodes.GETFIELD, owner, arg.name(), descriptor);
      super.visitJumpInsn(Opcodes.GOTO, done);
      super.visitLabel(other);
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitLabel(done);
    }

    private boolean isPrimitive(Type type) {
      return type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY;
    }

    private void pushDefault(Type type) {
      switch (type.getSort()) {
        case Type.VOID:
          break;
        case Type.LONG:
          super.visitInsn(Opcodes.LCONST_0);
          break;
        case Type.FLOAT:
          super.visitInsn(Opcodes.FCONST_0);
          break;
        case Type.DOUBLE:
          super.visitInsn(Opcodes.DCONST_0);
          break;
        case Type.OBJECT:
        case Type.ARRAY:
          super.visitInsn(Opcodes.ACONST_NULL);
          break;
        default:
          super.visitInsn(Opcodes.ICONST_0);
      }
    }

    private void push(int value) {
      if (value >= -1 && value <= 5) {
        super.visitInsn(Opcodes.ICONST_0 + value);
      } else {
        super.visitIntInsn(Opcodes.SIPUSH, value);
      }
    }
  }

  /**
   * Computes the frames of the hooked methods. The common super class of two classes is found by
   * walking their super classes by name: the class being written through its class file (asking its
   * loader for it would define it a second time, which the JVM refuses with a {@code
   * LinkageError}), any other through {@code loader}, without initializing it. An interface, or a
   * type that cannot be found, merges to {@code Object}, as the verifier itself treats interfaces.
   */
  private static final class Writer extends ClassWriter {
    private static final String OBJECT = "java/lang/Object";

    private final ClassLoader loader;
    private final String name;
    private final String superName;

    Writer(ClassReader reader, ClassLoader loader) {
      super(reader, ClassWriter.COMPUTE_FRAMES);
      this.loader = loader;
      this.name = reader.getClassName();
      this.superName = reader.getSuperName();
    }

    @Override
    protected String getCommonSuperClass(String first, String second) {
      try {
        List<String> firstChain = chain(first);
        List<String> secondChain = chain(second);
        if (firstChain.isEmpty() || secondChain.isEmpty()) {
          return OBJECT;
        }
        for (String type : secondChain) {
          if (firstChain.contains(type)) {
            return type;
          }
        }
        return OBJECT;
      } catch (Throwable e) {
        return OBJECT;
      }
    }

    /** {@code type} and its super classes up to {@code Object}; empty for an interface. */
    private List<String> chain(String type) throws ClassNotFoundException {
      List<String> chain = new ArrayList<>();
      String current = type;
      if (current.equals(name)) {
        chain.add(current);
        current = superName;
      }
      if (current == null) {
        return chain;
      }
      Class<?> c = Class.forName(current.replace('/', '.'), false, loader);
      if (c.isInterface()) {
        return List.of();
      }
      for (; c != null; c = c.getSuperclass()) {
        chain.add(c.getName().replace('.', '/'));
      }
      return chain;
    }

    @Override
    protected ClassLoader getClassLoader() {
      return loader;
    }
  }
}
