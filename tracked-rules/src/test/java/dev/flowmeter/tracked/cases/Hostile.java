// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.cases;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/**
 * Arguments whose own code fails when Flowmeter calls it to name a call ({@code toString()}), to
 * find its total (a {@code Path}'s or a channel's size) or to describe its failure (an exception's
 * {@code getMessage()}): each throws what such code throws in the wild, including an {@link Error}
 * and a checked exception thrown sneakily, which no {@code catch (RuntimeException)} sees. Both
 * doors must run the method as if nothing were tracked.
 */
public final class Hostile {
  private Hostile() {}

  /** An error thrown by an argument's own code. */
  public static final class Breakage extends Error {
    private static final long serialVersionUID = 1L;

    Breakage(String where) {
      super(where + " is broken");
    }
  }

  /** An argument whose {@code toString()} throws. */
  public static final class BrokenToString {
    @Override
    public String toString() {
      throw new IllegalStateException("not initialised");
    }
  }

  /** An argument whose {@code toString()} returns {@code null}. */
  public static final class NullToString {
    @Override
    @SuppressWarnings("ToStringReturnsNull") // what this fixture is for
    public String toString() {
      return null;
    }
  }

  /** An exception the method throws whose {@code getMessage()} throws. */
  public static final class BrokenMessage extends IOException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new Breakage("getMessage()");
    }
  }

  /** A {@code Path} named {@code hostile.bin} whose every other method throws. */
  public static Path path() {
    return (Path)
        Proxy.newProxyInstance(
            Hostile.class.getClassLoader(),
            new Class<?>[] {Path.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "toString":
                  return "hostile.bin";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  throw new Breakage("Path." + method.getName() + "()");
              }
            });
  }

  /** A {@code File} named {@code hostile.bin} whose {@code toPath()} throws a checked exception. */
  public static File file() {
    return new File("hostile.bin") {
      private static final long serialVersionUID = 1L;

      @Override
      public Path toPath() {
        throw Hostile.<RuntimeException>sneaky(new Exception("toPath() is broken"));
      }
    };
  }

  /** A stream of {@code file} whose {@code getChannel()} throws. */
  public static FileInputStream fileInputStream(File file) throws FileNotFoundException {
    return new FileInputStream(file) {
      @Override
      public FileChannel getChannel() {
        throw new Breakage("getChannel()");
      }
    };
  }

  /** A channel that reads {@code bytes} bytes, and whose size and position throw. */
  public static SeekableByteChannel channel(int bytes) {
    return new SeekableByteChannel() {
      private int left = bytes;
      private boolean open = true;

      @Override
      public int read(ByteBuffer dst) {
        if (left == 0) {
          return -1;
        }
        int n = Math.min(left, dst.remaining());
        dst.put(new byte[n]);
        left -= n;
        return n;
      }

      @Override
      public int write(ByteBuffer src) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long position() {
        throw new Breakage("position()");
      }

      @Override
      public SeekableByteChannel position(long newPosition) {
        throw new Breakage("position(long)");
      }

      @Override
      public long size() {
        throw new Breakage("size()");
      }

      @Override
      public SeekableByteChannel truncate(long size) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean isOpen() {
        return open;
      }

      @Override
      public void close() {
        open = false;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
