// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The two methods of the desktop notifications service ({@code org.freedesktop.Notifications} on
 * the session bus) that the sink calls, as D-Bus declares them.
 *
 * <p>Public only because the D-Bus library makes proxies of it; not for use outside this module.
 */
@DBusInterfaceName("org.freedesktop.Notifications")
public interface Notifications extends DBusInterface {
  /** The service's bus name and object path. */
  String BUS_NAME = "org.freedesktop.Notifications";

  /** The object path of the service. */
  String OBJECT_PATH = "/org/freedesktop/Notifications";

  /**
   * {@code Notify(s app_name, u replaces_id, s app_icon, s summary, s body, as actions, a{sv}
   * hints, i expire_timeout) -> u id}. The timeout is boxed: the library's asynchronous call finds
   * the method by the classes of its arguments.
   */
  @DBusMemberName("Notify")
  UInt32 showNotification(
      String appName,
      UInt32 replacesId,
      String appIcon,
      String summary,
      String body,
      List<String> actions,
      Map<String, Variant<?>> hints,
      Integer expireTimeout);

  /** {@code GetCapabilities() -> as}: {@code body-markup} among them when the body is markup. */
  @DBusMemberName("GetCapabilities")
  List<String> capabilities();
}
