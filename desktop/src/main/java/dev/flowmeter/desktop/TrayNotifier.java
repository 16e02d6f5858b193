// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.awt.AWTException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Timer;
import java.util.TimerTask;
import org.jspecify.annotations.Nullable;

/**
 * Windows (and any desktop with a system tray): a tray icon shows the notification as a balloon
 * ({@link TrayIcon#displayMessage}).
 *
 * <p>The icon is removed {@code hold} after the last message: while a tray icon exists the JVM's
 * AWT thread keeps running, so a program that has ended would not exit. A daemon timer ({@code
 * flowmeter-desktop-tray}) removes it.
 */
final class TrayNotifier implements Notifier {
  private final String appName;
  private final long holdMillis;
  private @Nullable TrayIcon icon;
  private @Nullable Timer timer;
  private @Nullable TimerTask removal;

  TrayNotifier(String appName, long holdMillis) {
    this.appName = appName;
    this.holdMillis = holdMillis;
  }

  @Override
  public void open() throws Unavailable {
    if (GraphicsEnvironment.isHeadless()) {
      throw new Unavailable("no display here (the JVM is headless)");
    }
    if (!SystemTray.isSupported()) {
      throw new Unavailable("this desktop has no system tray");
    }
  }

  @Override
  public synchronized long show(Notification n, long replaces) throws IOException {
    TrayIcon shown = icon;
    if (shown == null) {
      shown = new TrayIcon(image(), appName);
      shown.setImageAutoSize(true);
      try {
        SystemTray.getSystemTray().add(shown);
      } catch (AWTException | RuntimeException e) {
        throw new Unavailable("cannot add an icon to the system tray: " + e.getMessage(), e);
      }
      icon = shown;
    }
    shown.displayMessage(
        n.summary(),
        String.join("\n", n.lines()),
        n.isFailure() ? TrayIcon.MessageType.ERROR : TrayIcon.MessageType.INFO);
    scheduleRemoval();
    return 0;
  }

  private void scheduleRemoval() {
    if (timer == null) {
      timer = new Timer("flowmeter-desktop-tray", true);
    }
    if (removal != null) {
      removal.cancel();
    }
    removal =
        new TimerTask() {
          @Override
          public void run() {
            removeIcon();
          }
        };
    timer.schedule(removal, holdMillis);
  }

  private synchronized void removeIcon() {
    TrayIcon shown = icon;
    icon = null;
    if (shown != null) {
      try {
        SystemTray.getSystemTray().remove(shown);
      } catch (RuntimeException e) {
        // the tray is going away with the desktop session: nothing left to remove
      }
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.cancel();
    }
    removeIcon();
  }

  private static BufferedImage image() {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x2f, 0x80, 0xed));
    g.fillRect(2, 9, 12, 5);
    g.fillRect(2, 3, 7, 5);
    g.dispose();
    return image;
  }
}
