// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Generates {@code Foo_Tracked} for every type with {@code @Tracked} methods: a subclass of a
 * class, a decorator of an interface ({@code Foo_Tracked.wrap(foo)}), static helpers for static
 * methods. See {@code dev.flowmeter.Tracked} for what the generated methods do.
 *
 * <p>Each type is checked by {@link TrackedValidator} first, and code is generated only when it is
 * free of errors; every misuse is a compile error on the element at fault. A type whose methods
 * refer to types not generated yet (by another processor) is deferred to the next round. An
 * unexpected exception never escapes into the compiler: it is reported as an error with its stack
 * trace. Each generated file has exactly one originating type, so the processor is isolating for
 * Gradle's incremental compilation.
 */
@AutoService(Processor.class)
public final class TrackedProcessor extends AbstractProcessor {
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Creates the processor; the compiler calls this through the service loader. */
  public TrackedProcessor() {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ClassNames.TRACKED, ClassNames.TOTAL_BYTES);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    ErrorReporter reporter = new ErrorReporter(processingEnv.getMessager());
    try {
      processRound(round, reporter);
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv
          .getMessager()
          .printMessage(
              javax.tools.Diagnostic.Kind.ERROR,
              "FATAL ERROR: the @Tracked processor failed; please report this with the stack"
                  + " trace.\n"
                  + trace);
    }
    return false; // other processors may read @Tracked too (the agent's build, say)
  }

  private void processRound(RoundEnvironment round, ErrorReporter reporter) {
    Map<String, TypeElement> work = new LinkedHashMap<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        work.put(name, type);
      }
    }
    deferred.clear();
    TypeElement tracked = processingEnv.getElementUtils().getTypeElement(ClassNames.TRACKED);
    if (tracked != null) {
      for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(tracked))) {
        TypeElement type = (TypeElement) m.getEnclosingElement();
        work.putIfAbsent(type.getQualifiedName().toString(), type);
      }
    }
    warnAboutStrayTotalBytes(round);

    for (TypeElement type : work.values()) {
      if (hasUnresolvedTypes(type)) {
        if (round.processingOver()) {
          reporter.reportError(
              GeneratedNames.trackedName(type).simpleName()
                  + " was not generated: types used by the @Tracked methods of "
                  + type.getSimpleName()
                  + " could not be resolved. Fix the errors about missing types first.",
              type,
              null,
              null);
        } else {
          deferred.add(type.getQualifiedName().toString());
        }
        continue;
      }
      try {
        processType(type, reporter);
      } catch (ErrorReporter.AbortProcessingException e) {
        // reported; go on with the next type
      }
    }
  }

  private void processType(TypeElement type, ErrorReporter reporter) {
    List<TrackedMethod> methods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror annotation = TrackedMethod.annotationMirror(m, ClassNames.TRACKED);
      if (annotation != null) {
        methods.add(TrackedMethod.of(m, annotation));
      }
    }
    if (methods.isEmpty()) {
      return;
    }
    ValidationReport report =
        new TrackedValidator(processingEnv.getTypeUtils(), processingEnv.getElementUtils())
            .validate(type, methods);
    report.printTo(reporter);
    if (!report.isClean()) {
      return;
    }
    JavaFile file =
        new WrapperGenerator(processingEnv.getTypeUtils(), processingEnv.getElementUtils())
            .generate(type, methods);
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      reporter.abortWithError(
          "could not write " + GeneratedNames.trackedName(type) + ": " + e.getMessage(), type);
    }
  }

  private void warnAboutStrayTotalBytes(RoundEnvironment round) {
    TypeElement totalBytes = processingEnv.getElementUtils().getTypeElement(ClassNames.TOTAL_BYTES);
    if (totalBytes == null) {
      return;
    }
    for (Element p : round.getElementsAnnotatedWith(totalBytes)) {
      Element method = p.getEnclosingElement();
      if (p.getKind() == ElementKind.PARAMETER
          && !TrackedMethod.hasAnnotation(method, ClassNames.TRACKED)) {
        processingEnv
            .getMessager()
            .printMessage(
                javax.tools.Diagnostic.Kind.WARNING,
                "@TotalBytes has no effect: method '"
                    + method.getSimpleName()
                    + "' is not @Tracked. Add @Tracked to the method or remove @TotalBytes.",
                p,
                TrackedMethod.annotationMirror(p, ClassNames.TOTAL_BYTES));
      }
    }
  }

  /** Whether a type the generated code would mention is not known yet (an error type). */
  private static boolean hasUnresolvedTypes(TypeElement type) {
    if (isUnresolved(type.getSuperclass())) {
      return true;
    }
    for (TypeMirror i : type.getInterfaces()) {
      if (isUnresolved(i)) {
        return true;
      }
    }
    for (ExecutableElement e : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (hasUnresolvedTypes(e)) {
        return true;
      }
    }
    for (ExecutableElement e : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (hasUnresolvedTypes(e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasUnresolvedTypes(ExecutableElement e) {
    if (isUnresolved(e.getReturnType())) {
      return true;
    }
    for (VariableElement p : e.getParameters()) {
      if (isUnresolved(p.asType())) {
        return true;
      }
    }
    for (TypeMirror t : e.getThrownTypes()) {
      if (isUnresolved(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnresolved(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return isUnresolved(((ArrayType) type).getComponentType());
    }
    if (type.getKind() == TypeKind.DECLARED) {
      for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
        if (isUnresolved(arg)) {
          return true;
        }
      }
    }
    return false;
  }
}
