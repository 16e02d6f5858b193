// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Direction;
import dev.flowmeter.internal.Sources;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.function.BiPredicate;

/**
 * What the advice in the JDK's {@code HttpClient} calls before it sends a request: the response's
 * body handler is replaced by one that counts the bytes received ({@code download}, total = {@code
 * Content-Length}), and a request with a body is replaced by a copy whose publisher counts the
 * bytes sent ({@code upload}, total = the publisher's {@code contentLength()}). Name = the URI
 * without query string and user information.
 *
 * <p>Design notes
 *
 * <p>This class lives on the bootstrap class path, where {@code java.net.http} (a platform module)
 * is not visible: it reaches that API by reflection and implements its interfaces with {@link
 * Proxy}, defined in the platform class loader. Every call of the proxies goes to the original
 * handler, subscriber or publisher; the subscribers only count the buffers they pass on.
 *
 * <p>Not for public use. Thread-safety: a subscription's signals are serial (the flow protocol), so
 * each {@link Tally} has one writer at a time. Everything is caught: on any error the original
 * request and handler are used.
 */
public final class HttpClientIo {
  private HttpClientIo() {}

  /**
   * The request and body handler to send instead of {@code request} and {@code handler}: element 0
   * the request, element 1 the handler.
   */
  public static Object[] wrap(Object request, Object handler) {
    Object[] result = {request, handler};
    try {
      ClassLoader platform = ClassLoader.getPlatformClassLoader();
      Class<?> requestType = Class.forName("java.net.http.HttpRequest", false, platform);
      String name = nameOf((URI) requestType.getMethod("uri").invoke(request));
      if (handler != null) {
        Class<?> handlerType =
            Class.forName("java.net.http.HttpResponse$BodyHandler", false, platform);
        result[1] =
            Proxy.newProxyInstance(
                platform, new Class<?>[] {handlerType}, new Handler(handler, name, platform));
      }
      Optional<?> publisher = (Optional<?>) requestType.getMethod("bodyPublisher").invoke(request);
      if (publisher.isPresent()) {
        result[0] = withPublisher(request, requestType, publisher.get(), name, platform);
      }
    } catch (Throwable e) {
      // fail-open: what could be wrapped is
    }
    return result;
  }

  private static Object withPublisher(
      Object request, Class<?> requestType, Object publisher, String name, ClassLoader platform)
      throws Exception {
    Class<?> publisherType =
        Class.forName("java.net.http.HttpRequest$BodyPublisher", false, platform);
    long length = (Long) publisherType.getMethod("contentLength").invoke(publisher);
    if (length == 0) {
      return request;
    }
    Object counting =
        Proxy.newProxyInstance(
            platform,
            new Class<?>[] {publisherType},
            new Publisher(
                publisher,
                new Tally(Sources.AGENT_HTTP, Direction.WRITE, "upload", name, length, null)));
    BiPredicate<String, String> all = (k, v) -> true;
    Object builder =
        requestType
            .getMethod("newBuilder", requestType, BiPredicate.class)
            .invoke(null, request, all);
    Class<?> builderType = Class.forName("java.net.http.HttpRequest$Builder", false, platform);
    String method = (String) requestType.getMethod("method").invoke(request);
    builderType.getMethod("method", String.class, publisherType).invoke(builder, method, counting);
    return builderType.getMethod("build").invoke(builder);
  }

  static String nameOf(URI uri) {
    if (uri == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    b.append(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() >= 0) {
      b.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      b.append(uri.getRawPath());
    }
    return b.toString();
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A {@code BodyHandler} whose subscribers count what they receive. */
  private static final class Handler implements InvocationHandler {
    private final Object handler;
    private final String name;
    private final ClassLoader platform;

    Handler(Object handler, String name, ClassLoader platform) {
      this.handler = handler;
      this.name = name;
      this.platform = platform;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result = call(handler, method, args);
      if (!method.getName().equals("apply") || result == null || args == null) {
        return result;
      }
      try {
        Object info = args[0];
        Object headers =
            Class.forName("java.net.http.HttpResponse$ResponseInfo", false, platform)
                .getMethod("headers")
                .invoke(info);
        Method first =
            Class.forName("java.net.http.HttpHeaders", false, platform)
                .getMethod("firstValueAsLong", String.class);
        OptionalLong length = (OptionalLong) first.invoke(headers, "content-length");
        Tally tally =
            new Tally(
                Sources.AGENT_HTTP, Direction.READ, "download", name, length.orElse(-1), null);
        Class<?> subscriberType =
            Class.forName("java.net.http.HttpResponse$BodySubscriber", false, platform);
        return Proxy.newProxyInstance(
            platform, new Class<?>[] {subscriberType}, new Subscriber(result, tally));
      } catch (Throwable e) {
        return result; // fail-open
      }
    }
  }

  /** A {@code BodySubscriber} counting the buffers it passes on. */
  private static final class Subscriber implements InvocationHandler {
    private final Object subscriber;
    private final Tally tally;

    Subscriber(Object subscriber, Tally tally) {
      this.subscriber = subscriber;
      this.tally = tally;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      long n = 0;
      if (name.equals("onNext") && args != null && args[0] instanceof List) {
        for (Object b : (List<?>) args[0]) {
          n += b instanceof ByteBuffer ? ((ByteBuffer) b).remaining() : 0;
        }
      }
      Object result = call(subscriber, method, args);
      if (n > 0) {
        tally.moved(proxy, n);
      } else if (name.equals("onComplete")) {
        tally.closed();
      } else if (name.equals("onError") && args != null && args[0] instanceof Throwable) {
        tally.failed((Throwable) args[0]);
      }
      return result;
    }
  }

  /** A {@code BodyPublisher} whose subscribers count what it publishes. */
  private static final class Publisher implements InvocationHandler {
    private final Object publisher;
    private final Tally tally;

    Publisher(Object publisher, Tally tally) {
      this.publisher = publisher;
      this.tally = tally;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("subscribe") && args != null && args.length == 1) {
        args = new Object[] {new Counting((Flow.Subscriber<? super ByteBuffer>) args[0], tally)};
      }
      return call(publisher, method, args);
    }
  }

  /** The request body's subscriber: counts each buffer published. */
  private static final class Counting implements Flow.Subscriber<ByteBuffer> {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final Tally tally;

    Counting(Flow.Subscriber<? super ByteBuffer> subscriber, Tally tally) {
      this.subscriber = subscriber;
      this.tally = tally;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscriber.onSubscribe(subscription);
    }

    @Override
    public void onNext(ByteBuffer item) {
      int n = item.remaining();
      subscriber.onNext(item);
      if (n > 0) {
        tally.moved(this, n);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      subscriber.onError(throwable);
      tally.failed(throwable);
    }

    @Override
    public void onComplete() {
      subscriber.onComplete();
      tally.closed();
    }
  }
}
