// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file on a disk that holds {@code capacity} bytes: as a full disk does, a write takes what fits
 * and the next one fails with {@code No space left on device}; truncating gives the space back.
 * {@link #capacity(long)} frees space, {@link #intruder(String)} makes another process append to
 * the file when a write fails.
 */
public final class FullDiskChannel extends FileChannel {
  private final FileChannel file;
  private volatile long capacity;
  private volatile String intruder = "";
  public volatile int failedWrites;

  public FullDiskChannel(Path path, long capacity) throws IOException {
    this.file =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    this.capacity = capacity;
  }

  /** Sets the bytes the file may hold. */
  public void capacity(long bytes) {
    capacity = bytes;
  }

  /** Text that another process appends when the next write fails. */
  public void intruder(String text) {
    intruder = text;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    long room = capacity - file.size();
    if (room <= 0 && src.hasRemaining()) {
      failedWrites++;
      if (!intruder.isEmpty()) {
        file.write(ByteBuffer.wrap(intruder.getBytes(StandardCharsets.UTF_8)));
        intruder = "";
      }
      throw new IOException("No space left on device");
    }
    ByteBuffer part = src.slice();
    part.limit((int) Math.min(part.remaining(), room));
    int n = file.write(part);
    src.position(src.position() + n);
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long n = 0;
    for (int i = offset; i < offset + length; i++) {
      n += write(srcs[i]);
    }
    return n;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    file.truncate(size);
    return this;
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    file.force(metaData);
  }

  @Override
  public int read(ByteBuffer dst) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int read(ByteBuffer dst, long position) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
