// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A notifier that records what it is asked to show, and fails as told. */
final class FakeNotifier implements Notifier {
  record Shown(Notification notification, long replaces) {}

  final List<Shown> shown = new ArrayList<>();
  @Nullable IOException openFailure;
  @Nullable IOException showFailure;
  int opened;
  int closed;
  private long ids;

  @Override
  public void open() throws Unavailable {
    opened++;
    if (openFailure instanceof Unavailable) {
      throw (Unavailable) openFailure;
    }
  }

  @Override
  public long show(Notification notification, long replaces) throws IOException {
    if (showFailure != null) {
      throw showFailure;
    }
    shown.add(new Shown(notification, replaces));
    return ++ids;
  }

  @Override
  public void close() {
    closed++;
  }
}
